"""LinkedIn Connections.csv: the header found after any preamble, BOM or not, columns that
come and go between export versions, and bad rows reported by line, never fatal."""

from __future__ import annotations

import datetime as dt

import pytest

from cockpit.importers import ImportFailed, linkedin
from cockpit.importers.dates import parse_connected
from cockpit.model import Kind

TODAY = dt.date(2026, 11, 21)
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
ROWS = [
    "Ana,Ruiz,https://www.linkedin.com/in/ana-ruiz,ana.ruiz@acme.example,Acme Corp,Staff Engineer,15 Mar 2024",
    'Núria,Ibáñez,https://www.linkedin.com/in/nuria-ibanez-4a1b2c,,"Umbrella, S.L.",CTO,02 Jan 2019',
    "Chiara,Rossi,https://www.linkedin.com/in/chiararossi,,Wonka S.p.A.,Designer,29 Feb 2024",
]
# The preambles LinkedIn has shipped: none, the classic 3 lines, and longer ones.
PREAMBLES = {
    0: [],
    3: ["Notes:",
        '"When exporting your connection data, you may notice that some of the email addresses '
        'are missing. You will only see email addresses for connections who have allowed their '
        'connections to see or download their email address using this setting '
        'https://www.linkedin.com/psettings/privacy/email. You can learn more here '
        'https://www.linkedin.com/help/linkedin/answer/261"',
        ""],
    5: ["Notes:", '"When exporting your connection data, you may notice that some of the email',
        'addresses are missing."', "", ""],
}


def csv_bytes(preamble: list[str], header: str = HEADER, rows: list[str] = ROWS,
              bom: bool = False, eol: str = "\r\n") -> bytes:
    text = eol.join([*preamble, header, *rows]) + eol
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("preamble", [0, 3, 5])
def test_header_found_after_any_preamble(preamble: int, bom: bool) -> None:
    lines = PREAMBLES[preamble]
    result = linkedin.parse(csv_bytes(lines, bom=bom), TODAY)
    assert not result.skipped
    ana, nuria, chiara = (c.contact for c in result.candidates)
    header_line = len(lines) + 1
    assert [c.line for c in result.candidates] == [header_line + 1, header_line + 2, header_line + 3]
    assert (ana.name, ana.company, ana.role) == ("Ana Ruiz", "Acme Corp", "Staff Engineer")
    assert ana.emails == ["ana.ruiz@acme.example"]
    assert ana.linkedin == "https://www.linkedin.com/in/ana-ruiz"
    assert (ana.how_met, ana.relationship) == ("online", "acquaintance")
    assert ana.met_on == dt.date(2024, 3, 15)
    assert nuria.company == "Umbrella, S.L." and nuria.emails == []
    [accepted] = result.candidates[0].interactions
    assert (accepted.kind, accepted.date, accepted.channel) == (
        Kind.INVITE_ACCEPTED.value, dt.date(2024, 3, 15), "linkedin")
    assert accepted.contact_id == ana.id
    assert result.candidates[2].interactions[0].date == dt.date(2024, 2, 29)
    assert chiara.name == "Chiara Rossi"


def test_lf_line_ends() -> None:
    result = linkedin.parse(csv_bytes(PREAMBLES[3], eol="\n"), TODAY)
    assert [c.line for c in result.candidates] == [5, 6, 7]


def test_export_without_url_column() -> None:
    header = "First Name,Last Name,Email Address,Company,Position,Connected On"
    rows = ["Ana,Ruiz,ana@acme.example,Acme Corp,CTO,15 Mar 2024"]
    ana = linkedin.parse(csv_bytes(PREAMBLES[3], header, rows), TODAY).candidates[0].contact
    assert (ana.name, ana.emails, ana.handles, ana.role) == (
        "Ana Ruiz", ["ana@acme.example"], {}, "CTO")


def test_export_without_email_column_and_columns_reordered() -> None:
    header = "First Name,Last Name,URL,Company,Position,Connected On"
    rows = ["Ana,Ruiz,https://www.linkedin.com/in/ana-ruiz,Acme Corp,CTO,15 Mar 2024"]
    ana = linkedin.parse(csv_bytes([], header, rows), TODAY).candidates[0].contact
    assert ana.emails == [] and ana.linkedin.endswith("/ana-ruiz")
    header = "Connected On,Position,Company,Last Name,First Name"
    rows = ["15 Mar 2024,CTO,Acme Corp,Ruiz,Ana"]
    ana = linkedin.parse(csv_bytes([], header, rows), TODAY).candidates[0].contact
    assert (ana.name, ana.company, ana.role) == ("Ana Ruiz", "Acme Corp", "CTO")


def test_empty_connected_on_means_no_interaction() -> None:
    rows = ["Ana,Ruiz,,,Acme Corp,CTO,"]
    cand = linkedin.parse(csv_bytes([], HEADER, rows), TODAY).candidates[0]
    assert cand.interactions == [] and cand.contact.met_on is None


@pytest.mark.parametrize(("text", "expected"), [
    ("15 Mar 2024", dt.date(2024, 3, 15)),
    ("5 Mar 2024", dt.date(2024, 3, 5)),
    ("15 March 2024", dt.date(2024, 3, 15)),
    ("15-Mar-2024", dt.date(2024, 3, 15)),
    ("2024-03-15", dt.date(2024, 3, 15)),
])
def test_connected_on_forms(text: str, expected: dt.date) -> None:
    assert parse_connected(text, TODAY) == expected


@pytest.mark.parametrize("text", ["31 Feb 2024", "15 Foo 2024", "yesterday", "15 Mar",
                                  "31 Dec 9999", "01 Jan 1899", "13/13/2024"])
def test_connected_on_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_connected(text, TODAY)


def test_bad_rows_are_reported_with_line_numbers_and_skipped() -> None:
    rows = [
        ROWS[0],                                                       # line 5
        ROWS[1],                                                       # 6 (real UTF-8)
        "Bad,Date,https://www.linkedin.com/in/bad-date,,Acme,CTO,31 Feb 2024",  # 7
        ",,https://www.linkedin.com/in/nobody,,Acme,CTO,15 Mar 2024",  # 8
        "Shifted,Columns,https://x,,Umbrella, S.L.,CTO,15 Mar 2024",    # 9: unquoted comma
        '"Multi',                                                       # 10-11: quoted newline
        'Line",Name,,,Acme,CTO,15 Mar 2024',
        ROWS[2],                                                       # 12
    ]
    data = csv_bytes(PREAMBLES[3], HEADER, rows)
    data = data.replace(b"Chiara", b"Chi\xe0ra")  # a Latin-1 byte in a UTF-8 file (line 12)
    result = linkedin.parse(data, TODAY)
    # a date that is no date leaves the person in, without it, and says so
    assert [c.contact.name for c in result.candidates] == [
        "Ana Ruiz", "Núria Ibáñez", "Bad Date", "Multi Line Name"]
    assert [c.line for c in result.candidates] == [5, 6, 7, 10]
    bad_date = result.candidates[2]
    assert bad_date.contact.met_on is None and bad_date.interactions == []
    assert [(d.line, "31 Feb 2024" in d.reason) for d in result.doubtful] == [(7, True)]
    skipped = {s.line: s.reason for s in result.skipped}
    assert set(skipped) == {8, 9, 12}
    assert "empty name" in skipped[8]
    assert "8 fields" in skipped[9]
    assert "UTF-8" in skipped[12]


def test_windows_1252_file_is_read_as_such() -> None:
    data = csv_bytes(PREAMBLES[3]).decode("utf-8").encode("cp1252")
    result = linkedin.parse(data, TODAY)
    assert not result.skipped
    assert result.candidates[1].contact.name == "Núria Ibáñez"
    assert result.notices and "Windows-1252" in result.notices[0]


def test_no_header_is_fatal() -> None:
    with pytest.raises(ImportFailed, match="First Name"):
        linkedin.parse(b"Notes:\nnothing here\nName,Mail\nAna,a@x\n", TODAY)


def test_progress_is_reported() -> None:
    calls: list[tuple[int, int]] = []
    rows = [f"P{i},Q,,,,,15 Mar 2024" for i in range(2500)]
    linkedin.parse(csv_bytes([], HEADER, rows), TODAY, lambda d, t: calls.append((d, t)))
    assert len(calls) >= 3
    assert calls[-1][0] == calls[-1][1]

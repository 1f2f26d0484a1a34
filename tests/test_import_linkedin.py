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


# ---------------------------------------------------------------------------- every year's dates

@pytest.mark.parametrize(("text", "expected"), [
    ("12/22/16, 9:55 AM", dt.date(2016, 12, 22)),      # LinkedIn 2016–2018
    ("1/8/18, 6:14 PM", dt.date(2018, 1, 8)),
    ("23-Apr-23", dt.date(2023, 4, 23)),               # re-saved by Excel
    ("4-May-22", dt.date(2022, 5, 4)),
    ("30-oct-09", dt.date(2009, 10, 30)),              # a Spanish Excel
    ("12-ene-15", dt.date(2015, 1, 12)),
    ("2024-03-15 10:20:00", dt.date(2024, 3, 15)),
    ("2024-03-15T10:20:00Z", dt.date(2024, 3, 15)),
    ("15 de marzo de 2024", dt.date(2024, 3, 15)),     # es
    ("15 mar. 2024", dt.date(2024, 3, 15)),
    ("1 dic 2023", dt.date(2023, 12, 1)),
    ("15 marzo 2024", dt.date(2024, 3, 15)),           # it
    ("3 giu 2021", dt.date(2021, 6, 3)),
    ("15 set 2024", dt.date(2024, 9, 15)),             # it / pt
    ("15 mars 2024", dt.date(2024, 3, 15)),            # fr
    ("2 févr. 2020", dt.date(2020, 2, 2)),
    ("14 juil. 2019", dt.date(2019, 7, 14)),
    ("1 août 2018", dt.date(2018, 8, 1)),
    ("15. März 2024", dt.date(2024, 3, 15)),           # de
    ("3 Mai 2022", dt.date(2022, 5, 3)),
    ("24 Dez. 2021", dt.date(2021, 12, 24)),
    ("15 de março de 2024", dt.date(2024, 3, 15)),     # pt
    ("5 out 2020", dt.date(2020, 10, 5)),
    ("March 15, 2024", dt.date(2024, 3, 15)),
    ("29 Feb 2024", dt.date(2024, 2, 29)),
])
def test_every_date_form_linkedin_and_spreadsheets_wrote(text: str, expected: dt.date) -> None:
    assert parse_connected(text, TODAY) == expected


def test_two_digit_years_are_this_century_unless_in_the_future() -> None:
    assert parse_connected("1-Jan-27", TODAY) == dt.date(2027, 1, 1)  # next year: fine
    assert parse_connected("1-Jan-99", TODAY) == dt.date(1999, 1, 1)


def test_numeric_dates_day_or_month_first_as_the_file_says() -> None:
    header = "First Name,Last Name,Company,Position,Connected On"
    us = linkedin.parse(csv_bytes([], header, ["A,One,,,03/04/2019", "B,Two,,,12/25/2019"]), TODAY)
    assert [c.contact.met_on for c in us.candidates] == [dt.date(2019, 3, 4), dt.date(2019, 12, 25)]
    eu = linkedin.parse(csv_bytes([], header, ["A,One,,,03/04/2019", "B,Two,,,25/12/2019"]), TODAY)
    assert [c.contact.met_on for c in eu.candidates] == [dt.date(2019, 4, 3), dt.date(2019, 12, 25)]


@pytest.mark.parametrize("text", ["31 Dec 9999", "1 Jan 1800", "31 Dec 2201"])
def test_dates_out_of_bounds_are_a_row_issue_not_a_stored_date(text: str) -> None:
    result = linkedin.parse(csv_bytes([], HEADER, [f"Ana,Ruiz,,,Acme,CTO,{text}"]), TODAY)
    [cand] = result.candidates
    assert cand.contact.met_on is None and cand.interactions == []
    [doubt] = result.doubtful
    assert doubt.line == 2 and "between 1900 and 2200" in doubt.reason and text in doubt.reason


# ---------------------------------------------------------------------------- layouts

def test_semicolons_and_spreadsheet_header_names() -> None:
    data = ("FirstName;LastName;EmailAddress;Company;Position;ConnectedOn\r\n"
            'Ana;Ruiz;ana@acme.example;"Acme; S.L.";CTO;23-Apr-23\r\n').encode("cp1252")
    result = linkedin.parse(data, TODAY)
    ana = result.candidates[0].contact
    assert (ana.name, ana.emails, ana.company, ana.met_on) == (
        "Ana Ruiz", ["ana@acme.example"], "Acme; S.L.", dt.date(2023, 4, 23))


def test_rows_excel_wrapped_whole_in_quotes_are_unwrapped() -> None:
    header = "First Name,Last Name,URL,Company,Position,Connected On"
    rows = ['"Laura,Herbst,,Interhyp Gruppe, ""Digital Products, Working Student"",07 May 2021"']
    cand = linkedin.parse(csv_bytes([], header, rows), TODAY).candidates[0]
    assert (cand.contact.name, cand.contact.company, cand.contact.role, cand.contact.met_on) == (
        "Laura Herbst", "Interhyp Gruppe", "Digital Products, Working Student",
        dt.date(2021, 5, 7))


def test_old_columns_and_extra_columns() -> None:
    header = ("First Name,Last Name,Address,Email Address,Company,Position,Connected On,Websites,"
              "Instant Messengers,Tags")
    rows = ['Ana,Ruiz,"Madrid, Spain",ana@x.example,Acme,CTO,"12/22/16, 9:55 AM",'
            '"Company Website: http://acme.example, https://twitter.com/ana",'
            'Skype: ana.ruiz,friends']
    result = linkedin.parse(csv_bytes([], header, rows), TODAY)
    cand = result.candidates[0]
    ana = cand.contact
    assert ana.location == "Madrid, Spain" and ana.met_on == dt.date(2016, 12, 22)
    assert ana.handles == {"twitter": "https://twitter.com/ana"}
    assert ana.websites == ["http://acme.example"]
    assert [n.text for n in cand.notes] == [
        "Websites: Company Website: http://acme.example, https://twitter.com/ana",
        "Instant messengers: Skype: ana.ruiz"]
    assert result.notices == ["columns not read: Tags"]


def test_header_with_first_name_and_no_last_name() -> None:
    data = b"First Name;Company;Position;Connected On\nElisa;ACME;CEO;30-oct-09\n"
    [cand] = linkedin.parse(data, TODAY).candidates
    assert (cand.contact.name, cand.contact.met_on) == ("Elisa", dt.date(2009, 10, 30))


def test_email_column_holding_no_address_is_a_memo_and_reported() -> None:
    header = "First Name,Last Name,Email Address,Company,Position,Connected On"
    result = linkedin.parse(csv_bytes([], header, ['Yu,Pa,urn:li:member:6642,,,"8/18/18, 12:37 AM"']),
                            TODAY)
    cand = result.candidates[0]
    assert cand.contact.emails == [] and [n.text for n in cand.notes] == [
        "E-mail (not an address): urn:li:member:6642"]
    assert "urn:li:member:6642" in result.doubtful[0].reason

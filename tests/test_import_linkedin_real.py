"""Real LinkedIn exports of 2016 to 2026 (tests/fixtures/linkedin, sources in the README
there): what Cockpit stores is compared, row by row and field by field, with what Python's
`csv` module reads from the same file, the dates read by `datetime.strptime` with the
format each export used. Every row the reference reads is in the database, or is in the
report with its line number and the reason."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest

from cockpit.importers import import_file
from cockpit.store import Store

ROOT = Path(__file__).parent / "fixtures" / "linkedin"
FILES = sorted(p.name for p in ROOT.glob("*.csv"))
TODAY = dt.date(2026, 11, 21)
#: The date formats LinkedIn and spreadsheets wrote, as strptime formats; Spanish Excel
#: month abbreviations are put into English first.
FORMATS = ("%d %b %Y", "%m/%d/%y, %I:%M %p", "%d-%b-%y", "%Y-%m-%d")
SPANISH = {"ene": "Jan", "abr": "Apr", "ago": "Aug", "dic": "Dec"}


def reference_date(text: str) -> dt.date | None:
    text = re.sub(r"-([a-z]{3})-", lambda m: "-" + SPANISH.get(m.group(1), m.group(1)) + "-",
                  text.strip())
    for fmt in FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def reference_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line, {column: value}) per data row, as the csv module reads the file."""
    data = path.read_bytes()
    text = data.decode("utf-8-sig", errors="surrogateescape")
    lines = text.splitlines()
    header_at = next(i for i, line in enumerate(lines)
                     if re.match(r'"?first ?name', line, re.I))
    delimiter = csv.Sniffer().sniff(lines[header_at], delimiters=",;").delimiter
    reader = csv.DictReader(io.StringIO("\n".join(lines[header_at:]) + "\n"), delimiter=delimiter)
    out = []
    for row in reader:
        if any((v or "").strip() for v in row.values()):
            line = header_at + reader.line_num
            out.append((line, {k.replace(" ", "").lower(): (v or "") for k, v in row.items()}))
    return out


@pytest.mark.parametrize("name", FILES)
def test_cockpit_stores_what_csv_reads(name: str, tmp_path: Path) -> None:
    path = ROOT / name
    db = tmp_path / "cockpit.json"
    report = import_file(path, Store(db), today=TODAY, region="")
    store = Store(db)
    contacts = store.contacts()
    by_name = {c.name: c for c in contacts}
    assert len(by_name) == len(contacts)  # every person once
    reported = {r.line: r.reason for r in report.skipped}
    doubtful = {r.line: r.reason for r in report.doubtful}
    expected_people = 0
    for line, row in reference_rows(path):
        first, last = row.get("firstname", ""), row.get("lastname", "")
        full = " ".join(f"{first} {last}".split())
        if not full:
            assert "empty name" in reported[line], (name, line)
            continue
        try:
            full.encode("utf-8")
        except UnicodeEncodeError:
            assert "UTF-8" in reported[line], (name, line)
            continue
        expected_people += 1
        c = by_name[full]
        assert c.company == " ".join(row.get("company", "").split()), (name, line)
        assert c.role == " ".join(row.get("position", "").split()), (name, line)
        email = row.get("emailaddress", "").strip()
        if "@" in email:
            assert c.emails == [email]
        else:
            assert c.emails == []
            if email:  # LinkedIn's "urn:li:member:…": kept as a memo, reported
                assert [n.text for n in store.notes(c.id)] == [
                    f"E-mail (not an address): {email}"]
                assert email in doubtful[line]
        assert c.linkedin == row.get("url", "").strip()
        connected = row.get("connectedon", "").strip()
        want = reference_date(connected) if connected else None
        assert want is not None or not connected, (name, connected)
        assert c.met_on == want, (name, line, connected)
        logged = [(i.kind, i.date, i.channel) for i in store.interactions(c.id)]
        assert logged == ([("invite-accepted", want, "linkedin")] if want else [])
        assert (c.how_met, c.relationship, c.tie) == ("online", "acquaintance", "occasional")
        if row.get("address"):
            assert c.location == row["address"].strip()
    assert report.added == expected_people == len(contacts)
    again = import_file(path, Store(db), today=TODAY, region="")
    assert (again.added, again.merged, again.unchanged) == (0, 0, expected_people)


def test_the_exports_span_several_years_and_keep_their_sources() -> None:
    readme = (ROOT.parent / "README.md").read_text(encoding="utf-8")
    years = set()
    for name in FILES:
        assert f"`linkedin/{name}`" in readme, name
        for path_line in reference_rows(ROOT / name):
            connected = path_line[1].get("connectedon", "")
            day = reference_date(connected) if connected.strip() else None
            if day:
                years.add(day.year)
    assert len(years) >= 3
    assert {2016, 2018, 2021, 2024} <= years

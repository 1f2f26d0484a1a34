"""Google Contacts CSV ("Google CSV"): both generations of its header, values joined by
` ::: `, labels without the system groups, `--MM-DD` birthdays, detected from the header,
merged with the same people from other files."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from cockpit.importers import detect_format, google, import_file
from cockpit.model import Birthday
from cockpit.store import Store

TODAY = dt.date(2026, 11, 21)

#: The export Google Contacts wrote until 2022 (the Outlook-like "Google CSV").
OLD_HEADER = ("Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,"
       "Additional Name Yomi,Family Name Yomi,Name Prefix,Name Suffix,Initials,Nickname,"
       "Short Name,Maiden Name,Birthday,Gender,Location,Billing Information,Directory Server,"
       "Mileage,Occupation,Hobby,Sensitivity,Priority,Subject,Notes,Language,Photo,"
       "Group Membership,E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Type,E-mail 2 - Value,"
       "Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value,Address 1 - Type,"
       "Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - PO Box,"
       "Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,"
       "Address 1 - Extended Address,Organization 1 - Type,Organization 1 - Name,"
       "Organization 1 - Yomi Name,Organization 1 - Title,Organization 1 - Department,"
       "Organization 1 - Symbol,Organization 1 - Location,Organization 1 - Job Description,"
       "Organization 2 - Type,Organization 2 - Name,Organization 2 - Title,"
       "Website 1 - Type,Website 1 - Value,Event 1 - Type,Event 1 - Value")
OLD = OLD_HEADER.split(",")
#: The export Google Contacts writes since 2023.
NEW_HEADER = ("First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,"
       "Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,"
       "Organization Title,Organization Department,Birthday,Notes,Photo,Labels,"
       "E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,"
       "Phone 1 - Value,Address 1 - Label,Address 1 - Formatted,Address 1 - Street,"
       "Address 1 - City,Address 1 - PO Box,Address 1 - Region,Address 1 - Postal Code,"
       "Address 1 - Country,Address 1 - Extended Address,Website 1 - Label,Website 1 - Value,"
       "Website 2 - Label,Website 2 - Value,Event 1 - Label,Event 1 - Value")
NEW = NEW_HEADER.split(",")


def csv_data(header: list[str], *rows: dict[str, str], bom: bool = True) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, lineterminator="\r\n")
    w.writeheader()
    for row in rows:
        w.writerow(row)
    return ("\ufeff" if bom else "").encode() + buf.getvalue().encode("utf-8")


ANA_OLD = {
    "Name": "Ana María Ruiz", "Given Name": "Ana", "Additional Name": "María",
    "Family Name": "Ruiz", "Birthday": "--02-29", "Gender": "female",
    "Notes": "Met at PyCon ES, Bilbao.\nTwo kids.", "Photo": "https://lh3.example/photo.jpg",
    "Group Membership": "* myContacts ::: * starred ::: Speakers ::: Friends",
    "E-mail 1 - Type": "* Work", "E-mail 1 - Value": "ana@acme.example ::: ana.r@acme.example",
    "E-mail 2 - Type": "Home", "E-mail 2 - Value": "ana@home.example",
    "Phone 1 - Type": "Mobile", "Phone 1 - Value": "+34 600 111 222",
    "Phone 2 - Type": "Work", "Phone 2 - Value": "+34 910 000 000 ::: +34 910 000 001",
    "Address 1 - Type": "Home", "Address 1 - Formatted": "Calle Mayor 1\nMadrid 28013\nSpain",
    "Address 1 - Street": "Calle Mayor 1", "Address 1 - City": "Madrid",
    "Address 1 - Postal Code": "28013", "Address 1 - Country": "Spain",
    "Organization 1 - Type": "", "Organization 1 - Name": "Acme, S.L.",
    "Organization 1 - Title": "Staff Engineer", "Organization 1 - Department": "Platform",
    "Organization 2 - Name": "PyCon ES", "Organization 2 - Title": "Organiser",
    "Website 1 - Type": "Profile",
    "Website 1 - Value": "https://www.linkedin.com/in/ana-ruiz ::: https://ana.example",
    "Event 1 - Type": "Anniversary", "Event 1 - Value": "2015-06-12",
}
ANA_NEW = {
    "First Name": "Ana", "Middle Name": "María", "Last Name": "Ruiz", "File As": "Ruiz, Ana",
    "Organization Name": "Acme, S.L.", "Organization Title": "Staff Engineer",
    "Organization Department": "Platform", "Birthday": "1988-02-29",
    "Notes": "Met at PyCon ES, Bilbao.", "Labels": "* myContacts ::: Speakers",
    "E-mail 1 - Label": "* Work", "E-mail 1 - Value": "ana@acme.example",
    "E-mail 2 - Label": "Home", "E-mail 2 - Value": "ana@home.example",
    "Phone 1 - Label": "Mobile", "Phone 1 - Value": "+34 600 111 222",
    "Address 1 - City": "Madrid", "Address 1 - Country": "Spain",
    "Website 1 - Label": "LinkedIn", "Website 1 - Value": "linkedin.com/in/ana-ruiz",
    "Website 2 - Label": "Blog", "Website 2 - Value": "https://ana.example/blog",
    "Event 1 - Label": "Anniversary", "Event 1 - Value": "2015-06-12",
}


@pytest.mark.parametrize("header", [OLD, NEW], ids=["until-2022", "since-2023"])
def test_detected_from_its_header(header: list[str]) -> None:
    assert detect_format(csv_data(header, {})) == "google"
    assert detect_format(b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                         ) == "linkedin"


def test_the_export_until_2022() -> None:
    result = google.parse(csv_data(OLD, ANA_OLD), TODAY)
    [cand] = result.candidates
    ana = cand.contact
    assert ana.name == "Ana María Ruiz"
    assert ana.emails == ["ana@acme.example", "ana.r@acme.example", "ana@home.example"]
    assert ana.phones == ["+34 600 111 222", "+34 910 000 000", "+34 910 000 001"]
    assert (ana.company, ana.role, ana.location) == ("Acme, S.L.", "Staff Engineer", "Madrid, Spain")
    assert ana.birthday == Birthday(2, 29, None)  # --02-29: year unknown
    assert ana.tags == ["Speakers", "Friends"]  # without * myContacts and * starred
    assert ana.handles == {"linkedin": "https://www.linkedin.com/in/ana-ruiz"}
    assert ana.websites == ["https://ana.example"]
    assert [n.text for n in cand.notes] == [
        "Met at PyCon ES, Bilbao.\nTwo kids.", "Department: Platform",
        "Organization: PyCon ES / Organiser"]
    assert cand.line == 2
    assert "system groups not kept as tags: * myContacts, * starred" in result.notices
    [unread] = [n for n in result.notices if n.startswith("columns not read")]
    for column in ("Gender", "Photo", "Event 1 - Value", "Address 1 - Street",
                   "Address 1 - Postal Code"):
        assert column in unread


def test_the_export_since_2023() -> None:
    result = google.parse(csv_data(NEW, ANA_NEW), TODAY)
    [cand] = result.candidates
    ana = cand.contact
    assert ana.name == "Ana María Ruiz"
    assert ana.emails == ["ana@acme.example", "ana@home.example"]
    assert (ana.company, ana.role) == ("Acme, S.L.", "Staff Engineer")
    assert ana.birthday == Birthday(2, 29, 1988)
    assert ana.tags == ["Speakers"]
    assert ana.handles == {"linkedin": "linkedin.com/in/ana-ruiz"}  # labelled LinkedIn
    assert ana.websites == ["https://ana.example/blog"]
    assert [n.text for n in cand.notes] == ["Met at PyCon ES, Bilbao.", "Department: Platform"]


def test_rows_with_problems_are_reported_by_line() -> None:
    rows = [
        {"First Name": "", "Last Name": "", "E-mail 1 - Value": "who@x.example"},   # line 2
        {"First Name": "Bea", "E-mail 1 - Value": "not an address",
         "Phone 1 - Value": "ask reception", "Birthday": "1990-02-30"},            # line 3
        {"Nickname": "Kiko"},                                                         # line 4
        {"File As": "Soto, Carla", "Birthday": "1850-01-01"},                        # line 5
    ]
    result = google.parse(csv_data(NEW, *rows), TODAY)
    assert [(s.line, "no name" in s.reason) for s in result.skipped] == [(2, True)]
    bea, kiko, carla = (c.contact for c in result.candidates)
    assert (bea.emails, bea.phones, bea.birthday) == ([], [], None)
    assert [n.text for n in result.candidates[0].notes] == [
        "E-mail (not an address): not an address", "Phone (no digits): ask reception",
        "Birthday: 1990-02-30"]
    assert sorted(d.line for d in result.doubtful) == [3, 3, 3, 5]
    assert (kiko.name, carla.name, carla.birthday) == ("Kiko", "Soto, Carla", None)


def test_import_merge_and_reimport(tmp_path: Path) -> None:
    db = tmp_path / "cockpit.json"
    vcf = tmp_path / "ana.vcf"
    vcf.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Ruiz\r\nEMAIL:ANA@acme.example\r\n"
                    b"END:VCARD\r\n")
    import_file(vcf, Store(db), today=TODAY, region="")
    path = tmp_path / "contacts.csv"
    path.write_bytes(csv_data(OLD, ANA_OLD, {"Name": "Bo Li", "Phone 1 - Value": "+86 10 1234 5678"}))
    report = import_file(path, Store(db), today=TODAY, region="")
    assert (report.format, report.added, report.merged) == ("google", 1, 1)
    store = Store(db)
    ana = store.resolve("Ana Ruiz")
    assert ana.company == "Acme, S.L." and ana.birthday == Birthday(2, 29)
    again = import_file(path, Store(db), today=TODAY, region="")
    assert (again.added, again.merged, again.unchanged) == (0, 0, 2)

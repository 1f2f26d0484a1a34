"""vCard export (cockpit.exporters.vcard): 3.0 and 4.0 round trips through Cockpit's own
importer — into an empty database the same contacts come back field by field, into the
same database nothing changes — and every exported card read by vobject."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import vobject

from cockpit.exporters import export_vcards, select_for_export
from cockpit.importers import import_file
from cockpit.model import Birthday, Contact, Note
from cockpit.store import Store

TODAY = dt.date(2026, 11, 21)
VERSIONS = ["3.0", "4.0"]
REAL = Path(__file__).parent / "fixtures" / "vcards"
#: What a vCard carries of a contact (the rest — tie, cadence, how you met — is Cockpit's).
CARRIED = ("name", "company", "role", "emails", "phones", "location", "handles", "websites",
           "birthday", "tags")


def people() -> tuple[list[Contact], list[Note]]:
    ana = Contact("Ana María Ruiz", company="Acme, S.L.", role="CTO; founder",
                  emails=["ana@acme.example", "ana@home.example"],
                  phones=["+34 600 111 222", "(905) 555-1234 ext. 2"], location="Madrid, Spain",
                  handles={"linkedin": "https://www.linkedin.com/in/ana-ruiz/",
                           "twitter": "@anaruiz", "mastodon": "@ana@fosstodon.example"},
                  websites=["https://ana.example/blog", "http://www.acme.example"],
                  birthday=Birthday(2, 29), tags=["fin,tech", "speakers", "Mádrid"])
    leap = Contact("Íñigo Núñez", birthday=Birthday(2, 29, 1988), tags=["python"],
                   handles={"github": "https://github.com/inigo",
                            "linkedin": "linkedin.com/in/inigo"})  # as Google CSV gives it
    noyear = Contact("Zoë Van der Berg", birthday=Birthday(12, 31), company="Cyberdyne")
    plain = Contact("Solo")
    odd = Contact("Mustermann, Heiko", role="Line 1 \\ back\\slash", company="Bell; Labs, Inc.",
                  emails=["h@x.example"], tags=["a;b", "c\\d"])
    notes = [
        Note(ana.id, "Gave a talk on observability at PyCon ES, great; really good\n"
                     "Second line: Ñandú " * 4, dt.date(2026, 10, 1), kind="talk"),
        Note(ana.id, "Two kids, loves sailing", dt.date(2026, 3, 2), kind="family"),
        Note(ana.id, "private: owes me a favour", dt.date(2025, 1, 5)),  # a memo
        Note(leap.id, "BEGIN:VCARD\nFN:Not a card\nEND:VCARD", dt.date(2024, 2, 29), kind="post"),
        Note(odd.id, "emoji 🎉 and tabs\tinside", dt.date(2026, 1, 1), kind="interest"),
    ]
    return [ana, leap, noyear, plain, odd], notes


def fill(db: Path) -> Store:
    store = Store(db)
    contacts, notes = people()
    with store.transaction():
        store.insert_many(contacts=contacts, notes=notes)
    return Store(db)


def export(store: Store, version: str, with_memos: bool = True) -> str:
    contacts = select_for_export(store.contacts())
    notes: dict[str, list[Note]] = {}
    for note in store.notes():
        notes.setdefault(note.contact_id, []).append(note)
    return export_vcards(contacts, notes, version=version, with_memos=with_memos)


def carried(c: Contact) -> dict[str, object]:
    return {f: getattr(c, f) for f in CARRIED}


def note_set(store: Store, contact_id: str) -> set[tuple[str, str, dt.date]]:
    return {(n.text, n.kind, n.date) for n in store.notes(contact_id)}


def write(tmp_path: Path, text: str, name: str = "out.vcf") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


@pytest.mark.parametrize("version", VERSIONS)
def test_export_then_import_into_an_empty_database_gives_the_same_contacts(
        version: str, tmp_path: Path) -> None:
    source = fill(tmp_path / "a.json")
    path = write(tmp_path, export(source, version))
    report = import_file(path, Store(tmp_path / "b.json"), today=TODAY, region="")
    assert (report.added, report.merged, len(report.skipped)) == (5, 0, 0)
    assert not report.doubtful and not report.notices and not report.conflicts
    copy = Store(tmp_path / "b.json")
    theirs = {c.name: c for c in copy.contacts()}
    for mine in source.contacts():
        back = theirs[mine.name]
        assert carried(back) == carried(mine), mine.name
        assert back.vcard_uid.removeprefix("urn:uuid:") == mine.id  # the UID is our id
        assert note_set(copy, back.id) == note_set(source, mine.id), mine.name


@pytest.mark.parametrize("version", VERSIONS)
def test_importing_an_export_into_the_same_database_changes_nothing(
        version: str, tmp_path: Path) -> None:
    db = tmp_path / "a.json"
    store = fill(db)
    path = write(tmp_path, export(store, version))
    before = db.read_bytes()
    report = import_file(path, Store(db), today=TODAY, region="")
    assert (report.added, report.merged, report.unchanged) == (0, 0, 5)
    assert not report.conflicts and not report.doubtful
    assert db.read_bytes() == before


@pytest.mark.parametrize("version", VERSIONS)
def test_memos_only_with_memos(version: str, tmp_path: Path) -> None:
    store = fill(tmp_path / "a.json")
    without = export(store, version, with_memos=False).replace("\r\n ", "")  # unfolded
    assert "owes me a favour" not in without
    assert "observability" in without and "loves sailing" in without
    assert "owes me a favour" in export(store, version, with_memos=True).replace("\r\n ", "")


@pytest.mark.parametrize("version", VERSIONS)
def test_vobject_reads_every_exported_card(version: str, tmp_path: Path) -> None:
    store = fill(tmp_path / "a.json")
    text = export(store, version)
    cards = list(vobject.readComponents(text))
    assert [c.fn.value for c in cards] == [c.name for c in select_for_export(store.contacts())]
    for card in cards:
        assert card.version.value == version
        assert card.uid.value.removeprefix("urn:uuid:") in {c.id for c in store.contacts()}
    ana = next(c for c in cards if c.fn.value == "Ana María Ruiz")
    assert [e.value for e in ana.email_list] == ["ana@acme.example", "ana@home.example"]
    assert sorted(u.value for u in ana.url_list) == sorted([
        "https://www.linkedin.com/in/ana-ruiz/", "https://x.com/anaruiz",
        "https://ana.example/blog", "http://www.acme.example"])
    assert ana.categories.value == ["fin,tech", "speakers", "Mádrid"]
    leap = next(c for c in cards if c.fn.value == "Íñigo Núñez")
    assert "https://linkedin.com/in/inigo" in [u.value for u in leap.url_list]
    if version == "4.0":
        assert ana.bday.value == "--0229"  # no year
        assert leap.bday.value == "19880229"
    else:  # 3.0 has no year-less date: Apple's marker year, which Apple, Google and we read
        assert ana.bday.value == "1604-02-29" and ana.bday.params["X-APPLE-OMIT-YEAR"] == ["1604"]
        assert leap.bday.value == "1988-02-29"


@pytest.mark.parametrize("version", VERSIONS)
def test_lines_are_folded_at_75_octets_with_crlf(version: str, tmp_path: Path) -> None:
    data = export(fill(tmp_path / "a.json"), version).encode("utf-8")
    assert data.endswith(b"END:VCARD\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines) and b"\r" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # the long note was folded
    for line in lines:
        line.decode("utf-8")  # never cut inside a character


def test_unknown_version_is_refused() -> None:
    with pytest.raises(ValueError, match=r"2\.1"):
        export_vcards([], {}, version="2.1")


def test_selection_leaves_out_archived_and_filters_by_tag() -> None:
    a = Contact("Bea", tags=["Python"])
    b = Contact("Ana", tags=["python", "x"])
    c = Contact("Carla", tags=["python"], archived=True)
    d = Contact("Dani")
    assert [x.name for x in select_for_export([a, b, c, d])] == ["Ana", "Bea", "Dani"]
    assert [x.name for x in select_for_export([a, b, c, d], tag="PYTHON")] == ["Ana", "Bea"]
    assert select_for_export([a, b, c, d], tag="nobody") == []


def test_text_a_vcard_cannot_carry_is_replaced_not_written(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.json")
    who = store.add_contact(Contact("Bell Ringer", company="Bell\x07Co"))
    store.save_note(Note(who.id, "ding\x07dong\x00!", TODAY, kind="news"))
    text = export_vcards(store.contacts(), {who.id: store.notes(who.id)})
    assert "\x07" not in text and "\x00" not in text
    [card] = vobject.readComponents(text)
    assert card.org.value == ["Bell Co"]
    assert card.note.value == "ding dong !"


@pytest.mark.parametrize("version", VERSIONS)
def test_real_address_books_survive_an_export(version: str, tmp_path: Path) -> None:
    """Every real vCard fixture imported, exported, and imported into an empty database:
    the same contacts, field by field, and the same notes."""
    first = Store(tmp_path / "a.json")
    for path in sorted(REAL.rglob("*.vcf")):
        import_file(path, first, today=TODAY, region="")
    first = Store(tmp_path / "a.json")
    assert len(first.contacts()) >= 40
    path = write(tmp_path, export(first, version))
    report = import_file(path, Store(tmp_path / "b.json"), today=TODAY, region="")
    assert not report.skipped and not report.conflicts
    second = Store(tmp_path / "b.json")
    by_uid = {c.vcard_uid.removeprefix("urn:uuid:"): c for c in second.contacts()}
    for mine in first.contacts():
        back = by_uid[mine.id]
        assert carried(back) == carried(mine), mine.name
        assert note_set(second, back.id) == note_set(first, mine.id), mine.name

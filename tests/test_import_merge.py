"""Merging imports into the database: idempotent re-imports, vCard + LinkedIn of the same
people giving one contact each, nothing the user typed overwritten, one atomic write,
and --dry-run writing nothing."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

import cockpit.store.files as store_files
from cockpit.importers import ImportReport, import_file
from cockpit.model import Birthday, Contact, Interaction, Note
from cockpit.store import Store, StoreError

FIXTURES = Path(__file__).parent / "fixtures" / "import"
TODAY = dt.date(2026, 11, 21)
MAKE_NETWORK = Path("/work/shared/data/make_network.py")
LI_HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"


def run(path: Path, db: Path, **kw: object) -> ImportReport:
    return import_file(path, Store(db), today=TODAY, **kw)  # type: ignore[arg-type]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    return path


def linkedin_csv(tmp_path: Path, *rows: str, name: str = "Connections.csv") -> Path:
    return write(tmp_path, name, "Notes:\n\"Some e-mails are missing.\"\n\n" + LI_HEADER + "\n"
                 + "\n".join(rows) + "\n")


def vcf(*cards: str) -> str:
    return "".join(f"BEGIN:VCARD\nVERSION:3.0\n{c.strip()}\nEND:VCARD\n" for c in cards)


def by_name(db: Path) -> dict[str, Contact]:
    return {c.name: c for c in Store(db).contacts(include_archived=True)}


# ---------------------------------------------------------------------------- idempotence

@pytest.mark.parametrize("fixture", ["apple-3.0.vcf", "android-2.1.vcf", "nextcloud-4.0.vcf",
                                     "broken.vcf", "latin1-2.1.vcf"])
def test_reimporting_a_vcard_adds_nothing(db: Path, fixture: str) -> None:
    first = run(FIXTURES / fixture, db)
    assert first.added > 0 and first.merged == 0
    before = db.read_bytes()
    store = Store(db)
    counts = (len(store.contacts(True)), len(store.notes()), store.interaction_count())
    again = run(FIXTURES / fixture, db)
    assert (again.added, again.merged, again.notes_added) == (0, 0, 0)
    assert again.unchanged == first.added
    assert len(again.skipped) == len(first.skipped)
    store = Store(db)
    assert (len(store.contacts(True)), len(store.notes()), store.interaction_count()) == counts
    assert db.read_bytes() == before  # nothing to write, nothing written


def test_reimporting_linkedin_logs_each_connection_once(db: Path, tmp_path: Path) -> None:
    path = linkedin_csv(tmp_path, "Ana,Ruiz,https://www.linkedin.com/in/ana-ruiz,,Acme,CTO,15 Mar 2024",
                        "Bea,Soto,https://www.linkedin.com/in/bea-soto,,Globex,CEO,02 Jan 2020")
    first = run(path, db)
    assert (first.added, first.interactions_added) == (2, 2)
    again = run(path, db)
    assert (again.added, again.merged, again.unchanged, again.interactions_added) == (0, 0, 2, 0)
    store = Store(db)
    kinds = sorted((i.kind, i.date, i.channel) for i in store.interactions())
    assert kinds == [("invite-accepted", dt.date(2020, 1, 2), "linkedin"),
                     ("invite-accepted", dt.date(2024, 3, 15), "linkedin")]
    ana = store.resolve("Ana Ruiz")
    assert ana.seen == {"invite-accepted": dt.date(2024, 3, 15)}


def test_a_different_connection_date_is_a_conflict_not_a_second_log(db: Path, tmp_path: Path) -> None:
    run(linkedin_csv(tmp_path, "Ana,Ruiz,https://www.linkedin.com/in/ana-ruiz,,Acme,CTO,15 Mar 2024"), db)
    report = run(linkedin_csv(tmp_path, "Ana,Ruiz,https://www.linkedin.com/in/ana-ruiz,,Acme,CTO,16 Mar 2024",
                              name="later.csv"), db)
    assert report.interactions_added == 0
    assert [(c.field, c.kept, c.offered) for c in report.conflicts] == [
        ("connected on", "2024-03-15", "2024-03-16")]


# ---------------------------------------------------------------------------- vCard + LinkedIn

def test_vcard_then_linkedin_of_the_same_people(db: Path, tmp_path: Path) -> None:
    run(FIXTURES / "apple-3.0.vcf", db)
    # Ana by her LinkedIn URL written differently (http, no www, case, no trailing slash),
    # Íñigo by his e-mail in another case, Giulia by name + company (doubtful),
    # a Giulia at another company stays someone else.
    path = linkedin_csv(
        tmp_path,
        "Ana María,Ruiz,http://LinkedIn.com/in/Ana-Ruiz,,Acme Corp,Staff Engineer,15 Mar 2024",
        "Íñigo,Núñez,https://www.linkedin.com/in/inigo-nunez,inigo.nunez@TID.example,Telefónica I+D,Head of Research,01 Feb 2021",
        "Giulia,Bianchi,https://www.linkedin.com/in/giulia-b,,WONKA S.P.A.,Designer,10 Oct 2022",
        "Giulia,Bianchi,https://www.linkedin.com/in/giulia-other,,Hooli,Engineer,11 Oct 2022",
    )
    report = run(path, db)
    assert (report.added, report.merged, report.unchanged, len(report.skipped)) == (1, 3, 0, 0)
    store = Store(db)
    assert len(store.contacts()) == 4
    ana = store.resolve("Ana María Ruiz")
    assert ana.how_met == "online" and ana.relationship == "acquaintance"  # filled, were empty
    assert ana.met_on == dt.date(2024, 3, 15)
    assert ana.linkedin == "https://www.linkedin.com/in/ana-ruiz/"  # the vCard's, kept
    assert ana.role == "Staff Engineer"
    inigo = store.resolve("Dr. Íñigo Núñez")
    assert inigo.role == "Head of Research"  # was empty: filled
    assert inigo.linkedin == "https://www.linkedin.com/in/inigo-nunez"
    assert len(inigo.emails) == 1  # same address, other case: not added twice
    assert {(i.contact_id, i.kind) for i in store.interactions()} >= {(ana.id, "invite-accepted")}
    assert store.interaction_count() == 4
    # the doubtful merge is reported with its line and reason
    [doubt] = report.doubtful
    assert doubt.line == 7 and "name and company" in doubt.reason
    # same again: nothing
    again = run(path, db)
    assert (again.added, again.merged, again.unchanged) == (0, 0, 4)


@pytest.mark.skipif(not MAKE_NETWORK.exists(), reason="make_network.py not available")
def test_generated_network_vcard_then_linkedin_gives_one_contact_each(db: Path, tmp_path: Path) -> None:
    for fmt, name in (("vcard", "net.vcf"), ("linkedin", "Connections.csv")):
        out = subprocess.run([sys.executable, str(MAKE_NETWORK), "--contacts", "300", "--format",
                              fmt], capture_output=True, check=True).stdout
        (tmp_path / name).write_bytes(out)
    first = run(tmp_path / "net.vcf", db)
    assert (first.added, len(first.skipped), len(first.doubtful)) == (300, 0, 0)
    second = run(tmp_path / "Connections.csv", db)
    assert (second.added, second.merged, len(second.skipped)) == (0, 300, 0)
    assert not second.conflicts and not second.doubtful
    store = Store(db)
    assert len(store.contacts()) == 300
    assert store.interaction_count() == 300
    assert all(c.seen.get("invite-accepted") for c in store.contacts())
    for path in (tmp_path / "net.vcf", tmp_path / "Connections.csv"):
        again = run(path, db)
        assert (again.added, again.merged, again.unchanged) == (0, 0, 300)


# ---------------------------------------------------------------------------- merge rules

def test_what_the_user_typed_is_never_overwritten(db: Path, tmp_path: Path) -> None:
    store = Store(db)
    typed = store.add_contact(Contact("Ana Ruiz", company="Acme (my words)", emails=["ana@acme.example"],
                                      birthday=Birthday(2, 28), tags=["friends"],
                                      relationship="friend", how_met="in-person"))
    store.save_note(Note(typed.id, "Loves sailing", dt.date(2026, 1, 2)))
    path = write(tmp_path, "a.vcf", vcf("""
FN:Ana Ruiz-Soto
EMAIL:ANA@acme.example
EMAIL:ana@home.example
ORG:Globex
TITLE:CTO
TEL:+34 600 000 000
BDAY:1990-02-28
CATEGORIES:Friends,python
NOTE:loves   SAILING
NOTE:New: moved to Berlin
URL:https://www.linkedin.com/in/ana
"""))
    report = run(path, db)
    assert (report.added, report.merged) == (0, 1)
    ana = Store(db).contact(typed.id)
    assert ana.name == "Ana Ruiz" and ana.company == "Acme (my words)"  # kept
    assert (ana.relationship, ana.how_met) == ("friend", "in-person")
    assert ana.role == "CTO"  # was empty: filled
    assert ana.emails == ["ana@acme.example", "ana@home.example"]
    assert ana.phones == ["+34 600 000 000"]
    assert ana.birthday == Birthday(2, 28, 1990)  # the missing year filled in
    assert ana.tags == ["friends", "python"]
    assert ana.linkedin == "https://www.linkedin.com/in/ana"
    assert ana.tie == "regular"  # the user's (default) tie is not the import's
    notes = sorted(n.text for n in Store(db).notes(typed.id))
    assert notes == ["Loves sailing", "New: moved to Berlin"]  # same text (case/space) not added
    conflicts = {(c.field, c.kept, c.offered) for c in report.conflicts}
    assert conflicts == {("name", "Ana Ruiz", "Ana Ruiz-Soto"),
                         ("company", "Acme (my words)", "Globex")}
    assert all(c.line == 1 for c in report.conflicts)


def test_conflicting_birthday_is_kept_and_listed(db: Path, tmp_path: Path) -> None:
    Store(db).add_contact(Contact("Bea Soto", emails=["bea@x.example"], birthday=Birthday(5, 1, 1980)))
    report = run(write(tmp_path, "b.vcf", vcf("FN:Bea Soto\nEMAIL:bea@x.example\nBDAY:1981-05-01")), db)
    assert [(c.field, c.kept, c.offered) for c in report.conflicts] == [
        ("birthday", "1980-05-01", "1981-05-01")]
    assert report.unchanged == 1
    assert Store(db).resolve("Bea").birthday == Birthday(5, 1, 1980)


def test_duplicates_within_one_file_merge(db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "dups.vcf", vcf(
        "UID:u-1\nFN:Carla Gómez\nEMAIL:carla@x.example",
        "UID:u-1\nFN:Carla Gómez\nTEL:+34 611 000 000",           # same UID
        "FN:Carla G.\nEMAIL:CARLA@x.example\nTITLE:CFO",            # same e-mail
        "FN:Dani Ruiz\nURL:https://www.linkedin.com/in/dani",
        "FN:Daniel Ruiz\nURL:http://linkedin.com/in/Dani/",        # same LinkedIn URL
    ))
    report = run(path, db)
    # Daniel brings nothing new (his other name is a conflict, not a change): unchanged
    assert (report.added, report.merged, report.unchanged) == (2, 2, 1)
    assert {(c.line, c.field, c.kept, c.offered) for c in report.conflicts} == {
        (13, "name", "Carla Gómez", "Carla G."), (24, "name", "Dani Ruiz", "Daniel Ruiz")}
    people = by_name(db)
    assert sorted(people) == ["Carla Gómez", "Dani Ruiz"]
    carla = people["Carla Gómez"]
    assert (carla.phones, carla.role, carla.emails) == (["+34 611 000 000"], "CFO", ["carla@x.example"])
    again = run(path, db)
    assert (again.added, again.merged, again.unchanged) == (0, 0, 5)


def test_name_and_company_alone_is_doubtful_and_a_different_profile_is_someone_else(
        db: Path, tmp_path: Path) -> None:
    store = Store(db)
    store.add_contact(Contact("José García", company="Initech",
                              handles={"linkedin": "https://www.linkedin.com/in/jose-1"}))
    store.add_contact(Contact("Pilar Puig", company="Hooli"))
    path = linkedin_csv(
        tmp_path,
        "Jose,Garcia,https://www.linkedin.com/in/jose-2,,INITECH,Engineer,01 Jan 2024",  # other profile
        "Pilar,Puig,https://www.linkedin.com/in/pilar,,Hooli,CEO,01 Jan 2024",          # doubtful
    )
    report = run(path, db)
    assert (report.added, report.merged) == (1, 1)
    assert len(Store(db).contacts()) == 3
    [doubt] = report.doubtful
    assert (doubt.line, doubt.name) == (6, "Pilar Puig")
    assert "name and company" in doubt.reason


def test_archived_contacts_are_matched_not_recreated(db: Path, tmp_path: Path) -> None:
    Store(db).add_contact(Contact("Old Friend", emails=["old@x.example"], archived=True))
    report = run(write(tmp_path, "o.vcf", vcf("FN:Old Friend\nEMAIL:old@x.example")), db)
    assert (report.added, report.unchanged) == (0, 1)
    assert len(Store(db).contacts(include_archived=True)) == 1


# ---------------------------------------------------------------------------- writing

def test_dry_run_writes_nothing(db: Path, tmp_path: Path) -> None:
    store = Store(db)
    store.add_contact(Contact("Ana Ruiz", emails=["ana.ruiz@acme.example"]))
    before = db.read_bytes(), db.stat().st_mtime_ns
    report = run(FIXTURES / "apple-3.0.vcf", db, dry_run=True)
    assert report.dry_run and (report.added, report.merged) == (2, 1)
    assert report.notes_added == 3
    assert (db.read_bytes(), db.stat().st_mtime_ns) == before
    assert len(Store(db).contacts()) == 1
    # the caller's store is left as it was in memory too (the TUI keeps showing it)
    assert [c.name for c in store.contacts()] == ["Ana Ruiz"]
    assert store.contacts()[0].company == ""
    # and a dry run on a database that does not exist does not create it
    fresh = tmp_path / "new" / "cockpit.json"
    run(FIXTURES / "apple-3.0.vcf", fresh, dry_run=True)
    assert not fresh.parent.exists() or not fresh.exists()


def test_the_import_is_one_atomic_write(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Store(db).add_contact(Contact("Ana Ruiz", emails=["ana.ruiz@acme.example"]))
    calls: list[Path] = []
    real = store_files.atomic_write_bytes

    def counting(path: Path, *args: object, **kw: object) -> None:
        calls.append(path)
        real(path, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(store_files, "atomic_write_bytes", counting)
    report = run(FIXTURES / "apple-3.0.vcf", db)
    assert (report.added, report.merged) == (2, 1)
    assert calls == [db]


def test_a_failure_mid_import_leaves_the_database_as_it_was(
        db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Store(db).add_contact(Contact("Ana Ruiz", emails=["ana.ruiz@acme.example"]))
    before = db.read_bytes()
    store = Store(db)
    real_insert = Store.insert_many

    def crash(self: Store, *args: object, **kw: object) -> None:
        real_insert(self, *args, **kw)  # type: ignore[arg-type]
        raise RuntimeError("power cut")  # after every record is in memory, before the write

    monkeypatch.setattr(Store, "insert_many", crash)
    with pytest.raises(RuntimeError):
        import_file(FIXTURES / "apple-3.0.vcf", store, today=TODAY)
    assert db.read_bytes() == before
    assert [c.name for c in store.contacts()] == ["Ana Ruiz"]  # memory re-read from the file
    assert store.contacts()[0].company == ""


def test_a_failed_write_leaves_the_database_as_it_was(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Store(db).add_contact(Contact("Ana Ruiz"))
    before = db.read_bytes()

    def full_disk(*args: object, **kw: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_files, "atomic_write_bytes", full_disk)
    with pytest.raises(StoreError, match="disk is full"):
        run(FIXTURES / "apple-3.0.vcf", db)
    assert db.read_bytes() == before


def test_interactions_of_merged_people_point_at_the_existing_contact(db: Path, tmp_path: Path) -> None:
    ana = Store(db).add_contact(Contact("Ana Ruiz", handles={"linkedin": "linkedin.com/in/ana"}))
    Store(db).log(Interaction(ana.id, "like", dt.date(2026, 1, 1)))
    run(linkedin_csv(tmp_path, "Ana,Ruiz,https://www.linkedin.com/in/ana/,,Acme,CTO,15 Mar 2024"), db)
    store = Store(db)
    assert {(i.contact_id, i.kind) for i in store.interactions()} == {
        (ana.id, "like"), (ana.id, "invite-accepted")}
    assert store.contact(ana.id).seen == {"like": dt.date(2026, 1, 1),
                                          "invite-accepted": dt.date(2024, 3, 15)}

"""The write-ahead journal (`Store(journal=True)`, what the TUI uses).

A small change is durable once journaled; `checkpoint()` folds it into the main file.
Whatever happens in between — another process, a crash, a second checkpoint — every
reader sees each acknowledged write exactly once, and the main file stays plain TinyDB.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import random
import shutil
from pathlib import Path

import orjson
import pytest
import tinydb
from conftest import one_error_line, temp_files

import cockpit.store.files as store_files
from cockpit.model import Ask, Contact, Interaction, Note
from cockpit.store import JOURNAL_MAX_ENTRIES, Store, StoreError

DAY = dt.date(2026, 11, 22)


def journal_of(db: Path) -> Path:
    return db.with_name(db.name + ".journal")


def seeded(db: Path, n: int = 3) -> list[Contact]:
    """A database with `n` contacts, written the ordinary way (no journal)."""
    people = [Contact(f"Person {i}", company="Acme") for i in range(n)]
    Store(db).insert_many(contacts=people)
    return people


def stock(db: Path, table: str) -> list[dict]:
    """What a tool reading the file with stock TinyDB sees."""
    with tinydb.TinyDB(db) as tdb:
        return list(tdb.table(table).all())


def test_a_journaled_write_is_durable_before_the_file_is_rewritten(db: Path) -> None:
    ana, _, _ = seeded(db)
    before = db.read_bytes()
    store = Store(db, journal=True)
    store.log(Interaction(ana.id, "like", DAY, summary="liked the launch post"))
    store.save_note(Note(ana.id, "moving to Lisbon in March", DAY))

    assert db.read_bytes() == before  # the big file was not rewritten
    assert journal_of(db).exists()
    fresh = Store(db)  # another process opening now
    assert [i.summary for i in fresh.interactions(ana.id)] == ["liked the launch post"]
    assert [n.text for n in fresh.notes(ana.id)] == ["moving to Lisbon in March"]
    assert fresh.contact(ana.id).seen["like"] == DAY  # the agenda's view moved too


def test_checkpoint_folds_the_journal_into_a_plain_tinydb_file(db: Path) -> None:
    ana, bea, _ = seeded(db)
    store = Store(db, journal=True)
    store.log(Interaction(ana.id, "like", DAY))
    store.log(Interaction(bea.id, "comment", DAY))
    store.save_ask(Ask(bea.id, "an intro to their CTO", DAY))
    store.checkpoint()

    assert not journal_of(db).exists()
    assert temp_files(db.parent) == []
    assert sorted(d["kind"] for d in stock(db, "interactions")) == ["comment", "like"]
    assert [d["what"] for d in stock(db, "asks")] == ["an intro to their CTO"]
    assert stock(db, "meta")[0]["journal_seq"] == 3
    # a second checkpoint with nothing pending writes nothing
    sig = db.stat().st_ino, db.stat().st_mtime_ns
    store.checkpoint()
    assert (db.stat().st_ino, db.stat().st_mtime_ns) == sig


def test_a_crash_after_the_fold_before_the_journal_is_removed_replays_nothing_twice(
        db: Path) -> None:
    ana, _, _ = seeded(db)
    store = Store(db, journal=True)
    store.log(Interaction(ana.id, "like", DAY, summary="once"))
    kept = journal_of(db).read_bytes()
    store.checkpoint()
    journal_of(db).write_bytes(kept)  # as if the process died before the unlink

    again = Store(db, journal=True)
    assert [i.summary for i in again.interactions()] == ["once"]
    again.log(Interaction(ana.id, "comment", DAY, summary="twice?"))
    again.checkpoint()
    assert sorted(d["summary"] for d in stock(db, "interactions")) == ["once", "twice?"]


def test_a_cli_write_folds_a_journal_left_by_the_tui(db: Path, cli) -> None:
    ana, _, _ = seeded(db)
    tui = Store(db, journal=True)
    tui.log(Interaction(ana.id, "like", DAY, summary="from the tui"))

    code, _, err = cli("note", "Person 0", "from the cli", db=db, today=DAY.isoformat())
    assert code == 0, err
    assert not journal_of(db).exists()
    assert [d["summary"] for d in stock(db, "interactions")] == ["from the tui"]
    assert [d["text"] for d in stock(db, "notes")] == ["from the cli"]
    # the TUI's store sees the CLI's note and goes on journaling after it
    tui.log(Interaction(ana.id, "comment", DAY, summary="later"))
    assert [n.text for n in tui.notes()] == ["from the cli"]
    tui.checkpoint()
    assert sorted(d["summary"] for d in stock(db, "interactions")) == ["from the tui", "later"]


def test_two_journaling_stores_see_each_others_writes(db: Path) -> None:
    ana, bea, _ = seeded(db)
    one, two = Store(db, journal=True), Store(db, journal=True)
    one.log(Interaction(ana.id, "like", DAY, summary="one"))
    two.log(Interaction(bea.id, "like", DAY, summary="two"))  # replays one's entry first
    one.save_note(Note(bea.id, "one's note", DAY))
    assert one.refresh() is False  # its own write: nothing to reload
    two.refresh()
    assert sorted(i.summary for i in two.interactions()) == ["one", "two"]
    assert [n.text for n in two.notes()] == ["one's note"]
    one.checkpoint()
    two.delete_note(two.notes()[0].id)
    two.checkpoint()
    final = Store(db)
    assert sorted(i.summary for i in final.interactions()) == ["one", "two"]
    assert final.notes() == []
    assert final.interaction_count() == len(stock(db, "interactions")) == 2


def test_a_journal_that_does_not_parse_is_refused_and_left_alone(db: Path, cli) -> None:
    ana, _, _ = seeded(db)
    Store(db, journal=True).log(Interaction(ana.id, "like", DAY))
    journal_of(db).write_bytes(b'{"cockpit_journal":1,"entries":[{"seq":1,"op')
    files = {p: p.read_bytes() for p in (db, journal_of(db))}

    with pytest.raises(StoreError, match="journal is not valid JSON"):
        Store(db)
    code, _, err = cli("log", "Person 0", "like", db=db, today=DAY.isoformat())
    assert code != 0
    line = one_error_line(err)
    assert "cockpit.json.journal" in line and "move it away" in line
    assert {p: p.read_bytes() for p in files} == files


@pytest.mark.parametrize("entries", [
    [{"seq": 3, "ops": []}],  # a gap: changes 1 and 2 are not in the file
    [{"seq": 1, "ops": [["put", "contacts", "9", {"id": "x"}]]}],  # no name
    [{"seq": 1, "ops": [["put", "interactions", "99", {"id": "i", "contact_id": "c",
                                                          "kind": "like", "date": "2026-11-22"}]]}],
    [{"seq": 1, "ops": [["drop", "contacts", "1"]]}],
    [{"ops": []}],
])
def test_a_journal_that_does_not_fit_the_file_is_refused(db: Path, entries: list) -> None:
    seeded(db)
    journal_of(db).write_bytes(orjson.dumps({"cockpit_journal": 1, "entries": entries}))
    with pytest.raises(StoreError, match="left untouched"):
        Store(db)


def test_a_journal_without_its_database_is_refused(db: Path) -> None:
    journal_of(db).parent.mkdir(exist_ok=True)
    journal_of(db).write_bytes(b'{"cockpit_journal":1,"entries":[]}')
    with pytest.raises(StoreError, match=r"exists but cockpit\.json does not"):
        Store(db)


def test_a_long_session_without_checkpoints_folds_by_itself(db: Path) -> None:
    ana, _, _ = seeded(db)
    store = Store(db, journal=True)
    for i in range(JOURNAL_MAX_ENTRIES + 5):
        store.log(Interaction(ana.id, "like", DAY, summary=f"n{i}"))
    entries = orjson.loads(journal_of(db).read_bytes())["entries"]
    assert len(entries) < JOURNAL_MAX_ENTRIES  # the file caught up once on the way
    assert len(stock(db, "interactions")) >= JOURNAL_MAX_ENTRIES
    assert Store(db).interaction_count() == JOURNAL_MAX_ENTRIES + 5


def test_a_big_change_is_written_whole_not_journaled(db: Path) -> None:
    seeded(db)
    store = Store(db, journal=True)
    store.insert_many(contacts=[Contact(f"Imported {i}") for i in range(1200)])
    assert not journal_of(db).exists()
    assert len(stock(db, "contacts")) == 1203


def test_a_failed_journal_write_changes_nothing(db: Path, monkeypatch) -> None:
    ana, _, _ = seeded(db)
    store = Store(db, journal=True)
    store.log(Interaction(ana.id, "like", DAY, summary="kept"))
    before = journal_of(db).read_bytes(), db.read_bytes()
    real = store_files.atomic_write_bytes

    def disk_full(path, chunks, mode=0o600, backup=None, **kw):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_files, "atomic_write_bytes", disk_full)
    with pytest.raises(StoreError, match="disk is full; nothing was changed"):
        store.log(Interaction(ana.id, "comment", DAY, summary="lost cleanly"))
    monkeypatch.setattr(store_files, "atomic_write_bytes", real)
    assert (journal_of(db).read_bytes(), db.read_bytes()) == before
    assert [i.summary for i in store.interactions()] == ["kept"]
    assert temp_files(db.parent) == []


def test_a_read_only_database_refuses_journaled_writes_too(db: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores file modes")
    ana, _, _ = seeded(db)
    db.chmod(0o400)
    with pytest.raises(StoreError, match="permission denied"):
        Store(db, journal=True).log(Interaction(ana.id, "like", DAY))
    assert not journal_of(db).exists()


def test_random_sessions_match_a_store_without_the_journal(tmp_path: Path) -> None:
    """Random writes, checkpoints and re-opens on a journaling store give, at every step,
    what the same writes give without the journal."""
    rng = random.Random(7)
    plain_db, journal_db = tmp_path / "plain" / "c.json", tmp_path / "journal" / "c.json"
    plain_db.parent.mkdir()
    journal_db.parent.mkdir()
    people = seeded(plain_db, 5)
    shutil.copy(plain_db, journal_db)
    plain, journaled = Store(plain_db), Store(journal_db, journal=True)
    for step in range(120):
        who = rng.choice(people).id
        roll = rng.random()
        for store in (plain, journaled):
            rng_state = rng.getstate()
            if roll < 0.4:
                store.log(Interaction(who, rng.choice(("like", "comment", "call")),
                                      DAY - dt.timedelta(days=rng.randrange(30)),
                                      summary=f"s{step}"))
            elif roll < 0.6:
                store.save_note(Note(who, f"note {step}", DAY, id=f"n{step}"))
            elif roll < 0.7 and store.notes():
                store.delete_note(sorted(n.id for n in store.notes())[0])
            elif roll < 0.8:
                c = store.contact(who)
                c.company = f"Company {step}"
                store.update_contact(c)
            else:
                store.save_ask(Ask(who, f"ask {step}", DAY, id=f"a{step}"))
            rng.setstate(rng_state)  # the same random choices for both stores
        if rng.random() < 0.15:
            journaled.checkpoint()
        if rng.random() < 0.1:
            journaled = Store(journal_db, journal=True)  # the TUI restarted
        reopened = Store(journal_db)
        for view in (journaled, reopened):
            assert ({c.id: (c.company, c.seen) for c in view.contacts()}
                    == {c.id: (c.company, c.seen) for c in plain.contacts()})
            assert sorted(n.text for n in view.notes()) == sorted(n.text for n in plain.notes())
            assert sorted((i.summary, i.kind) for i in view.interactions()) == sorted(
                (i.summary, i.kind) for i in plain.interactions())
            assert sorted(a.what for a in view.asks()) == sorted(a.what for a in plain.asks())
    journaled.checkpoint()
    assert not journal_of(journal_db).exists()
    assert len(stock(journal_db, "interactions")) == plain.interaction_count()


def test_the_last_save_of_a_burst_folds_them_all(db: Path) -> None:
    """The TUI's rule (cockpit/app.py `_save_worker`): a save checkpoints only when no other
    save is under way, so a burst of saves is one rewrite and nothing stays journaled."""
    from cockpit.actions import Workspace

    ana, bea, _ = seeded(db)
    service = Workspace(Store(db, journal=True), DAY)
    with service.saving():  # the first save ...
        service.store.log(Interaction(ana.id, "like", DAY))
        with service.saving():  # ... a second one started meanwhile
            service.store.log(Interaction(bea.id, "like", DAY))
        service.checkpoint_when_idle()  # the second ends: the first is still under way
        assert journal_of(db).exists()
    service.checkpoint_when_idle()  # the first ends last: it folds both
    assert not journal_of(db).exists()
    assert len(stock(db, "interactions")) == 2


def test_the_tui_folds_the_journal_in_a_pause_between_saves(db: Path) -> None:
    """The TUI's rule (cockpit/app.py `_save_worker`): the file is rewritten once saves
    have paused, not after each one (a rewrite would land on the next key), and every
    save in between is read back from the journal by anyone who opens the file."""
    from cockpit.actions import Workspace

    ana, bea, _ = seeded(db)
    service = Workspace(Store(db, journal=True), DAY)
    failures: list[Exception] = []
    with service.saving():
        service.store.log(Interaction(ana.id, "like", DAY))
    service.checkpoint_when_quiet(failures.append, quiet=0.5)
    first = service._fold_timer
    assert first is not None and journal_of(db).exists()
    with service.saving():  # the next key, within the pause: the fold waits again
        service.store.log(Interaction(bea.id, "like", DAY))
    service.checkpoint_when_quiet(failures.append, quiet=0.5)
    first.join()
    assert journal_of(db).exists()  # the first timer was called off
    assert len(Store(db).interactions()) == 2  # another reader replays the journal
    second = service._fold_timer
    assert second is not None
    second.join()
    assert not journal_of(db).exists() and not failures
    assert len(stock(db, "interactions")) == 2  # plain TinyDB sees both


def test_a_fold_that_fails_is_reported_and_the_saves_stay_in_the_journal(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from cockpit.actions import Workspace
    from cockpit.store import engine

    ana, _, _ = seeded(db)
    service = Workspace(Store(db, journal=True), DAY)
    with service.saving():
        service.store.log(Interaction(ana.id, "like", DAY))

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(engine.files, "atomic_write_bytes", full_disk)
    failures: list[Exception] = []
    service.checkpoint_when_quiet(failures.append, quiet=0.05)
    timer = service._fold_timer
    assert timer is not None
    timer.join()
    monkeypatch.undo()
    assert len(failures) == 1 and "safe in" in str(failures[0])
    assert journal_of(db).exists()
    assert len(Store(db).interactions()) == 1

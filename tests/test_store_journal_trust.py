"""A journal is trusted no more than the main file, belongs to one database, and a failed
fold says what is true: the saves are safe in the journal."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from conftest import one_error_line, snapshot

from cockpit.model import Contact, Interaction, Note
from cockpit.store import CheckpointError, Store, StoreError

DAY = dt.date(2026, 11, 22)


def journal_of(db: Path) -> Path:
    return db.with_name(db.name + ".journal")


def journaled_db(db: Path) -> Contact:
    """A database with Ana, and one save of hers waiting in the journal."""
    ana = Store(db).add_contact(Contact("Ana Ruiz"))
    Store(db, journal=True).save_note(Note(ana.id, "a real note", DAY, id="n0"))
    assert journal_of(db).exists()
    return ana


def with_op(db: Path, op: list) -> None:
    """Add `op` to the journal's last entry, as a hand edit or another program would."""
    data = orjson.loads(journal_of(db).read_bytes())
    data["entries"][-1]["ops"].append(op)
    journal_of(db).write_bytes(orjson.dumps(data))


BAD_NOTES = {
    "issue-example": {"id": "n1", "contact_id": "zzz", "text": 5},
    "unknown-contact": {"id": "n1", "contact_id": "zzz", "text": "hi", "date": "2026-11-22"},
    "text-not-text": {"id": "n1", "contact_id": "ANA", "text": 5, "date": "2026-11-22"},
    "no-date": {"id": "n1", "contact_id": "ANA", "text": "hi"},
    "impossible-date": {"id": "n1", "contact_id": "ANA", "text": "hi", "date": "2026-02-30"},
}


@pytest.mark.parametrize("name", sorted(BAD_NOTES))
def test_a_journal_record_the_main_file_would_refuse_is_refused(cli, db: Path,
                                                               name: str) -> None:
    ana = journaled_db(db)
    note = {k: (ana.id if v == "ANA" else v) for k, v in BAD_NOTES[name].items()}
    with_op(db, ["put", "notes", "2", note])
    files = {p: snapshot(p) for p in (db, journal_of(db))}
    with pytest.raises(StoreError, match="left untouched"):
        Store(db)
    code, _, err = cli("export-ics", db=db, today=DAY.isoformat())
    assert code != 0
    assert "cockpit.json.journal" in one_error_line(err)
    code, _, err = cli("note", "Ana", "another", db=db, today=DAY.isoformat())
    assert code != 0
    assert {p: snapshot(p) for p in files} == files


def test_a_malformed_interaction_in_the_journal_is_refused(db: Path) -> None:
    ana = journaled_db(db)
    with_op(db, ["put", "interactions", "1", {"id": "i1", "contact_id": ana.id,
                                              "kind": "hug", "date": "2026-11-22"}])
    with pytest.raises(StoreError, match="malformed interaction"):
        Store(db)


def test_a_journal_copied_from_another_database_is_refused(tmp_path: Path) -> None:
    """Same contacts, same sequence numbers: only the database id tells them apart."""
    one, two = tmp_path / "one" / "cockpit.json", tmp_path / "two" / "cockpit.json"
    for db in (one, two):
        db.parent.mkdir()
        Store(db).insert_many(contacts=[Contact("Ana Ruiz", id="c-ana")])
    assert json.loads(one.read_bytes())["meta"]["1"]["database_id"] != json.loads(
        two.read_bytes())["meta"]["1"]["database_id"]
    Store(one, journal=True).save_note(Note("c-ana", "written to one", DAY))
    shutil.copy(journal_of(one), journal_of(two))
    before = snapshot(two), snapshot(journal_of(two))
    with pytest.raises(StoreError, match="belongs to another database"):
        Store(two)
    assert (snapshot(two), snapshot(journal_of(two))) == before
    assert [n.text for n in Store(one).notes()] == ["written to one"]  # its own still works


def test_a_copy_of_the_whole_database_keeps_its_journal(tmp_path: Path) -> None:
    """Copying the file and its journal together (a backup) is the same database."""
    db = tmp_path / "a" / "cockpit.json"
    db.parent.mkdir()
    journaled_db(db)
    copy = tmp_path / "b"
    shutil.copytree(db.parent, copy)
    assert [n.text for n in Store(copy / "cockpit.json").notes()] == ["a real note"]


# ---------------------------------------------------------------- a fold that fails

_FOLD_ON_A_FULL_DISK = r"""
import datetime as dt, json, resource, signal, sys
from cockpit.model import Interaction
from cockpit.store import CheckpointError, Store
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
store = Store(sys.argv[1], journal=True)  # as the TUI opens it
ana = store.resolve("Ana")
size = len(open(sys.argv[1], "rb").read())
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
# Room for the small journal, not for the big file: what a nearly full disk does.
resource.setrlimit(resource.RLIMIT_FSIZE, (size // 2, hard))
for i in range(5):
    store.log(Interaction(ana.id, "like", dt.date(2026, 11, 22), summary=f"save {i}"))
out = {"pending": store.pending_in_journal}
try:
    store.checkpoint()
    out["error"] = None
except CheckpointError as exc:
    out.update(error=str(exc), error_pending=exc.pending, after=store.pending_in_journal)
print(json.dumps(out))
"""


def test_a_failed_fold_says_the_saves_are_safe_in_the_journal(db: Path) -> None:
    """A real file-size limit (EFBIG, like ENOSPC): five saves are journaled, the fold
    fails. Before, that read "could not save …; nothing was changed"."""
    Store(db).insert_many(contacts=[Contact("Ana Ruiz"), *(
        Contact(f"Person {i}", company="Acme " * 20) for i in range(100))])
    before = db.read_bytes()
    proc = subprocess.run([sys.executable, "-c", _FOLD_ON_A_FULL_DISK, str(db)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["pending"] == 5
    assert out["error_pending"] == out["after"] == 5
    message = out["error"]
    assert "disk is full" in message and "5 saved changes are safe in cockpit.json.journal" \
        in message and "nothing was changed" not in message and "\n" not in message
    assert db.read_bytes() == before  # the main file as it was
    fresh = Store(db)  # the next open replays them
    assert sorted(i.summary for i in fresh.interactions()) == [f"save {i}" for i in range(5)]
    assert fresh.pending_in_journal == 5
    fresh.checkpoint()  # space is back: folded in
    assert fresh.pending_in_journal == 0 and not journal_of(db).exists()
    assert Store(db).interaction_count() == 5


def test_a_fold_with_nothing_waiting_fails_as_an_ordinary_error(db: Path, monkeypatch) -> None:
    """CheckpointError only when saves are waiting: otherwise nothing is in the journal."""
    import errno

    import cockpit.store.files as store_files

    ana = Store(db).add_contact(Contact("Ana Ruiz"))
    store = Store(db, journal=True)
    store.log(Interaction(ana.id, "like", DAY))
    store.checkpoint()
    assert store.pending_in_journal == 0

    def full(*args, **kw):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_files, "atomic_write_bytes", full)
    with pytest.raises(StoreError, match="disk is full; nothing was changed") as info:
        store.log(Interaction(ana.id, "call", DAY))
    assert not isinstance(info.value, CheckpointError)
    store.checkpoint()  # nothing to fold: no error

"""The file on disk: mode 0600, rolling backup, disk full, older schemas, stock TinyDB."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import snapshot, temp_files

from cockpit.model import Ask, Contact, Draft, FollowUp, Interaction, Note
from cockpit.store import SCHEMA_VERSION, Store, StoreError

DAY = dt.date(2026, 11, 20)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    """A permissive umask, so 0600 must come from the store and not from the umask."""
    old = os.umask(0)
    yield
    os.umask(old)


def test_new_db_is_0600_and_stays_0600(db: Path, open_umask) -> None:
    store = Store(db)
    ana = store.add_contact(Contact("Ana Ruiz"))
    assert mode(db) == 0o600
    store.log(Interaction(ana.id, "like", DAY))
    store.save_note(Note(ana.id, "likes sailing", DAY))
    assert mode(db) == 0o600
    assert mode(db.with_name(db.name + ".bak")) == 0o600  # the backup is personal data too
    assert mode(db.with_name(db.name + ".lock")) == 0o600
    journaled = Store(db, journal=True)
    journaled.log(Interaction(ana.id, "comment", DAY))
    assert mode(db.with_name(db.name + ".journal")) == 0o600  # changed records are too


def test_cli_created_db_is_0600(cli, db: Path, open_umask) -> None:
    code, _, err = cli("add", "Ana Ruiz", db=db)
    assert code == 0, err
    assert mode(db) == 0o600
    assert cli("log", "Ana", "like", db=db)[0] == 0
    assert mode(db) == 0o600


def test_a_world_readable_db_becomes_0600_on_write(db: Path) -> None:
    Store(db).add_contact(Contact("Ana Ruiz"))
    db.chmod(0o644)
    Store(db).add_contact(Contact("Bea Soto"))
    assert mode(db) == 0o600


def test_rolling_backup_holds_the_previous_good_version(db: Path) -> None:
    store = Store(db)
    ana = store.add_contact(Contact("Ana Ruiz"))
    first = db.read_bytes()
    store.log(Interaction(ana.id, "call", DAY))
    second = db.read_bytes()
    backup = db.with_name(db.name + ".bak")
    assert backup.read_bytes() == first
    store.save_note(Note(ana.id, "two kids", DAY))
    assert backup.read_bytes() == second
    assert Store(backup).interaction_count() == 1  # the backup opens as a database


def test_backup_survives_a_corrupted_main_file(cli, db: Path) -> None:
    store = Store(db)
    ana = store.add_contact(Contact("Ana Ruiz"))
    store.log(Interaction(ana.id, "call", DAY))
    backup = db.with_name(db.name + ".bak")
    good = backup.read_bytes()
    db.write_bytes(db.read_bytes()[:30])
    code, _, err = cli("log", "Ana", "like", db=db)
    assert code != 0 and "cockpit.json.bak" in err
    assert backup.read_bytes() == good
    assert [c.name for c in Store(backup).contacts()] == ["Ana Ruiz"]


# ---------------------------------------------------------------- disk full

class FullDisk:
    """Stands in for the temp file object: takes `room` bytes, then fails with ENOSPC."""

    def __init__(self, real, room: int) -> None:
        self.real, self.room = real, room

    def write(self, data) -> int:
        if self.room <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        n = self.real.write(bytes(data)[: self.room])
        self.room -= n
        return n

    def __getattr__(self, name):
        return getattr(self.real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.real.close()


def test_disk_full_keeps_old_file_and_store_stays_usable(db: Path, monkeypatch) -> None:
    store = Store(db)
    ana = store.add_contact(Contact("Ana Ruiz"))
    store.log(Interaction(ana.id, "like", DAY))
    before = snapshot(db)
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: FullDisk(real_fdopen(*a, **k), 100))
    with pytest.raises(StoreError) as info:
        store.log(Interaction(ana.id, "comment", DAY, summary="lost to the full disk"))
    message = str(info.value)
    assert str(db) in message and "disk is full" in message and "\n" not in message
    assert snapshot(db) == before
    assert temp_files(db.parent) == []
    with pytest.raises(StoreError):
        store.add_contact(Contact("Bea Soto"))  # still full: still refused, still intact
    assert snapshot(db) == before
    monkeypatch.undo()  # space is back
    assert store.interaction_count() == 1
    store.log(Interaction(ana.id, "share", DAY))
    reopened = Store(db)
    assert sorted(i.kind for i in reopened.interactions()) == ["like", "share"]
    assert [c.name for c in reopened.contacts()] == ["Ana Ruiz"]
    assert temp_files(db.parent) == []


def test_fsync_failure_keeps_old_file(db: Path, monkeypatch) -> None:
    store = Store(db)
    store.add_contact(Contact("Ana Ruiz"))
    before = snapshot(db)

    def broken_fsync(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(StoreError, match="could not save"):
        store.add_contact(Contact("Bea Soto"))
    monkeypatch.undo()
    assert snapshot(db) == before
    assert temp_files(db.parent) == []
    assert [c.name for c in Store(db).contacts()] == ["Ana Ruiz"]


# A real kernel fault: RLIMIT_FSIZE makes write() fail with EFBIG past the limit.
FSIZE_SCRIPT = r"""
import datetime as dt, json, resource, signal, sys
from cockpit.model import Contact, Interaction
from cockpit.store import Store, StoreError
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
path = sys.argv[1]
store = Store(path)
ana = store.contacts()[0]
size = len(open(path, "rb").read())
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
resource.setrlimit(resource.RLIMIT_FSIZE, (size // 2, hard))
out = {}
try:
    store.log(Interaction(ana.id, "comment", dt.date(2026, 11, 20), summary="x" * 500))
    out["first"] = "written"
except StoreError as exc:
    out["first"] = str(exc)
resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
store.log(Interaction(ana.id, "share", dt.date(2026, 11, 20)))
out["count"] = store.interaction_count()
print(json.dumps(out))
"""


def test_file_size_limit_in_a_real_process(db: Path) -> None:
    store = Store(db)
    ana = store.add_contact(Contact("Ana Ruiz", company="x" * 2000))
    store.log(Interaction(ana.id, "like", DAY))
    before = db.read_bytes()
    proc = subprocess.run([sys.executable, "-c", FSIZE_SCRIPT, str(db)], capture_output=True,
                          text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert "disk is full" in out["first"] and str(db) in out["first"]
    assert out["count"] == 2
    assert db.with_name(db.name + ".bak").read_bytes() == before  # the file the fault spared
    assert sorted(i.kind for i in Store(db).interactions()) == ["like", "share"]
    assert temp_files(db.parent) == []


# ---------------------------------------------------------------- schema and stock TinyDB

def test_older_tinydb_file_without_meta_opens_and_migrates(db: Path) -> None:
    from tinydb import TinyDB

    with TinyDB(db) as old:
        old.insert({"scratch": True})  # TinyDB's _default table: kept as it is
        old.table("contacts").insert({"id": "c-ana", "name": "Ana Ruiz", "company": "Globex",
                                      "tie": "close", "birthday": "--02-29"})
        old.table("contacts").insert({"id": "c-bea", "name": "Bea Soto"})
        old.table("notes").insert({"id": "n-1", "contact_id": "c-ana", "text": "sails",
                                   "date": "2026-01-02"})
        old.table("interactions").insert({"id": "i-1", "contact_id": "c-ana", "kind": "call",
                                          "date": "2026-03-04"})
    assert "meta" not in json.loads(db.read_text())
    store = Store(db)
    assert store.schema_version == SCHEMA_VERSION
    ana = store.resolve("ana")
    assert (ana.company, ana.tie, ana.birthday.iso()) == ("Globex", "close", "--02-29")
    assert ana.last_interaction == dt.date(2026, 3, 4)  # derived from the interactions table
    assert [n.text for n in store.notes(ana.id)] == ["sails"]
    store.log(Interaction(ana.id, "like", DAY))
    on_disk = json.loads(db.read_text())
    assert next(iter(on_disk["meta"].values()))["schema_version"] == SCHEMA_VERSION
    assert list(on_disk["_default"].values()) == [{"scratch": True}]
    again = Store(db)
    assert again.interaction_count() == 2
    assert again.resolve("Ana Ruiz").last_interaction == DAY


def test_our_file_is_readable_with_stock_tinydb(db: Path) -> None:
    from tinydb import TinyDB

    store = Store(db)
    ana = store.add_contact(Contact("Núria Ibáñez", company="Globex", emails=["n@x.es"]))
    store.save_note(Note(ana.id, "runs marathons", DAY))
    store.log(Interaction(ana.id, "like", DAY, channel="linkedin"))
    store.save_followup(FollowUp(ana.id, DAY, "thank her"))
    store.save_ask(Ask(ana.id, "an intro", DAY))
    store.save_draft(Draft(ana.id, "thanks", "linkedin", "Hi Núria"))
    before = snapshot(db)
    with TinyDB(db) as plain:
        tables = plain.tables()
        assert {"contacts", "notes", "interactions", "followups", "asks", "drafts",
                "meta"} <= tables
        [contact] = plain.table("contacts").all()
        assert (contact["id"], contact["name"], contact["emails"]) == (ana.id, "Núria Ibáñez",
                                                                       ["n@x.es"])
        [note] = plain.table("notes").all()
        assert (note["contact_id"], note["text"], note["date"]) == (ana.id, "runs marathons",
                                                                    "2026-11-20")
        [inter] = plain.table("interactions").all()
        assert (inter["kind"], inter["date"], inter["channel"]) == ("like", "2026-11-20",
                                                                    "linkedin")
        assert plain.table("followups").all()[0]["due"] == "2026-11-20"
        assert plain.table("asks").all()[0]["what"] == "an intro"
        assert plain.table("drafts").all()[0]["text"] == "Hi Núria"
        assert plain.table("meta").all()[0]["schema_version"] == SCHEMA_VERSION
    assert snapshot(db) == before  # reading with TinyDB changes nothing


def test_a_file_edited_with_stock_tinydb_still_opens(db: Path) -> None:
    from tinydb import TinyDB, where

    store = Store(db)
    ana = store.add_contact(Contact("Ana Ruiz"))
    store.log(Interaction(ana.id, "like", DAY))
    with TinyDB(db) as plain:
        plain.table("contacts").update({"company": "Initech"}, where("id") == ana.id)
        plain.table("interactions").insert({"id": "i-x", "contact_id": ana.id, "kind": "call",
                                            "date": "2026-11-21"})
    again = Store(db)
    assert again.contact(ana.id).company == "Initech"
    assert again.interaction_count() == 2
    assert again.contact(ana.id).last_interaction == dt.date(2026, 11, 21)
    again.log(Interaction(ana.id, "share", DAY))
    assert Store(db).interaction_count() == 3


def test_interaction_removed_with_stock_tinydb_keeps_the_count_right(cli, db: Path) -> None:
    """Doc ids then have a gap: the count must not be guessed from the next id."""
    from tinydb import TinyDB, where

    store = Store(db)
    ana = store.add_contact(Contact("Ana Ruiz"))
    for kind in ("like", "comment", "share", "call"):
        store.log(Interaction(ana.id, kind, DAY))
    with TinyDB(db) as plain:
        plain.table("interactions").remove(where("kind") == "comment")
    assert Store(db).interaction_count() == 3
    code, _, err = cli("log", "Ana", "email", db=db, today="2026-11-21")
    assert code == 0, err
    again = Store(db)
    assert again.interaction_count() == 4 == len(again.interactions())
    again.log(Interaction(ana.id, "like", DAY))
    assert Store(db).interaction_count() == 5

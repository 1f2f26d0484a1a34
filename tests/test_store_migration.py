"""A file written by an older Cockpit opens, migrates and stays plain TinyDB."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tinydb import TinyDB

from cockpit.model import NoteKind
from cockpit.store import SCHEMA_VERSION, Store

FIXTURES = Path(__file__).parent / "fixtures" / "store"


def old_copy(folder: Path, with_journal: bool = True) -> Path:
    db = folder / "cockpit.json"
    shutil.copy(FIXTURES / "schema1.json", db)
    if with_journal:
        shutil.copy(FIXTURES / "schema1.json.journal", folder / "cockpit.json.journal")
    return db


def test_a_schema_1_file_migrates_its_notes_to_memos(tmp_path: Path) -> None:
    db = old_copy(tmp_path, with_journal=False)
    assert SCHEMA_VERSION == 2
    store = Store(db)
    assert store.schema_version == SCHEMA_VERSION
    assert {n.id: n.kind for n in store.notes()} == {"n-1": "memo", "n-2": "memo"}
    assert all(n.is_memo for n in store.notes())
    store.save_note(store.notes()[0])  # any save writes the migration
    with TinyDB(db) as plain:  # stock TinyDB still reads it
        assert plain.table("meta").all()[0]["schema_version"] == SCHEMA_VERSION
        assert isinstance(plain.table("meta").all()[0]["database_id"], str)
        notes = plain.table("notes").all()
        assert sorted((n["id"], n["kind"]) for n in notes) == [("n-1", NoteKind.MEMO.value),
                                                               ("n-2", NoteKind.MEMO.value)]
        assert [c["name"] for c in plain.table("contacts").all()] == ["Ana Ruiz", "Bea Soto"]
        assert [i["kind"] for i in plain.table("interactions").all()] == ["call"]
    again = Store(db)
    assert again.resolve("Ana").last_interaction is not None
    assert [f.reason for f in again.followups()] == ["thank her"]


def test_a_schema_1_journal_is_folded_in_on_upgrade(tmp_path: Path) -> None:
    """The old version's journal has no database id, like its file: it is still theirs."""
    db = old_copy(tmp_path)
    store = Store(db, journal=True)
    assert sorted(n.text for n in store.notes()) == [
        "journaled before the upgrade", "moving to Lisbon", "runs marathons"]
    assert all(n.is_memo for n in store.notes())
    store.checkpoint()
    assert not (tmp_path / "cockpit.json.journal").exists()
    data = json.loads(db.read_bytes())
    assert data["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert {d["id"]: d["kind"] for d in data["notes"].values()} == {
        "n-1": "memo", "n-2": "memo", "n-3": "memo"}


def test_after_the_upgrade_a_journal_carries_the_database_id(tmp_path: Path) -> None:
    db = old_copy(tmp_path, with_journal=False)
    store = Store(db, journal=True)
    store.save_note(store.notes()[0])  # a migration is written whole, not journaled
    assert not (tmp_path / "cockpit.json.journal").exists()
    store.save_note(store.notes()[1])
    journal = json.loads((tmp_path / "cockpit.json.journal").read_bytes())
    meta = json.loads(db.read_bytes())["meta"]["1"]
    assert journal["database"] == meta["database_id"]

"""A file we cannot read is refused with one clear line and never touched."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import one_error_line, snapshot, temp_files

from cockpit.model import Contact, Interaction, Note
from cockpit.store import SCHEMA_VERSION, Store, StoreError

DAY = dt.date(2026, 11, 20)


def make_valid(path: Path) -> bytes:
    store = Store(path)
    ana = store.add_contact(Contact("Ana Ruiz", company="Globex"))
    bea = store.add_contact(Contact("Bea Soto"))
    store.save_note(Note(ana.id, "runs marathons", DAY))
    for i, kind in enumerate(["like", "comment", "share", "call"]):
        store.log(Interaction(ana.id, kind, DAY - dt.timedelta(days=i), summary=f"summary {i}"))
    store.log(Interaction(bea.id, "email", DAY, summary="hello Bea"))
    path.with_name(path.name + ".bak").unlink()  # only the file under test in the folder
    return path.read_bytes()


def interactions_at(valid: bytes) -> int:
    """Offset of the interactions table's body (the last table in our files)."""
    key = b',"interactions":'
    return valid.rindex(key) + len(key)


def nuls_in_interactions(valid: bytes) -> bytes:
    at = interactions_at(valid) + 10
    assert valid[at + 20:].strip(b"}")  # the NULs land inside the table, not at its end
    return valid[:at] + b"\0" * 20 + valid[at + 20:]


def newer_schema(valid: bytes) -> bytes:
    current = b'"schema_version":%d' % SCHEMA_VERSION
    assert valid.count(current) == 1
    return valid.replace(current, b'"schema_version":9')


CORRUPTIONS: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda v: b"",
    "blank": lambda v: b"\n  \n",
    "truncated-half": lambda v: v[: len(v) // 2],
    "truncated-last-byte": lambda v: v[:-1],
    "truncated-in-interactions": lambda v: v[: interactions_at(v) + 40],
    "trailing-garbage": lambda v: v + b"garbage",
    "trailing-brace": lambda v: v + b"}",
    "trailing-object": lambda v: v + b'{"meta":{}}',
    "all-nul": lambda v: b"\0" * len(v),
    "nul-inside-a-string": lambda v: v.replace(b"summary 2", b"summary\0\0"),
    "nul-in-interactions": nuls_in_interactions,
    "json-list": lambda v: b"[" + v + b"]",
    "json-empty-list": lambda v: b"[]",
    "json-string": lambda v: b'"cockpit"',
    "table-not-a-table": lambda v: b'{"contacts": [1, 2, 3]}',
    "newer-schema": newer_schema,
}


@pytest.fixture(params=sorted(CORRUPTIONS))
def corrupt_db(request: pytest.FixtureRequest, db: Path) -> Path:
    bad = CORRUPTIONS[request.param](make_valid(db))
    db.write_bytes(bad)
    return db


COMMANDS = [
    ("contacts", "--json"),
    ("log", "Ana", "like"),
    ("add", "Carla Puig", "--how", "in-person"),
    ("note", "Ana", "a new note"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_cli_refuses_corrupt_file_and_leaves_it_untouched(cli, corrupt_db: Path, args) -> None:
    before = snapshot(corrupt_db)
    code, out, err = cli(*args, db=corrupt_db, today="2026-11-21")
    assert code != 0
    line = one_error_line(err)
    assert str(corrupt_db) in line
    assert out == ""
    assert snapshot(corrupt_db) == before
    assert temp_files(corrupt_db.parent) == []
    assert not corrupt_db.with_name(corrupt_db.name + ".bak").exists()


def test_real_process_refuses_corrupt_file(run_cli, db: Path) -> None:
    """Same through a real process: exit code, one line, no traceback, file untouched."""
    valid = make_valid(db)
    for name in ("truncated-half", "nul-in-interactions", "json-list", "newer-schema", "empty"):
        db.write_bytes(CORRUPTIONS[name](valid))
        before = snapshot(db)
        code, _out, err = run_cli("log", "Ana", "like", db=db)
        assert code != 0, name
        assert str(db) in one_error_line(err), name
        assert snapshot(db) == before, name


def test_newer_schema_message_says_upgrade(cli, db: Path) -> None:
    db.write_bytes(newer_schema(make_valid(db)))
    code, _, err = cli("contacts", "--json", db=db)
    assert code != 0
    assert "newer" in err and "upgrade" in err.lower()


def test_store_raises_store_error_for_each_corruption(db: Path) -> None:
    valid = make_valid(db)
    for name, corrupt in CORRUPTIONS.items():
        db.write_bytes(corrupt(valid))
        with pytest.raises(StoreError) as info:
            Store(db)
        assert str(db) in str(info.value), name
        assert "\n" not in str(info.value), name


# ---------------------------------------------------------------- hand edits (valid JSON)

def test_hand_edited_interactions_same_length_still_open(cli, db: Path) -> None:
    valid = make_valid(db)
    assert valid.count(b"summary 2") == 1
    db.write_bytes(valid.replace(b"summary 2", b"SUMMARY 2"))  # meta's CRC no longer matches
    store = Store(db)
    assert "SUMMARY 2" in {i.summary for i in store.interactions()}
    assert store.interaction_count() == 5
    code, _, err = cli("log", "Ana", "message", db=db, today="2026-11-21")
    assert code == 0, err
    again = Store(db)
    summaries = {i.summary for i in again.interactions()}
    assert "SUMMARY 2" in summaries and "summary 2" not in summaries
    assert again.interaction_count() == 6 == len(again.interactions())


def test_hand_deleted_interaction_is_reflected_everywhere(cli, db: Path) -> None:
    """The user removes Bea's only interaction by hand: count and last_interaction follow."""
    data = json.loads(make_valid(db))
    inter = data["interactions"]
    bea_doc = next(k for k, v in inter.items() if v["summary"] == "hello Bea")
    del inter[bea_doc]
    db.write_text(json.dumps(data, indent=4))  # as a text editor or stock TinyDB would write it
    store = Store(db)
    assert store.interaction_count() == 4 == len(store.interactions())
    code, out, err = cli("contacts", "--json", db=db)
    assert code == 0, err
    rows = {r["name"]: r for r in json.loads(out)}
    assert rows["Bea Soto"]["last_interaction"] is None
    assert rows["Ana Ruiz"]["last_interaction"] == "2026-11-20"
    code, _, err = cli("log", "Bea", "call", db=db, today="2026-11-21")
    assert code == 0, err
    assert Store(db).interaction_count() == 5 == len(Store(db).interactions())


# ---------------------------------------------------------------- malformed records

ANA = '{"id": "c-ana", "name": "Ana Ruiz"}'
MALFORMED = {
    "contact-without-name": '{"contacts": {"1": {"id": "c-ana"}}}',
    "contact-name-not-text": '{"contacts": {"1": {"id": "c-ana", "name": 5}}}',
    "contact-bad-date": '{"contacts": {"1": {"id": "c-ana", "name": "Ana Ruiz", '
                        '"met_on": "2026-13-01"}}}',
    "note-without-contact": '{"contacts": {"1": ' + ANA + '}, "notes": {"1": {"id": "n"}}}',
    "interaction-date-not-text": '{"contacts": {"1": ' + ANA + '}, "interactions": {"1": '
                                 '{"id": "i", "contact_id": "c-ana", "kind": "like", "date": 5}}}',
    "interaction-bad-date": '{"contacts": {"1": ' + ANA + '}, "interactions": {"1": {"id": "i", '
                            '"contact_id": "c-ana", "kind": "like", "date": "2026-13-01"}}}',
    "interaction-without-id": '{"contacts": {"1": ' + ANA + '}, "interactions": {"1": '
                              '{"contact_id": "c-ana", "kind": "like", "date": "2026-11-01"}}}',
}


@pytest.mark.parametrize("args", COMMANDS, ids=[c[0] for c in COMMANDS])
@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_records_are_a_clear_error_not_a_traceback(cli, db: Path, name: str,
                                                              args) -> None:
    """Valid JSON, wrong records (a hand edit gone wrong): refused like a corrupt file.

    A bad *value* in a contact (an impossible date) is found when that contact is read,
    so adding someone else still works, and keeps the bad record exactly as it was.
    """
    db.write_text(MALFORMED[name])
    before = snapshot(db)
    code, _out, err = cli(*args, db=db, today="2026-11-21")
    if name == "contact-bad-date" and args[0] == "add":
        assert code == 0, err
        kept = json.loads(MALFORMED[name])["contacts"]["1"]
        [ana] = [d for d in json.loads(db.read_text())["contacts"].values() if d["id"] == "c-ana"]
        assert {k: ana[k] for k in kept} == kept
        return
    assert code != 0
    assert str(db) in one_error_line(err)
    assert snapshot(db) == before


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_records_raise_store_error(db: Path, name: str) -> None:
    db.write_text(MALFORMED[name])
    with pytest.raises(StoreError, match=r"cockpit\.json"):
        store = Store(db)
        store.resolve("Ana")
        store.contacts()
        store.notes()
        store.interactions()

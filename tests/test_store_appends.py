"""Logging appends to the interactions table without copying it (pieces + a running CRC).

Whatever the sequence of writes in one long-lived Store (a TUI session), the file on disk
must be plain JSON whose meta (byte count, CRC-32, next id, count) vouches for its
interactions table, and a fresh Store must read back exactly what was logged.
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from pathlib import Path

from cockpit.model import Contact, Interaction
from cockpit.store import Store

DAY = dt.date(2026, 11, 20)
KEY = b',"interactions":'


def check_file(path: Path) -> dict:
    data = path.read_bytes()
    whole = json.loads(data)  # plain JSON
    info = whole["meta"]["1"]["interactions"]
    table = data[data.rindex(KEY) + len(KEY):-1]
    assert info["bytes"] == len(table)
    assert info["crc32"] == zlib.crc32(table)
    assert info["count"] == len(whole["interactions"])
    assert info["next_id"] > max(map(int, whole["interactions"]), default=0)
    return whole


def test_many_logs_in_one_session_then_a_fresh_reader(tmp_path: Path) -> None:
    db = tmp_path / "c.json"
    store = Store(db)
    people = [store.add_contact(Contact(f"Person {i}")) for i in range(5)]
    logged = []
    for i in range(150):  # past the point where appended pieces are merged (64)
        c = people[i % len(people)]
        logged.append(store.log(Interaction(c.id, "like", DAY - dt.timedelta(days=i % 9),
                                            summary=f"s{i} é ✓")).id)
        if i in (0, 1, 70, 149):
            check_file(db)
    whole = check_file(db)
    assert sorted(d["id"] for d in whole["interactions"].values()) == sorted(logged)
    fresh = Store(db)
    assert fresh._engine.doc.inter.docs is None  # the fast path vouched for the table
    assert sorted(i.id for i in fresh.interactions()) == sorted(logged)
    assert fresh.interaction_count() == 150
    assert fresh.contact(people[0].id).last_interaction == DAY


def test_appends_after_reopening_and_after_parsing(tmp_path: Path) -> None:
    db = tmp_path / "c.json"
    store = Store(db)
    ana = store.add_contact(Contact("Ana"))
    store.log(Interaction(ana.id, "call", DAY))
    again = Store(db)  # table now a view of the file's bytes
    again.log(Interaction(ana.id, "email", DAY))
    assert sorted(i.kind for i in again.interactions(ana.id)) == ["call", "email"]
    again.log(Interaction(ana.id, "share", DAY))  # now on parsed docs
    check_file(db)
    assert sorted(i.kind for i in Store(db).interactions()) == ["call", "email", "share"]


def test_cached_contact_follows_a_log(tmp_path: Path) -> None:
    db = tmp_path / "c.json"
    store = Store(db)
    ana = store.add_contact(Contact("Ana"))
    bea = store.add_contact(Contact("Bea"))
    before = {c.id: c for c in store.contacts()}
    store.log(Interaction(ana.id, "comment", DAY))
    after = {c.id: c for c in store.contacts()}
    assert after[ana.id].seen == {"comment": DAY}
    assert after[bea.id] is before[bea.id]  # the other 29,999 are not rebuilt
    assert [c.id for c in store.contacts()] == [ana.id, bea.id]


def test_first_interaction_in_an_empty_table(tmp_path: Path) -> None:
    db = tmp_path / "c.json"
    store = Store(db)
    ana = store.add_contact(Contact("Ana"))
    assert b'"interactions":{}' in db.read_bytes()
    Store(db).log(Interaction(ana.id, "met", DAY))
    whole = check_file(db)
    assert len(whole["interactions"]) == 1


def test_table_pieces_match_a_full_serialisation(tmp_path: Path) -> None:
    """Re-serialising only the touched pieces gives the same bytes as dumping the table."""
    import orjson

    from cockpit.model import Note

    db = tmp_path / "c.json"
    store = Store(db)
    people = [Contact(f"Person {i:04d}") for i in range(1100)]  # three pieces
    store.insert_many(contacts=people)
    ops = [
        lambda i: store.log(Interaction(people[i * 37 % 1100].id, "like", DAY)),
        lambda i: store.add_contact(Contact(f"New {i}")),
        lambda i: store.update_contact(Contact(f"Renamed {i}", id=people[i * 53 % 1100].id)),
        lambda i: store.save_note(Note(people[i].id, f"note {i}", DAY)),
        lambda i: store.delete_note(store.notes()[0].id),
    ]
    for i in range(40):
        ops[i % len(ops)](i)
        whole = db.read_bytes()
        for table in ("contacts", "notes"):
            expected = orjson.dumps(store._engine.doc.docs[table])
            assert b'"%s":%s' % (table.encode(), expected) in whole, (i, table)
        assert json.loads(whole)["contacts"] == Store(db)._engine.doc.docs["contacts"]
    with store.transaction():  # two changes, one write
        store.log(Interaction(people[5].id, "call", DAY))
        store.add_contact(Contact("Last one"))
    assert json.loads(db.read_bytes())["contacts"] == store._engine.doc.docs["contacts"]

"""Deleting a logged interaction: gone from the file, the history read in place and the
parsed table alike; the contact's keep-in-touch dates follow; journaled, so a crash at any
moment neither loses the delete nor brings the interaction back twice."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import tinydb

from cockpit.model import Contact, Interaction
from cockpit.store import NotFound, Store

DAY = dt.date(2026, 11, 20)


def stock(db: Path) -> list[dict]:
    """The interactions as stock TinyDB reads the file."""
    with tinydb.TinyDB(db) as tdb:
        return list(tdb.table("interactions").all())


def logged(db: Path, n: int = 6) -> tuple[Contact, Contact, list[Interaction]]:
    store = Store(db)
    ana, bo = store.add_contact(Contact("Ana")), store.add_contact(Contact("Bo"))
    items = [store.log(Interaction((ana, bo)[i % 2].id, ("like", "call")[i % 2],
                                   DAY - dt.timedelta(days=i), summary=f"s{i} }}\"x"))
             for i in range(n)]
    return ana, bo, items


@pytest.mark.parametrize("which", [0, 2, 5])  # the first entry, one inside, the last
def test_delete_from_the_raw_table_without_parsing_it(db: Path, which: int) -> None:
    _, _, items = logged(db)
    store = Store(db)
    gone = store.delete_interaction(items[which].id)
    assert gone is not None and gone.summary == items[which].summary
    assert store._engine.doc.inter.docs is None  # nothing was parsed
    left = {i.id for i in items} - {items[which].id}
    assert {d["id"] for d in stock(db)} == left  # the file is valid TinyDB JSON
    assert store.interaction_count() == 5
    fresh = Store(db)
    assert {i.id for i in fresh.interactions()} == left
    assert fresh.interaction_count() == 5


def test_delete_from_the_parsed_table_and_of_an_entry_appended_this_session(db: Path) -> None:
    _, bo, items = logged(db)
    store = Store(db)
    late = store.log(Interaction(bo.id, "email", DAY, summary="appended"))
    store.delete_interaction(late.id)  # it sits in the appended bytes
    store.interactions()  # now parsed
    store.delete_interaction(items[1].id)
    assert store._engine.doc.inter.docs is not None
    want = {i.id for i in items} - {items[1].id}
    assert {d["id"] for d in stock(db)} == want
    assert Store(db).interaction_count() == 5


def test_the_contacts_last_contact_dates_are_recomputed(db: Path) -> None:
    store = Store(db)
    ana = store.add_contact(Contact("Ana"))
    old = store.log(Interaction(ana.id, "call", DAY - dt.timedelta(days=40)))
    new = store.log(Interaction(ana.id, "call", DAY))
    wish = store.log(Interaction(ana.id, "birthday-wish", DAY))
    assert store.contact(ana.id).last_interaction == DAY
    store.delete_interaction(new.id)
    store.delete_interaction(wish.id)
    assert store.contact(ana.id).seen == {"call": old.date}
    assert Store(db).contact(ana.id).seen == {"call": old.date}
    store.delete_interaction(old.id)
    assert store.contact(ana.id).last_interaction is None
    assert "seen" not in json.loads(db.read_text())["contacts"]["1"]  # as before any log


def test_an_unknown_id_is_one_clear_error_and_nothing_is_written(db: Path) -> None:
    logged(db, 2)
    before = db.read_bytes()
    with pytest.raises(NotFound, match="no interaction with id nope"):
        Store(db).delete_interaction("nope")
    assert db.read_bytes() == before


def test_a_journaled_delete_survives_a_crash_and_is_never_replayed_twice(db: Path) -> None:
    ana, _, items = logged(db)
    tui = Store(db, journal=True)
    tui.delete_interaction(items[0].id)
    journal = db.with_name(db.name + ".journal")
    kept = journal.read_bytes()
    assert b'["del","interactions"' in kept
    # killed before the checkpoint: the next process replays the delete
    after_crash = Store(db, journal=True)
    assert items[0].id not in {i.id for i in after_crash.interactions(ana.id)}
    assert after_crash.interaction_count() == 5
    assert after_crash.contact(ana.id).last_interaction == items[2].date
    # a new log after it takes a new doc id (ids are never reused)
    extra = after_crash.log(Interaction(ana.id, "like", DAY, summary="new"))
    after_crash.checkpoint()
    journal.write_bytes(kept)  # as if a checkpoint died before removing the journal
    again = Store(db)
    ids = [d["id"] for d in stock(db)]
    assert sorted({i.id for i in again.interactions()}) == sorted(ids)
    assert items[0].id not in ids and extra.id in ids and len(ids) == len(set(ids)) == 6


def test_the_history_read_in_place_stays_right_after_deletes(db: Path) -> None:
    ana, bo, items = logged(db, 12)
    rng = random.Random(16)
    store = Store(db, journal=True)
    alive = {i.id: i for i in items}
    for step in range(10):
        if step % 3 == 0:
            new = store.log(Interaction(rng.choice((ana, bo)).id, "like", DAY,
                                        summary=f'{{"id":"x{step}"}}'))
            alive[new.id] = new
        victim = rng.choice(sorted(alive))
        store.delete_interaction(victim)
        del alive[victim]
        for person in (ana, bo):
            want = sorted(i.id for i in alive.values() if i.contact_id == person.id)
            assert sorted(i.id for i in store.interactions(person.id)) == want
            assert sorted(i.id for i in Store(db).interactions(person.id)) == want
    assert store._engine.doc.inter.docs is None


WRITER = """
import sys
from cockpit.store import Store
store = Store(sys.argv[1], journal=True)
for interaction_id in sys.argv[2:]:
    store.delete_interaction(interaction_id)
    print(interaction_id, flush=True)  # acknowledged
    store.checkpoint()
"""


def test_kill_minus_nine_while_deleting_loses_and_resurrects_nothing(db: Path) -> None:
    store = Store(db)
    ana = store.add_contact(Contact("Ana"))
    store.insert_many(interactions=[Interaction(ana.id, "like", DAY - dt.timedelta(days=i),
                                                summary=f"n{i}") for i in range(400)])
    everyone = {i.id for i in store.interactions()}
    rng = random.Random(2026)
    deleted: set[str] = set()
    cut_short = 0
    for _ in range(8):
        todo = sorted(everyone - deleted)[:40]
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db), *todo],
                                stdout=subprocess.PIPE, env={**os.environ})
        assert proc.stdout is not None
        first = proc.stdout.readline()  # it is deleting now: kill it somewhere in the stream
        time.sleep(rng.uniform(0.0, 0.15))
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate()
        acked = set((first + out).decode().split())
        cut_short += len(acked) < len(todo)
        fresh = Store(db)
        now = [i.id for i in fresh.interactions()]
        assert len(now) == len(set(now)) == fresh.interaction_count()
        assert not (acked & set(now)), "an acknowledged delete came back"
        assert set(now) <= everyone
        deleted = everyone - set(now)
    assert deleted and cut_short, "no kill landed among the deletes: the test proves nothing"
    Store(db).checkpoint()
    assert {d["id"] for d in stock(db)} == everyone - deleted

"""One contact's history is read from the interactions table's bytes, without parsing the
whole table, and says exactly what a parse of it says (hostile summaries included)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from cockpit.model import Contact, Interaction
from cockpit.store import Store

DAY = dt.date(2026, 11, 20)
HOSTILE = ['}', '"contact_id":"x"}', '{"a":{"b":1}}', '\\"},"9":{', "é ✓ [b]x[/b]", "}}}"]


def parsed_history(db: Path, contact_id: str) -> list[tuple[str, str, str]]:
    """The reference: every entry of the file, parsed by the json module."""
    whole = json.loads(db.read_bytes())
    docs = [d for d in whole["interactions"].values() if d["contact_id"] == contact_id]
    return sorted((d["date"], d["id"], d.get("summary", "")) for d in docs)


def seen(items: list[Interaction]) -> list[tuple[str, str, str]]:
    return sorted((i.date.isoformat(), i.id, i.summary) for i in items)


def test_history_from_bytes_equals_the_parsed_table(tmp_path: Path) -> None:
    db = tmp_path / "c.json"
    store = Store(db)
    people = [store.add_contact(Contact(f"Person {i}")) for i in range(4)]
    for i in range(40):
        store.log(Interaction(people[i % 4].id, "like", DAY - dt.timedelta(days=i),
                              summary=HOSTILE[i % len(HOSTILE)]))
    fresh = Store(db)
    fresh.log(Interaction(people[1].id, "call", DAY, summary="} after opening"))  # appended
    for p in people:
        got = fresh.interactions(p.id)
        assert fresh._engine.doc.inter.docs is None  # nothing was parsed
        assert seen(got) == parsed_history(db, p.id)
        assert [i.date for i in got] == sorted((i.date for i in got), reverse=True)
    assert fresh.interactions("nobody") == []
    # Once the table is parsed (everything was asked for), the answer is the same.
    everything = fresh.interactions()
    assert len(everything) == 41
    assert seen(fresh.interactions(people[1].id)) == parsed_history(db, people[1].id)


def test_a_table_not_laid_out_as_cockpit_writes_it_is_parsed(tmp_path: Path) -> None:
    db = tmp_path / "c.json"
    store = Store(db)
    ana = store.add_contact(Contact("Ana"))
    store.log(Interaction(ana.id, "call", DAY, summary="hello"))
    inter = Store(db)._engine.doc.inter
    # An entry with a nested object before contact_id (hand-made): not "flat".
    inter.set_raw(b'{"1":{"id":"i1","x":{"y":1},"contact_id":' + json.dumps(ana.id).encode()
                  + b',"date":"2026-11-20","kind":"call"}}')
    assert inter.of_contact(ana.id) is None  # so the caller parses instead


def test_a_long_summary_is_found_whole(tmp_path: Path) -> None:
    db = tmp_path / "c.json"
    store = Store(db)
    ana, bo = store.add_contact(Contact("Ana")), store.add_contact(Contact("Bo"))
    long = "}" * 3000 + "x" * 20000  # wider than the first window, braces all the way
    store.log(Interaction(bo.id, "call", DAY, summary="before"))
    store.log(Interaction(ana.id, "call", DAY, summary=long))
    store.log(Interaction(bo.id, "call", DAY, summary="after"))
    fresh = Store(db)
    assert [i.summary for i in fresh.interactions(ana.id)] == [long]
    assert sorted(i.summary for i in fresh.interactions(bo.id)) == ["after", "before"]
    assert fresh._engine.doc.inter.docs is None


def test_history_from_bytes_after_deletes_equals_the_parsed_table(tmp_path: Path) -> None:
    """Deleted entries (the first, inner ones, appended ones, hostile summaries) leave the
    bytes laid out as Cockpit writes them: the in-place read still equals a full parse."""
    db = tmp_path / "c.json"
    store = Store(db)
    people = [store.add_contact(Contact(f"Person {i}")) for i in range(3)]
    items = [store.log(Interaction(people[i % 3].id, "like", DAY - dt.timedelta(days=i),
                                   summary=HOSTILE[i % len(HOSTILE)])) for i in range(30)]
    fresh = Store(db)
    late = [fresh.log(Interaction(people[i % 3].id, "call", DAY, summary=HOSTILE[i]))
            for i in range(4)]
    for victim in (items[0], items[7], late[1], items[29], late[3], items[13]):
        fresh.delete_interaction(victim.id)
        for p in people:
            assert seen(fresh.interactions(p.id)) == parsed_history(db, p.id)
    assert fresh._engine.doc.inter.docs is None  # nothing was parsed
    reopened = Store(db)
    for p in people:
        assert seen(reopened.interactions(p.id)) == parsed_history(db, p.id)
    assert len(reopened.interactions()) == reopened.interaction_count() == 28

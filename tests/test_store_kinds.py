"""The interactions of some kinds (the invitation events) are read from the table's bytes,
without parsing the whole table, and say exactly what a parse of it says — hostile
summaries that spell out a kind included, after appends too."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from cockpit.model import Contact, Interaction
from cockpit.network import INVITE_KINDS
from cockpit.store import Store

DAY = dt.date(2026, 11, 20)
KINDS = ["invite-sent", "like", "invite-accepted", "call", "invite-declined", "comment",
         "invite-withdrawn", "email"]
# Summaries that spell out an entry of another kind, braces and markup.
HOSTILE = ['"kind":"invite-sent"', '},"9":{"id":"x","kind":"invite-accepted"}', "}}}",
           '\\"kind\\":\\"invite-declined\\"', "é ✓ [b]x[/b]", ""]


def parsed(db: Path, kinds: frozenset[str]) -> list[tuple[str, str, str, str]]:
    """The reference: every entry of the file, parsed by the json module."""
    whole = json.loads(db.read_bytes())
    return sorted((d["date"], d["id"], d["kind"], d.get("summary", ""))
                  for d in whole["interactions"].values() if d["kind"] in kinds)


def seen(items: list[Interaction]) -> list[tuple[str, str, str, str]]:
    return sorted((i.date.isoformat(), i.id, i.kind, i.summary) for i in items)


def fill(db: Path) -> list[Contact]:
    store = Store(db)
    people = [store.add_contact(Contact(f"Person {i}")) for i in range(5)]
    for i in range(64):
        store.log(Interaction(people[i % 5].id, KINDS[i % len(KINDS)],
                              DAY - dt.timedelta(days=i), summary=HOSTILE[i % len(HOSTILE)]))
    return people


def test_kinds_from_bytes_equal_the_parsed_table_after_appends(tmp_path: Path) -> None:
    db = tmp_path / "c.json"
    people = fill(db)
    fresh = Store(db)
    # Logged after opening: these live in the appended pieces, not in the loaded bytes.
    fresh.log(Interaction(people[2].id, "invite-sent", DAY, summary='"kind":"call"'))
    fresh.log(Interaction(people[3].id, "call", DAY, summary='"kind":"invite-sent"'))
    fresh.log(Interaction(people[4].id, "invite-accepted", DAY + dt.timedelta(days=1)))
    from_bytes = fresh.interactions(kinds=INVITE_KINDS)
    assert fresh._engine.doc.inter.docs is None  # nothing was parsed
    assert seen(from_bytes) == parsed(db, INVITE_KINDS)
    assert len(from_bytes) == 4 * 8 + 2  # 64 entries, half of them invitations, + 2 appended
    assert [i.date for i in from_bytes] == sorted((i.date for i in from_bytes), reverse=True)
    assert fresh.interactions(kinds=frozenset({"no-such-kind"})) == []
    # The fallback — the parsed table, filtered — says the same, in the same order.
    everything = fresh.interactions()
    assert fresh._engine.doc.inter.docs is not None
    from_parse = fresh.interactions(kinds=INVITE_KINDS)
    assert [i.id for i in from_parse] == [i.id for i in from_bytes]
    assert seen(from_parse) == seen([i for i in everything if i.kind in INVITE_KINDS])
    # One contact's, by kind.
    mine = fresh.interactions(people[2].id, kinds=frozenset({"invite-sent"}))
    assert {i.kind for i in mine} == {"invite-sent"} and mine
    assert all(i.contact_id == people[2].id for i in mine)


def test_a_table_not_laid_out_as_cockpit_writes_it_falls_back_to_a_parse(tmp_path: Path) -> None:
    db = tmp_path / "c.json"
    store = Store(db)
    ana = store.add_contact(Contact("Ana"))
    store.log(Interaction(ana.id, "invite-sent", DAY))
    fresh = Store(db)
    inter = fresh._engine.doc.inter
    # A nested object before the kind (hand-made): not a flat entry, so no answer in place.
    table = (b'{"1":{"id":"i1","x":{"y":1},"contact_id":' + json.dumps(ana.id).encode()
             + b',"date":"2026-11-20","kind":"invite-sent"}}')
    inter.set_raw(table)
    assert inter.of_kinds(INVITE_KINDS) is None
    got = fresh.interactions(kinds=INVITE_KINDS)
    assert [(i.id, i.kind) for i in got] == [("i1", "invite-sent")]


def test_kinds_from_bytes_after_deletes_in_the_loaded_and_the_appended_entries(
        tmp_path: Path) -> None:
    db = tmp_path / "c.json"
    people = fill(db)
    fresh = Store(db, journal=True)
    extra = fresh.log(Interaction(people[1].id, "invite-sent", DAY, summary="appended"))
    loaded = [i for i in Store(db).interactions(kinds=INVITE_KINDS) if i.id != extra.id]
    fresh.delete_interaction(loaded[0].id)  # from the bytes read at load
    fresh.delete_interaction(extra.id)  # from the entries appended since
    got = fresh.interactions(kinds=INVITE_KINDS)
    assert fresh._engine.doc.inter.docs is None  # still read in place
    ids = {i.id for i in got}
    assert loaded[0].id not in ids and extra.id not in ids
    assert len(got) == len(loaded) - 1
    fresh.checkpoint()
    assert seen(got) == parsed(db, INVITE_KINDS)

"""`cockpit today` through the database's index (`<db>.index`) gives exactly what the
full read gives, and an index that does not describe the file is never used.

Random sequences of writes (contacts with hostile names, interactions, follow-ups, asks,
deletions, archiving; some through the journal, left unfolded) on a small database;
after each, the agenda, the requests and the warnings read through the index equal those
of the store, and the index is used whenever it can be (no journal beside the file).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import zlib
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from cockpit import agenda_prefilter
from cockpit.actions import morning
from cockpit.actions.workspace import Workspace
from cockpit.model import Ask, Birthday, Contact, FollowUp, FollowUpState, Interaction, Origin
from cockpit.settings import Settings
from cockpit.store import Store, save_index
from cockpit.store.sidecar import index_path, open_index

TODAY = dt.date(2026, 11, 22)
KINDS = ["like", "comment", "share", "message", "birthday-wish", "invite-sent", "call", "met"]
HOSTILE = ['Ana "Quote" Ruiz', 'x":{"id":"y', "\\back\\slash", "Bidi \u202egnp.exe",
           "Ctl\x1b[31mred", "Zoë Ñúñez", '"1":{"id":"fake"}', "}{", "名前 テスト"]


def full(path: Path, days: int | None, settings: Settings) -> tuple[Any, tuple[str, ...], list[str]]:
    ws = Workspace(Store(path), TODAY, settings)
    result = morning.load_agenda(ws, days)
    return result, morning.requests_today(ws), ws.store.warnings


def check(path: Path, days: int | None, settings: Settings, *, expect_quick: bool) -> None:
    want = full(path, days, settings)
    quick = morning.quick_agenda(path, TODAY, settings, days)
    if expect_quick:
        assert quick is not None
    if quick is not None:
        assert (quick.agenda, quick.requests, quick.warnings) == want
    if days is None:  # the TUI's first paint: what its store gives once open, or nothing
        first = morning.quick_morning(path, TODAY, settings)
        if quick is not None and not quick.warnings and not quick.agenda.is_quiet:
            assert first is not None
        if first is not None:
            painted, basis = first
            ws = Workspace(Store(path), TODAY, settings)
            assert ws.store.holds_exactly(basis.signature)  # so the store reuses the read
            assert morning.morning(ws, basis) == painted == morning.morning(ws)


def random_contact(rng: random.Random, n: int) -> Contact:
    near = TODAY - dt.timedelta(days=rng.randint(-10, 900))
    return Contact(
        name=rng.choice(HOSTILE) + f" {n}", tie=rng.choice(["close", "regular", "occasional"]),
        every=rng.choice([None, None, 7, 30, 200]),
        birthday=rng.choice([None, Birthday(2, 29), Birthday(TODAY.month, TODAY.day, 1980),
                             Birthday(12, rng.randint(1, 28), 1990), Birthday(11, 30)]),
        archived=rng.random() < 0.1, company=rng.choice(["", "Acme", '"}']),
        created=dt.datetime.combine(near, dt.time(9)))


def random_write(rng: random.Random, store: Store, people: list[Contact]) -> None:
    op = rng.random()
    if op < 0.25 or not people:
        contact = random_contact(rng, len(people))
        store.add_contact(contact)
        people.append(contact)
    elif op < 0.5:
        c = rng.choice(people)
        store.log(Interaction(c.id, rng.choice(KINDS),
                              TODAY - dt.timedelta(days=rng.randint(0, 400))))
    elif op < 0.65:
        c = rng.choice(people)
        state = rng.choice(list(FollowUpState))
        store.save_followup(FollowUp(
            c.id, TODAY + dt.timedelta(days=rng.randint(-40, 30)), "why",
            origin=rng.choice(list(Origin)).value, state=state.value,
            closed_on=TODAY if state == FollowUpState.DONE else None))
    elif op < 0.75:
        c = rng.choice(people)
        store.save_ask(Ask(c.id, "an intro", TODAY - dt.timedelta(days=rng.randint(0, 30))))
    elif op < 0.85:
        fus = store.followups(open_only=False)
        if fus:
            store.delete(rng.choice(fus).id, "followups")
    else:
        c = store.contact(rng.choice(people).id)
        c.archived = not c.archived
        c.name = rng.choice(HOSTILE) + " renamed"
        store.update_contact(c)


@pytest.mark.parametrize("seed", range(6))
def test_index_agrees_with_the_store_after_random_writes(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    path = tmp_path / "db.json"
    settings = Settings()
    people: list[Contact] = []
    store = Store(path)
    for _ in range(15):
        random_write(rng, store, people)
    assert morning.quick_agenda(path, TODAY, settings) is None  # no index yet
    save_index(Store(path))  # a reader that did without one writes it
    assert index_path(path).exists() and index_path(path).stat().st_mode & 0o777 == 0o600
    check(path, None, settings, expect_quick=True)
    for step in range(25):
        journaled = rng.random() < 0.3
        writer = Store(path, journal=journaled)
        for _ in range(rng.randint(1, 3)):
            random_write(rng, writer, people)
        if writer.journal_path.exists():
            # Changes waiting in the journal: the index describes the file without them.
            assert morning.quick_agenda(path, TODAY, settings) is None
            check(path, None, settings, expect_quick=False)
            writer.checkpoint()  # the fold rewrites the file, and its index
            if rng.random() < 0.5:  # as the TUI on its way out: from memory, just written
                save_index(writer)
                check(path, None, settings, expect_quick=True)
        days = rng.choice([None, 0, 3, 60])
        if not index_path(path).exists():  # a write removes it; the next reader writes it
            check(path, days, settings, expect_quick=False)
            save_index(Store(path))
        check(path, days, settings, expect_quick=True)
        if step % 7 == 6:  # every cadence setting reads the same shelves
            tuned = Settings(cadence_close=rng.randint(1, 60), birthday_window=rng.randint(0, 40))
            check(path, None, tuned, expect_quick=True)


def test_a_stale_or_damaged_index_is_never_used(tmp_path: Path) -> None:
    rng = random.Random(7)
    path = tmp_path / "db.json"
    store = Store(path)
    people: list[Contact] = []
    for _ in range(20):
        random_write(rng, store, people)
    save_index(Store(path))
    good = index_path(path).read_bytes()
    settings = Settings()
    check(path, None, settings, expect_quick=True)
    # Another program's write (no index kept): the old index describes another file.
    os.unlink(index_path(path))
    random_write(rng, Store(path), people)
    store2 = Store(path)
    store2.log(Interaction(people[0].id, "call", TODAY))
    index_path(path).write_bytes(good)
    assert open_index(path) is None
    check(path, None, settings, expect_quick=False)
    # Damaged: cut short, garbage, a flipped byte in a span, another format.
    save_index(Store(path))
    fresh = index_path(path).read_bytes()
    meta = orjson.loads(fresh[9:])

    def sealed(body: bytes) -> bytes:
        return b"%08x\n" % zlib.crc32(body) + body

    flipped = bytearray(fresh)
    flipped[len(flipped) // 2] ^= 1
    for bad in (fresh[: len(fresh) // 2], b"\x00garbage", b"[]", sealed(b"[]"), bytes(flipped),
                orjson.dumps({**meta, "always": [], "cadence": {}, "birthdays": {}}),
                sealed(orjson.dumps({**meta, "cockpit_index": 99})),
                sealed(orjson.dumps({**meta, "starts": [s + 1 for s in meta["starts"]]})),
                sealed(orjson.dumps({**meta, "crc32": meta["crc32"] ^ 1}))):
        index_path(path).write_bytes(bad)
        quick = morning.quick_agenda(path, TODAY, settings)
        if quick is not None:  # only an index that still gives the same agenda
            assert (quick.agenda, quick.requests, quick.warnings) == full(path, None, settings)
    # The file changed in place behind the index's back (same size, same inode): the
    # head's CRC catches it.
    index_path(path).write_bytes(fresh)
    data = bytearray(path.read_bytes())
    st = path.stat()
    at = data.index(b'"tie":"regular"')
    data[at:at + 15] = b'"tie":"close"  '
    path.write_bytes(bytes(data))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert open_index(path) is None


def test_records_left_out_are_warned_the_same(tmp_path: Path) -> None:
    """A hand-edited file with values out of range: the same records are left out, with
    the same warnings, through the index as through the store."""
    rng = random.Random(3)
    path = tmp_path / "db.json"
    store = Store(path)
    people: list[Contact] = []
    for _ in range(30):
        random_write(rng, store, people)
    store.save_followup(FollowUp(people[0].id, TODAY, "soon"))
    obj = orjson.loads(path.read_bytes())
    contacts = list(obj["contacts"].values())
    contacts[1]["every"] = 99999
    contacts[2]["seen"] = {"call": "1800-01-01"}
    next(iter(obj["followups"].values()))["due"] = "2500-01-01"
    path.write_bytes(orjson.dumps(obj))  # laid out as Cockpit writes it
    save_index(Store(path))
    quick = morning.quick_agenda(path, TODAY, Settings())
    assert quick is not None and quick.warnings
    assert (quick.agenda, quick.requests, quick.warnings) == full(path, None, Settings())


def test_cli_today_reads_the_same_through_the_index(tmp_path: Path, cli: Any) -> None:
    rng = random.Random(11)
    path = tmp_path / "db.json"
    store = Store(path)
    people: list[Contact] = []
    for _ in range(40):
        random_write(rng, store, people)
    first = cli("today", "--json", db=path, today=TODAY.isoformat())  # writes the index
    assert index_path(path).exists()
    assert cli("today", "--json", db=path, today=TODAY.isoformat()) == first
    plain = cli("today", db=path, today=TODAY.isoformat())
    os.unlink(index_path(path))
    assert cli("today", db=path, today=TODAY.isoformat()) == plain
    # A write by the command line removes the index; the next `today` writes it anew.
    assert cli("today", db=path, today=TODAY.isoformat()) == plain
    assert cli("log", people[0].id, "call", db=path, today=TODAY.isoformat())[0] == 0
    assert not index_path(path).exists()
    after = cli("today", "--json", db=path, today=TODAY.isoformat())
    assert open_index(path) is not None
    assert cli("today", "--json", db=path, today=TODAY.isoformat()) == after


# ---------------------------------------------------------------- the shelves alone

ODD = st.one_of(st.none(), st.integers(-5, 5), st.text(max_size=3), st.booleans(),
                st.lists(st.integers(), max_size=2), st.just(10**30))


@st.composite
def stored_docs(draw: st.DrawFn) -> dict[str, Any]:
    day = st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)).map(dt.date.isoformat)
    doc: dict[str, Any] = {"id": draw(st.text(min_size=1, max_size=4)), "name": "x"}
    for key, values in (
            ("archived", st.one_of(st.booleans(), ODD)),
            ("every", st.one_of(st.integers(1, 400), ODD)),
            ("tie", st.one_of(st.sampled_from(["close", "regular", "occasional", ""]), ODD)),
            ("seen", st.one_of(st.dictionaries(st.sampled_from([*KINDS, "invite-sent"]),
                                               st.one_of(day, ODD), max_size=3), ODD)),
            ("created", st.one_of(day.map(lambda d: d + "T10:00:00"), ODD)),
            ("birthday", st.one_of(day, day.map(lambda d: "--" + d[5:]), ODD))):
        if draw(st.booleans()):
            doc[key] = draw(values)
    return doc


@hsettings(max_examples=300, deadline=None)
@given(st.lists(stored_docs(), max_size=30), st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
       st.one_of(st.none(), st.integers(0, 366)), st.integers(1, 400), st.data())
def test_the_shelves_never_miss_a_contact_the_test_passes(
        docs: list[dict[str, Any]], today: dt.date, days: int | None, close: int,
        data: st.DataObject) -> None:
    keep = data.draw(st.sets(st.sampled_from([d["id"] for d in docs])) if docs else st.just(set()))
    test = agenda_prefilter.may_show(today, Settings(cadence_close=close), days, keep)
    shelves = agenda_prefilter.Shelves.of(docs)
    position = {d["id"]: n for n, d in enumerate(docs)}  # (the last of a repeated id)
    picked = set(test.pick(shelves, position))
    for n, doc in enumerate(docs):
        if test(doc) and doc["id"] not in keep:
            assert n in picked, doc


async def test_the_tui_leaves_an_index_behind_when_it_quits(tmp_path: Path) -> None:
    from tui_support import make_app, make_db, settle

    path = make_db(tmp_path)
    settings = Settings()
    app = make_app(path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("d")  # a change: the journal, then the fold on the way out
        await settle(pilot)
    assert not (tmp_path / (path.name + ".journal")).exists()
    quick = morning.quick_agenda(path, app.today, settings)
    assert quick is not None  # tomorrow's `cockpit today` reads through it
    ws = Workspace(Store(path), app.today, settings)
    assert (quick.agenda, quick.requests) == (morning.load_agenda(ws), morning.requests_today(ws))


def test_the_store_reuses_a_read_of_the_same_file_only(tmp_path: Path) -> None:
    """What the first paint read through the index stands in for the store's own search
    only while the file is the one it read: after a write it is ignored."""
    path = tmp_path / "cockpit.json"
    settings = Settings()
    store = Store(path)
    people = [store.add_contact(Contact(name=f"Lapsed {n}", tie="close")) for n in range(3)]
    for person in people:
        store.log(Interaction(person.id, "call", TODAY - dt.timedelta(days=200)))
    save_index(store)
    found = morning.quick_morning(path, TODAY, settings)
    assert found is not None
    painted, basis = found
    assert len(painted.agenda.followups) == 3
    Store(path).log(Interaction(people[0].id, "call", TODAY))  # another process, meanwhile
    ws = Workspace(Store(path), TODAY, settings)
    assert not ws.store.holds_exactly(basis.signature)
    after = morning.morning(ws, basis)
    assert [i.contact.name for i in after.agenda.followups] == ["Lapsed 1", "Lapsed 2"]
    assert after == morning.morning(Workspace(Store(path), TODAY, settings))
    other_day = morning.morning(Workspace(Store(path), TODAY + dt.timedelta(days=1), settings),
                                basis)
    assert other_day == morning.morning(
        Workspace(Store(path), TODAY + dt.timedelta(days=1), settings))

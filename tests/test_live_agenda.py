"""The agenda kept up to date one contact at a time equals a full recomputation, after
any sequence of changes (the speed of a key never changes what the user sees)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from test_agenda_prefilter import KINDS, networks

from cockpit import agenda
from cockpit.live_agenda import LiveAgenda
from cockpit.model import Ask, FollowUp, FollowUpState, Origin


@st.composite
def changes(draw: st.DrawFn):
    people, followups, asks, today, days, settings = draw(networks())
    live = LiveAgenda(today, settings, days)
    steps = []
    near = st.integers(-400, 30).map(lambda n: today + dt.timedelta(days=n))
    for _ in range(draw(st.integers(1, 12))):
        who = draw(st.integers(0, len(people) - 1))
        steps.append((who, draw(st.sampled_from(
            ["log", "archive", "restore", "followup", "done", "snooze", "ask", "birthday",
             "delete"])), draw(st.sampled_from(KINDS)), draw(near)))
    return people, followups, asks, today, days, settings, live, steps


def apply(step, people, followups, asks, today):
    who, what, kind, day = step
    c = people[who]
    if what == "log":
        seen = dict(c.seen)
        seen[kind] = max(day, seen.get(kind, day))
        people[who] = dataclasses.replace(c, seen=seen)
    elif what in ("archive", "restore"):
        people[who] = dataclasses.replace(c, archived=what == "archive")
    elif what == "followup":
        followups.append(FollowUp(c.id, day, "r", origin=Origin.MANUAL.value))
    elif what in ("done", "snooze"):
        mine = [i for i, f in enumerate(followups) if f.contact_id == c.id]
        if mine:
            i = mine[0]
            followups[i] = dataclasses.replace(
                followups[i], state=FollowUpState.DONE.value if what == "done"
                else FollowUpState.SNOOZED.value, closed_on=today if what == "done" else None,
                snoozed_until=None if what == "done" else today + dt.timedelta(days=3))
    elif what == "ask":
        asks.append(Ask(c.id, "help", day))
    elif what == "birthday":
        people[who] = dataclasses.replace(c, birthday=None)
    return c.id


@hsettings(max_examples=60, deadline=None)
@given(changes())
def test_incremental_agenda_equals_full_recomputation(case) -> None:
    people, followups, asks, today, days, settings, live, steps = case
    live.reset(people, followups, asks)
    for step in steps:
        cid = apply(step, people, followups, asks, today)
        contact = next(p for p in people if p.id == cid)
        got = live.update(cid, contact, followups, asks)
        full = agenda.morning(people, followups, asks, today, settings, days=days)
        assert got.to_json() == full.to_json()
        assert got.summary() == full.summary()


def test_a_contact_that_is_gone_leaves_the_agenda() -> None:
    from cockpit.model import Contact
    from cockpit.settings import Settings

    today = dt.date(2026, 11, 22)
    ana = Contact("Ana", created=dt.datetime(2020, 1, 1))
    live = LiveAgenda(today, Settings())
    assert [i.contact.name for i in live.reset([ana], [], []).followups] == ["Ana"]
    assert live.update(ana.id, None, [], []).followups == []


async def test_the_tui_agenda_after_triage_keys_equals_a_fresh_one(tmp_path) -> None:
    """Keys update the agenda contact by contact; what the screen holds afterwards is what
    a fresh computation from the file gives."""
    from tui_support import TODAY, make_app, make_db, settle

    from cockpit.actions.morning import open_with_morning
    from cockpit.settings import Settings
    from cockpit.widgets.followups import FollowupsPane

    db = make_db(tmp_path)
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.screen.query_one(FollowupsPane).focus()
        await pilot.press("d", "d", "j", "d")
        await settle(pilot)
        await pilot.press("tab", "d")  # a birthday wished
        await settle(pilot)
        shown = app.morning
    fresh = open_with_morning(db, TODAY, Settings())[1]
    assert shown is not None and app.service is not None and app.service.live is not None
    assert shown.agenda.to_json() == fresh.agenda.to_json()
    assert shown.summary == fresh.summary

"""The demo's morning looks like a real one: the history's months of mornings were
triaged as they came (keep-in-touch rows ticked off), so the silent people wait in the
prune review (P11) instead of topping the agenda as "420d overdue" rows (P10)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cockpit import agenda
from cockpit.actions import Workspace
from cockpit.actions import network as net
from cockpit.actions.morning import open_with_morning
from cockpit.demo import build_demo
from cockpit.settings import Settings
from cockpit.store import Store


@pytest.mark.parametrize("contacts", [60, 240])
def test_silent_people_are_review_material_not_morning_rows(tmp_path: Path,
                                                            contacts: int) -> None:
    today = dt.date(2026, 12, 1)
    db = tmp_path / "demo.json"
    build_demo(db, today=today, contacts=contacts)
    ws = Workspace(Store(db), today)
    silent = {p.contact.id for p in net.review_list(ws)}
    assert len(silent) >= 5  # the review has real work
    morning = open_with_morning(db, today, Settings())[1]
    due = morning.agenda.due_followups
    assert not [i.contact.name for i in due if i.contact.id in silent]
    # The curated cast's lapsed close contact (45 days late) is the most overdue row.
    assert max(i.days_overdue for i in due) <= 60
    # Silence is counted from the last interaction, never from a tick.
    for c in Store(db).contacts():
        if c.id in silent:
            assert (today - c.last_interaction).days > Settings().prune_after_days
            assert not agenda.followups([c], Store(db).followups(c.id, open_only=False),
                                        today, Settings())

"""The Network screen, driven by keys (Pilot): figures, review decisions, requests, the
outcome of a pending invitation, and the network day in the morning header."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tui_support import CLOCK, TODAY, fresh, go_to, make_app, make_db, screen_text, settle

from cockpit import request_book
from cockpit.app import CockpitApp
from cockpit.model import Origin
from cockpit.screens.invite_outcome import InviteOutcomeScreen
from cockpit.screens.network import NetworkScreen
from cockpit.screens.request_form import RequestFormScreen
from cockpit.settings import Settings
from cockpit.widgets.followups import FollowupsPane
from cockpit.widgets.network_lists import PruneList, RequestList

HISTORY_SIZE = 240


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_db(tmp_path, contacts=HISTORY_SIZE, history=True)  # room for the whole demo history


async def open_network(pilot) -> NetworkScreen:
    await settle(pilot)
    await pilot.press("N")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, NetworkScreen)
    return screen


async def test_n_shows_health_and_invitations_and_escape_goes_back(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_network(pilot)
        text = screen_text(app)
        linkedin = sum(1 for c in fresh(db).contacts() if c.handles.get("linkedin"))
        assert f"LinkedIn: {linkedin} first-degree" in text
        assert "Bridges to your second degree" in text
        assert "Growth, connections per month" in text
        assert screen.figures_at is not None and screen.invitations_at is not None
        await pilot.press("2")
        await settle(pilot)
        text = screen_text(app)
        assert "With a personal note: " in text and "invitations sent" in text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, NetworkScreen)


async def test_review_keep_reengage_archive_by_keys(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_network(pilot)
        await pilot.press("3")
        await settle(pilot)
        prune = screen.query_one(PruneList)
        assert app.focused is prune and len(prune.items) == 12
        first, second, third = (i.contact for i in prune.items[:3])
        assert first.name in screen_text(app)
        await pilot.press("K")
        await settle(pilot)
        await pilot.press("home", "r")
        await settle(pilot)
        # The re-engaged one stays until you write to them: archive the next one.
        await pilot.press("home", "down", "A")
        await settle(pilot)
        store = fresh(db)
        # (the demo's earlier mornings ticked their keep-in-touch rows off: cadence records)
        assert [f.origin for f in store.followups(first.id, open_only=False)
                if f.origin != Origin.CADENCE.value] == [Origin.REVIEW_KEPT.value]
        assert store.contact(first.id).seen == first.seen  # keep is not an interaction
        assert [(f.origin, f.due) for f in store.followups(second.id)] == [("manual", TODAY)]
        assert [d.template for d in store.drafts(second.id)] == ["reconnect"]
        assert store.contact(third.id).archived
        names = [i.contact.name for i in prune.items]
        assert first.name not in names and third.name not in names and second.name in names
        assert len(names) == 10


async def test_a_request_recorded_and_accepted_in_the_form(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_network(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert len(screen.query_one(RequestList).requests) == 3
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RequestFormScreen)
        await pilot.press(*"Laura Vidal")
        await pilot.press("tab", "tab", *"Globex")
        await pilot.press("tab", "tab", "tab", *"4")  # shared connections
        await settle(pilot)
        assert "Suggestion: accept" in screen_text(app)
        assert "4 shared connections" in screen_text(app)
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert not isinstance(app.screen, RequestFormScreen)
        store = fresh(db)
        laura = store.resolve("Laura Vidal")
        assert (laura.how_met, laura.company) == ("online", "Globex")
        book = request_book.load(store)
        assert [(r.name, r.decision, r.contact_id) for r in book if r.name == "Laura Vidal"] == [
            ("Laura Vidal", "accepted", laura.id)]


async def test_a_pending_request_declined_with_the_checklist(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_network(pilot)
        await pilot.press("4")
        await settle(pilot)
        requests = screen.query_one(RequestList)
        await pilot.press("down", "down")  # Olga Petrenko, a competitor
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RequestFormScreen)
        assert "Suggestion: decline" in screen_text(app)
        await pilot.press("ctrl+n")
        await settle(pilot)
        decided = [r for r in request_book.load(fresh(db)) if r.name == "Olga Petrenko"]
        assert [(r.decision, r.decided_on) for r in decided] == [("declined", TODAY)]
        assert "Olga Petrenko" not in [r.name for r in requests.requests]


async def test_d_on_a_pending_invitation_asks_what_became_of_it(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(FollowupsPane)
        pending = [i for i in pane.items if getattr(i, "origin", "") == Origin.INVITE_PENDING.value]
        assert pending
        who = pending[0].contact
        await go_to(pilot, pane, who.name)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, InviteOutcomeScreen)
        assert "What became of your invitation" in screen_text(app)
        await pilot.press("a")
        await settle(pilot)
        store = fresh(db)
        assert store.contact(who.id).seen.get("invite-accepted") == TODAY
        assert who.id not in {i.contact.id for i in pane.items
                              if getattr(i, "origin", "") == Origin.INVITE_PENDING.value}


async def test_still_waiting_asks_again_after_the_pending_days(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(FollowupsPane)
        item = next(i for i in pane.items
                    if getattr(i, "origin", "") == Origin.INVITE_PENDING.value)
        await go_to(pilot, pane, item.contact.name)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        snoozed = [f for f in fresh(db).followups(item.contact.id)
                   if f.origin == Origin.INVITE_PENDING.value]
        assert [f.snoozed_until for f in snoozed] == [TODAY + dt.timedelta(days=14)]
        assert "invite-accepted" not in fresh(db).contact(item.contact.id).seen


async def test_escape_on_the_outcome_dialog_changes_nothing(db: Path) -> None:
    app = make_app(db)
    before = db.read_bytes()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(FollowupsPane)
        item = next(i for i in pane.items
                    if getattr(i, "origin", "") == Origin.INVITE_PENDING.value)
        await go_to(pilot, pane, item.contact.name)
        await pilot.press("d", "escape")
        await settle(pilot)
        assert item.contact.name in screen_text(app)
    assert db.read_bytes() == before


async def test_the_morning_header_names_the_network_day(db: Path) -> None:
    settings = Settings(network_days={"linkedin": "sunday"})  # 22 Nov 2026 is a Sunday
    app = CockpitApp(db, today=TODAY, settings=settings, clock=lambda: CLOCK,
                     scratch_dir=db.parent / "scratch")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert "LinkedIn day · " in screen_text(app).splitlines()[0]
        screen = await open_network(pilot)
        assert "Today is LinkedIn day" in screen_text(app)
        assert screen.overview is not None and screen.overview.network_day == "LinkedIn day"
    plain = make_app(db)
    async with plain.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert "day ·" not in screen_text(plain).splitlines()[0]

"""Pilot tests of what a newcomer trips over in the TUI (issue #16)."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input
from tui_support import TODAY, fresh, go_to, make_app, make_db, screen_text, settle

from cockpit.screens.contact import ContactScreen
from cockpit.screens.followup import FollowupScreen
from cockpit.screens.log_interaction import LogDialog
from cockpit.widgets.drafter import DraftPane
from cockpit.widgets.followups import FollowupsPane

SIZE = (120, 36)
MET = "Dvořák Adeyemi Schäfer"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_db(tmp_path)


async def test_e_with_an_editor_that_is_not_installed_toasts_and_keeps_the_draft(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", "nanoo-not-installed")
    monkeypatch.delenv("VISUAL", raising=False)
    app = make_app(db)
    suspended: list[bool] = []

    @contextlib.contextmanager
    def suspend() -> Iterator[None]:
        # A real terminal would be handed over here: the editor must be known to exist
        # before that happens, or the screen stays blank.
        suspended.append(True)
        yield

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        monkeypatch.setattr(app, "suspend", suspend)
        await go_to(pilot, app.screen.query_one(FollowupsPane), MET)
        await pilot.press("w")
        await settle(pilot)
        pane = app.screen.query_one(DraftPane)
        before = pane.session.text
        await pilot.press("e")
        await settle(pilot)
        assert suspended == []
        errors = [n for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1
        assert "nanoo-not-installed" in errors[0].message
        assert pane.session.text == before and not pane.session.edited
        assert app.screen.query_one(DraftPane) is pane  # the app is still there


async def test_log_dialog_starts_on_the_kind_and_enter_there_does_not_log(db: Path) -> None:
    before = db.read_bytes()
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to(pilot, app.screen.query_one(FollowupsPane), "João García")
        await pilot.press("l")
        await settle(pilot)
        assert app.focused is app.screen.query_one("#kind")
        await pilot.press("enter")  # opens the list of kinds
        await settle(pilot)
        assert isinstance(app.screen.popup, LogDialog)
        await pilot.press("escape", "escape")
        await settle(pilot)
    assert db.read_bytes() == before


async def test_log_yesterday_and_a_bad_date_is_refused_in_place(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to(pilot, app.screen.query_one(FollowupsPane), "João García")
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("enter", *"call", "enter", "tab")  # the kind, then the day
        when = app.screen.query_one("#when")
        assert when.value == "today"
        when.value = "2026-02-30"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen.popup, LogDialog)  # not logged
        assert "2026-02-30" in screen_text(app)
        when.value = "yesterday"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.popup is None
    logged = fresh(db).interactions(fresh(db).resolve("João García").id)[0]
    assert (logged.kind, logged.date) == ("call", TODAY - dt.timedelta(days=1))



@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_the_met_in_person_toggle_reads_on_or_off_at_both_sizes(db: Path, size) -> None:
    app = make_app(db)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#met_in_person_today").scroll_visible(animate=False)
        await settle(pilot)
        assert "[ ] Met in person today" in screen_text(app)
        app.screen.query_one("#met_in_person_today").focus()
        await pilot.press("space")
        await settle(pilot)
        assert "[x] Met in person today" in screen_text(app)


async def test_a_filled_met_at_gives_tomorrows_follow_up(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Lucía Codemotion")
        app.screen.query_one("#met_at").focus()
        await pilot.press(*"Codemotion Madrid")
        await settle(pilot)
        assert "[x] Met in person today" in screen_text(app)  # in sight, before saving
        await pilot.press("enter")
        await settle(pilot)
    store = fresh(db)
    lucia = store.resolve("Lucía Codemotion")
    assert (lucia.how_met, lucia.met_at, lucia.met_on) == ("in-person", "Codemotion Madrid", TODAY)
    assert [(f.origin, f.due) for f in store.followups(lucia.id)] == [
        ("met-in-person", TODAY + dt.timedelta(days=1))]


async def test_unticking_by_hand_wins_over_met_at(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Olga Online")
        app.screen.query_one("#met_at").focus()
        await pilot.press(*"a webinar")
        await settle(pilot)
        app.screen.query_one("#met_in_person_today").focus()
        await pilot.press("space")  # untick: met online
        app.screen.query_one("#met_at").focus()
        await pilot.press("end", *" on Zoom", "enter")
        await settle(pilot)
    store = fresh(db)
    olga = store.resolve("Olga Online")
    assert olga.met_at == "a webinar on Zoom" and olga.how_met != "in-person"
    assert store.followups(olga.id) == []


async def test_F_on_a_row_schedules_a_follow_up_in_date_words(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to(pilot, app.screen.query_one(FollowupsPane), "João García")
        await pilot.press("F")
        await settle(pilot)
        assert "Schedule a follow-up" in screen_text(app)
        when = app.screen.query_one("#followup-when")
        when.value = "yesterday"
        await pilot.press("enter")
        await settle(pilot)
        assert "in the past" in screen_text(app)  # refused in place, nothing saved
        when.value = "+3 days"
        await pilot.press("tab", *"send the deck", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, FollowupScreen)
    store = fresh(db)
    mine = [f for f in store.followups(store.resolve("João García").id) if f.origin == "manual"]
    assert [(f.due, f.reason) for f in mine] == [(TODAY + dt.timedelta(days=3), "send the deck")]


async def test_F_on_the_contact_screen(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await go_to(pilot, app.screen.query_one(FollowupsPane), MET)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        await pilot.press("F")
        await settle(pilot)
        app.screen.query_one("#followup-when").value = "friday"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
    friday = TODAY + dt.timedelta(days=(4 - TODAY.weekday()) % 7 or 7)
    store = fresh(db)
    assert friday in [f.due for f in store.followups(store.resolve(MET).id)
                      if f.origin == "manual"]


@pytest.mark.parametrize(("query", "expected", "key"), [
    ("export", "Export reminders to an iCalendar file", "x"),
    ("import", "Import a vCard file", "I"),
    ("new contact", "Add a new contact", "n"),
    ("plan an ask", "Plan an ask for the selected contact", "a"),
    ("schedule a follow", "Schedule a follow-up", "F"),
    ("help", "Every key, where it applies", "?"),
    ("find", "Find a contact by name", "/"),
])
async def test_the_palette_offers_every_key_with_its_key(db: Path, query: str, expected: str,
                                                         key: str) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to(pilot, app.screen.query_one(FollowupsPane), "João García")
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*query)
        await pilot.pause(0.3)
        await settle(pilot)
        text = screen_text(app)
        assert "No matches found" not in text
        line = next((ln for ln in text.splitlines() if expected in ln), "")
        assert line, text
        assert f"  {key}" in line


async def test_a_palette_command_does_what_its_key_does(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to(pilot, app.screen.query_one(FollowupsPane), "João García")
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"schedule a follow")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FollowupScreen)
        assert "João García" in screen_text(app)


PRACTICE_CODE = re.compile(r"\bP\d{1,2}\b")


async def test_dialogs_say_practices_in_words(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to(pilot, app.screen.query_one(FollowupsPane), MET)
        for key in ("a", "n", "F", "l"):
            await pilot.press(key)
            await settle(pilot)
            text = screen_text(app)
            for field in app.screen.query(Input):
                text += " " + str(field.placeholder)
            assert not PRACTICE_CODE.search(text), (key, PRACTICE_CODE.findall(text))
            await pilot.press("escape")
            await settle(pilot)

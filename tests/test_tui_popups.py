"""The snooze and log dialogs are popups over the screen (no screen switch): they must
behave as the modal dialogs they replaced — keys, focus, mouse — and be filled in afresh
each time they are reused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tui_support import TODAY, fresh, go_to, make_app, make_db, screen_text, settle

from cockpit.screens.contact import ContactScreen
from cockpit.screens.log_interaction import LogDialog
from cockpit.screens.morning import MorningScreen
from cockpit.screens.snooze import SnoozeDialog
from cockpit.widgets.followups import FollowupsPane

SIZE = (120, 36)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_db(tmp_path)


def open_followups(db: Path, name: str) -> list[tuple[str, str]]:
    store = fresh(db)
    return [(f.origin, f.state) for f in store.followups(store.resolve(name).id,
                                                           open_only=False)]


async def test_screen_keys_are_off_while_the_snooze_dialog_is_open(db: Path) -> None:
    name = "Íñigo Ibáñez"
    before = open_followups(db, name)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(FollowupsPane)
        await go_to(pilot, pane, name)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MorningScreen) and isinstance(screen.popup, SnoozeDialog)
        # `d` (done), `n` (new contact), `u` (undo), `N` (network), `z` (zoom) belong to
        # the screen under the dialog: none of them may act.
        await pilot.press("d", "n", "N", "z", "u")
        await settle(pilot)
        assert app.screen is screen and isinstance(screen.popup, SnoozeDialog)
        # Nor the app's: `?` (help), `/` (find), `q` (quit) — as at a modal screen.
        await pilot.press("question_mark", "slash", "q")
        await settle(pilot)
        assert app.is_running and app.screen is screen and screen.popup is not None
        assert "escape" in app.screen.active_bindings  # the dialog's own keys are on
        assert "q" not in app.screen.active_bindings
        assert screen.maximized is None
        # Tab cycles inside the dialog; it never reaches the panes.
        visited = set()
        for _ in range(4):
            await pilot.press("tab")
            assert screen.popup.owns(app.focused)
            visited.add(app.focused)
        assert visited == {screen.popup.query_one("#snooze-choices")}  # the date field is hidden
        await pilot.press("escape")
        await settle(pilot)
        assert screen.popup is None
        assert app.focused is pane and pane.selected_item.contact.name == name
    assert open_followups(db, name) == before


async def test_a_click_outside_the_dialog_does_nothing(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(FollowupsPane)
        await go_to(pilot, pane, "Íñigo Ibáñez")
        row = pane.highlighted
        await pilot.press("s")
        await settle(pilot)
        popup = app.screen.popup
        assert popup is not None
        # Another row of the Follow-ups pane, outside the box: no new highlight.
        other = 0 if row else 1
        x, y = pane.content_region.x + 3, pane.content_region.y + other - round(pane.scroll_y)
        assert not popup.region.contains(x, y)
        await pilot.click(offset=(x, y))
        await settle(pilot)
        assert app.screen.popup is popup and pane.highlighted == row
        assert isinstance(app.screen, MorningScreen)
        await pilot.press("escape")


async def test_the_snooze_dialog_is_filled_in_afresh_for_each_row(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(FollowupsPane)
        await go_to(pilot, pane, "Dvořák Adeyemi Schäfer")
        await pilot.press("s", "end", "enter", *"someday", "enter")  # a bad typed date
        assert "invalid snooze until 'someday'" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await go_to(pilot, pane, "Íñigo Ibáñez")
        await pilot.press("s")
        await settle(pilot)
        text = screen_text(app)
        assert "Show the follow-up with Íñigo Ibáñez again in" in text
        assert "Dvořák" not in text.split("Show the follow-up with")[1].split("\n")[0]
        assert "someday" not in text and "invalid" not in text  # the last use is gone
        popup = app.screen.popup
        assert isinstance(popup, SnoozeDialog)
        assert app.focused is popup.query_one("#snooze-choices")
        await pilot.press("7")
        await settle(pilot)
        assert app.screen.popup is None
    store = fresh(db)
    stored = store.followups(store.resolve("Íñigo Ibáñez").id, open_only=False)
    assert [(f.state, f.snoozed_until) for f in stored] == [
        ("snoozed", TODAY + dt.timedelta(days=7))]
    dvorak = store.followups(store.resolve("Dvořák Adeyemi Schäfer").id, open_only=False)
    assert all(f.state != "snoozed" for f in dvorak)


async def test_the_log_dialog_is_reset_between_uses(db: Path) -> None:
    name = "João García"
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(FollowupsPane)
        await go_to(pilot, pane, name)
        await pilot.press("l")
        await settle(pilot)
        popup = app.screen.popup
        assert isinstance(popup, LogDialog)
        await pilot.press("tab", "tab")  # tab moves between the fields: kind, when, channel
        assert app.focused is popup.query_one("#channel")
        await pilot.press("shift+tab")
        assert app.focused is popup.query_one("#when")
        popup.query_one("#summary").value = "left over"
        popup.query_one("#channel").value = "carrier pigeon"
        popup.query_one("#when").value = "2026-02-30"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "2026-02-30" in screen_text(app)  # refused in place
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.popup is None
        await pilot.press("l")
        await settle(pilot)
        assert app.screen.popup is popup  # the same box, filled in again
        assert popup.query_one("#summary").value == ""
        assert popup.query_one("#when").value == "today"
        assert popup.query_one("#channel").value != "carrier pigeon"
        assert "2026-02-30" not in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.popup is None
    store = fresh(db)
    logged = store.interactions(store.resolve(name).id)[0]
    assert (logged.date, logged.summary) == (TODAY, "")
    assert logged.channel != "carrier pigeon"


async def test_snooze_on_the_contact_screen_and_a_resize_keeps_the_box_centred(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to(pilot, app.screen.query_one(FollowupsPane), "Íñigo Ibáñez")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ContactScreen)
        assert "pane" in app.focused.classes  # the contact's open items
        await pilot.press("s")
        await settle(pilot)
        popup = screen.popup
        assert isinstance(popup, SnoozeDialog)
        for width, height in ((80, 24), (120, 36)):
            await pilot.resize_terminal(width, height)
            await settle(pilot)
            left = popup.region.x
            right = width - popup.region.right
            assert abs(left - right) <= 1 and popup.region.bottom <= height
        await pilot.press("1")
        await settle(pilot)
        assert screen.popup is None
    store = fresh(db)
    stored = store.followups(store.resolve("Íñigo Ibáñez").id, open_only=False)
    assert [(f.state, f.snoozed_until) for f in stored] == [
        ("snoozed", TODAY + dt.timedelta(days=1))]

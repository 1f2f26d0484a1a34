"""Pilot tests of `u` (undo the last triage action for a few seconds) and of deleting a
logged interaction from a contact's history: real keys; the file and the screen checked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tui_support import TODAY, fresh, go_to, make_app, make_db, screen_text, settle

from cockpit.screens import undoing
from cockpit.screens.contact import ContactScreen
from cockpit.screens.morning import MorningScreen
from cockpit.screens.note import ConfirmScreen
from cockpit.widgets.birthdays import BirthdaysPane
from cockpit.widgets.contact_panes import HistoryList
from cockpit.widgets.followups import FollowupsPane

SIZE = (120, 36)
MET = "Dvořák Adeyemi Schäfer"  # met in person 2 days ago: a follow-up today
LAPSED = "Mateus Bianchi García"  # a lapsed regular contact: a keep-in-touch follow-up
BIRTHDAY = "Álvaro Esposito Müller"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_db(tmp_path)


def everything(db: Path) -> dict[str, Any]:
    """Every record on disk (a fresh process; the journal replayed)."""
    s = fresh(db)
    return {"contacts": sorted(s.contacts(include_archived=True), key=lambda c: c.id),
            "followups": sorted(s.followups(open_only=False), key=lambda f: f.id),
            "asks": sorted(s.asks(open_only=False), key=lambda a: a.id),
            "interactions": sorted(s.interactions(), key=lambda i: i.id),
            "notes": sorted(s.notes(), key=lambda n: n.id)}


def toasts(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def names(app) -> list[str]:
    return [i.contact.name for i in app.screen.query_one(FollowupsPane).items]


def shown_rows(app) -> list[tuple[str, str, object]]:
    return [(i.contact.name, i.origin, i.due) for i in app.screen.query_one(FollowupsPane).items]


async def test_d_then_u_brings_the_row_back_and_the_file_as_it_was(db: Path) -> None:
    before = everything(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = names(app)
        await go_to(pilot, app.screen.query_one(FollowupsPane), MET)
        await pilot.press("d")
        await settle(pilot)
        assert MET not in names(app)
        assert f"Done: {MET} — u to undo" in toasts(app)
        assert everything(db) != before
        await pilot.press("u")
        await settle(pilot)
        assert names(app) == rows  # the row is back, in its place
        assert app.screen.query_one(FollowupsPane).selected_contact.name == MET  # the cursor too
        assert f"Undone: Done: {MET}" in toasts(app)
        assert everything(db) == before
        await pilot.press("u")  # only once
        await settle(pilot)
        assert toasts(app)[-1] == "Nothing to undo"
    assert everything(db) == before


async def test_u_undoes_a_snooze_a_wish_and_a_log(db: Path) -> None:
    before = everything(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = shown_rows(app)
        pane = app.screen.query_one(FollowupsPane)
        await go_to(pilot, pane, MET)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("down", "enter")  # 3 days
        await settle(pilot)
        assert shown_rows(app) != rows
        await pilot.press("u")
        await settle(pilot)
        assert shown_rows(app) == rows and everything(db) == before

        await go_to(pilot, pane, LAPSED)
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("ctrl+s")  # a message, today
        await settle(pilot)
        assert LAPSED not in names(app)  # logging reset the keep-in-touch clock
        await pilot.press("u")
        await settle(pilot)
        assert shown_rows(app) == rows and everything(db) == before

        birthdays = app.screen.query_one(BirthdaysPane)
        await go_to(pilot, birthdays, BIRTHDAY)
        await pilot.press("d")
        await settle(pilot)
        assert "✓ today" in screen_text(app)
        await pilot.press("u")
        await settle(pilot)
        assert "✓ today" not in screen_text(app)
    assert everything(db) == before


async def test_u_after_the_window_or_after_another_write_undoes_nothing(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(FollowupsPane)
        await go_to(pilot, pane, MET)
        await pilot.press("d")
        await settle(pilot)
        done = everything(db)
        monkeypatch.setattr(undoing, "UNDO_SECONDS", -1.0)  # the window has passed
        await pilot.press("u")
        await settle(pilot)
        assert toasts(app)[-1] == "Nothing to undo"
        assert everything(db) == done and MET not in names(app)

        monkeypatch.setattr(undoing, "UNDO_SECONDS", 10.0)
        await go_to(pilot, pane, LAPSED)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("F")  # another write: a follow-up scheduled
        await settle(pilot)
        await pilot.press(*"friday", "enter")
        await settle(pilot)
        after_both = everything(db)
        await pilot.press("u")
        await settle(pilot)
        assert toasts(app)[-1] == "Nothing to undo"
        assert everything(db) == after_both


async def test_A_then_u_on_the_contact_screen_restores_the_contact(db: Path) -> None:
    before = everything(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to(pilot, app.screen.query_one(FollowupsPane), LAPSED)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        await pilot.press("A")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert "archived (A restores)" in screen_text(app)
        await pilot.press("u")
        await settle(pilot)
        assert "archived (A restores)" not in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MorningScreen) and LAPSED in names(app)
    assert everything(db) == before  # `updated` included


async def focus_history(pilot) -> HistoryList:
    history = pilot.app.screen.query_one(HistoryList)
    for _ in range(6):
        if pilot.app.focused is history:
            break
        await pilot.press("tab")
    assert pilot.app.focused is history
    return history


async def test_delete_on_the_history_deletes_after_a_confirmation(db: Path) -> None:
    before = everything(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to(pilot, app.screen.query_one(FollowupsPane), LAPSED)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("ctrl+s")  # logged today by mistake
        await settle(pilot)
        cid = app.screen.contact_id
        assert len(fresh(db).interactions(cid)) == 2
        history = await focus_history(pilot)
        assert "del Delete" in screen_text(app)  # the footer shows the key
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Delete the message of 22 Nov 2026?" in screen_text(app)
        await pilot.press("n")  # not yet
        await settle(pilot)
        assert len(fresh(db).interactions(cid)) == 2
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert f"Deleted the message with {LAPSED} of Sun 22 Nov 2026" in toasts(app)
        assert history.border_subtitle == "1"
        assert "8 Sep 2026 call" in str(history.get_option_at_index(0).prompt)
        await pilot.press("escape")
        await settle(pilot)
        assert LAPSED in names(app)  # due again: the keep-in-touch clock went back
    assert everything(db) == before


async def test_the_palette_offers_deleting_an_interaction_and_undo(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to(pilot, app.screen.query_one(FollowupsPane), LAPSED)
        await pilot.press("enter")
        await settle(pilot)
        await focus_history(pilot)
        for query, expected, key in (("delete the selected", "Delete the selected interaction",
                                      "del"), ("undo", "Undo the last done", "u")):
            await pilot.press("ctrl+p")
            await settle(pilot)
            await pilot.press(*query)
            await pilot.pause(0.3)
            await settle(pilot)
            line = next((ln for ln in screen_text(app).splitlines() if expected in ln), "")
            assert f"  {key}" in line, screen_text(app)
            await pilot.press("escape")
            await settle(pilot)
        assert TODAY.year == 2026


async def test_u_still_undoes_after_the_journal_was_folded_into_the_file(db: Path) -> None:
    """The fold that follows a pause is not a change: `u` in the next seconds still works."""
    before = everything(db)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to(pilot, app.screen.query_one(FollowupsPane), MET)
        await pilot.press("d")
        await settle(pilot)
        assert app.service is not None
        fold = app.service._fold_timer
        assert fold is not None
        fold.join()  # the file caught up
        await pilot.press("u")
        await settle(pilot)
        assert f"Undone: Done: {MET}" in toasts(app)
    assert everything(db) == before

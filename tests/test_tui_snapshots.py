"""SVG snapshots of the key screens (pytest-textual-snapshot), fixed day and demo seed.

Regenerate after an intended change with `pytest tests/test_tui_snapshots.py
--snapshot-update` and look at the report before committing the new SVGs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_support import go_to, make_app, make_db, settle

from cockpit.widgets.followups import FollowupsPane


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_db(tmp_path)


async def loaded(pilot) -> None:
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_morning_screen(snap_compare, db: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(db), terminal_size=size, run_before=loaded)


def test_contact_screen(snap_compare, db: Path) -> None:
    async def open_contact(pilot) -> None:
        await settle(pilot)
        await go_to(pilot, pilot.app.screen.query_one(FollowupsPane), "Dvořák Adeyemi Schäfer")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(db), terminal_size=(120, 36), run_before=open_contact)


def test_help_screen(snap_compare, db: Path) -> None:
    async def open_help(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(make_app(db), terminal_size=(120, 36), run_before=open_help)


def test_new_contact_form_with_a_validation_error(snap_compare, db: Path) -> None:
    async def bad_form(pilot) -> None:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        pilot.app.screen.query_one("#email").value = "ana-at-example"
        pilot.app.screen.query_one("#birthday").value = "1990-02-30"
        for field in pilot.app.screen.query("Input"):
            field.cursor_blink = False  # a blinking cursor made this snapshot flaky
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(db), terminal_size=(120, 36), run_before=bad_form)


def test_draft_pane(snap_compare, db: Path) -> None:
    async def draft(pilot) -> None:
        await settle(pilot)
        await go_to(pilot, pilot.app.screen.query_one(FollowupsPane), "Dvořák Adeyemi Schäfer")
        await pilot.press("w")
        await settle(pilot)

    assert snap_compare(make_app(db), terminal_size=(120, 36), run_before=draft)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_snooze_dialog_over_the_morning(snap_compare, db: Path, size: tuple[int, int]) -> None:
    async def snooze(pilot) -> None:
        await settle(pilot)
        await go_to(pilot, pilot.app.screen.query_one(FollowupsPane), "Íñigo Ibáñez")
        await pilot.press("s")
        await settle(pilot)

    assert snap_compare(make_app(db), terminal_size=size, run_before=snooze)


def test_log_dialog_over_the_morning(snap_compare, db: Path) -> None:
    async def log(pilot) -> None:
        await settle(pilot)
        await go_to(pilot, pilot.app.screen.query_one(FollowupsPane), "João García")
        await pilot.press("l")
        await settle(pilot)
        for field in pilot.app.screen.query("Input"):
            field.cursor_blink = False

    assert snap_compare(make_app(db), terminal_size=(80, 24), run_before=log)

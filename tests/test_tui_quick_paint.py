"""The morning screen paints its agenda from the database's index while the store is
still opening, shows the same screen once it is open, and a key pressed in between waits
for the store instead of being refused.

The store's opening is held on a gate (the real `open_with_morning`, called once the
gate opens), so "in between" is a state the test controls, not a race it hopes to win.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from tui_support import TODAY, fresh, go_to, make_app, make_db, screen_text, settle

from cockpit.actions import morning as morning_actions
from cockpit.actions.workspace import Workspace
from cockpit.settings import Settings
from cockpit.store import Store
from cockpit.store.sidecar import index_path
from cockpit.widgets.followups import FollowupsPane

SIZE = (120, 36)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Opening the database waits until the test sets this."""
    opened = threading.Event()
    real = morning_actions.open_with_morning

    def held(*args: Any, **kwargs: Any) -> Any:
        assert opened.wait(30), "the test never let the database open"
        return real(*args, **kwargs)

    monkeypatch.setattr(morning_actions, "open_with_morning", held)
    return opened


def with_index(path: Path) -> Path:
    """The database as the TUI leaves it when it quits: with its index beside it."""
    morning_actions.save_index(Workspace(Store(path), TODAY, Settings()))
    assert index_path(path).exists()
    return path


def summary(path: Path) -> str:
    """The header's summary for what is on disk (read without the gated opening)."""
    return morning_actions.morning(Workspace(Store(path), TODAY, Settings())).summary


async def first_paint(pilot: Any) -> None:
    for _ in range(500):
        if pilot.app.first_paint is not None:
            return
        await pilot.pause(0.01)
    raise AssertionError("the agenda never reached the screen")


async def test_the_agenda_is_painted_from_the_index_then_the_same_once_open(
        tmp_path: Path, gate: threading.Event) -> None:
    path = with_index(make_db(tmp_path))
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await first_paint(pilot)
        await pilot.pause()
        assert app.service is None  # still opening: what shows came from the index
        painted = screen_text(app)
        assert summary(path) in painted
        assert "45d overdue" in painted and "Mateus Bianchi García" in painted
        assert "turns 41" in painted and "ask now" in painted
        gate.set()
        await settle(pilot)
        assert app.service is not None
        assert screen_text(app) == painted  # the full read changed nothing on screen


async def test_a_key_pressed_while_the_store_opens_waits_for_it(
        tmp_path: Path, gate: threading.Event) -> None:
    path = with_index(make_db(tmp_path))
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await first_paint(pilot)
        pane = app.screen.query_one(FollowupsPane)
        await go_to(pilot, pane, "Dvořák Adeyemi Schäfer")
        await pilot.press("d")
        await pilot.pause()
        assert app.service is None
        assert not [n for n in app._notifications if "Still opening" in n.message]  # it waits
        gate.set()
        await settle(pilot)
        assert "Dvořák Adeyemi Schäfer" not in [i.contact.name for i in pane.items]
    cid = fresh(path).resolve("Dvořák Adeyemi Schäfer").id
    stored = fresh(path).followups(cid, open_only=False)
    assert [(f.origin, f.state, f.closed_on) for f in stored] == [
        ("met-in-person", "done", TODAY)]


async def test_without_an_index_the_first_paint_waits_for_the_store(
        tmp_path: Path, gate: threading.Event) -> None:
    path = make_db(tmp_path)
    assert not index_path(path).exists()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(20):
            await pilot.pause(0.01)
        assert app.first_paint is None  # nothing to paint from until the store opens
        await pilot.press("n")  # nothing shown yet to act on: said, not queued
        await pilot.pause()
        assert [n for n in app._notifications if "Still opening" in n.message]
        gate.set()
        await first_paint(pilot)
        assert app.service is not None
        await settle(pilot)
        assert summary(path) in screen_text(app)


async def test_when_the_store_cannot_open_after_the_paint_a_key_says_why(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The agenda came from the index, then the file could not be read whole: the screen
    says so, and a key pressed on a row says why it did nothing (it never fails silently)."""
    from cockpit import tui_opening
    from cockpit.store import StoreError

    path = with_index(make_db(tmp_path))

    def unreadable(*_args: Any, **_kwargs: Any) -> Any:
        raise StoreError(f"cannot read {path}: Input/output error")

    monkeypatch.setattr(morning_actions, "open_with_morning", unreadable)
    monkeypatch.setattr(tui_opening.Workspace, "open", unreadable)
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await first_paint(pilot)
        await settle(pilot)
        assert app.service is None
        assert "could not open the database" in screen_text(app)
        pane = app.screen.query_one(FollowupsPane)
        await go_to(pilot, pane, "Dvořák Adeyemi Schäfer")
        app.clear_notifications()
        await pilot.press("d")
        await settle(pilot)
        said = [n.message for n in app._notifications]
        assert any("Input/output error" in m for m in said), said
    assert fresh(path).followups(fresh(path).resolve("Dvořák Adeyemi Schäfer").id)  # unchanged

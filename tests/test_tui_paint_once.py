"""enter (a contact) and `w` (a draft) paint the screen once, when the result is shown;
a result slower than the hold is announced as before, never with the last one's data."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from test_tui_contact import NAME, open_contact
from tui_support import go_to, make_app, make_db, screen_text, settle

from cockpit.screens.contact import HOLD_S, ContactScreen
from cockpit.widgets.contact_panes import HistoryList, NotesList
from cockpit.widgets.drafter import DraftPane
from cockpit.widgets.followups import FollowupsPane


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_db(tmp_path)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Any, str], None]]:
    """`gate(module, name)`: that function waits until the test opens the gate (a slow
    disk, a lock held by a save). Opened at the end in any case."""
    opened = threading.Event()

    def install(module: Any, name: str) -> None:
        real = getattr(module, name)

        def slow(*args: Any, **kwargs: Any) -> Any:
            opened.wait(10)
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, slow)

    install.open = opened.set  # type: ignore[attr-defined]
    yield install
    opened.set()


def painting(app: Any) -> bool:
    """The app paints (no hold is left on)."""
    return app._batch_count == 0


async def test_a_slow_contact_is_painted_loading_and_never_with_the_last_ones_data(
        db: Path, gate: Any) -> None:
    from cockpit.actions import morning

    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        first = await open_contact(pilot, NAME)
        assert first.card is not None
        last = first.card.contact
        last_notes = [n.text for n in first.card.notes]
        assert last_notes and last.company
        await pilot.press("escape")
        await settle(pilot)
        assert app.service is not None
        other = next(c for c in app.service.store.contacts()
                     if c.id != last.id and c.company and c.company != last.company)
        gate(morning, "card")
        gate(morning, "history")
        app.open_contact(other.id)
        await pilot.pause(HOLD_S * 3)
        screen = app.screen
        assert isinstance(screen, ContactScreen) and screen.card is None
        assert painting(app)  # the hold ended by itself
        text = screen_text(app)
        assert "Loading history…" in text
        assert NAME not in text and last.company not in text
        assert not any(note[:30] in text for note in last_notes)
        gate.open()  # type: ignore[attr-defined]
        await settle(pilot)
        text = screen_text(app)
        assert other.name in text and other.company in text and NAME not in text
        assert screen.query_one(HistoryList).shown and painting(app)


async def test_a_contact_is_painted_with_its_card_and_history_at_once(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_contact(pilot, NAME)
        assert painting(app)
        assert screen.card is not None and screen.query_one(HistoryList).shown
        await pilot.press("escape")
        await settle(pilot)
        assert painting(app)  # nothing held on the morning screen either


async def test_a_reused_contact_screen_follows_a_theme_changed_while_it_was_hidden(
        db: Path) -> None:
    """The reused screen skips Textual's restyle on resume only when nothing it depends
    on changed: a new theme is drawn."""
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_contact(pilot, NAME)
        dark = screen.styles.background
        await pilot.press("escape")
        await settle(pilot)
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await settle(pilot)
        now = app.screen.styles.background  # the morning screen, restyled
        assert now != dark
        assert await open_contact(pilot, NAME) is screen
        assert screen.styles.background == now
        assert screen.query_one(NotesList).styles.background == \
            app.get_screen("contact").query_one(NotesList).styles.background


async def test_a_slow_draft_is_announced_after_the_hold_then_shown(db: Path,
                                                                   gate: Any) -> None:
    from cockpit.actions import drafts

    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        gate(drafts, "draft_for")
        await go_to(pilot, app.screen.query_one(FollowupsPane), NAME)
        await pilot.press("w")
        await pilot.pause(HOLD_S * 3)
        pane = app.screen.query_one(DraftPane)
        assert pane.session is None and painting(app)
        assert "Preparing a draft…" in screen_text(app)
        gate.open()  # type: ignore[attr-defined]
        await settle(pilot)
        assert pane.session is not None and pane.session.contact.name == NAME
        assert "Preparing a draft…" not in screen_text(app) and painting(app)

"""Helpers for the TUI tests: a demo database with a fixed seed and day, and the app on it.

The demo's curated cast (cockpit/demo.py) gives, on 2026-11-22 with seed 7:
follow-ups: a lapsed close contact (45 days late), a pending invitation, a lapsed regular
contact, two people met in person (2 days ago and yesterday), a manual follow-up in two
days; birthdays: one today (turns 41), one in 3 days (no year), one on Saturday; asks:
one ready, one with "like" done (next: comment), one not started.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cockpit.app import CockpitApp
from cockpit.demo import build_demo
from cockpit.settings import Settings
from cockpit.store import Store

TODAY = dt.date(2026, 11, 22)
CLOCK = dt.datetime(2026, 11, 22, 9, 0)
SEED = 7


def make_db(folder: Path, contacts: int = 60, interactions: int | None = None, *,
            history: bool = False) -> Path:
    """The curated demo (without the network history unless asked: the morning tests
    name its people)."""
    path = folder / "cockpit.json"
    build_demo(path, today=TODAY, contacts=contacts, interactions=interactions, seed=SEED,
               history=history)
    return path


def make_app(path: Path, scratch: Path | None = None) -> CockpitApp:
    return CockpitApp(path, today=TODAY, settings=Settings(), clock=lambda: CLOCK,
                      scratch_dir=scratch or path.parent / "scratch")


def summary(path: Path) -> str:
    """The header's one-line summary for what is on disk now (computed without the UI)."""
    from cockpit.actions.morning import open_with_morning

    return open_with_morning(path, TODAY, Settings())[1].summary


def counts(path: Path) -> dict[str, int]:
    """{"follow-up": 5, "birthday": 3, "ready to ask": 1, "warming": 2} from the summary."""
    found: dict[str, int] = {}
    for part in summary(path).split(" · "):
        number, _, what = part.partition(" ")
        key = {"follow-ups": "follow-up", "birthdays": "birthday", "asks warming": "warming",
               "ask warming": "warming"}.get(what, what)
        found[key] = int(number)
    return found


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def fresh(path: Path) -> Store:
    """A new Store on the file: what is really on disk, not the app's memory."""
    return Store(path)


async def settle(pilot) -> None:
    """Let every worker finish and the screen catch up (never a timed sleep)."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def screen_text(app: CockpitApp) -> str:
    """The screen as plain text (what a user reads)."""
    import io

    from rich.console import Console

    console = Console(width=app.size.width, file=io.StringIO(), color_system=None,
                      legacy_windows=False)
    console.print(app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens))
    return console.file.getvalue()  # type: ignore[attr-defined]


async def go_to(pilot, pane, name: str) -> None:
    """Focus `pane` with tab and move down (j) to the row of `name`, as a user would."""
    for _ in range(8):
        if pilot.app.focused is pane:
            break
        await pilot.press("tab")
    assert pilot.app.focused is pane, f"could not tab to {pane!r}"
    await pilot.press("home")
    for _ in range(len(pane.items) + 2):
        contact = pane.selected_contact
        if contact is not None and contact.name == name:
            return
        await pilot.press("j")
    raise AssertionError(f"{name} is not in {pane.id}")

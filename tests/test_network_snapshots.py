"""SVG snapshots of the Network screen on the demo with its history (fixed day and seeds),
at 120x36 and 80x24. Regenerate with `--snapshot-update` and look at the report first."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_support import make_app, make_db, settle

HISTORY_SIZE = 240


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_db(tmp_path, contacts=HISTORY_SIZE, history=True)  # room for the whole demo history


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_network_screen(snap_compare, db: Path, size: tuple[int, int]) -> None:
    async def open_network(pilot) -> None:
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)

    assert snap_compare(make_app(db), terminal_size=size, run_before=open_network)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_network_review_tab(snap_compare, db: Path, size: tuple[int, int]) -> None:
    async def open_review(pilot) -> None:
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)

    assert snap_compare(make_app(db), terminal_size=size, run_before=open_review)

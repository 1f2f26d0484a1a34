"""SVG snapshots of the screens that step through drafts — a tag's batch (`B`) and who can
introduce me (`i` on a contact) — on the curated demo (fixed day and seed), at 120x36 and
80x24. Regenerate with `--snapshot-update` and look at the report first."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_support import TODAY, fresh, make_app, make_db, settle

from cockpit import drafting

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_db(tmp_path)


@SIZES
def test_batch_drafts_screen(snap_compare, db: Path, size: tuple[int, int]) -> None:
    async def batch(pilot) -> None:
        await settle(pilot)
        await pilot.press("B")
        await settle(pilot)
        await pilot.press("tab", *"Shipping a booking app for climbing gyms", "enter")
        await settle(pilot)

    assert snap_compare(make_app(db), terminal_size=size, run_before=batch)


@SIZES
def test_introducers_screen(snap_compare, db: Path, size: tuple[int, int]) -> None:
    store = fresh(db)
    everyone = store.contacts()
    target = max(everyone, key=lambda c: (len(drafting.introducers(c, everyone, TODAY)), c.name))

    async def introducers(pilot) -> None:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*target.name, "enter")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)

    assert snap_compare(make_app(db), terminal_size=size, run_before=introducers)

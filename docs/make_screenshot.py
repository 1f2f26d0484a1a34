#!/usr/bin/env python3
"""Regenerate docs/morning.svg: the morning screen on the demo network (seed 7) at 120x36.

    .venv/bin/python docs/make_screenshot.py

Deterministic: a fixed day (2026-11-22) and seed, a temporary database, nothing else read.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import tempfile
from pathlib import Path

from cockpit.app import CockpitApp
from cockpit.demo import build_demo
from cockpit.settings import Settings

TODAY = dt.date(2026, 11, 22)
OUT = Path(__file__).resolve().parent / "morning.svg"


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.json"
        build_demo(db, today=TODAY, seed=7)
        app = CockpitApp(db, today=TODAY, settings=Settings(),
                         clock=lambda: dt.datetime(2026, 11, 22, 9, 0), demo=True,
                         scratch_dir=folder)
        async with app.run_test(size=(120, 36)) as pilot:
            for _ in range(3):
                await app.workers.wait_for_complete()
                await pilot.pause()
            # Draft the follow-up for the person met at Web Summit, as a morning would go.
            await pilot.press("j", "j", "j", "w")
            for _ in range(3):
                await app.workers.wait_for_complete()
                await pilot.pause()
            await pilot.press("shift+tab", "shift+tab", "shift+tab")  # back to Follow-ups
            await pilot.pause()
            app.save_screenshot(filename=OUT.name, path=str(OUT.parent))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    asyncio.run(main())

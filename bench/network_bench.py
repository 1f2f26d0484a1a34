#!/usr/bin/env python3
"""The Network screen at scale: from pressing `N` to its figures on screen.

    python bench/network_bench.py [DB] [--today 2026-11-22] [--runs 7] [--size 120x36]
                                  [--contacts 30000] [--interactions 300000]
                                  [--add-history] [--json]

Without DB, a demo network is written first (`cockpit demo --save PATH --contacts N
--interactions M`) and the demo's network history added (`cockpit.demo_history`), in a
temporary folder. With DB and `--add-history`, that history is added to DB (give it a
copy: bench/run.py does). `--json` prints the runs as one JSON object at the end. Each run is a fresh process: the app opens headless (`App.run_test`),
waits for the morning agenda, presses `N`, and records when the Network screen painted
(1) its figures — health, growth, the prune review and requests, from the contacts — and
(2) the invitation outcomes, which read the whole interactions table. Both are computed
in thread workers; the screen is live meanwhile (`responsive` is the longest the event
loop was blocked while they ran, sampled every 10 ms).

Prints every run, then median and p95. Run by hand; never part of the timed test suite.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import cockpit_command

CHILD = r"""
import asyncio, datetime as dt, json, sys, time
from cockpit.app import CockpitApp
from cockpit.screens.network import NetworkScreen
db, today, w, h = sys.argv[1], dt.date.fromisoformat(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
app = CockpitApp(db, today=today)
async def main():
    async with app.run_test(size=(w, h)) as pilot:
        while app.first_paint is None:
            await pilot.pause(0.01)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        gaps = []
        pressed = time.perf_counter()
        await pilot.press("N")
        screen = app.screen
        assert isinstance(screen, NetworkScreen), screen
        last = time.perf_counter()
        while screen.invitations_at is None or screen.figures_at is None:
            await asyncio.sleep(0.01)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now
            if now - pressed > 120:
                raise SystemExit("the Network screen never showed its figures")
        print(json.dumps({"figures": screen.figures_at - pressed,
                          "invitations": screen.invitations_at - pressed,
                          "blocked": max(gaps, default=0.0)}))
asyncio.run(main())
"""


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def build(folder: Path, today: str, contacts: int, interactions: int) -> Path:
    import datetime as dt

    from cockpit.demo_history import add_history
    from cockpit.store import Store

    path = folder / "network.json"
    subprocess.run([*cockpit_command(), "--today", today, "demo", "--save", str(path),
                    "--contacts", str(contacts), "--interactions", str(interactions)],
                   check=True, capture_output=True)
    add_history(Store(path), today=dt.date.fromisoformat(today))
    return path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", nargs="?")
    ap.add_argument("--today", default="2026-11-22")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--size", default="120x36")
    ap.add_argument("--contacts", type=int, default=30000)
    ap.add_argument("--interactions", type=int, default=300000)
    ap.add_argument("--add-history", action="store_true",
                    help="add the demo's network history to DB first (it changes DB)")
    ap.add_argument("--json", action="store_true", help="end with the runs as one JSON line")
    args = ap.parse_args()
    w, h = args.size.split("x")
    with tempfile.TemporaryDirectory(prefix="cockpit-network-bench-") as folder:
        db = args.db or str(build(Path(folder), args.today, args.contacts, args.interactions))
        if args.db and args.add_history:
            import datetime as dt

            from cockpit.demo_history import add_history
            from cockpit.store import Store

            add_history(Store(db), today=dt.date.fromisoformat(args.today))
        results = []
        for n in range(args.runs):
            out = subprocess.run([sys.executable, "-c", CHILD, db, args.today, w, h],
                                 capture_output=True, text=True, check=True, timeout=300).stdout
            result = json.loads(out.strip().splitlines()[-1])
            results.append(result)
            print(f"run {n + 1}: figures {result['figures']:.3f} s · invitations "
                  f"{result['invitations']:.3f} s · event loop blocked at most "
                  f"{result['blocked'] * 1000:.0f} ms", flush=True)
    for key, label in (("figures", "N → health, review, requests on screen"),
                       ("invitations", "N → invitation outcomes on screen"),
                       ("blocked", "longest event-loop stall meanwhile")):
        values = [r[key] for r in results]
        print(f"{label:<42} median {statistics.median(values):.3f} s  p95 {p95(values):.3f} s "
              f"(n={len(values)})")
    if args.json:
        print(json.dumps({key: [r[key] for r in results]
                          for key in ("figures", "invitations", "blocked")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

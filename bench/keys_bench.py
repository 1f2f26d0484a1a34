#!/usr/bin/env python3
"""Each key as a person presses it: from the key press until the screen shows its result.

    python bench/keys_bench.py DB [--today 2026-11-22] [--presses 20] [--gap 0.2] [--json]

One process runs the real app headless (`App.run_test(size=(120, 36))`) on DB (a copy is
written to; pass a scratch copy) and, `--presses` times each, times:

* `d` on a follow-up, `s` + `7` (snooze a week), `d` on a birthday (wished), `l` +
  ctrl+s (log the default kind): from the first key press until the app has handled the
  worker's `Saved` message (`app.morning` is a new object: the panes were given the new
  agenda in that handler) and one more refresh has run (`pilot.pause()`), so the row is
  gone from the screen;
* enter on a follow-up (open the contact): until the contact screen's History pane shows
  the interactions (`HistoryList._shown` set), then one refresh; escape (untimed);
* `w` on a follow-up: until the Draft pane holds the new draft session, then one refresh;
* a find keystroke: `actions.search.search` for each prefix of a few names, as the
  command palette's provider calls it (the palette's own debounce is not counted).

Between presses it waits `--gap` seconds (a person's pace; checkpoints still running in
the background are NOT awaited, so a checkpoint that delays the next key shows here).
Also reports first paint (process start to `CockpitApp.first_paint`: from the
database's index when one describes the file), when the store was open (keys pressed
before then wait for it), and the process's peak RSS. Prints JSON (with --json) or a table. Run by hand or from bench/run.py; never
part of the timed test suite.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import argparse  # noqa: E402
import asyncio  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
from collections.abc import Awaitable, Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

KEYS = ("done", "snooze", "wish", "log", "open_contact", "draft", "find")
LABELS = {
    "done": "`d` on a follow-up (row gone)",
    "snooze": "`s` + `7` (snoozed, row gone)",
    "wish": "`d` on a birthday (wished, row gone)",
    "log": "`l` + ctrl+s (logged, agenda updated)",
    "open_contact": "enter: contact with its history listed",
    "draft": "`w`: the Draft pane shows the draft",
    "find": "find, per keystroke (actions.search)",
}


READY_AT = 0.0


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))]


async def _until(pilot: Any, ready: Callable[[], bool], deadline_s: float = 30.0) -> None:
    end = time.perf_counter() + deadline_s
    # A screen may hold its painting until its data is shown (widgets/paint_hold.py):
    # the result counts only once nothing holds it, and the next refresh has drawn it.
    while not ready() or pilot.app._batch_count:
        if time.perf_counter() > end:
            raise RuntimeError("the screen did not show the result within 30 s")
        await asyncio.sleep(0.0005)
    global READY_AT
    READY_AT = time.perf_counter()
    # The screen shows it once the next refresh ran (Pilot.pause would also wait for
    # the CPU to go idle, i.e. for the background checkpoint: not what a person sees).
    painted = asyncio.Event()
    pilot.app.call_after_refresh(painted.set)
    await painted.wait()


async def press(app: Any, key: str) -> None:
    """Send one key as the terminal driver would, without Pilot's waits for animations
    (Pilot.press also waits for every animation to end: ~250 ms that nobody sees)."""
    from textual import events

    char = key if len(key) == 1 else None
    app._driver.send_message(events.Key(key, char))
    await asyncio.sleep(0)


def run(db: str, today: str, presses: int, gap: float,
        only: tuple[str, ...] = KEYS) -> dict[str, Any]:
    from cockpit.actions import search as search_actions
    from cockpit.app import CockpitApp
    from cockpit.model import Origin
    from cockpit.screens.contact import ContactScreen
    from cockpit.screens.morning import MorningScreen
    from cockpit.widgets.birthdays import BirthdaysPane
    from cockpit.widgets.contact_panes import HistoryList
    from cockpit.widgets.drafter import DraftPane
    from cockpit.widgets.followups import FollowupsPane

    app = CockpitApp(db, today=dt.date.fromisoformat(today))
    out: dict[str, Any] = {"presses": presses, "gap_s": gap, "keys": {}, "notes": {}}

    async def main() -> None:
        async with app.run_test(size=(120, 36)) as pilot:
            while app.first_paint is None:
                await pilot.pause(0.005)
            out["first_paint_s"] = app.first_paint - T0
            # Painted from the index, the store may still be opening: keys wait for it.
            while app.service is None:
                await pilot.pause(0.005)
            out["ready_s"] = time.perf_counter() - T0
            await app.workers.wait_for_complete()
            if os.environ.get("KEYS_NO_GC"):  # an experiment: how much of a key is the GC
                import gc

                gc.disable()
            if os.environ.get("KEYS_GC_DEBUG"):  # say how long each full collection took
                import gc

                gc_started = [0.0]

                def gc_said(phase: str, info: dict[str, Any]) -> None:
                    if phase == "start":
                        gc_started[0] = time.perf_counter()
                    elif info["generation"] == 2:
                        print(f"gc gen2 {1000 * (time.perf_counter() - gc_started[0]):.0f} ms",
                              file=sys.stderr)
                gc.callbacks.append(gc_said)

            screen = app.screen
            assert isinstance(screen, MorningScreen)
            fpane = screen.query_one(FollowupsPane)
            bpane = screen.query_one(BirthdaysPane)

            def plain_row(pane: Any, any_row: bool = False) -> bool:
                """Highlight a row the key acts on directly (not an invitation: `d` asks
                what became of it; not a birthday already wished)."""
                for n, item in enumerate(pane.items):
                    if any_row or (getattr(item, "origin", None) != Origin.INVITE_PENDING.value
                                   and not getattr(item, "wished", False)):
                        if n >= pane._shown:  # past the first page: as "… more" would
                            pane._shown = n + 1
                            pane._rebuild()
                        pane.highlighted = n
                        pane.focus()
                        return True
                return False

            async def saved(pane: Any, keys: Callable[[], Awaitable[None]],
                            any_row: bool = False) -> float | None:
                if not plain_row(pane, any_row):
                    return None
                await pilot.pause()
                before = app.morning
                t = time.perf_counter()
                await keys()
                await _until(pilot, lambda: app.morning is not before)
                return time.perf_counter() - t

            async def modal_then(first: str, cls_name: str, second: str) -> None:
                await press(app, first)
                # A dialog is a popup on the screen (or, for others, a screen of its own).
                await _until(pilot, lambda: type(getattr(app.screen, "popup", None)
                                                 or app.screen).__name__ == cls_name)
                await press(app, second)

            async def done() -> float | None:
                return await saved(fpane, lambda: press(app, "d"))

            async def snooze() -> float | None:
                return await saved(fpane, lambda: modal_then("s", "SnoozeDialog", "7"),
                                   any_row=True)

            async def wish() -> float | None:
                return await saved(bpane, lambda: press(app, "d"))

            async def log() -> float | None:
                return await saved(fpane, lambda: modal_then("l", "LogDialog",
                                                             "ctrl+s"),
                                   any_row=True)

            async def open_contact() -> float | None:
                if not plain_row(fpane, any_row=True):
                    return None
                await pilot.pause()
                t = time.perf_counter()
                await press(app, "enter")
                await _until(pilot, lambda: isinstance(app.screen, ContactScreen)
                             and bool(lists := app.screen.query(HistoryList))
                             and lists.first()._shown is not None
                             and app.screen.card is not None)
                took = time.perf_counter() - t
                await press(app, "escape")
                await _until(pilot, lambda: isinstance(app.screen, MorningScreen))
                return took

            async def draft() -> float | None:
                if not plain_row(fpane, any_row=True):
                    return None
                await pilot.pause()
                dpane = screen.query_one(DraftPane)
                before = dpane.session
                t = time.perf_counter()
                await press(app, "w")
                await _until(pilot, lambda: dpane.session is not before)
                return time.perf_counter() - t

            steps: dict[str, Callable[[], Awaitable[float | None]]] = {
                "done": done, "snooze": snooze, "wish": wish, "log": log,
                "open_contact": open_contact, "draft": draft}
            for key, step in steps.items():
                if key not in only:
                    continue
                times: list[float] = []
                for _ in range(presses):
                    took = await step()
                    if took is None:
                        out["notes"][key] = f"ran out of rows after {len(times)} presses"
                        break
                    times.append(took)
                    await asyncio.sleep(gap)
                out["keys"][key] = times
                if os.environ.get("KEYS_GC_DEBUG"):
                    import gc
                    from collections import Counter
                    print(f"after {key}: {len(gc.get_objects()):,} tracked, "
                          f"{gc.get_freeze_count():,} frozen", Counter(
                              type(o).__name__ for o in gc.get_objects()).most_common(6),
                          file=sys.stderr)
            await app.workers.wait_for_complete()

            ws = app.service
            assert ws is not None
            if "find" not in only:
                return
            search_actions.search(ws, "x")  # the index is built once, at the first query
            # Names read off the stored records: `store.contacts()` would build (and cache)
            # 30,000 Contact objects the app never makes, ~35 MB of this process's peak RSS.
            shown: list[str] = []

            def take(doc: dict[str, Any]) -> bool:
                if not doc.get("archived"):
                    shown.append(str(doc.get("name") or ""))
                return False

            ws.store.contacts(where=take)
            names = shown[:: max(1, len(shown) // 5)][:5]
            queries = [n[:i] for n in names for i in range(1, min(len(n), 8) + 1)]
            times = []
            for q in queries[: max(presses, 20)]:
                t = time.perf_counter()
                search_actions.search(ws, q)
                times.append(time.perf_counter() - t)
            out["keys"]["find"] = times

    profile = os.environ.get("KEYS_PROFILE")  # a path: pyinstrument's text report goes there
    if profile:
        from pyinstrument import Profiler

        with Profiler(interval=0.0005) as profiler:
            asyncio.run(main())
        Path(profile).write_text(profiler.output_text(show_all=True, short_mode=False))
    else:
        asyncio.run(main())
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def table(result: dict[str, Any]) -> str:
    lines = ["| key | presses | p50 | p95 | max |", "|---|---|---|---|---|"]
    for key in KEYS:
        t = result["keys"].get(key) or []
        if not t:
            lines.append(f"| {LABELS[key]} | 0 | n/a | | |")
            continue
        ms = [x * 1000 for x in t]
        lines.append(f"| {LABELS[key]} | {len(ms)} | {statistics.median(ms):.1f} ms | "
                     f"{pct(ms, 0.95):.1f} ms | {max(ms):.1f} ms |")
    lines.append(f"| first paint (process start → agenda) | 1 | {result['first_paint_s']:.2f} s"
                 " | | |")
    lines.append(f"| the store open, keys act at once | 1 | {result['ready_s']:.2f} s | | |")
    lines.append(f"| TUI peak RSS | | {result['peak_rss_mb']:.0f} MB | | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db")
    ap.add_argument("--today", default="2026-11-22")
    ap.add_argument("--presses", type=int, default=20)
    ap.add_argument("--gap", type=float, default=0.2, help="seconds between presses")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--keys", default=",".join(KEYS), help="which (comma-separated): "
                    + ", ".join(KEYS))
    args = ap.parse_args(argv)
    result = run(args.db, args.today, args.presses, args.gap, tuple(args.keys.split(",")))
    print(json.dumps(result) if args.json else table(result), flush=True)
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # skip teardown of lingering app threads

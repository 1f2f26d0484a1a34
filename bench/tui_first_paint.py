#!/usr/bin/env python3
"""TUI first paint at scale: from process start to the morning agenda on screen.

    python bench/tui_first_paint.py DB [--today 2026-11-22] [--runs 5] [--size 120x36]

Two methods, each run `--runs` times in fresh processes (cold imports every time):

* headless: a child process records `perf_counter()` as its first statement, imports
  the app, runs it with `App.run_test(size=…)` and stops when the app reports that the
  agenda reached the screen (`CockpitApp.first_paint`, set after the refresh that follows
  the agenda). Also reported: when the morning screen first rendered (empty panes,
  "Loading…").
* pty: the real `cockpit --db DB --today …` in a pseudo-terminal of the given size,
  timed from spawn until the terminal output contains the agenda's summary line (the
  header is drawn from the loaded agenda); then `q`.

Each run starts with the database's index beside it (`--index yes`, as after a TUI
session: the agenda is painted from it while the store opens) or without (`--index no`,
as after a CLI write). Also timed, as the floor: a bare Textual app with one Static.
Prints every run and the median. Run by hand; never part of the timed test suite.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

CHILD = r"""
import time
t0 = time.perf_counter()
import asyncio, datetime as dt, sys
from cockpit.app import CockpitApp
from cockpit.screens.morning import MorningScreen
db, today, w, h = sys.argv[1], dt.date.fromisoformat(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
t_import = time.perf_counter()
app = CockpitApp(db, today=today)
screen_at = []
orig = MorningScreen.on_mount
def on_mount(self):
    orig(self)
    self.call_after_refresh(lambda: screen_at.append(time.perf_counter()))
MorningScreen.on_mount = on_mount
async def main():
    async with app.run_test(size=(w, h)) as pilot:
        while app.first_paint is None:
            await pilot.pause(0.005)
asyncio.run(main())
print(f"{t_import - t0:.3f} {screen_at[0] - t0:.3f} {app.first_paint - t0:.3f}")
"""

# The floor: the least any Textual app pays here before its first screen is painted.
BARE_CHILD = r"""
import time
t0 = time.perf_counter()
import asyncio, sys
from textual.app import App
from textual.widgets import Static
t_import = time.perf_counter()
w, h = int(sys.argv[1]), int(sys.argv[2])
class Bare(App):
    painted = None
    def compose(self):
        yield Static("a line of text " * 200)
    def on_mount(self):
        self.call_after_refresh(lambda: setattr(self, "painted", time.perf_counter()))
app = Bare()
async def main():
    async with app.run_test(size=(w, h)) as pilot:
        while app.painted is None:
            await pilot.pause(0.005)
asyncio.run(main())
print(f"{t_import - t0:.3f} {app.painted - t0:.3f}")
"""


def bare(size: tuple[int, int]) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", BARE_CHILD, str(size[0]), str(size[1])],
                         capture_output=True, text=True, check=True, timeout=120).stdout
    imported, paint = (float(x) for x in out.split())
    return imported, paint


def prepare_index(db: str, today: str, wanted: bool) -> None:
    """With `wanted`, the index the TUI leaves when it quits is there (written once if
    missing); without, it is removed (the first start after a CLI write)."""
    import datetime as dt

    from cockpit.actions import morning
    from cockpit.actions.workspace import Workspace
    from cockpit.store import Store
    from cockpit.store.sidecar import index_path

    index = index_path(Path(os.path.realpath(db)))
    if not wanted:
        index.unlink(missing_ok=True)
    elif not index.exists():
        morning.save_index(Workspace(Store(Path(db)), dt.date.fromisoformat(today)))


def headless(db: str, today: str, size: tuple[int, int]) -> tuple[float, float, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, db, today, str(size[0]), str(size[1])],
                         capture_output=True, text=True, check=True, timeout=120).stdout
    imported, screen, paint = (float(x) for x in out.split())
    return imported, screen, paint


def in_pty(db: str, today: str, size: tuple[int, int], marker: bytes) -> float:
    cockpit = Path(sys.executable).with_name("cockpit")
    command = [str(cockpit), "--db", db, "--today", today]
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real program on a terminal
        os.environ["TERM"] = "xterm-256color"
        os.execv(command[0], command)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    seen = b""
    painted = None
    try:
        while time.perf_counter() - t0 < 60:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if marker in seen:
                painted = time.perf_counter() - t0
                break
    finally:
        os.write(fd, b"q")
        deadline = time.time() + 10
        while time.time() < deadline:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            try:
                if select.select([fd], [], [], 0.1)[0]:
                    os.read(fd, 65536)
            except OSError:
                pass
        else:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        os.close(fd)
    if painted is None:
        raise RuntimeError("the agenda never reached the terminal")
    return painted


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db")
    ap.add_argument("--today", default="2026-11-22")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--size", default="120x36")
    ap.add_argument("--index", choices=("yes", "no"), default="yes",
                    help="start with the database's index beside it (as after a TUI "
                         "session), or without (as after a CLI write)")
    args = ap.parse_args()
    w, h = (int(x) for x in args.size.split("x"))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import datetime as dt

    from cockpit.actions.morning import open_with_morning
    summary = open_with_morning(args.db, dt.date.fromisoformat(args.today))[1].summary
    marker = summary.split(" · ")[0].encode()  # e.g. b"717 follow-ups", drawn from the agenda
    print(f"database {args.db}; today {args.today}; {w}x{h}; marker {marker.decode()!r}")

    floors = [bare((w, h)) for _ in range(args.runs)]
    print(f"a bare Textual app (one Static), median: imports "
          f"{statistics.median(f[0] for f in floors):.3f} s, painted "
          f"{statistics.median(f[1] for f in floors):.3f} s (the floor)")
    index = args.index == "yes"
    rows = []
    for _ in range(args.runs):
        prepare_index(args.db, args.today, index)
        rows.append(headless(args.db, args.today, (w, h)))
    for n, (imp, screen, paint) in enumerate(rows, 1):
        print(f"headless run {n}: imports {imp:.3f} s, screen {screen:.3f} s, agenda {paint:.3f} s")
    print(f"headless median: screen {statistics.median(r[1] for r in rows):.3f} s, "
          f"agenda {statistics.median(r[2] for r in rows):.3f} s")

    ptys = []
    for _ in range(args.runs):
        prepare_index(args.db, args.today, index)
        ptys.append(in_pty(args.db, args.today, (w, h), marker))
    for n, t in enumerate(ptys, 1):
        print(f"pty run {n}: agenda on the terminal after {t:.3f} s")
    print(f"pty median: {statistics.median(ptys):.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

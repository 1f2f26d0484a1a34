"""Entry points from the command line into the TUI: `cockpit` and `cockpit demo`.

Kept apart from the CLI so the CLI never imports Textual unless the TUI is opened.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .settings import Settings


def run_tui(db: Path | None, today: dt.date, settings: Settings,
            clock: Callable[[], dt.datetime]) -> None:
    """Open the morning session on the user's database (honouring --db and --today)."""
    from .app import CockpitApp
    from .store import default_path

    app = CockpitApp(db or default_path(), today=today, settings=settings, clock=clock)
    app.run()
    if app.quit_failed:  # said on stderr: the saves are safe in the journal, not yet folded
        raise SystemExit(1)


def run_demo(today: dt.date, settings: Settings, clock: Callable[[], dt.datetime], *,
             n_contacts: int = 60, n_interactions: int | None = None, seed: int = 7) -> None:
    """Open the TUI on a fresh demo network in a temporary folder, removed afterwards.

    Nothing of the user's is touched: the database, the copied-draft file and the lock
    all live in the temporary folder, which is removed on SIGTERM and SIGHUP too (a
    closed terminal window, `kill`): the demo's data never outlives the demo.
    """
    from .app import CockpitApp
    from .demo import build_demo

    holder: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="cockpit-demo-") as folder, \
            _ends_on_signals(holder):
        path = Path(folder) / "demo.json"
        if n_contacts > 2000:  # a big network takes seconds to build: say so
            print(f"building a demo network of {n_contacts:,} contacts…", file=sys.stderr,
                  flush=True)
        build_demo(path, today=today, contacts=n_contacts, interactions=n_interactions,
                   seed=seed)
        app = CockpitApp(path, today=today, settings=settings, clock=clock, demo=True,
                         scratch_dir=folder)
        holder["app"] = app
        app.run()


@contextlib.contextmanager
def _ends_on_signals(holder: dict[str, Any]) -> Iterator[None]:
    """SIGTERM / SIGHUP end the demo the way `q` does, so the `with` around it removes the
    temporary folder and the terminal is restored. The app is asked to exit from its own
    event loop (call_soon_threadsafe wakes the loop); before the app runs, the signal
    simply unwinds the stack."""
    def ask_to_end(signum: int, _frame: Any) -> None:
        app = holder.get("app")
        loop = getattr(app, "_loop", None)
        if app is None or loop is None or loop.is_closed():
            raise SystemExit(128 + signum)
        loop.call_soon_threadsafe(app.exit, None, 128 + signum)

    wanted = [s for s in (signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None]
    previous = {s: signal.signal(s, ask_to_end) for s in wanted}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)

"""Entry points from the command line into the TUI: `cockpit` and `cockpit demo`.

Kept apart from the CLI so the CLI never imports Textual unless the TUI is opened.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

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
    all live in the temporary folder.
    """
    from .app import CockpitApp
    from .demo import build_demo

    with tempfile.TemporaryDirectory(prefix="cockpit-demo-") as folder:
        path = Path(folder) / "demo.json"
        if n_contacts > 2000:  # a big network takes seconds to build: say so
            print(f"building a demo network of {n_contacts:,} contacts…", file=sys.stderr,
                  flush=True)
        build_demo(path, today=today, contacts=n_contacts, interactions=n_interactions,
                   seed=seed)
        app = CockpitApp(path, today=today, settings=settings, clock=clock, demo=True,
                         scratch_dir=folder)
        app.run()

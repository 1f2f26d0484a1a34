"""How the TUI opens its database: once, in a worker, with the morning agenda first read
through the database's index (`actions.morning.quick_morning`) when one describes the
file, so the agenda is on screen while the store opens; the opening then reuses what that
read found. Kept apart from `app` (which mixes it in) so each stays small.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path

from .actions import Workspace
from .actions import morning as morning_actions
from .actions.morning import Basis, Morning
from .settings import Settings


class OpensDatabase:
    """The app's side of opening: `service` is None until the store is open."""

    db_path: Path | str | None
    today: dt.date
    settings: Settings
    clock: Callable[[], dt.datetime] | None

    def __init__(self) -> None:
        self.service: Workspace | None = None
        self._open_lock = threading.Lock()
        self._basis: Basis | None = None  # what the read through the index found

    def open_service(self, shown: Callable[[Morning], object] | None = None) -> Workspace:
        """The workspace, opened on first use (blocking: from a worker). `shown` gets the
        morning agenda under the opening lock: a save waiting for the database lands after."""
        with self._open_lock:
            morning = None
            if self.service is None:
                today = self.today
                if shown is None:
                    self.service = Workspace.open(self.db_path, today, self.settings, self.clock)
                else:
                    self.service, morning = morning_actions.open_with_morning(
                        self.db_path, today, self.settings, self.clock, self._basis)
                self._basis = None
                if self.today != today:  # midnight passed while opening
                    self.service.move_to(self.today)
                    morning = None
            if shown is not None:
                shown(morning or morning_actions.morning(self.service))
            return self.service

    def quick_morning(self) -> Morning | None:
        """Before the database is open: its agenda read through its index, or None."""
        found = morning_actions.quick_morning(self.db_path, self.today, self.settings)
        self._basis = found and found[1]  # the opening reuses what it can of the read
        return found and found[0]

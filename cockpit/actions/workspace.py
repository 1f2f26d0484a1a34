"""One open database for one `today`: the store, the settings and a lock.

Every use case in `cockpit.actions` takes a Workspace as its first argument. The CLI makes
one per command; the TUI keeps one for the session and calls use cases from thread
workers, so every use case that touches the store holds `ws.lock` (a load and a write
started from two workers never interleave inside the store).

`today` is given when the workspace is made (the front-ends pass `--today`); no rule reads
the clock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..model import Contact
from ..settings import Settings
from ..store import Ambiguous, NotFound, Store

CHECKPOINT_QUIET = 2.0
"""Seconds without a save before the TUI folds its journal into the file."""


class Workspace:
    """The database, `today` and the settings every use case works with."""

    def __init__(self, store: Store, today: dt.date, settings: Settings | None = None) -> None:
        self.store = store
        self.today = today
        self.settings = settings or Settings()
        self.lock = threading.RLock()
        self.search_index: Any = None  # built by actions.search on first use
        self.live: Any = None  # the morning agenda kept up to date (actions.morning)
        self._saves = 0  # saves under way (see `saving`)
        self._saves_lock = threading.Lock()
        self._fold_timer: threading.Timer | None = None

    def move_to(self, day: dt.date) -> None:
        """A new day began while the workspace was open (the TUI left running past
        midnight): every later use case works for `day` — the agenda, new records' dates."""
        with self.lock:
            self.today = day

    @classmethod
    def open(cls, path: Path | str | None, today: dt.date, settings: Settings | None = None,
             clock: Callable[[], dt.datetime] | None = None, *, journal: bool = True
             ) -> Workspace:
        """Open (or create) the database. Blocking: the TUI calls it from a worker.

        `journal=True` (the TUI) makes each save durable in a small journal first."""
        with paused_gc():
            return cls(Store(path, clock=clock, journal=journal), today, settings)

    @property
    def path(self) -> Path:
        return self.store.path

    # ------------------------------------------------------------------ reads

    def contact(self, contact_id: str) -> Contact:
        with self.lock:
            return self.store.contact(contact_id)

    def resolve(self, name: str) -> Contact:
        """A contact by id, exact name or unambiguous prefix (NotFound / Ambiguous)."""
        with self.lock:
            return self.store.resolve(name)

    def contact_or_none(self, contact_id: str | None) -> Contact | None:
        if not contact_id:
            return None
        try:
            return self.contact(contact_id)
        except NotFound:
            return None

    def resolve_field(self, text: str, field: str, errors: dict[str, str]) -> Contact | None:
        """A name typed in a form field: the contact, or a one-line message for `field`."""
        try:
            return self.resolve(text)
        except Ambiguous as exc:
            names = ", ".join(c.name for c in exc.candidates[:3])
            errors[field] = f"several contacts match ({names}…): type more of the name"
        except NotFound:
            errors[field] = f"no contact matches {text.strip()!r}"
        return None

    # ------------------------------------------------------------------ the file

    def reload_if_changed(self) -> bool:
        """Re-read the file if another process (a script, `cockpit log`) changed it."""
        with self.lock:
            changed = self.store.refresh()
        if changed:
            self.search_index = None
        return changed

    def checkpoint(self) -> None:
        """Bring the database file up to date with the journal (~60 ms at 30k contacts).

        Each save is durable once journaled (a millisecond or two); this folds it into the
        main file, so other tools reading it see the change. Blocking: call from a worker."""
        self._cancel_fold()
        with self.lock:
            self.store.checkpoint()

    def checkpoint_when_quiet(self, failed: Callable[[Exception], object],
                              quiet: float | None = None) -> None:
        """Fold the journal once no save has come for `quiet` seconds (on a timer thread).

        A fold rewrites the whole file (60–230 ms at 30k contacts, ~700 ms at 100k) and
        holds the lock meanwhile: done after every save, it landed on the next key of a
        triage run. The journal keeps every save safe and other Cockpit processes replay
        it, so folding can wait for a pause. `failed` gets what a fold raised."""
        timer = threading.Timer(CHECKPOINT_QUIET if quiet is None else quiet,
                                self._fold_when_idle, args=(failed,))
        timer.daemon = True
        with self._saves_lock:
            if self._fold_timer is not None:
                self._fold_timer.cancel()
            self._fold_timer = timer
        timer.start()

    def _fold_when_idle(self, failed: Callable[[Exception], object]) -> None:
        try:
            self.checkpoint_when_idle()
        except Exception as exc:  # the journal keeps the saves; the caller says so
            failed(exc)

    def _cancel_fold(self) -> None:
        with self._saves_lock:
            timer, self._fold_timer = self._fold_timer, None
        if timer is not None:
            timer.cancel()  # (a no-op on the timer that is running this fold)

    @contextlib.contextmanager
    def saving(self) -> Iterator[None]:
        """Around one save; `checkpoint_when_idle` then knows whether another is under way."""
        with self._saves_lock:
            self._saves += 1
        try:
            yield
        finally:
            with self._saves_lock:
                self._saves -= 1

    def checkpoint_when_idle(self) -> None:
        """Checkpoint unless another save is under way: the last save of a burst folds them
        all, and a save never queues behind a checkpoint its neighbour could have done."""
        with self._saves_lock:
            if self._saves:
                return
        self.checkpoint()

    def contacts_changed(self) -> None:
        """Names, companies, notes or the archive changed: find must index again."""
        self.search_index = None


_gc_pauses = 0
_gc_lock = threading.Lock()
_gc_was_enabled = True


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while tens of thousands of records are built,
    then freeze them out of its way. Otherwise it rescans them again and again: a third
    of the start-up at 30,000 contacts. Nestable and thread-safe."""
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        _gc_pauses += 1
        if _gc_pauses == 1:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0:
                gc.freeze()
                if _gc_was_enabled:
                    gc.enable()

"""The events every destination gets: read from the store, built by `ical`.

Shared by the file export and the CalDAV push, so both carry the same events with
the same UIDs, alarms, texts and SEQUENCE numbers.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from contextlib import AbstractContextManager
from typing import Any

from .. import ical
from ..settings import Settings
from ..store import Store
from . import ledger
from .ledger import quiet_gc


def read_records(store: Store) -> tuple[list[Any], list[Any], list[Any], list[Any]]:
    """Contacts, follow-ups (all states), open asks, notes: from the store's memory.

    From the TUI this runs in a worker thread while the UI thread may save something;
    a table that changes while it is being read is simply read again.
    """
    for attempt in range(3):
        try:
            return (store.contacts(), store.followups(open_only=False), store.asks(),
                    store.notes())
        except RuntimeError:  # "dictionary changed size during iteration"
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def build(store: Store, today: dt.date, settings: Settings, *, stamp: dt.datetime,
          days: int | None = None,
          read_lock: AbstractContextManager[Any] | None = None) -> ical.CalendarExport:
    """Every event, versioned against the revisions ledger (not saved here).

    `read_lock` (the TUI's workspace lock, say) is held while the records are read from
    the store, and only then.
    """
    with read_lock if read_lock is not None else contextlib.nullcontext():
        records = read_records(store)
    with quiet_gc():
        revisions = ledger.load_revisions(ledger.revisions_path(store))
        return ical.build(*records, today, settings, stamp=stamp, days=days, ledger=revisions)

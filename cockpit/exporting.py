"""Writing the calendar file: read the Store, build with `ical`, write atomically.

`export_ics` is what `cockpit export-ics` and the TUI's `x` key call (the TUI from a worker
thread: it only reads the store's in-memory records and writes two files of its own).

Files:

* the calendar, by default next to the database with the suffix ``.ics`` (so
  ``~/.local/share/cockpit/cockpit.ics`` for the default database): a stable path that a
  calendar app can subscribe to. Written atomically (temp file, fsync, rename): a failed
  export leaves the previous file as it was. Mode 0600 for a new file (it holds personal
  notes about people); an existing file keeps its mode, so a ``chmod`` you made stays.
* the ledger, ``<database name>-ics-ledger.json`` next to the database: per event UID, the
  fingerprint, SEQUENCE and LAST-MODIFIED of the last export (see `ical`). It belongs to
  the database rather than to one calendar file because the calendar app matches events
  by UID, whatever file they came from. Losing it only restarts the counts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from . import ical
from .settings import Settings
from .store import Store, StoreError, _describe_os_error, atomic_write_bytes

NEW_FILE_MODE = 0o600

_KIND_WORDS = {
    ical.FOLLOWUP: ("follow-up", "follow-ups"),
    ical.BIRTHDAY: ("birthday", "birthdays"),
    ical.ENGAGE: ("engagement step", "engagement steps"),
    ical.NETWORK_DAY: ("network day", "network days"),
}


class ExportError(StoreError):
    """The calendar cannot be written; str() is one line naming the file and the problem."""


@dataclass(frozen=True, slots=True)
class ExportSummary:
    path: Path  # absolute path of the calendar written
    counts: dict[str, int]  # events per kind: ical.FOLLOWUP, BIRTHDAY, ENGAGE, NETWORK_DAY
    size: int  # bytes written
    new: int = 0  # events the previous export did not have
    changed: int = 0  # events whose content changed since the previous export
    warnings: list[str] = field(default_factory=list)  # e.g. the ledger could not be saved

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def describe(self) -> str:
        """"12 follow-ups, 30 birthdays, 2 engagement steps, 0 network days"."""
        parts = []
        for kind in ical.KINDS:
            n = self.counts.get(kind, 0)
            one, many = _KIND_WORDS[kind]
            parts.append(f"{n:,} {one if n == 1 else many}")
        return ", ".join(parts)

    def message(self) -> str:
        """One line for the CLI and the TUI's notification."""
        events = "event" if self.total == 1 else "events"
        return (f"wrote {self.total:,} {events} to {self.path} ({self.describe()}; "
                f"{self.new:,} new, {self.changed:,} changed)")


def default_ics_path(store: Store) -> Path:
    """The database's path with ``.ics`` for its suffix (never the database itself)."""
    candidate = store.path.with_suffix(".ics")
    if candidate == store.path:
        candidate = store.path.with_name(store.path.name + ".ics")
    return candidate


def ledger_path(store: Store) -> Path:
    # "-" right after the full database name: the store's clean-up of its own stale temp
    # files (".<db name>.*.tmp") can never match this file's temp files.
    return store.path.with_name(f"{store.path.name}-ics-ledger.json")


def load_ledger(path: Path) -> ical.Ledger:
    """The previous export's ledger; missing or unreadable means a fresh start."""
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    try:
        return ical.ledger_from_json(orjson.loads(data))
    except orjson.JSONDecodeError:
        return {}


def _target(store: Store, path: Path | str | None) -> Path:
    if path is None or str(path) == "":
        target = default_ics_path(store)
        with contextlib.suppress(OSError):
            target.parent.mkdir(parents=True, exist_ok=True)
    else:
        target = Path(path).expanduser()
    target = target.absolute()
    if target.is_symlink():  # write through a link (e.g. into a synced folder), keep the link
        target = target.resolve()
    if target.is_dir():
        raise ExportError(f"cannot write {target}: it is a folder; give a file name "
                          "such as cockpit.ics")
    if not target.parent.is_dir():
        raise ExportError(f"cannot write {target}: folder {target.parent} does not exist")
    protected = {store.path, store.backup_path, Path(str(store.path) + ".lock"),
                 ledger_path(store)}
    if any(_same_file(target, p) for p in protected):
        raise ExportError(f"refusing to write the calendar over {target}: that is the "
                          "database's own file; choose another name")
    return target


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.absolute().resolve()
    except OSError:
        return False


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return NEW_FILE_MODE


def _read_records(store: Store) -> tuple[list, list, list, list]:
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


def export_ics(store: Store, path: Path | str | None, today: dt.date, settings: Settings,
               days: int | None = None, *, stamp: dt.datetime | None = None) -> ExportSummary:
    """Write the reminders of `store` as an iCalendar file at `path` (None: the default).

    `days` is the follow-up horizon (default `settings.export_days`); `stamp` the export
    instant for DTSTAMP (default: now, UTC). Raises ExportError (a StoreError) with one
    line when the file cannot be written; the previous file is then left untouched.
    """
    if days is not None and days < 0:
        raise ExportError(f"--days must be 0 or more, not {days}")
    target = _target(store, path)
    moment = stamp or dt.datetime.now(dt.UTC)
    ledger_file = ledger_path(store)
    records = _read_records(store)
    ledger = load_ledger(ledger_file)
    # The records are long-lived; building 20,000 events allocates a lot of short-lived
    # objects. Freezing keeps the cyclic collector from walking the whole database again
    # and again meanwhile (about 15 % of the export at 30,000 contacts).
    gc.freeze()
    try:
        result = ical.build(*records, today, settings, stamp=moment, days=days, ledger=ledger)
    finally:
        gc.unfreeze()
    try:
        atomic_write_bytes(target, [result.data], mode=_mode_for(target))
    except OSError as exc:
        raise ExportError(f"could not write {target}: {_describe_os_error(exc)}; "
                          "nothing was changed") from None
    warnings = []
    try:
        ledger_file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(ledger_file, [orjson.dumps(ical.ledger_to_json(result.ledger))],
                           mode=NEW_FILE_MODE)
    except OSError as exc:
        warnings.append(f"could not save {ledger_file} ({_describe_os_error(exc)}): the next "
                        "export cannot tell which events changed")
    return ExportSummary(target, dict(result.counts), len(result.data), result.new,
                         result.changed, warnings)

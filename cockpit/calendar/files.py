"""Writing the calendar file: read the Store, build with `ical`, write atomically.

`export_ics` is what `cockpit export-ics` and the TUI's `x` key call (the TUI from a
worker thread: it only reads the store's in-memory records and writes files of its
own); `export_after_session` is what the TUI calls when a session ends, for
`calendar.export_path`.

Files:

* the calendar, by default next to the database with the suffix ``.ics`` (so
  ``~/.local/share/cockpit/cockpit.ics`` for the default database): a stable path that a
  calendar app can subscribe to. Written atomically (temp file, fsync, rename, see
  `atomic`): a failed export leaves the previous file as it was. Mode 0600 for a new
  file (it holds personal notes about people); an existing file keeps its mode, so a
  ``chmod`` you made stays.
* the ledgers (see `ledger`): the revisions, shared with the CalDAV push, and one per
  calendar file, so that the counts ("3 new, 1 changed") compare this file with what
  this same file held, and a new path reports every event as new.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .. import ical
from ..settings import Settings
from ..store import Store, _describe_os_error
from . import ledger, plan, source
from .atomic import write_atomic
from .errors import ExportError

NEW_FILE_MODE = 0o600

_KIND_WORDS = {
    ical.FOLLOWUP: ("follow-up", "follow-ups"),
    ical.BIRTHDAY: ("birthday", "birthdays"),
    ical.ENGAGE: ("engagement step", "engagement steps"),
    ical.NETWORK_DAY: ("network day", "network days"),
}


def describe_counts(counts: dict[str, int]) -> str:
    """"12 follow-ups, 30 birthdays, 2 engagement steps, 0 network days"."""
    parts = []
    for kind in ical.KINDS:
        n = counts.get(kind, 0)
        one, many = _KIND_WORDS[kind]
        parts.append(f"{n:,} {one if n == 1 else many}")
    return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class ExportSummary:
    path: Path  # absolute path of the calendar written
    counts: dict[str, int]  # events per kind: ical.FOLLOWUP, BIRTHDAY, ENGAGE, NETWORK_DAY
    size: int  # bytes written
    new: int = 0  # events this file did not have
    changed: int = 0  # events whose content changed since this file was last written
    warnings: list[str] = field(default_factory=list)  # e.g. a ledger could not be saved
    removed: int = 0  # events this file had that are gone (a follow-up done…)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def describe(self) -> str:
        return describe_counts(self.counts)

    def message(self) -> str:
        """One line for the CLI and the TUI's notification."""
        events = "event" if self.total == 1 else "events"
        removed = f", {self.removed:,} removed" if self.removed else ""
        return (f"wrote {self.total:,} {events} to {self.path} ({self.describe()}; "
                f"{self.new:,} new, {self.changed:,} changed{removed})")


def default_ics_path(store: Store) -> Path:
    """The database's path with ``.ics`` for its suffix (never the database itself)."""
    candidate = store.path.with_suffix(".ics")
    if candidate == store.path:
        candidate = store.path.with_name(store.path.name + ".ics")
    return candidate


def ledger_path(store: Store) -> Path:
    """The revisions ledger (kept under this name: older versions read it too)."""
    return ledger.revisions_path(store)


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
                 store.journal_path, ledger.revisions_path(store),
                 ledger.file_ledger_path(store, target)}
    if any(_same_file(target, p) for p in protected) or (
            target.parent == store.path.absolute().parent
            and target.name.startswith(f"{store.path.name}-caldav-")):
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
    result = source.build(store, today, settings, stamp=moment, days=days)
    file_ledger = ledger.file_ledger_path(store, target)
    before = ledger.load_file_ledger(file_ledger, target)
    seeded = before is None and target == default_ics_path(store).absolute()
    if seeded:
        # First export since the ledger became per file: the revisions ledger was this
        # default file's until then, so its new/changed counts go on from there (it
        # also remembers events long gone, so it cannot count removals).
        before = {uid: r.fingerprint for uid, r in
                  ledger.load_revisions(ledger.revisions_path(store)).items()}
    changes = plan.file_changes(result.events, before)
    if seeded:
        changes = plan.FileChanges(changes.new, changes.changed, 0)
    try:
        write_atomic(target, [result.data], mode=_mode_for(target))
    except OSError as exc:
        raise ExportError(f"could not write {target}: {_describe_os_error(exc)}; "
                          "nothing was changed") from None
    warnings = [w for w in (ledger.save_revisions(ledger.revisions_path(store), result.ledger),
                            ledger.save_file_ledger(file_ledger, target, result.events)) if w]
    return ExportSummary(target, dict(result.counts), len(result.data), changes.new,
                         changes.changed, warnings, changes.removed)


def export_after_session(store: Store, today: dt.date, settings: Settings,
                         *, stamp: dt.datetime | None = None) -> ExportSummary | None:
    """Re-write `calendar.export_path` (for a file subscribed through a synced folder).

    A relative path is taken from the database's folder (not from wherever the TUI was
    started). None when the setting is not set. Raises ExportError like `export_ics`.
    """
    if settings.export_path is None:
        return None
    target = settings.export_path
    if not target.is_absolute():
        target = store.path.absolute().parent / target
    return export_ics(store, target, today, settings, stamp=stamp)

"""Files in and out: import an address book, export the calendar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import ValidationError
from ..store import Store
from .workspace import Workspace

if TYPE_CHECKING:
    from ..exporting import ExportSummary
    from ..importers import ImportReport


def import_file(ws: Workspace, path: Path | str,
                progress: Callable[[int, int], None] | None = None, *,
                fmt: str | None = None, dry_run: bool = False) -> ImportReport:
    """Import a vCard, LinkedIn or Google CSV file (one atomic write), then re-read.

    The import runs on a Store of its own (without the journal), as the importers ask; the
    workspace's store is refreshed afterwards, so every screen sees the new people.
    """
    from ..importers import ImportFailed
    from ..importers import import_file as run

    other = Store(ws.store.path, clock=ws.store.clock)
    try:
        report = run(Path(path).expanduser(), other, progress, fmt=fmt, dry_run=dry_run,
                     today=ws.today)
    except ImportFailed as exc:
        raise ValidationError(str(exc)) from None
    with ws.lock:
        ws.store.refresh()
    ws.contacts_changed()
    return report


def export_calendar(ws: Workspace, path: Path | str | None = None,
                    days: int | None = None) -> ExportSummary:
    """Write the reminders as an iCalendar file (default: next to the database)."""
    from ..exporting import export_ics

    with ws.lock:
        return export_ics(ws.store, path, ws.today, ws.settings, days=days)


def export_calendar_line(summary: ExportSummary) -> str:
    """The one line the TUI shows after `x`."""
    return " · ".join([f"Calendar: {summary.message()}", *summary.warnings])

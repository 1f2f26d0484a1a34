"""Reminders on every device: push to the CalDAV calendar Cockpit owns, and what the
end of a TUI session does with the calendar (re-write `calendar.export_path`, push when
`auto_push` is on). The protocol is in `cockpit.calendar`; this is the use case."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .files import export_calendar, export_calendar_line
from .workspace import Workspace

if TYPE_CHECKING:
    from ..calendar.push import PushSummary


def push(ws: Workspace, *, dry_run: bool = False, force: bool = False,
         progress: Callable[[int, int], None] | None = None) -> PushSummary:
    """Send what changed since the last push (PushError, one line, when it cannot)."""
    from ..calendar.push import push_calendar

    # The lock is held only while records are read, never during the network part.
    return push_calendar(ws.store, ws.today, ws.settings, dry_run=dry_run, force=force,
                         progress=progress, read_lock=ws.lock)


def pushes_automatically(ws: Workspace) -> bool:
    from ..calendar.push import auto_push

    return auto_push(ws.settings)


def push_line(summary: PushSummary) -> str:
    line = f"CalDAV: {summary.message()}"
    return " · ".join([line, *summary.failures[:3]])


def export_and_push(ws: Workspace, progress: Callable[[int, int], None] | None = None) -> str:
    """`x` in the TUI: the file next to the database, and the calendar when auto_push."""
    line = export_calendar_line(export_calendar(ws))
    if pushes_automatically(ws):
        line += " · " + push_line(push(ws, progress=progress))
    return line


def end_of_session(ws: Workspace, progress: Callable[[int, int], None] | None = None
                   ) -> list[str]:
    """Quitting the TUI: re-write the subscribed file and push, as configured. The lines
    say what happened; errors are raised (PushError, ExportError: one line each)."""
    from ..calendar.files import export_after_session

    lines = []
    with ws.lock:
        written = export_after_session(ws.store, ws.today, ws.settings)
    if written is not None:
        lines.append(f"Calendar file: {written.message()}")
    if pushes_automatically(ws):
        lines.append(push_line(push(ws, progress=progress)))
    return lines


def session_end_wanted(ws: Workspace) -> bool:
    return ws.settings.export_path is not None or pushes_automatically(ws)

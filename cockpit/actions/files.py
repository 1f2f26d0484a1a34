"""Files in and out: import an address book, export the calendar."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Note, ValidationError
from ..store import Store, atomic_write_bytes
from .workspace import Workspace, paused_gc

if TYPE_CHECKING:
    from ..exporting import ExportSummary
    from ..importers import ImportReport


def import_file(ws: Workspace, path: Path | str,
                progress: Callable[[int, int], None] | None = None, *,
                fmt: str | None = None, dry_run: bool = False) -> ImportReport:
    """Import a vCard, LinkedIn or Google CSV file (one atomic write), then re-read.

    With a journaling store (the TUI, which imports in a worker thread) the import runs on
    a Store of its own without the journal, as the importers ask, and the workspace's store
    is refreshed afterwards, so every screen sees the new people. The CLI's store writes
    whole files already: the import runs on it, and nothing is read twice (re-reading
    30,000 contacts just written was a tenth of `cockpit import`).
    """
    from ..importers import ImportFailed
    from ..importers import import_file as run

    own = ws.store.journal
    store = Store(ws.store.path, clock=ws.store.clock) if own else ws.store
    try:
        # The collector would rescan the 30,000 cards, candidates and docs the import
        # holds again and again: a third of the import in the TUI's worker (about 1 s).
        with paused_gc():
            report = run(Path(path).expanduser(), store, progress, fmt=fmt, dry_run=dry_run,
                         today=ws.today, region=ws.settings.default_region or None)
    except ImportFailed as exc:
        raise ValidationError(str(exc)) from None
    if own:
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


@dataclass(frozen=True, slots=True)
class VcfExport:
    path: Path
    contacts: int
    version: str

    def message(self) -> str:
        return f"wrote {self.contacts:,} contact(s) as vCard {self.version} to {self.path}"


def export_vcards(ws: Workspace, path: Path | str | None = None, *, version: str = "4.0",
                  tag: str | None = None, with_memos: bool = False) -> VcfExport:
    """Your contacts (not archived; or those tagged `tag`) as a vCard file for a phone or
    another address book: written atomically, mode 0600 (it holds personal data). Private
    memos go in only with `with_memos`."""
    from ..exporters import VERSIONS, select_for_export
    from ..exporters import export_vcards as render

    if version not in VERSIONS:
        raise ValidationError(f"--version {version!r}: choose {' or '.join(VERSIONS)}")
    target = Path(path).expanduser() if path else ws.store.path.with_suffix(".vcf")
    if target.is_dir():
        target = target / "cockpit.vcf"
    if target.resolve() in {ws.store.path.resolve(), ws.store.backup_path.resolve()}:
        raise ValidationError(f"{target} is the database itself; choose another file")
    with ws.lock:
        people = select_for_export(ws.store.contacts(), tag=tag)
        if tag and not people:
            raise ValidationError(f"no contact is tagged {tag!r}")
        ids = {c.id for c in people}
        notes: dict[str, list[Note]] = {}
        for note in ws.store.notes():
            if note.contact_id in ids:
                notes.setdefault(note.contact_id, []).append(note)
    text = render(people, notes, version=version, with_memos=with_memos)
    try:
        atomic_write_bytes(target, [text.encode("utf-8")], mode=0o600)
    except OSError as exc:
        raise ValidationError(f"cannot write {target}: {exc.strerror or exc}") from None
    return VcfExport(target, len(people), version)


def export_calendar_line(summary: ExportSummary) -> str:
    """The one line the TUI shows after `x`."""
    return " · ".join([f"Calendar: {summary.message()}", *summary.warnings])

"""Importers: bring a network in from a vCard file, LinkedIn's Connections.csv or a
Google Contacts CSV.

The one call the CLI and the TUI need is `import_file`; it is safe to run in a worker
thread (it only calls `progress` and returns a report):

    report = import_file(path, store, progress=lambda done, total: ...)
    print(report.summary())        # "120 added, 3 merged, 0 unchanged, 2 skipped"
    for line in report.details():  # every skipped / doubtful row, every conflict
        print(line)

The file is parsed first (no lock held), then matched against the database and written
as one transaction: one atomic write at the end, so a crash mid-import leaves the
database as it was. `dry_run=True` computes the same report and writes nothing.

Parsers are imported lazily (vobject is not free to import). Nothing here imports textual.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .base import FORMATS, ImportFailed, ParseResult, Progress, RowIssue
from .merge import Conflict, ImportReport, Plan, apply_plan, plan_import

__all__ = [
    "FORMATS", "Conflict", "ImportFailed", "ImportReport", "Plan", "RowIssue", "detect_format",
    "import_file", "parse_bytes", "read_source",
]

_VCARD_AT_LINE_START = re.compile(r"(?im)^[ \t]*BEGIN[ \t]*:[ \t]*VCARD[ \t]*$")


def read_source(path: str | Path) -> bytes:
    """The file's bytes, or ImportFailed with one line saying why not."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(f"{p}: no such file") from None
    except IsADirectoryError:
        raise ImportFailed(f"{p} is a folder, not a file") from None
    except PermissionError:
        raise ImportFailed(f"{p}: permission denied") from None
    except OSError as exc:
        raise ImportFailed(f"cannot read {p}: {exc.strerror or exc}") from None
    if not data.strip():
        raise ImportFailed(f"{p} is empty")
    return data


def detect_format(data: bytes) -> str | None:
    """"vcard" (BEGIN:VCARD), "google" (a Google Contacts CSV header: `E-mail 1 - Value`,
    `Labels`, `Group Membership`…), "linkedin" (a CSV header with First Name and Last Name
    or their spreadsheet spellings), or None."""
    head = data[:256 * 1024]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("utf-8", errors="replace")
    text = text.lstrip("\ufeff")
    if text.lstrip()[:12].upper().replace(" ", "").startswith("BEGIN:VCARD"):
        return "vcard"
    from .csvtext import header_kind

    for line in text.splitlines()[:500]:
        kind = header_kind(line)
        if kind is not None:
            return kind
    if _VCARD_AT_LINE_START.search(text):
        return "vcard"
    return None


def parse_bytes(data: bytes, fmt: str, today: dt.date,
                progress: Progress | None = None) -> ParseResult:
    if fmt == "vcard":
        from . import vcard
        return vcard.parse(data, today, progress)
    if fmt == "linkedin":
        from . import linkedin
        return linkedin.parse(data, today, progress)
    if fmt == "google":
        from . import google
        return google.parse(data, today, progress)
    raise ImportFailed(f"unknown format {fmt!r} (choose from: {', '.join(FORMATS)})")


def import_file(path: str | Path, store, progress: Progress | None = None, *,  # type: ignore[no-untyped-def]
                fmt: str | None = None, dry_run: bool = False,
                today: dt.date | None = None, region: str | None = None) -> ImportReport:
    """Import a vCard, LinkedIn or Google Contacts file into `store` (a `cockpit.store.Store`).

    From a worker thread, give it a Store of its own on the same path (a Store is not
    meant to be shared between threads) and `refresh()` the UI's store afterwards.

    `fmt` is detected from the content when None. `today` dates the imported notes
    (default: the store's clock). `region` ("ES", "IT"…) is the country of phone numbers
    written without their international prefix, for matching people by phone; None reads
    `import.default_region` from config.toml, "" means none. Raises ImportFailed when the
    file as a whole cannot be read; bad rows never raise, they are in the report.
    """
    data = read_source(path)
    if fmt is None:
        fmt = detect_format(data)
        if fmt is None:
            raise ImportFailed(f"cannot tell the format of {path}: not a vCard (BEGIN:VCARD), a "
                               "LinkedIn CSV (First Name, Last Name) nor a Google Contacts CSV; "
                               "use --format vcard|linkedin|google")
    if today is None:
        today = store.clock().date()
    if region is None:
        region = configured_region()
    phases = _Phases(progress)
    parsed = parse_bytes(data, fmt, today, phases.parsing)
    if dry_run:
        store.refresh()
        plan = plan_import(store, parsed, region)
    else:
        with store.transaction():
            plan = plan_import(store, parsed, region)
            phases.planned()
            apply_plan(store, plan)
    phases.done()
    plan.report.source = str(path)
    plan.report.dry_run = dry_run
    return plan.report


def configured_region() -> str:
    """`import.default_region` from config.toml ("" when unset); a bad file is one line."""
    from ..settings import SettingsError, load

    try:
        return load().default_region
    except SettingsError as exc:
        raise ImportFailed(str(exc)) from None


class _Phases:
    """One progress scale for the whole import: parsing the rows is most of it, matching
    and writing take about a third as long again (measured at 30,000 contacts)."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.rows = 0

    def _full(self) -> int:
        return self.rows + max(1, self.rows // 3)

    def parsing(self, done: int, total: int) -> None:
        self.rows = total
        if self.progress is not None:
            self.progress(done, self._full())

    def planned(self) -> None:
        if self.progress is not None:
            self.progress(self.rows + self.rows // 6, self._full())

    def done(self) -> None:
        if self.progress is not None:
            self.progress(self._full(), self._full())

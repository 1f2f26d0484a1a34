"""The calendar file export, under the name the front-ends have always imported.

The code lives in `cockpit.calendar.files` (with the CalDAV push beside it); this
module keeps `from cockpit.exporting import export_ics` working.
"""

from __future__ import annotations

from .calendar.errors import ExportError
from .calendar.files import (
    NEW_FILE_MODE,
    ExportSummary,
    default_ics_path,
    export_after_session,
    export_ics,
    ledger_path,
)
from .calendar.ledger import load_revisions as load_ledger

__all__ = ["NEW_FILE_MODE", "ExportError", "ExportSummary", "default_ics_path",
           "export_after_session", "export_ics", "ledger_path", "load_ledger"]

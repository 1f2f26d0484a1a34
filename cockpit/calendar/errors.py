"""The two ways the calendar layer fails, each with a one-line message."""

from __future__ import annotations

from typing import Any

from ..store import StoreError


class CalendarError(StoreError):
    """str() is one line saying what failed and what to do; nothing half-written."""


class ExportError(CalendarError):
    """The calendar file cannot be written; the previous file is left as it was."""


class PushError(CalendarError):
    """A push to the CalDAV calendar stopped: server down, DNS or TLS error, login
    refused, calendar not found, timeout, connection dropped, or a bad configuration.

    The database is never changed by a push, and the ledger keeps exactly what the
    server acknowledged, so the next push finishes the job. `summary` holds what this
    push did before it stopped (None when it stopped before sending anything).
    """

    def __init__(self, message: str, summary: Any = None) -> None:  # a push.PushSummary
        super().__init__(message)
        self.summary = summary


class LoginRefused(PushError):
    """The server refused the login (401): the one failure worth a second try when the
    login scheme remembered from the last push (Basic, Digest) may have changed."""

"""`push_calendar`: the reminders in a CalDAV calendar Cockpit owns.

The same events `export-ics` writes (same UIDs, alarms, texts and SEQUENCE numbers)
go to the calendar named `calendar.caldav.calendar` ("Cockpit"), made if missing;
no other calendar is ever read or touched. Only what changed since the last push is
sent (see `plan`), each event as its own calendar object named after its UID:

* a new event with ``If-None-Match: *``: it never replaces anything;
* a changed one with ``If-Match`` and the ETag the server gave last time, and a
  reminder that no longer exists (a follow-up done, an ask asked) is deleted the same
  way — so an event someone changed on the server meanwhile is never overwritten nor
  deleted: the server answers 412, and the push reports it (`force` overwrites it).

The ledger (see `ledger`) is saved before each batch of requests with the batch
marked as sent, and after it with what the server acknowledged, so at any moment it
is true to what the server may hold; a push stopped by the network, a full disk or a
kill leaves it consistent, and the next push checks the events whose answer never
came and finishes the job, without duplicates or leftovers. The database is never
written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..settings import CaldavSettings, Settings
from ..store import Store
from . import ledger, password, plan, source
from .errors import LoginRefused, PushError
from .server import Server
from .steps import Progress, Pusher


@dataclass(slots=True)
class PushSummary:
    """What a push did (or, for a dry run, would do)."""

    calendar: str  # its display name
    url: str | None = None  # its URL; None when a dry run found none to push to
    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    failures: list[str] = field(default_factory=list)  # one line per event not pushed
    made_calendar: bool = False
    dry_run: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def counts(self) -> str:
        """"12 new, 3 updated, 5 removed, 0 failed"."""
        return (f"{self.created:,} new, {self.updated:,} updated, {self.removed:,} removed, "
                f"{self.failed:,} failed")

    def message(self) -> str:
        """One line for the CLI and the TUI's notification (failures are listed apart)."""
        where = f"calendar {self.calendar!r}"
        if self.url:
            where += f" at {urlsplit(self.url).hostname}"
        if self.dry_run:
            made = "; it would be made first" if self.url is None else ""
            return f"dry run, nothing sent: {where}{made}: would be {self.counts()}"
        made = " (made it)" if self.made_calendar else ""
        return f"pushed to {where}{made}: {self.counts()}"


def push_calendar(store: Store, today: dt.date, settings: Settings, *, dry_run: bool = False,
                  force: bool = False, progress: Progress | None = None,
                  stamp: dt.datetime | None = None,
                  environ: Mapping[str, str] | None = None,
                  read_lock: AbstractContextManager[Any] | None = None) -> PushSummary:
    """Put the reminders of `store` into the CalDAV calendar of `settings.caldav`.

    `dry_run`: log in and find the calendar, change nothing anywhere, and say what a
    push would do. `force`: overwrite (or delete) events changed on the server instead
    of reporting them. `progress(done, planned)` is called after each request (from
    the calling thread). `environ` is where COCKPIT_CALDAV_PASSWORD is looked up
    (default: the process environment). `read_lock` is held while the store's records
    are read, and released before anything else (the network above all): give the
    TUI's workspace lock here rather than holding it around the whole push.

    Returns a PushSummary (events that could not be pushed are in `failures`, each with
    the reason). Raises PushError, with one line, for everything that stops a push:
    no configuration, no password, server down, DNS, TLS, 401/403, 404, a 5xx, a
    timeout, the connection dropped, another push under way, a ledger that cannot be
    read or saved. The database is never written.
    """
    config = settings.caldav
    if config is None:
        raise PushError("no CalDAV calendar is configured: add [calendar.caldav] with its url "
                        "(and username) to config.toml")
    moment = stamp or dt.datetime.now(dt.UTC)
    built = source.build(store, today, settings, stamp=moment, read_lock=read_lock)
    key = ledger.caldav_key(config.url, config.username, config.calendar)
    path = ledger.caldav_ledger_path(store, key)
    with _locked(path, dry_run):
        with ledger.quiet_gc():
            book = ledger.load_caldav_ledger(path, key)
        secret = password.password(config, environ)
        server, url, made = _connect(config, secret, book, create=not dry_run)
        with server:
            summary = PushSummary(config.calendar, url, made_calendar=made, dry_run=dry_run)
            if book.dropped:
                summary.warnings.append(f"{book.dropped:,} damaged entries of the push ledger "
                                        "were reset: those events are checked again")
            if url != book.calendar_url:
                book.forget_calendar(url)
            with ledger.quiet_gc():
                todo = plan.plan(built.events, book.events)
            summary.unchanged = todo.unchanged
            if dry_run:
                summary.created, summary.updated, summary.removed = (
                    len(todo.creates), len(todo.updates), len(todo.deletes))
                return summary
            auth_before, book.auth = book.auth, server.auth or book.auth
            if todo or made or book.dropped or book.auth != auth_before:
                pusher = Pusher(server, book, path, summary, force, progress)
                try:
                    pusher.run(todo.steps)
                finally:
                    pusher.close()
    if built.new or built.changed:
        warning = ledger.save_revisions(ledger.revisions_path(store), built.ledger)
        if warning:
            summary.warnings.append(warning)
    return summary


def _connect(config: CaldavSettings, secret: str | None, book: ledger.CaldavLedger, *,
             create: bool) -> tuple[Server, str | None, bool]:
    """Log in and find the calendar; the login scheme of last time first, if any."""
    for auth in dict.fromkeys((book.auth, None)):
        server = Server(config, secret, auth)
        try:
            url, made = server.find_calendar(book.calendar_url, create=create)
        except LoginRefused:
            server.close()
            if auth is None:
                raise
            continue  # the server may want another scheme now: negotiate afresh
        except BaseException:
            server.close()
            raise
        return server, url, made
    raise AssertionError("unreachable")


@contextmanager
def _locked(path: Path, dry_run: bool) -> Iterator[None]:
    """One push at a time per calendar (the TUI's push on quit and a CLI push, say)."""
    if dry_run:
        yield
        return
    from filelock import FileLock, Timeout

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(path) + ".lock", timeout=0, mode=0o600)
        lock.acquire()
    except Timeout:
        raise PushError("another push to this calendar is under way; try again when it "
                        "has finished") from None
    except OSError as exc:
        raise PushError(f"cannot lock {path}.lock: {exc.strerror or exc}") from None
    try:
        yield
    finally:
        lock.release()


def auto_push(settings: Settings) -> bool:
    """Whether the TUI pushes after `x` and when quitting: a calendar is configured and
    `calendar.caldav.auto_push` is on. With no [calendar.caldav], nothing changes."""
    return settings.caldav is not None and settings.caldav.auto_push

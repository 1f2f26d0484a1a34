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
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .. import ical
from ..settings import CaldavSettings, Settings
from ..store import Store
from . import ledger, password, plan, source
from .errors import LoginRefused, PushError
from .plan import GONE, Held, Step
from .server import Answer, Server

Progress = Callable[[int, int], None]  # (requests done, requests planned)
BATCH = 100  # requests between two saves of the ledger
# From this many new events on, the calendar is listed first (one PROPFIND) and those
# already there are read in bulk: after a lost ledger, say, 20,000 events are then
# recognised in a few dozen requests instead of two requests each.
LIST_FROM = 50
FETCH_CHUNK = 200
SHOWN_CHARS = 80
_OK = (200, 201, 204)


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
                  environ: Mapping[str, str] | None = None) -> PushSummary:
    """Put the reminders of `store` into the CalDAV calendar of `settings.caldav`.

    `dry_run`: log in and find the calendar, change nothing anywhere, and say what a
    push would do. `force`: overwrite (or delete) events changed on the server instead
    of reporting them. `progress(done, planned)` is called after each request (from
    the calling thread). `environ` is where COCKPIT_CALDAV_PASSWORD is looked up
    (default: the process environment).

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
    built = source.build(store, today, settings, stamp=moment)
    key = ledger.caldav_key(config.url, config.username, config.calendar)
    path = ledger.caldav_ledger_path(store, key)
    with _locked(path, dry_run):
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
            todo = plan.plan(built.events, book.events)
            summary.unchanged = todo.unchanged
            if dry_run:
                summary.created, summary.updated, summary.removed = (
                    len(todo.creates), len(todo.updates), len(todo.deletes))
                return summary
            auth_before, book.auth = book.auth, server.auth or book.auth
            if todo or made or book.dropped or book.auth != auth_before:
                _Pusher(server, book, path, summary, force, progress).run(todo.steps)
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


class _Pusher:
    """Runs the plan's steps, keeping the ledger true to what the server holds."""

    def __init__(self, server: Server, book: ledger.CaldavLedger, path: Path,
                 summary: PushSummary, force: bool, progress: Progress | None) -> None:
        self.server, self.book, self.path = server, book, path
        self.summary, self.force, self.progress = summary, force, progress
        self._meanings: dict[str, str | None] = {}
        # The mark each event had before this push marked it: a request of an earlier
        # push whose answer never came (its version may be on the server).
        self._prior: dict[str, tuple[str | None, str | None]] = {}

    def run(self, steps: list[Step]) -> None:
        creates = [s for s in steps if s.action == plan.CREATE]
        if len(creates) >= LIST_FROM:
            adopted = self._adopt(creates)
            steps = [s for s in steps if s.uid not in adopted]
        total = len(steps)
        if not steps:
            ledger.save_caldav_ledger(self.path, self.book)
            return
        for start in range(0, total, BATCH):
            batch = steps[start:start + BATCH]
            undo = self._mark(batch)
            ledger.save_caldav_ledger(self.path, self.book)
            for i, step in enumerate(batch):
                try:
                    self._do(step)
                except PushError as exc:
                    self._unmark(undo[i + 1:])  # never sent: nothing to check next time
                    done = start + i
                    self._save_quietly()
                    raise PushError(f"{exc} after {done:,} of {total:,} changes; the next "
                                    "push finishes the job", self.summary) from None
                if self.progress is not None:
                    self.progress(start + i + 1, total)
        if steps:
            ledger.save_caldav_ledger(self.path, self.book)

    def _adopt(self, creates: list[Step]) -> set[str]:
        """Events to create that the calendar already holds as Cockpit would write them
        (an earlier push whose ledger was lost): recorded as they are, not sent again."""
        there = self.server.list_objects()
        clash = [s for s in creates if plan.href(s.uid) in there]
        adopted: set[str] = set()
        for start in range(0, len(clash), FETCH_CHUNK):
            chunk = clash[start:start + FETCH_CHUNK]
            copies = self.server.fetch_many([plan.href(s.uid) for s in chunk])
            for step in chunk:
                copy = copies.get(plan.href(step.uid))
                if step.event is None or copy is None or copy.etag is None:
                    continue
                if plan.meaning(copy.body) == self._meaning(step.event):
                    self.book.events[step.uid] = Held(step.event.fingerprint, copy.etag,
                                                      self._meaning(step.event))
                    adopted.add(step.uid)
        self.summary.unchanged += len(adopted)
        return adopted

    def _save_quietly(self) -> None:
        try:
            ledger.save_caldav_ledger(self.path, self.book)
        except PushError as exc:
            self.summary.warnings.append(str(exc))

    # ------------------------------------------------------------------ marks

    def _mark(self, batch: list[Step]) -> list[tuple[str, Held | None, tuple]]:
        """Mark each step as sent (saved before any request); returns how to undo it."""
        undo = []
        for step in batch:
            held = self.book.events.get(step.uid)
            prior = (None, None) if held is None else (held.sent, held.sent_meaning)
            undo.append((step.uid, held, prior))
            self._prior[step.uid] = prior
            if held is None:
                held = self.book.events[step.uid] = Held()
            if step.event is None:
                held.sent, held.sent_meaning = GONE, None
            else:
                held.sent, held.sent_meaning = step.event.fingerprint, self._meaning(step.event)
        return undo

    def _unmark(self, undo: list[tuple[str, Held | None, tuple]]) -> None:
        for uid, before, sent in undo:
            if before is None:
                self.book.events.pop(uid, None)
            else:
                before.sent, before.sent_meaning = sent

    def _pending(self, uid: str) -> str | None:
        """What an earlier push sent without an answer (GONE: a DELETE), if anything."""
        return self._prior.get(uid, (None, None))[0]

    def _ours(self, uid: str, held: Held) -> set[str]:
        """Every meaning of this event Cockpit put, or may have put, on the server."""
        return held.meanings() | {m for m in self._prior.get(uid, (None, None))[1:] if m}

    def _meaning(self, event: ical.Event) -> str | None:
        if event.uid not in self._meanings:
            self._meanings[event.uid] = plan.meaning(ical.calendar_object(event))
        return self._meanings[event.uid]

    # ------------------------------------------------------------------ steps

    def _do(self, step: Step) -> None:
        failures = self.summary.failed
        self._step(step)
        held = self.book.events.get(step.uid)
        if self.summary.failed > failures and held is not None:
            # Nothing was written: the mark this push set says nothing true.
            held.sent, held.sent_meaning = self._prior.get(step.uid, (None, None))
            if not held.acknowledged and held.sent is None:
                del self.book.events[step.uid]

    def _step(self, step: Step) -> None:
        held = self.book.events[step.uid]
        href = plan.href(step.uid)
        if step.event is None:
            self._delete(step.uid, href, held)
            return
        body = ical.calendar_object(step.event)
        if step.action == plan.CREATE:
            answer = self.server.put(href, body)
            if answer.status in _OK:
                self._ack(held, step.event, href, answer)
                self.summary.created += 1
            elif answer.status == 412:  # something is there already: whose is it?
                self._reconcile(step.event, href, held, body)
            else:
                self._refused(step.event.reminder.summary, answer)
            return
        if held.etag is None:  # the server never gave one: look before replacing
            self._reconcile(step.event, href, held, body)
            return
        answer = self.server.put(href, body, etag=held.etag)
        if answer.status in _OK:
            self._ack(held, step.event, href, answer)
            self.summary.updated += 1
        elif answer.status in (404, 412):
            self._reconcile(step.event, href, held, body)
        else:
            self._refused(step.event.reminder.summary, answer)

    def _reconcile(self, event: ical.Event, href: str, held: Held, body: bytes) -> None:
        """The server's copy is not the one the ledger knows: adopt, replace or report."""
        name = event.reminder.summary
        current = self.server.get(href)
        if current.status == 404:
            if self._pending(event.uid) == GONE or not held.acknowledged or self.force:
                answer = self.server.put(href, body)
                if answer.status in _OK:
                    self._ack(held, event, href, answer)
                    self.summary.created += 1
                else:
                    self._changed_meanwhile(name, answer)
            else:
                self._failed(name, "deleted in the calendar since the last push; not made "
                                   "again (push with --force to make it again)")
            return
        if current.status != 200:
            self._refused(name, current)
            return
        theirs = plan.meaning(current.body)
        if theirs is not None and theirs == self._meaning(event):
            self._ack(held, event, href, current)  # already there: an earlier push's work
            self.summary.unchanged += 1
            return
        if not (self.force or (theirs is not None and theirs in self._ours(event.uid, held))):
            self._failed(name, "changed in the calendar since the last push; not overwritten "
                               "(push with --force to overwrite it)")
            return
        if current.etag is None:
            self._failed(name, "the server gives no ETag for it, so it cannot be replaced "
                               "safely")
            return
        answer = self.server.put(href, body, etag=current.etag)
        if answer.status in _OK:
            self._ack(held, event, href, answer)
            self.summary.updated += 1
        else:
            self._changed_meanwhile(name, answer)

    def _delete(self, uid: str, href: str, held: Held) -> None:
        if held.etag is not None and self._pending(uid) is None:
            answer = self.server.delete(href, held.etag)
            if answer.status in (*_OK, 404):
                self._dropped(uid, held)
                return
            if answer.status != 412:
                self._refused(_event_name(uid, None), answer)
                return
        current = self.server.get(href)
        if current.status == 404:
            self._dropped(uid, held)
            return
        if current.status != 200:
            self._refused(_event_name(uid, None), current)
            return
        name = _event_name(uid, current.body)
        theirs = plan.meaning(current.body)
        if not (self.force or (theirs is not None and theirs in self._ours(uid, held))):
            self._failed(name, "changed in the calendar since the last push; not deleted "
                               "(push with --force to delete it)")
            return
        if current.etag is None:
            self._failed(name, "the server gives no ETag for it, so it cannot be deleted "
                               "safely")
            return
        answer = self.server.delete(href, current.etag)
        if answer.status in (*_OK, 404):
            self._dropped(uid, held, deleted=answer.status != 404)
        else:
            self._changed_meanwhile(name, answer)

    # ------------------------------------------------------------------ outcomes

    def _ack(self, held: Held, event: ical.Event, href: str, answer: Answer) -> None:
        meaning = self._meaning(event)
        etag = answer.etag
        if etag is None and answer.status != 200:
            # No ETag with the write (the server changed what it stored, RFC 4791
            # 5.3.4): read it back, so the ledger knows the version the server holds.
            stored = self.server.get(href)
            if stored.status == 200:
                etag, meaning = stored.etag, plan.meaning(stored.body) or meaning
        held.fingerprint, held.etag, held.meaning = event.fingerprint, etag, meaning
        held.sent = held.sent_meaning = None

    def _dropped(self, uid: str, held: Held, *, deleted: bool = False) -> None:
        """Gone from the calendar: by this DELETE (`deleted`), or found gone."""
        if deleted or held.acknowledged:
            self.summary.removed += 1
        del self.book.events[uid]

    def _failed(self, name: str, why: str) -> None:
        self.summary.failures.append(f"{_shown(name)}: {why}")

    def _refused(self, name: str, answer: Answer) -> None:
        if answer.status == 409:
            self._failed(name, "refused by the server (409 Conflict): another event in the "
                               "calendar has the same UID")
        else:
            self._failed(name, f"refused by the server ({answer.status})")

    def _changed_meanwhile(self, name: str, answer: Answer) -> None:
        if answer.status == 412:
            self._failed(name, "changed in the calendar while pushing; push again")
        else:
            self._refused(name, answer)


def _event_name(uid: str, body: bytes | None) -> str:
    """What to call an event Cockpit no longer has: its SUMMARY on the server, or its UID."""
    if body:
        import icalendar

        try:
            event = next(iter(icalendar.Calendar.from_ical(body).walk("VEVENT")), None)
            if event is not None and event.get("SUMMARY"):
                return str(event.get("SUMMARY"))
        except (ValueError, TypeError, KeyError, IndexError):
            pass
    return f"the event {uid}"


def _shown(text: str) -> str:
    """Text from people or servers, safe on one terminal line: controls made visible."""
    out = []
    for ch in text:
        code = ord(ch)
        if code < 32 or 127 <= code < 160 or ch in "\u200e\u200f\u2028\u2029" or (
                0x202A <= code <= 0x202E) or 0x2066 <= code <= 0x2069:
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    shown = "".join(out)
    return f"“{shown if len(shown) <= SHOWN_CHARS else shown[:SHOWN_CHARS - 1] + '…'}”"


def configured(settings: Settings) -> CaldavSettings | None:
    """The CalDAV settings when a push is configured (for the front-ends' auto_push)."""
    return settings.caldav

"""Running a push's steps against the server, keeping the ledger true to it.

`Pusher.run` sends the plan's requests in batches of `BATCH`. Before each batch the
ledger is saved with the batch marked as sent; after it, with what the server
acknowledged. Within a batch, up to `WORKERS` requests are in flight at once, each on a
connection of its own: against a remote server a push is bound by round trips, and
four at a time cut a first push of 20,000 events from over half an hour at 100 ms to
minutes (a server that serialises writes, as Radicale does, simply takes them in turn).

Each step is one event: create (``If-None-Match: *``), update (``If-Match``) or delete
(``If-Match``). A 412 (or a 404 to an update) means the server's copy is not the one
the ledger knows: it is read, and its meaning (`plan.meaning`) decides — one Cockpit
sent is adopted or replaced, anything else was changed in the calendar and is reported
(`force`: replaced or deleted all the same).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from .. import ical
from . import ledger, plan
from .errors import PushError
from .plan import GONE, Held, Step
from .server import Answer, Server

Progress = Callable[[int, int], None]  # (requests done, requests planned)
BATCH = 100  # requests between two saves of the ledger
WORKERS = 4  # requests in flight at once
# From this many new events on, the calendar is listed first (one PROPFIND) and those
# already there are read in bulk: after a lost ledger, say, 20,000 events are then
# recognised in a few dozen requests instead of two requests each.
LIST_FROM = 50
FETCH_CHUNK = 200
SHOWN_CHARS = 80
_OK = (200, 201, 204)


class _NotStarted(Exception):
    """A step left alone because another one stopped the push."""


class Pusher:
    """Runs the plan's steps, keeping the ledger true to what the server holds."""

    def __init__(self, server: Server, book: ledger.CaldavLedger, path: Path,
                 summary: Any, force: bool, progress: Progress | None,
                 workers: int | None = None) -> None:
        self.main, self.book, self.path = server, book, path
        self.summary, self.force, self.progress = summary, force, progress
        self.workers = max(1, WORKERS if workers is None else workers)
        self._meanings: dict[str, str | None] = {}
        # The mark each event had before this push marked it: a request of an earlier
        # push whose answer never came (its version may be on the server).
        self._prior: dict[str, tuple[str | None, str | None]] = {}
        self._lock = threading.Lock()  # the summary, from several threads
        self._local = threading.local()  # this thread's connection, and whether its step failed
        self._spare: queue.SimpleQueue[Server] = queue.SimpleQueue()
        self._clones: list[Server] = []

    @property
    def server(self) -> Server:
        return getattr(self._local, "server", None) or self.main

    def close(self) -> None:
        for clone in self._clones:
            clone.close()

    def run(self, steps: list[Step]) -> None:
        creates = [s for s in steps if s.action == plan.CREATE]
        if len(creates) >= LIST_FROM:
            adopted = self._adopt(creates)
            steps = [s for s in steps if s.uid not in adopted]
        total = len(steps)
        if not steps:
            ledger.save_caldav_ledger(self.path, self.book)
            return
        done = 0
        for start in range(0, total, BATCH):
            batch = steps[start:start + BATCH]
            undo = self._mark(batch)
            ledger.save_caldav_ledger(self.path, self.book)
            finished, error = self._send(batch, done, total)
            done += len(finished)
            if error is not None:
                # Never sent: nothing to check next time. The step that failed keeps
                # its mark: its request may have reached the server.
                self._unmark([u for i, u in enumerate(undo) if i not in finished
                              and i not in error[1]])
                self._save_quietly()
                raise PushError(f"{error[0]} after {done:,} of {total:,} changes; the next "
                                "push finishes the job", self.summary) from None
        ledger.save_caldav_ledger(self.path, self.book)

    def _send(self, batch: list[Step], done: int, total: int
              ) -> tuple[set[int], tuple[PushError, set[int]] | None]:
        """Run a batch; returns the steps finished, and the first error with the steps
        it stopped in the middle of (None when all went)."""
        finished: set[int] = set()
        if self.workers == 1 or len(batch) == 1:
            for i, step in enumerate(batch):
                try:
                    self._do(step)
                except PushError as exc:
                    return finished, (exc, {i})
                finished.add(i)
                if self.progress is not None:
                    self.progress(done + len(finished), total)
            return finished, None
        stop = threading.Event()
        started: set[int] = set()

        def job(i: int, step: Step) -> None:
            if stop.is_set():
                raise _NotStarted
            with self._lock:
                started.add(i)
            server = self._borrow()
            self._local.server = server
            try:
                self._do(step)
            finally:
                self._local.server = None
                self._spare.put(server)

        error: PushError | None = None
        failed: set[int] = set()
        with ThreadPoolExecutor(max_workers=self.workers,
                                thread_name_prefix="cockpit-push") as pool:
            futures = {pool.submit(job, i, step): i for i, step in enumerate(batch)}
            for future in as_completed(futures):
                i = futures[future]
                try:
                    future.result()
                except _NotStarted:
                    continue
                except PushError as exc:
                    stop.set()
                    failed.add(i)
                    error = error or exc
                    continue
                except BaseException:
                    stop.set()
                    raise
                finished.add(i)
                if self.progress is not None:
                    self.progress(done + len(finished), total)
        return finished, (None if error is None else (error, failed | (started - finished)))

    def _borrow(self) -> Server:
        """A connection of this thread's own: the main one is not shared between threads."""
        try:
            return self._spare.get_nowait()
        except queue.Empty:
            clone = self.main.clone()
            with self._lock:
                self._clones.append(clone)
            return clone

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
        self._local.failed = False
        self._step(step)
        held = self.book.events.get(step.uid)
        if self._local.failed and held is not None:
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
                self._count("created")
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
            self._count("updated")
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
                    self._count("created")
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
            self._count("unchanged")
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
            self._count("updated")
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
            self._count("removed")
        del self.book.events[uid]

    def _count(self, field: str) -> None:
        with self._lock:
            setattr(self.summary, field, getattr(self.summary, field) + 1)

    def _failed(self, name: str, why: str) -> None:
        self._local.failed = True
        with self._lock:
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

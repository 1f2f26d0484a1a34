"""Ledgers: what each destination holds, in small JSON files next to the database.

Never in the database: a push or an export leaves the database exactly as it was.
All are written with `atomic.write_atomic` (mode 0600: they name people's events).

* ``<db>-ics-ledger.json`` — *revisions*: per event UID, the fingerprint, SEQUENCE and
  LAST-MODIFIED of its latest version (`ical.ledger_to_json`). Shared by every
  destination, because calendar apps match events by UID whatever file or server
  they came from: SEQUENCE only ever goes up. A cache: losing it restarts the counts.
* ``<db>-ics-<digest>.json`` — per calendar *file*: UID -> fingerprint of what that
  file holds, so that exporting to a new path reports every event as new. A cache.
* ``<db>-caldav-<digest>.json`` — per CalDAV *calendar* (URL, user, calendar name):
  the calendar's URL, the login scheme the server asked for, and per UID a `plan.Held`
  (fingerprint, ETag, meaning, unanswered request). Not a cache: it is how Cockpit
  knows which events it made, so a damaged one is refused with one line rather than
  silently started afresh (a fresh start would leave behind deleted reminders).

The digest is the first 12 hex digits of SHA-256 of the destination, which each file
also records in full. Damaged entries (wrong types, a SEQUENCE that cannot count one
more version, an ETag that is not one line) are dropped one by one: the event is then
simply treated as new (issue 13, item 15).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from .. import ical
from ..store import Store, _describe_os_error
from .atomic import write_atomic
from .errors import PushError
from .plan import Held

VERSION = 1
_FINGERPRINT_CHARS = 64
_ETAG_CHARS = 1_000
_UID_CHARS = 1_000


@contextlib.contextmanager
def quiet_gc() -> Iterator[None]:
    """Keep the cyclic collector off the database while tens of thousands of objects are
    made (events, ledger entries): the records are long-lived, and without this every
    collection walks the whole database again (about 15 % of an export at 30,000
    contacts, a third of reading a push ledger)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def revisions_path(store: Store) -> Path:
    # "-" right after the full database name: never one of the store's own files.
    return store.path.with_name(f"{store.path.name}-ics-ledger.json")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def file_ledger_path(store: Store, target: Path) -> Path:
    return store.path.with_name(f"{store.path.name}-ics-{_digest(str(target))}.json")


def caldav_key(url: str, username: str | None, calendar: str) -> dict[str, Any]:
    return {"url": url, "username": username, "calendar": calendar}


def caldav_ledger_path(store: Store, key: dict[str, Any]) -> Path:
    canon = orjson.dumps(key, option=orjson.OPT_SORT_KEYS).decode()
    return store.path.with_name(f"{store.path.name}-caldav-{_digest(canon)}.json")


def _read_json(path: Path) -> Any:
    """The parsed file; None when it does not exist. Raises OSError or JSONDecodeError."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    return orjson.loads(data)


def _line(value: Any, limit: int) -> bool:
    return (isinstance(value, str) and 0 < len(value) <= limit
            and value.isprintable())


# ---------------------------------------------------------------------------- revisions

def load_revisions(path: Path) -> ical.Ledger:
    """The latest version of each event; missing or unreadable means a fresh start."""
    try:
        return ical.ledger_from_json(_read_json(path))
    except (OSError, orjson.JSONDecodeError):
        return {}


def save_revisions(path: Path, revisions: ical.Ledger) -> str | None:
    """Save; a failure is a warning (returned), not an error: it only restarts counts."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, [orjson.dumps(ical.ledger_to_json(revisions))])
    except OSError as exc:
        return (f"could not save {path} ({_describe_os_error(exc)}): SEQUENCE numbers "
                "start again from 0 next time")
    return None


# ---------------------------------------------------------------------------- file destinations

def load_file_ledger(path: Path, target: Path) -> dict[str, str] | None:
    """UID -> fingerprint of what `target` holds; None when this file was never written."""
    try:
        data = _read_json(path)
    except (OSError, orjson.JSONDecodeError):
        return None
    if not (isinstance(data, dict) and data.get("version") == VERSION
            and data.get("destination") == str(target) and isinstance(data.get("events"), dict)):
        return None
    return {uid: fp for uid, fp in data["events"].items()
            if _line(uid, _UID_CHARS) and _line(fp, _FINGERPRINT_CHARS)}


def save_file_ledger(path: Path, target: Path, events: list[ical.Event]) -> str | None:
    body = {"version": VERSION, "destination": str(target),
            "events": {e.uid: e.fingerprint for e in events}}
    try:
        write_atomic(path, [orjson.dumps(body)])
    except OSError as exc:
        return (f"could not save {path} ({_describe_os_error(exc)}): the next export to "
                f"{target} cannot tell which events changed")
    return None


# ---------------------------------------------------------------------------- CalDAV destinations

@dataclass(slots=True)
class CaldavLedger:
    key: dict[str, Any]  # the destination: url, username, calendar name
    calendar_url: str | None = None  # the calendar found or made there
    auth: str | None = None  # "basic" or "digest": what the server asked for last time
    events: dict[str, Held] = field(default_factory=dict)
    dropped: int = 0  # damaged entries left out when it was read

    def forget_calendar(self, calendar_url: str | None) -> None:
        """A different calendar: nothing the ledger says applies to it."""
        self.calendar_url = calendar_url
        self.events = {}


def _held(entry: Any) -> Held | None:
    if not (isinstance(entry, list) and len(entry) == 5):
        return None
    fingerprint, etag, meaning, sent, sent_meaning = entry
    for value, limit in ((fingerprint, _FINGERPRINT_CHARS), (etag, _ETAG_CHARS),
                         (meaning, _FINGERPRINT_CHARS), (sent, _FINGERPRINT_CHARS),
                         (sent_meaning, _FINGERPRINT_CHARS)):
        if value is not None and not _line(value, limit):
            return None
    if fingerprint is None and sent is None:
        return None  # says nothing: neither acknowledged nor possibly sent
    return Held(fingerprint, etag, meaning, sent, sent_meaning)


def load_caldav_ledger(path: Path, key: dict[str, Any]) -> CaldavLedger:
    """The ledger of this destination; a new one when there is none.

    Raises PushError (one line) when the file cannot be read or is not a ledger.
    """
    damaged = PushError(f"the push ledger {path} is damaged: move it away to start afresh "
                        "(events of reminders that no longer exist would then stay in the "
                        "calendar)")
    try:
        data = _read_json(path)
    except OSError as exc:
        raise PushError(f"cannot read the push ledger {path}: {_describe_os_error(exc)}") from None
    except orjson.JSONDecodeError:
        raise damaged from None
    if data is None:
        return CaldavLedger(dict(key))
    if not (isinstance(data, dict) and data.get("version") == VERSION
            and isinstance(data.get("events"), dict)
            and (data.get("calendar_url") is None or _line(data.get("calendar_url"), 4_000))
            and data.get("auth") in (None, "basic", "digest")):
        raise damaged
    ledger = CaldavLedger(dict(key), data.get("calendar_url"), data.get("auth"))
    if data.get("destination") != key:  # another destination's file under this name
        ledger.forget_calendar(None)
        return ledger
    for uid, entry in data["events"].items():
        held = _held(entry) if _line(uid, _UID_CHARS) else None
        if held is None:
            ledger.dropped += 1
        else:
            ledger.events[uid] = held
    return ledger


def caldav_ledger_bytes(ledger: CaldavLedger) -> bytes:
    with quiet_gc():
        return _caldav_ledger_bytes(ledger)


def _caldav_ledger_bytes(ledger: CaldavLedger) -> bytes:
    return orjson.dumps({
        "version": VERSION, "destination": ledger.key, "calendar_url": ledger.calendar_url,
        "auth": ledger.auth,
        "events": {uid: [h.fingerprint, h.etag, h.meaning, h.sent, h.sent_meaning]
                   for uid, h in ledger.events.items()}})


def save_caldav_ledger(path: Path, ledger: CaldavLedger) -> None:
    """Raises PushError: a push must not go on when it cannot record what it sends."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, [caldav_ledger_bytes(ledger)])
    except OSError as exc:
        raise PushError(f"cannot save the push ledger {path}: {_describe_os_error(exc)}; "
                        "the next push will check what the server holds") from None

"""The pure part of a push: what a destination holds, and what to send to it.

No I/O, no clock: functions of the events built by `ical` and of a destination's
ledger. `push` does the talking; the tests here need no server.

A CalDAV destination's ledger has one `Held` per event Cockpit put there: the
fingerprint of the content the server acknowledged, its ETag, and the event's
*meaning* (`meaning`, see below). Before a request goes out its target is marked
`sent`; the mark is cleared when the answer comes. A mark still there at the next
push means the answer was lost (server stopped, connection dropped): the request may
or may not have been applied, so that event is checked before anything else is done
to it (`needs_check`).

Ownership: Cockpit deletes or overwrites only what it put there. When the server's
copy of an event no longer carries the ETag the ledger knows (a 412), its *meaning*
is compared with what Cockpit sent: servers re-serialise what they store (Radicale
reorders properties, others refold lines), so bytes cannot be compared, but
properties and values can. An event whose meaning is one Cockpit sent is Cockpit's;
anything else was edited on the server, and is reported instead of overwritten.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from .. import ical

CREATE, UPDATE, DELETE = "create", "update", "delete"
GONE = "-"  # `Held.sent` of a DELETE whose answer never came

# Properties that change on every write, or that servers and clients add for
# bookkeeping: not part of what an event means. ACKNOWLEDGED (RFC 9074) is a client
# saying an alarm went off; a UID in an alarm is how a client names it (RFC 9074).
_BOOKKEEPING = frozenset({"DTSTAMP", "SEQUENCE", "LAST-MODIFIED", "CREATED", "ACKNOWLEDGED"})
_ALARM_BOOKKEEPING = frozenset({"UID", "RELATED-TO"})


@dataclass(slots=True)
class Held:
    """What the ledger knows of one event Cockpit put in the calendar."""

    fingerprint: str | None = None  # content the server acknowledged; None: none yet
    etag: str | None = None  # its strong ETag, when the server gave one
    meaning: str | None = None  # `meaning()` of that content
    sent: str | None = None  # fingerprint of a request whose answer never came (GONE: a DELETE)
    sent_meaning: str | None = None

    @property
    def acknowledged(self) -> bool:
        return self.fingerprint is not None

    @property
    def needs_check(self) -> bool:
        """A request went unanswered: the server's copy must be looked at again."""
        return self.sent is not None

    def meanings(self) -> set[str]:
        """Every meaning of this event that Cockpit put, or may have put, there."""
        return {m for m in (self.meaning, self.sent_meaning) if m}


@dataclass(frozen=True, slots=True)
class Step:
    action: str  # CREATE, UPDATE or DELETE
    uid: str
    event: ical.Event | None  # what to upload (None for a DELETE)
    held: Held | None  # what the ledger knew (None for a first CREATE)


@dataclass(slots=True)
class Plan:
    creates: list[Step] = field(default_factory=list)
    updates: list[Step] = field(default_factory=list)
    deletes: list[Step] = field(default_factory=list)
    unchanged: int = 0

    @property
    def steps(self) -> list[Step]:
        return self.creates + self.updates + self.deletes

    def __len__(self) -> int:
        return len(self.creates) + len(self.updates) + len(self.deletes)


def plan(events: Sequence[ical.Event], held: Mapping[str, Held]) -> Plan:
    """What to send so that the calendar holds exactly `events`.

    * an event the calendar never acknowledged: CREATE (If-None-Match: *);
    * one whose content changed, or whose last request went unanswered: UPDATE;
    * one the ledger holds but that is no longer a reminder: DELETE — only those: an
      event Cockpit did not put there is not in its ledger, so it is never deleted.
    """
    out = Plan()
    wanted = set()
    for event in events:
        uid = event.uid
        wanted.add(uid)
        known = held.get(uid)
        if known is None or not known.acknowledged:
            out.creates.append(Step(CREATE, uid, event, known))
        elif known.fingerprint != event.fingerprint or known.needs_check:
            out.updates.append(Step(UPDATE, uid, event, known))
        else:
            out.unchanged += 1
    out.deletes = [Step(DELETE, uid, None, known) for uid, known in held.items()
                   if uid not in wanted]
    return out


def href(uid: str) -> str:
    """The calendar object's name inside the calendar: its UID, so one UID, one object."""
    return quote(uid, safe="") + ".ics"


# ---------------------------------------------------------------------------- files

@dataclass(frozen=True, slots=True)
class FileChanges:
    new: int
    changed: int
    removed: int


def file_changes(events: Iterable[ical.Event], before: Mapping[str, str] | None) -> FileChanges:
    """Compared with what this same file held (`before`: UID -> fingerprint)."""
    before = before or {}
    new = changed = 0
    seen = set()
    for event in events:
        seen.add(event.uid)
        old = before.get(event.uid)
        if old is None:
            new += 1
        elif old != event.fingerprint:
            changed += 1
    return FileChanges(new, changed, sum(1 for uid in before if uid not in seen))


# ---------------------------------------------------------------------------- meaning

_UNFOLD = re.compile(r"\r?\n[ \t]")
_LINE_END = re.compile(r"\r?\n")


def meaning(data: bytes | str) -> str | None:
    """A digest of what the first event in `data` says, whatever its serialisation.

    Every property but the bookkeeping ones (DTSTAMP, SEQUENCE, LAST-MODIFIED,
    CREATED, ACKNOWLEDGED; an alarm's UID and RELATED-TO) and X- extensions, with its
    parameters (VALUE left out: it only restates the type) and its value as icalendar
    writes it after parsing it as its type, sorted; alarms and other sub-components the
    same way, but for a default alarm a client adds by itself (Apple's
    X-APPLE-DEFAULT-ALARM). Property order, line folding, line
    ends, parameter case and escaping style do not count. None when `data` holds no
    event that parses.

    Each distinct content line is parsed once (`_line`): most lines are the same in
    many events (alarms, dates, rules), which keeps this at a fraction of a millisecond.
    """
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            return None
    stack: list[tuple[str, list[Any], list[Any], list[bool]]] = []
    found = None
    # Split on line ends only: str.splitlines() would also cut at NEL, LS, FS… in a text.
    for line in _LINE_END.split(_UNFOLD.sub("", data)):
        if not line:
            continue
        head = line.split(":", 1)[0].split(";", 1)[0].upper()
        if head == "BEGIN":
            stack.append((line.split(":", 1)[-1].strip().upper(), [], [], [False]))
        elif head == "END":
            if not stack:
                return None
            name, props, subs, dropped = stack.pop()
            canon = (name, tuple(sorted(props)), tuple(sorted(subs)))
            if stack and not dropped[0]:
                stack[-1][2].append(canon)
            if name == "VEVENT" and found is None:
                found = canon
        elif not stack or head in _BOOKKEEPING or (
                stack[-1][0] == "VALARM" and head in _ALARM_BOOKKEEPING):
            continue
        elif head.startswith("X-"):
            if head == "X-APPLE-DEFAULT-ALARM" and line.rsplit(":", 1)[-1].strip().upper() == "TRUE":
                stack[-1][3][0] = True
            continue
        else:
            parsed = _line(line)
            if parsed is None:
                return None
            stack[-1][1].append(parsed)
    if found is None or stack:
        return None
    return hashlib.blake2b(repr(found).encode("utf-8", "surrogatepass"),
                           digest_size=12).hexdigest()


@functools.lru_cache(maxsize=65_536)
def _line(line: str) -> tuple[str, tuple[tuple[str, str], ...], bytes] | None:
    from icalendar.parser import Contentline

    try:
        name, params, value = Contentline(line).parts()
    except (ValueError, TypeError, KeyError, IndexError):
        return None
    name = name.upper()
    shown_params = tuple(sorted((k.upper(), str(v)) for k, v in params.items()
                                if k.upper() != "VALUE"))
    try:
        kind = _types().for_property(name, params.get("VALUE"))
        shown = kind(kind.from_ical(value)).to_ical()
    except Exception:  # any value icalendar cannot type is compared as written
        shown = value.encode("utf-8", "surrogatepass")
    return name, shown_params, shown


@functools.cache
def _types() -> Any:
    from icalendar.prop import TypesFactory

    return TypesFactory()

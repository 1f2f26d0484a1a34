"""iCalendar export of reminders: pure, from model objects, `today` and settings to bytes.

No file I/O, no clock reads, no UI imports: the caller passes `today` and `stamp` (the
export instant, for DTSTAMP) and, to keep SEQUENCE honest across exports, the ledger of
the previous export (see "Identity and versions" below). `calendar.files` writes the
file and `calendar.push` puts the same events in a CalDAV calendar (`calendar_object`).

What goes in (DESIGN.md "Calendar export"; PRACTICES P1, P3, P9, P10, P15):

* **Follow-ups** of every origin due within the horizon, as all-day events on the due
  day; overdue ones on `today`.
* **Birthdays**: one all-day, yearly, transparent event per contact. 29 February uses
  ``FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1`` (the last day of February: 28 February in common
  years) or, with ``feb29 = "mar1"``, ``FREQ=YEARLY;BYYEARDAY=60`` (day 60 of the year is
  29 February in leap years and 1 March in common years). Plain ``FREQ=YEARLY`` from a
  29 February start is skipped in common years by dateutil and Google, so it is never used
  for that day. Series start in 2000 (a leap year, so 29 February exists), or in the
  birth year when that is later: no birthday before the person was born, and no client
  has to expand decades of past occurrences. No summary shows an age (a recurring event's
  summary is the same every year); the description says the birth year when it is known.
* **Engagement**: each open ask's next step on the day after the last satisfied step (the
  day the ask was planned when none is done yet; never before today), or "ready to ask"
  once the ladder is complete.
* **Network days** (P15): a weekly event per network in `settings.network_days`.

Every event is all-day (``VALUE=DATE``), transparent (reminders never block your
free/busy time), private, and carries a display VALARM at `settings.alarm_time` on its
own day (``TRIGGER:PT8H`` for 08:00: all-day events start at local midnight).

Identity and versions: the UID is a uuid5 of the contact id and the reminder kind (plus
the follow-up or ask record id where a contact can have several), so re-importing or
re-subscribing updates events instead of duplicating them. SEQUENCE and LAST-MODIFIED
come from a *ledger* (UID -> fingerprint of the event's content, sequence, modified):
an event whose bytes (all but DTSTAMP/SEQUENCE/LAST-MODIFIED) are unchanged keeps its
sequence and modification time; a changed one gets sequence + 1 and `stamp`. Google only
applies an update whose SEQUENCE went up, and only a stored ledger can count versions.

Serialisation: every content line is made by icalendar itself — `Contentline.from_parts`
with icalendar's property types (`vText` escapes backslash, comma, semicolon and turns
CR/LF and lone CR into ``\\n``, so no text can start a line of its own). Control
characters that RFC 5545 forbids in TEXT are dropped first. Long lines are folded by
`_fold`, byte for byte what icalendar's folding gives (a test compares them) without its
per-character loop. Lines that are the same in many events (BEGIN/END, the alarm and
everything after DESCRIPTION, dates, rules, versions) are made once per export: that is
what keeps 30,000 contacts (about 20,000 events) at about half a second.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from icalendar.parser import Parameters
from icalendar.prop import vCategory, vDate, vDatetime, vDuration, vInt, vRecur

from . import agenda
from .ical_ledger import (  # noqa: F401 (re-exported)
    LEDGER_YEARS,
    MAX_SEQUENCE,
    Ledger,
    Revision,
    ledger_from_json,
    ledger_to_json,
)
from .ical_lines import _CRLF, _clean, _fold, _line, _text_line  # noqa: F401 (also used by tests)
from .model import Ask, Birthday, Contact, FollowUp, Note, Origin
from .settings import WEEKDAYS, Settings

# Never change these: UIDs derive from them, and calendars match events by UID.
UID_NAMESPACE = uuid.UUID("6f0c1f8e-5b7a-4c1e-9a3d-2f4b8c6d0e17")
_NAMESPACE_BYTES = UID_NAMESPACE.bytes
PRODID = "-//Cockpit//Cockpit networking cockpit//EN"
CALENDAR_NAME = "Cockpit"
CALENDAR_DESCRIPTION = "Follow-ups, birthdays, engagement steps and network days from Cockpit"
REFRESH = dt.timedelta(hours=12)  # REFRESH-INTERVAL / X-PUBLISHED-TTL for subscriptions

FOLLOWUP, BIRTHDAY, ENGAGE, NETWORK_DAY = "followup", "birthday", "engage", "network-day"
KINDS = (FOLLOWUP, BIRTHDAY, ENGAGE, NETWORK_DAY)
CATEGORY = {FOLLOWUP: "Follow-up", BIRTHDAY: "Birthday", ENGAGE: "Engage", NETWORK_DAY: "Network day"}
# What a display alarm says (calendar apps show the event's title next to it).
ALARM_TEXT = {FOLLOWUP: "Cockpit: follow up today", BIRTHDAY: "Cockpit: a birthday today",
              ENGAGE: "Cockpit: engage, then ask", NETWORK_DAY: "Cockpit: network day"}


BIRTHDAY_START_YEAR = 2000  # a past leap year: every birthday, 29 February included, exists
NETWORK_ANCHOR = dt.date(2024, 1, 1)  # a Monday: network-day series start that week
NOTE_CHARS = 300  # how much of the newest note goes into a follow-up's description

RULE_YEARLY: Mapping[str, Any] = {"FREQ": "YEARLY"}
RULE_FEB_LAST_DAY: Mapping[str, Any] = {"FREQ": "YEARLY", "BYMONTH": 2, "BYMONTHDAY": -1}
RULE_DAY_60: Mapping[str, Any] = {"FREQ": "YEARLY", "BYYEARDAY": 60}

_ORIGIN_LABEL = {
    Origin.MET_IN_PERSON.value: "met in person",
    Origin.MANUAL.value: "scheduled by you",
    Origin.CADENCE.value: "keep-in-touch cadence",
    Origin.INVITE_PENDING.value: "pending invitation",
}
_NETWORK_NAMES = {"linkedin": "LinkedIn", "twitter": "X (Twitter)", "x": "X", "github": "GitHub",
                  "facebook": "Facebook", "instagram": "Instagram", "mastodon": "Mastodon",
                  "xing": "XING", "bluesky": "Bluesky", "threads": "Threads"}


# ---------------------------------------------------------------------------- reminders

@dataclass(frozen=True, slots=True)
class Reminder:
    """One calendar event, before serialisation: plain data, easy to test and to show."""

    uid: str
    kind: str  # one of KINDS
    summary: str
    description: str
    start: dt.date
    rrule: Mapping[str, Any] | None = None
    contact_id: str | None = None


def uid_for(*parts: str) -> str:
    """A stable UID: the same parts give the same UID in every export, forever.

    Exactly ``str(uuid.uuid5(UID_NAMESPACE, "/".join(parts)))``, three times faster.
    """
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + "/".join(parts).encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def birthday_rule(birthday: Birthday, settings: Settings) -> tuple[dt.date, Mapping[str, Any]]:
    """DTSTART and RRULE of a birthday, right in every year (29 February included)."""
    year = max(birthday.year or BIRTHDAY_START_YEAR, BIRTHDAY_START_YEAR)
    start = dt.date(year, birthday.month, birthday.day)  # a 29 February birth year is leap
    if (birthday.month, birthday.day) != (2, 29):
        return start, RULE_YEARLY
    return start, RULE_DAY_60 if settings.feb29 == "mar1" else RULE_FEB_LAST_DAY


def network_day_start(weekday: str) -> dt.date:
    """First day of a weekly network-day series: fixed, so the event never changes by itself."""
    return NETWORK_ANCHOR + dt.timedelta(days=WEEKDAYS.index(weekday.lower()))


def newest_notes(notes: Iterable[Note]) -> dict[str, Note]:
    """The newest note of each contact (ties broken by id, so the choice is stable)."""
    newest: dict[str, Note] = {}
    for note in notes:
        best = newest.get(note.contact_id)
        if best is None or (note.date, note.id) > (best.date, best.id):
            newest[note.contact_id] = note
    return newest


def _short(text: str, limit: int) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _context_lines(contact: Contact, note: Note | None) -> list[str]:
    """Where you met, who they are, when you last spoke, what you noted last."""
    lines = []
    job = " at ".join(p for p in (contact.role, contact.company) if p)
    if job:
        lines.append(job)
    met = []
    if contact.met_at:
        met.append(f"at {contact.met_at}")
    if contact.met_on:
        met.append(f"on {contact.met_on.isoformat()}")
    if met:
        how = f" ({contact.how_met})" if contact.how_met else ""
        lines.append("Met " + " ".join(met) + how)
    elif contact.how_met:
        lines.append(f"How you know them: {contact.how_met}")
    last = contact.last_interaction
    lines.append(f"Last interaction: {last.isoformat()}" if last else "No interaction logged yet")
    if note is not None:
        lines.append(f"Latest note ({note.date.isoformat()}): {_short(note.text, NOTE_CHARS)}")
    return lines


def _followup_reminder(item: agenda.FollowUpItem, today: dt.date, note: Note | None,
                       settings: Settings) -> Reminder:
    contact = item.contact
    if item.origin == Origin.CADENCE.value:
        # Not the agenda's "N days since…": that text changes every day by itself.
        what = f"keep in touch ({contact.tie}, every {agenda.cadence_days(contact, settings)} days)"
        key: tuple[str, ...] = (contact.id, item.origin)
    elif item.origin == Origin.INVITE_PENDING.value:
        what = item.reason
        key = (contact.id, item.origin)
    else:
        what = item.reason or ("thank them and send a personal invitation"
                               if item.origin == Origin.MET_IN_PERSON.value else "follow up")
        record = item.followup.id if item.followup else item.due.isoformat()
        key = (contact.id, item.origin, record)
    lines = [f"Follow-up ({_ORIGIN_LABEL.get(item.origin, item.origin)})"]
    if item.due < today:
        lines[0] += f", due {item.due.isoformat()}: overdue"
    if item.origin == Origin.MET_IN_PERSON.value:
        lines.append("Within 24 hours: recall who you are and where you met, "
                     "with a personal note and the invitation (P1).")
    lines += _context_lines(contact, note)
    return Reminder(uid_for(*key), FOLLOWUP, f"Follow up with {contact.name}: {what}",
                    "\n".join(lines), max(item.due, today), None, contact.id)


def _birthday_reminder(contact: Contact, settings: Settings) -> Reminder:
    b = contact.birthday
    assert b is not None
    start, rule = birthday_rule(b, settings)
    lines = [f"Send {contact.first_name} a personal birthday message (P9)."]
    lines.append(f"Born in {b.year}." if b.year is not None else "Year of birth unknown.")
    if (b.month, b.day) == (2, 29):
        other = "1 March" if settings.feb29 == "mar1" else "28 February"
        lines.append(f"Born on 29 February: celebrated on {other} in common years.")
    job = " at ".join(p for p in (contact.role, contact.company) if p)
    if job:
        lines.append(job)
    return Reminder(uid_for(contact.id, BIRTHDAY), BIRTHDAY, f"🎂 Birthday: {contact.name}",
                    "\n".join(lines), start, rule, contact.id)


def _engage_reminder(item: agenda.EngageItem, today: dt.date) -> Reminder:
    contact, ask = item.contact, item.ask
    # The next step is due the day after the last one (the day the ask was planned when
    # none is done yet); anything in the past is shown today, like an overdue follow-up.
    due = item.last_step_on + dt.timedelta(days=1) if item.last_step_on else ask.created
    ladder = " → ".join(("✓ " if ok else "") + step for step, ok in item.steps.items())
    if item.ready:
        summary = f"Ready to ask {contact.name}: {ask.what}"
        first = "The engagement ladder is complete: ask now, privately (P3, P4)."
    else:
        summary = f"Engage with {contact.name}: {item.next_step} (before asking)"
        first = f"Engage before you ask (P3): {item.next_step} next."
    lines = [first, f"Ladder: {ladder}", f"The ask: {ask.what}",
             f"Your offer: {ask.offer}" if ask.offer else "Your offer: say what you bring (P5)."]
    return Reminder(uid_for(contact.id, ENGAGE, ask.id), ENGAGE, summary, "\n".join(lines),
                    max(due, today), None, contact.id)


def _network_reminder(network: str, weekday: str) -> Reminder:
    shown = _NETWORK_NAMES.get(network.casefold(), network)
    description = (f"Give {shown} some time today: read your contacts' updates, like, comment "
                   "and share what deserves it, and answer messages (P15: few networks, "
                   "tended steadily).")
    day = weekday.lower()
    rule = {"FREQ": "WEEKLY", "BYDAY": day[:2].upper()}
    return Reminder(uid_for(NETWORK_DAY, network.casefold()), NETWORK_DAY,
                    f"Network day: {shown}", description, network_day_start(day), rule)


def reminders(contacts: Iterable[Contact], followups: Iterable[FollowUp], asks: Iterable[Ask],
              notes: Iterable[Note], today: dt.date, settings: Settings,
              days: int | None = None) -> list[Reminder]:
    """Everything the calendar shows, in a stable order (kind, day, UID).

    `followups` should include done and snoozed records (`store.followups(open_only=False)`):
    they hide or move the derived cadence and invitation reminders.
    """
    horizon_days = settings.export_days if days is None else days
    horizon = today + dt.timedelta(days=horizon_days)
    people = [c for c in contacts if not c.archived]
    latest = newest_notes(notes)
    out = [_followup_reminder(item, today, latest.get(item.contact.id), settings)
           for item in agenda.followups(people, followups, today, settings, days=horizon_days)]
    out += [_birthday_reminder(c, settings) for c in people if c.birthday is not None]
    for item in agenda.engage(people, asks):
        reminder = _engage_reminder(item, today)
        if reminder.start <= horizon:
            out.append(reminder)
    for network, weekday in sorted(settings.network_days.items()):
        out.append(_network_reminder(network, weekday))
    order = {kind: i for i, kind in enumerate(KINDS)}
    out.sort(key=lambda r: (order[r.kind], r.start, r.uid))
    return out


# ---------------------------------------------------------------------------- versions



class Event(NamedTuple):
    """One serialised event: what a CalDAV push uploads as a calendar object of its own.

    `fingerprint` identifies the content (everything but DTSTAMP, SEQUENCE and
    LAST-MODIFIED): equal fingerprints, equal events. `content` + `tail` is the VEVENT.
    """

    reminder: Reminder
    fingerprint: str
    content: bytes
    tail: bytes

    @property
    def uid(self) -> str:
        return self.reminder.uid

    def vevent(self) -> bytes:
        return self.content + self.tail


@dataclass(slots=True)
class CalendarExport:
    """The built calendar: the bytes to write, counts per kind, and the ledger to keep."""

    data: bytes
    counts: dict[str, int]
    ledger: Ledger
    new: int = 0  # events not in the previous ledger
    changed: int = 0  # events whose content changed since the previous export
    events: list[Event] = field(default_factory=list)  # in calendar order, one per UID

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def reminders(self) -> list[Reminder]:
        return [e.reminder for e in self.events]


# ---------------------------------------------------------------------------- serialisation

class _Lines:
    """Content lines shared by many events, made once per export."""

    def __init__(self, settings: Settings, stamp: dt.datetime) -> None:
        self.begin_event = _line("BEGIN", "VEVENT")
        self.end_event = _line("END", "VEVENT")
        self.stamp = _line("DTSTAMP", vDatetime(stamp))
        alarm_at = settings.alarm_time
        offset = dt.timedelta(hours=alarm_at.hour, minutes=alarm_at.minute,
                              seconds=alarm_at.second)
        alarm_head = (_line("BEGIN", "VALARM") + _line("ACTION", "DISPLAY")
                      + _line("TRIGGER", vDuration(offset)))
        # Everything after DESCRIPTION is the same for all events of a kind.
        self.tails = {kind: (_line("CATEGORIES", vCategory([CATEGORY[kind]]))
                             + _line("CLASS", "PRIVATE") + _line("TRANSP", "TRANSPARENT")
                             + alarm_head + _line("DESCRIPTION", ALARM_TEXT[kind])
                             + _line("END", "VALARM"))
                      for kind in KINDS}
        self._dates: dict[dt.date, bytes] = {}
        self._rules: dict[tuple[tuple[str, Any], ...], bytes] = {}
        self._versions: dict[tuple[int, dt.datetime], bytes] = {}

    def dates(self, day: dt.date) -> bytes:
        """DTSTART and DTEND of an all-day event on `day`."""
        both = self._dates.get(day)
        if both is None:
            date_only = Parameters({"VALUE": "DATE"})
            both = self._dates[day] = (
                _line("DTSTART", vDate(day), date_only)
                + _line("DTEND", vDate(day + dt.timedelta(days=1)), date_only))
        return both

    def rule(self, rule: Mapping[str, Any]) -> bytes:
        key = tuple(rule.items())
        line = self._rules.get(key)
        if line is None:
            line = self._rules[key] = _line("RRULE", vRecur(dict(rule)))
        return line

    def version(self, revision: Revision) -> bytes:
        """DTSTAMP, SEQUENCE, LAST-MODIFIED and END:VEVENT: what follows an event's content."""
        key = (revision.sequence, revision.modified)
        tail = self._versions.get(key)
        if tail is None:
            tail = self._versions[key] = (self.stamp + _line("SEQUENCE", vInt(revision.sequence))
                                          + _line("LAST-MODIFIED", vDatetime(revision.modified))
                                          + self.end_event)
        return tail


def _utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError("stamp must be timezone-aware (UTC)")
    return moment.astimezone(dt.UTC).replace(microsecond=0)


_OBJECT_HEAD = (_line("BEGIN", "VCALENDAR") + _line("VERSION", "2.0") + _line("PRODID", PRODID)
                + _line("CALSCALE", "GREGORIAN"))
_OBJECT_END = _line("END", "VCALENDAR")


def _header() -> list[bytes]:
    return [
        _line("BEGIN", "VCALENDAR"),
        _line("VERSION", "2.0"),
        _line("PRODID", PRODID),
        _line("CALSCALE", "GREGORIAN"),
        _line("METHOD", "PUBLISH"),
        _line("NAME", CALENDAR_NAME),
        _line("X-WR-CALNAME", CALENDAR_NAME),
        _line("DESCRIPTION", CALENDAR_DESCRIPTION),
        _line("X-WR-CALDESC", CALENDAR_DESCRIPTION),
        _line("REFRESH-INTERVAL", vDuration(REFRESH), Parameters({"VALUE": "DURATION"})),
        _line("X-PUBLISHED-TTL", vDuration(REFRESH)),
    ]


def serialize(items: Iterable[Reminder], settings: Settings, stamp: dt.datetime,
              ledger: Mapping[str, Revision] | None = None) -> CalendarExport:
    """The VCALENDAR bytes for `items`, with SEQUENCE/LAST-MODIFIED from `ledger`."""
    stamp = _utc(stamp)
    previous = ledger or {}
    lines = _Lines(settings, stamp)
    out = _header()
    kept: Ledger = dict(previous)  # absent UIDs are kept: a returning event continues its count
    counts = dict.fromkeys(KINDS, 0)
    new = changed = 0
    done: list[Event] = []
    seen: set[str] = set()
    text_line, blake2b = _text_line, hashlib.blake2b
    begin, dates, rule, tails, versions = (lines.begin_event, lines.dates, lines.rule,
                                            lines.tails, lines.version)
    for r in items:
        uid = r.uid
        if uid in seen:  # one event per UID, whatever the caller passed
            continue
        seen.add(uid)
        content = b"".join((
            begin,
            text_line("UID", uid),
            dates(r.start),
            b"" if r.rrule is None else rule(r.rrule),
            text_line("SUMMARY", r.summary),
            text_line("DESCRIPTION", r.description),
            tails[r.kind],
        ))
        fingerprint = blake2b(content, digest_size=12).hexdigest()
        before = previous.get(uid)
        if before is None:
            revision = Revision(fingerprint, 0, stamp)
            new += 1
        elif before.fingerprint == fingerprint:
            revision = before
        else:
            following = before.sequence + 1 if 0 <= before.sequence < MAX_SEQUENCE else 0
            revision = Revision(fingerprint, following, stamp)
            changed += 1
        kept[uid] = revision
        tail = versions(revision)
        out += (content, tail)
        counts[r.kind] += 1
        done.append(Event(r, fingerprint, content, tail))
    out.append(_line("END", "VCALENDAR"))
    return CalendarExport(b"".join(out), counts, kept, new, changed, done)


def calendar_object(event: Event) -> bytes:
    """`event` alone in a VCALENDAR: one calendar object resource of a CalDAV calendar.

    No METHOD (RFC 4791 5.3.2.1 forbids it in a calendar collection) and no calendar
    name (the collection has its own): just what every resource needs around its event.
    """
    return _OBJECT_HEAD + event.content + event.tail + _OBJECT_END


def build(contacts: Iterable[Contact], followups: Iterable[FollowUp], asks: Iterable[Ask],
          notes: Iterable[Note], today: dt.date, settings: Settings, *, stamp: dt.datetime,
          days: int | None = None, ledger: Mapping[str, Revision] | None = None
          ) -> CalendarExport:
    """The whole calendar: `reminders(...)` serialised. `stamp` is the export instant (UTC)."""
    items = reminders(contacts, followups, asks, notes, today, settings, days=days)
    return serialize(items, settings, stamp, ledger)

"""The morning agenda: pure rules from model objects and a `today` date to sorted items.

No I/O, no clock reads, no UI. Practices (PRACTICES.md): P1 follow up within 24 hours of
meeting in person, P3 engage before asking, P9 birthdays, P10 keep-in-touch cadences,
P11 prune, P12 pending invitations.

Follow-ups come from two places:
* stored ones (met-in-person, manual), open or snoozed;
* derived ones (cadence, invite-pending), computed from each contact's `seen` dates.
  Done/snooze on a derived item is stored as a FollowUp record of the same origin whose
  `due` names the occurrence it applies to (see `mark_done` and `snooze`).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .model import Ask, Birthday, Contact, FollowUp, FollowUpState, Kind, Origin
from .settings import Settings

DERIVED_ORIGINS = frozenset({Origin.CADENCE.value, Origin.INVITE_PENDING.value})
REASON_CADENCE = "{days} days since you last spoke — keep in touch ({tie})"
REASON_CADENCE_NEVER = "never in touch since you added them — keep in touch ({tie})"
REASON_INVITE = "invitation still pending — nudge or let go"
REASON_MET_IN_PERSON = "thank them and send a personal invitation"
_ORIGIN_RANK = {Origin.MET_IN_PERSON.value: 0, Origin.MANUAL.value: 1,
                Origin.INVITE_PENDING.value: 2, Origin.CADENCE.value: 3}
_WISH_LOOKBACK = dt.timedelta(days=30)


@dataclass(frozen=True, slots=True)
class FollowUpItem:
    contact: Contact
    due: dt.date
    reason: str
    origin: str
    days_overdue: int
    followup: FollowUp | None = None  # the stored record, when there is one

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0

    def is_due(self, today: dt.date) -> bool:
        return self.due <= today

    def to_json(self) -> dict[str, Any]:
        return {"contact": self.contact.name, "contact_id": self.contact.id,
                "due": self.due.isoformat(), "reason": self.reason, "origin": self.origin,
                "days_overdue": self.days_overdue,
                "followup_id": self.followup.id if self.followup else None}


@dataclass(frozen=True, slots=True)
class BirthdayItem:
    contact: Contact
    date: dt.date  # the day it is celebrated this time
    in_days: int
    age: int | None  # the age they turn, when the year is known
    wished: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"contact": self.contact.name, "contact_id": self.contact.id,
                "date": self.date.isoformat(), "in_days": self.in_days, "age": self.age,
                "wished": self.wished}


@dataclass(frozen=True, slots=True)
class EngageItem:
    contact: Contact
    ask: Ask
    steps: dict[str, bool]
    next_step: str | None
    ready: bool
    last_step_on: dt.date | None = None  # when the latest satisfied step happened

    @property
    def progress(self) -> int:
        return sum(self.steps.values())

    def to_json(self) -> dict[str, Any]:
        return {"contact": self.contact.name, "contact_id": self.contact.id,
                "ask": self.ask.what, "ask_id": self.ask.id, "offer": self.ask.offer,
                "steps": dict(self.steps), "next_step": self.next_step, "ready": self.ready}


def followup_order(i: FollowUpItem) -> tuple[Any, ...]:
    """Most urgent first; ties broken by ids, so the order is the same however the list
    was built (all at once, or one contact at a time: see `live_agenda`)."""
    return (i.due, _ORIGIN_RANK.get(i.origin, 9), i.contact.name.casefold(), i.contact.id,
            i.followup.id if i.followup is not None else "", i.reason)


def _reached_on(contact: Contact, networks: set[str]) -> bool:
    """The contact is reached on one of `networks`: a handle there; with none, LinkedIn
    (the default channel)."""
    handles = {k for k, v in contact.handles.items() if v} or {"linkedin"}
    return bool(handles & networks)


def followup_order_on(today: dt.date,
                      settings: Settings) -> Callable[[FollowUpItem], tuple[Any, ...]]:
    """The follow-ups' order on `today`; on a network day (P15) its due work leads: an
    invitation pending on it (a handle there; with none, LinkedIn, the default channel)."""
    networks = set(settings.networks_on(today))
    if not networks:
        return followup_order

    def order(i: FollowUpItem) -> tuple[Any, ...]:
        lead = (i.origin == Origin.INVITE_PENDING.value and i.due <= today
                and _reached_on(i.contact, networks))
        return (not lead, *followup_order(i))

    return order


def engage_order_on(today: dt.date,
                    settings: Settings) -> Callable[[EngageItem], tuple[Any, ...]]:
    """The warm-ups' order on `today`; on a network day (P15) an engagement step there (a
    like, comment or share for someone with a handle on it) leads."""
    networks = set(settings.networks_on(today))
    if not networks:
        return engage_order

    def order(e: EngageItem) -> tuple[Any, ...]:
        lead = not e.ready and _reached_on(e.contact, networks)
        return (not lead, *engage_order(e))

    return order


def birthday_order(i: BirthdayItem) -> tuple[Any, ...]:
    return (i.in_days, i.wished, i.contact.name.casefold(), i.contact.id)


def engage_order(e: EngageItem) -> tuple[Any, ...]:
    """Ready asks first ("you can ask now"), then by progress, oldest first."""
    return (not e.ready, -e.progress / max(1, len(e.steps)), e.ask.created,
            e.contact.name.casefold(), e.contact.id, e.ask.id)


@dataclass(slots=True)
class Agenda:
    date: dt.date
    followups: list[FollowUpItem] = field(default_factory=list)
    birthdays: list[BirthdayItem] = field(default_factory=list)
    engage: list[EngageItem] = field(default_factory=list)

    @property
    def due_followups(self) -> list[FollowUpItem]:
        return [f for f in self.followups if f.due <= self.date]

    @property
    def is_quiet(self) -> bool:
        return (not self.due_followups and not any(not b.wished for b in self.birthdays)
                and not self.engage)

    def summary(self) -> str:
        """One line for the header: "3 follow-ups · 1 birthday · 2 asks warming"."""
        due = len(self.due_followups)
        bdays = sum(1 for b in self.birthdays if not b.wished)
        ready = sum(1 for e in self.engage if e.ready)
        warming = len(self.engage) - ready
        parts = [_plural(due, "follow-up"), _plural(bdays, "birthday")]
        if ready:
            parts.append(f"{ready} ready to ask")
        parts.append(f"{_plural(warming, 'ask')} warming")
        return " · ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(),
                "followups": [f.to_json() for f in self.followups],
                "birthdays": [b.to_json() for b in self.birthdays],
                "engage": [e.to_json() for e in self.engage]}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# ------------------------------------------------------------------------ birthdays

def celebrated_on(birthday: Birthday, year: int, settings: Settings) -> dt.date:
    """The day a birthday is celebrated in `year` (29 February in common years per setting)."""
    if birthday.month == 2 and birthday.day == 29 and not calendar.isleap(year):
        return dt.date(year, 3, 1) if settings.feb29 == "mar1" else dt.date(year, 2, 28)
    return dt.date(year, birthday.month, birthday.day)


def next_birthday(birthday: Birthday, today: dt.date, settings: Settings) -> dt.date:
    """The first celebration on or after today."""
    this_year = celebrated_on(birthday, today.year, settings)
    return this_year if this_year >= today else celebrated_on(birthday, today.year + 1, settings)


def birthdays(contacts: Iterable[Contact], today: dt.date, settings: Settings,
              days: int | None = None) -> list[BirthdayItem]:
    """Birthdays from today to `days` ahead (default: the settings' window), today first."""
    window = settings.birthday_window if days is None else days
    items = []
    for c in contacts:
        b = c.birthday
        if b is None or c.archived:
            continue
        when = next_birthday(b, today, settings)
        in_days = (when - today).days
        if in_days > window:
            continue
        # The age they turn: counted from the birth date, whichever day it is celebrated on.
        age = (when.year - b.year) if b.year is not None else None
        if age is not None and age < 0:
            age = None
        wish = c.seen.get(Kind.BIRTHDAY_WISH.value)
        wished = wish is not None and when - _WISH_LOOKBACK <= wish <= when
        items.append(BirthdayItem(c, when, in_days, age, wished))
    items.sort(key=birthday_order)
    return items


# ------------------------------------------------------------------------ follow-ups

def cadence_days(contact: Contact, settings: Settings) -> int:
    return contact.every or settings.cadence_for(contact.tie)


def followups(contacts: Iterable[Contact], stored: Iterable[FollowUp], today: dt.date,
              settings: Settings, days: int = 0) -> list[FollowUpItem]:
    """Follow-ups due up to `days` ahead (0 = due today or overdue), most urgent first."""
    horizon = today + dt.timedelta(days=days)
    by_id = {c.id: c for c in contacts}
    items: list[FollowUpItem] = []
    modifiers: dict[tuple[str, str], list[FollowUp]] = {}
    for fu in stored:
        if fu.origin in DERIVED_ORIGINS:
            modifiers.setdefault((fu.contact_id, fu.origin), []).append(fu)
            continue
        if not fu.is_open:
            continue
        contact = by_id.get(fu.contact_id)
        if contact is None or contact.archived:
            continue
        due = fu.effective_due()
        if due <= horizon:
            items.append(_item(contact, due, fu.reason, fu.origin, today, fu))
    for contact in by_id.values():
        if contact.archived:
            continue
        cadence = _cadence_item(contact, today, settings,
                                modifiers.get((contact.id, Origin.CADENCE.value), ()), horizon)
        if cadence is not None:
            items.append(cadence)
        if Kind.INVITE_SENT.value in contact.seen:
            invite = _invite_item(contact, today, settings,
                                  modifiers.get((contact.id, Origin.INVITE_PENDING.value), ()))
            if invite is not None and invite.due <= horizon:
                items.append(invite)
    items.sort(key=followup_order_on(today, settings))
    return items


def _item(contact: Contact, due: dt.date, reason: str, origin: str, today: dt.date,
          stored: FollowUp | None = None) -> FollowUpItem:
    return FollowUpItem(contact, due, reason, origin, max(0, (today - due).days), stored)


def _apply_modifiers(due: dt.date,
                     mods: Iterable[FollowUp]) -> tuple[dt.date | None, FollowUp | None]:
    """A done record for this occurrence hides it; a snooze moves it. Returns (due, record).

    The record's own `due` keeps naming the occurrence, so done/snooze can find it again.
    """
    record = None
    for fu in mods:
        if fu.due != due:
            continue
        if fu.state == FollowUpState.DONE.value:
            return None, fu
        if fu.state == FollowUpState.SNOOZED.value and fu.snoozed_until:
            record = fu
    if record is not None and record.snoozed_until:
        return max(due, record.snoozed_until), record
    return due, record


def _cadence_item(contact: Contact, today: dt.date, settings: Settings,
                  mods: Iterable[FollowUp], horizon: dt.date) -> FollowUpItem | None:
    every = contact.every or settings.cadence_for(contact.tie)
    seen = contact.seen
    last = max(seen.values()) if seen else None
    start = last or (contact.created.date() if contact.created else today)
    # "Done" on a cadence follow-up restarts the clock that day, like an interaction would.
    done_days = [fu.closed_on for fu in mods
                 if fu.state == FollowUpState.DONE.value and fu.closed_on]
    if done_days:
        start = max(start, max(done_days))
    due = start + dt.timedelta(days=every)
    shown, record = _apply_modifiers(due, mods) if mods else (due, None)
    if shown is None or shown > horizon:
        return None
    if last is None:
        reason = REASON_CADENCE_NEVER.format(tie=contact.tie)
    else:
        reason = REASON_CADENCE.format(days=(today - last).days, tie=contact.tie)
    return _item(contact, shown, reason, Origin.CADENCE.value, today, record)


def pending_invite_since(contact: Contact) -> dt.date | None:
    """The day an unanswered invitation was sent, if one is pending."""
    sent = contact.seen.get(Kind.INVITE_SENT.value)
    if sent is None:
        return None
    for answer in (Kind.INVITE_ACCEPTED.value, Kind.INVITE_DECLINED.value,
                   Kind.INVITE_WITHDRAWN.value):
        answered = contact.seen.get(answer)
        if answered is not None and answered >= sent:
            return None
    return sent


def _invite_item(contact: Contact, today: dt.date, settings: Settings,
                 mods: Iterable[FollowUp]) -> FollowUpItem | None:
    sent = pending_invite_since(contact)
    if sent is None:
        return None
    due = sent + dt.timedelta(days=settings.pending_invite_days)
    shown, record = _apply_modifiers(due, mods)
    if shown is None:
        return None
    return _item(contact, shown, REASON_INVITE, Origin.INVITE_PENDING.value, today, record)


def day_label(day: dt.date, today: dt.date) -> str:
    """"Tue 24" within the week, "6 Dec" further away (never an ambiguous "Sun 06")."""
    if 0 <= (day - today).days <= 6:
        return f"{day:%a} {day.day}"
    return f"{day.day} {day:%b}"


def due_label(item: FollowUpItem, today: dt.date) -> str:
    """How urgent a follow-up is, in the same words on every screen and in the CLI."""
    if item.overdue:
        return f"{item.days_overdue}d overdue"
    if item.due == today:
        return "today"
    return day_label(item.due, today)


def met_in_person_followup(contact_id: str, met_on: dt.date) -> FollowUp:
    """Follow up within a day of meeting someone in person: due the day after the meeting
    (so today when you met yesterday, overdue when it was earlier)."""
    return FollowUp(contact_id, met_on + dt.timedelta(days=1), REASON_MET_IN_PERSON,
                    origin=Origin.MET_IN_PERSON.value)


def closes_on_done(item: FollowUpItem, today: dt.date, everything: bool = False) -> bool:
    """What `done` closes: what is due today or overdue; with `everything`, every open
    item that has a record or is due (a cadence reminder months ahead is not a task)."""
    if item.due <= today:
        return True
    return everything and item.origin not in DERIVED_ORIGINS


def mark_done(item: FollowUpItem, today: dt.date) -> FollowUp:
    """The record to save so that `item` counts as done today."""
    return _record(item, state=FollowUpState.DONE.value, closed_on=today)


def snooze(item: FollowUpItem, until: dt.date) -> FollowUp:
    """The record to save so that `item` shows again on `until`."""
    return _record(item, state=FollowUpState.SNOOZED.value, snoozed_until=until)


def _record(item: FollowUpItem, **changes: Any) -> FollowUp:
    """The item's stored record with `changes`; a derived reminder without one gets a new
    record of its origin whose `due` names the occurrence it applies to."""
    if item.followup is not None:
        return dataclasses.replace(item.followup, **changes)
    if item.origin not in DERIVED_ORIGINS:
        raise ValueError(f"a {item.origin} follow-up item always has its stored record")
    return FollowUp(item.contact.id, item.due, item.reason, origin=item.origin, **changes)


# ------------------------------------------------------------------------ engage before asking

def engagement(contact: Contact, ask: Ask) -> EngageItem:
    """Where an ask stands on its ladder: a step counts if done on or after the ask's day."""
    steps: dict[str, bool] = {}
    last: dt.date | None = None
    for step in ask.steps:
        seen = contact.seen.get(step)
        ok = seen is not None and seen >= ask.created
        steps[step] = ok
        if ok and (last is None or seen > last):  # type: ignore[operator]
            last = seen
    next_step = next((s for s, ok in steps.items() if not ok), None)
    return EngageItem(contact, ask, steps, next_step, next_step is None, last)


def engage(contacts: Iterable[Contact], asks: Iterable[Ask],
           order: Callable[[EngageItem], tuple[Any, ...]] = engage_order) -> list[EngageItem]:
    """Open asks: ready ones first ("you can ask now"), then by progress, oldest first
    (`order`: `engage_order_on` a network day)."""
    by_id = {c.id: c for c in contacts}
    items = []
    for ask in asks:
        contact = by_id.get(ask.contact_id)
        if not ask.is_open or contact is None or contact.archived:
            continue
        items.append(engagement(contact, ask))
    items.sort(key=order)
    return items


# ------------------------------------------------------------------------ the morning

def morning(contacts: list[Contact], stored: Iterable[FollowUp], asks: Iterable[Ask],
            today: dt.date, settings: Settings, days: int | None = None) -> Agenda:
    """Everything for the morning screen and `cockpit today`.

    Follow-ups: overdue and due today, then those coming up within the birthday window.
    """
    window = settings.birthday_window if days is None else days
    return Agenda(
        date=today,
        followups=followups(contacts, stored, today, settings, days=window),
        birthdays=birthdays(contacts, today, settings, days=window),
        engage=engage(contacts, asks, engage_order_on(today, settings)),
    )


def lapsed(contacts: Iterable[Contact], today: dt.date, settings: Settings,
           limit: int = 3) -> list[Contact]:
    """People it has been longest since you spoke to, relative to their cadence.

    The quiet-morning suggestion: "a good day to engage with someone…".
    """
    scored = []
    for c in contacts:
        if c.archived:
            continue
        last = c.last_interaction or (c.created.date() if c.created else None)
        if last is None:
            continue
        scored.append(((today - last).days / cadence_days(c, settings), c.name.casefold(), c))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [c for _, _, c in scored[:limit]]


def review(contacts: Iterable[Contact], today: dt.date, settings: Settings) -> list[Contact]:
    """P11 prune: contacts with no interaction for `prune_after_days`, oldest silence first."""
    cutoff = today - dt.timedelta(days=settings.prune_after_days)
    stale = []
    for c in contacts:
        if c.archived:
            continue
        last = c.last_interaction or (c.created.date() if c.created else None)
        if last is not None and last < cutoff:
            stale.append((last, c.name.casefold(), c))
    stale.sort(key=lambda s: (s[0], s[1]))
    return [c for _, _, c in stale]

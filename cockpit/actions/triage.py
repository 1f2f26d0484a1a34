"""Triage: done, snooze, birthday wished, log an interaction, schedule a follow-up.

Each rule lives here once and both front-ends call it: the TUI on a row's item, the CLI
on a contact named on the command line. The returned line is what either shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import agenda, dates
from ..model import Ask, AskState, FollowUp, Interaction, Kind, Origin, ValidationError, parse_kind
from ..store import NotFound
from .morning import contact_items
from .workspace import Workspace

# The channel an interaction of each kind usually happens on (a default the user can change).
DEFAULT_CHANNEL: dict[str, str] = {
    "like": "linkedin", "comment": "linkedin", "share": "linkedin", "message": "linkedin",
    "invite-sent": "linkedin", "invite-accepted": "linkedin", "invite-declined": "linkedin",
    "invite-received": "linkedin", "email": "email", "call": "phone", "meeting": "in-person",
    "met": "in-person", "birthday-wish": "whatsapp", "intro": "email", "ask": "linkedin",
}
KINDS: tuple[str, ...] = tuple(k.value for k in Kind)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


# ------------------------------------------------------------------------ done

def done(ws: Workspace, item: agenda.FollowUpItem) -> str:
    """One follow-up done today (a cadence reminder restarts its clock)."""
    with ws.lock, ws.store.transaction():
        _still_open(ws, item)
        ws.store.save_followup(agenda.mark_done(item, ws.today))
    return f"Done: {item.contact.name}"


def _still_open(ws: Workspace, item: agenda.FollowUpItem) -> None:
    """A row on a screen may be older than the file (another process closed or moved the
    follow-up meanwhile): act only on what is still open, never write the old record back.
    Call inside a transaction, which has just re-read the file."""
    if item.followup is None:
        return
    fresh = next((f for f in ws.store.followups(item.contact.id, open_only=False)
                  if f.id == item.followup.id), None)
    if fresh is None or fresh != item.followup:
        raise ValidationError(f"{item.contact.name}'s follow-up changed meanwhile "
                              "(in another window or a script); the list is up to date now")


@dataclass(frozen=True, slots=True)
class Closed:
    contact_name: str
    items: tuple[agenda.FollowUpItem, ...]
    left: int  # open items not due yet, left alone

    def message(self) -> str:
        what = "; ".join(f"{i.reason or i.origin} ({i.due})" for i in self.items)
        line = f"Closed {_plural(len(self.items), 'follow-up')} with {self.contact_name}: {what}"
        if self.left:
            line += f" · {self.left} not due yet kept (--all closes them too)"
        return line


def done_contact(ws: Workspace, name: str, everything: bool = False) -> Closed:
    """Close a contact's follow-ups that are due today or overdue (all open ones with
    `everything`). Nothing due: a ValidationError saying what is coming instead."""
    with ws.lock:
        contact = ws.resolve(name)
        items = contact_items(ws, contact.id)
        chosen = [i for i in items if agenda.closes_on_done(i, ws.today, everything)]
        if not chosen:
            later = [i for i in items if i.followup is not None]
            if later:
                raise ValidationError(
                    f"{contact.name} has nothing due today; next: {later[0].reason or 'follow-up'}"
                    f" on {later[0].due} (use --all to close it now)")
            raise ValidationError(f"{contact.name} has no open follow-up")
        with ws.store.transaction():
            for item in chosen:
                ws.store.save_followup(agenda.mark_done(item, ws.today))
        left = sum(1 for i in items if i not in chosen and i.followup is not None)
    return Closed(contact.name, tuple(chosen), left)


# ------------------------------------------------------------------------ snooze

def snooze(ws: Workspace, item: agenda.FollowUpItem, until: dt.date) -> str:
    dates.after_today(until, ws.today, "snooze until")
    with ws.lock, ws.store.transaction():
        _still_open(ws, item)
        ws.store.save_followup(agenda.snooze(item, until))
    return f"Snoozed {item.contact.name} until {until:%a %d %b}"


def snooze_contact(ws: Workspace, name: str, until: dt.date) -> str:
    """Move a contact's due follow-ups (or, with none due, the next one) to `until`."""
    dates.after_today(until, ws.today, "snooze until")
    with ws.lock:
        contact = ws.resolve(name)
        items = contact_items(ws, contact.id)
        targets = [i for i in items if i.due <= ws.today] or items[:1]
        if not targets:
            raise ValidationError(f"{contact.name} has no open follow-up to snooze")
        with ws.store.transaction():
            for item in targets:
                ws.store.save_followup(agenda.snooze(item, until))
    return (f"Snoozed {_plural(len(targets), 'follow-up')} with {contact.name} "
            f"until {until:%a %d %b}")


# ------------------------------------------------------------------------ schedule

def schedule_followup(ws: Workspace, contact_id: str, when: str, reason: str = "") -> FollowUp:
    """A follow-up you plan yourself: `when` in the date words of `cockpit.dates`."""
    due = dates.not_before_today(dates.parse_day(when, ws.today, "follow-up date"), ws.today,
                                 "follow-up date")
    with ws.lock:
        ws.store.contact(contact_id)
        return ws.store.save_followup(FollowUp(contact_id, due, reason.strip(),
                                               origin=Origin.MANUAL.value))


def met_in_person(contact_id: str, met_on: dt.date | None, today: dt.date) -> FollowUp:
    """The follow-up after meeting someone in person (met today when no date is given)."""
    return agenda.met_in_person_followup(contact_id, met_on or today)


# ------------------------------------------------------------------------ wish, log

def wish(ws: Workspace, item: agenda.BirthdayItem) -> str:
    """Birthday wished: logs a birthday-wish interaction today."""
    with ws.lock:
        ws.store.log(Interaction(item.contact.id, Kind.BIRTHDAY_WISH.value, ws.today,
                                 channel=DEFAULT_CHANNEL["birthday-wish"],
                                 summary="birthday wishes"))
    return f"Birthday wished: {item.contact.name}"


def log(ws: Workspace, contact_id: str, kind: str, channel: str = "", summary: str = "",
        when: dt.date | None = None, ask: Ask | None = None) -> str:
    """Log an interaction (it resets the keep-in-touch clock). Logging `ask` on an open
    ask's row marks that ask asked. The line says the next step of the contact's ask."""
    kind = parse_kind(kind)
    day = dates.not_in_future(when or ws.today, ws.today)
    with ws.lock:
        contact = ws.store.contact(contact_id)
        with ws.store.transaction():
            ws.store.log(Interaction(contact_id, kind, day, channel=channel.strip(),
                                     summary=summary.strip()))
            if ask is not None and kind == Kind.ASK.value and ask.is_open:
                ask.state = AskState.ASKED.value
                ws.store.save_ask(ask)
        after = [agenda.engagement(ws.store.contact(contact_id), a)
                 for a in ws.store.asks(contact_id)]
    message = f"Logged {kind} with {contact.name}" + ("" if day == ws.today else f" on {day}")
    if ask is not None and kind == Kind.ASK.value:
        return message + " · ask marked asked"
    for item in after:
        if item.ready:
            return message + " · you can ask now"
        if item.next_step:
            return message + f" · next step: {item.next_step}"
    return message



# ------------------------------------------------------------------------ delete a logged one

def delete_interaction(ws: Workspace, interaction_id: str) -> str:
    """Delete a logged interaction (a mistake, a duplicate): the contact's keep-in-touch
    clock, wished birthday and ask ladder go back to what the others say."""
    with ws.lock:
        try:
            gone = ws.store.delete_interaction(interaction_id)
        except NotFound:
            raise NotFound("that interaction is not in the database any more (deleted in "
                           "another window or by a script?)") from None
        if gone is None:  # stored with a value out of range: deleted all the same
            return "Deleted the interaction"
        contact = ws.contact_or_none(gone.contact_id)
    who = contact.name if contact is not None else "someone no longer here"
    return f"Deleted the {gone.kind} with {who} of {gone.date:%a %-d %b %Y}"


def unlog(ws: Workspace, name: str, interaction_id: str | None = None) -> str:
    """The command line's delete: the contact's latest interaction (the newest day, the
    one logged last that day), or the one with `interaction_id`, which must be theirs."""
    with ws.lock:
        contact = ws.resolve(name)
        items = ws.store.interactions(contact.id)  # newest day first, in log order within a day
        if not items:
            raise ValidationError(f"{contact.name} has no logged interaction")
        if interaction_id is None:
            chosen = [i for i in items if i.date == items[0].date][-1]
        else:
            found = [i for i in items if i.id == interaction_id.strip()]
            if not found:
                raise ValidationError(f"{contact.name} has no interaction with id "
                                      f"{interaction_id!r}")
            chosen = found[0]
        return delete_interaction(ws, chosen.id)

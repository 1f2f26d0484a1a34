"""Which template fits a contact today, and why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .. import agenda
from ..model import Ask, Contact, FollowUp, HowMet, Origin
from ..settings import Settings


def suggest_template(contact: Contact, *, followups: Iterable[FollowUp] = (),
                     asks: Iterable[Ask] = (), today: dt.date,
                     settings: Settings | None = None) -> tuple[str, str]:
    """(template name, reason) that fits this contact today, first match wins:

    1. an open met-in-person follow-up → follow-up-after-meeting (P1)
    2. a birthday within the birthday window → birthday (P9)
    3. an open ask → ask (P3–P5)
    4. an invitation pending longer than `invitations.pending_days` → nudge (P12)
    5. an open follow-up you scheduled, due within the window → follow-up (its reason)
    6. never in touch and not met in person → connection-invite (P2)
    7. the keep-in-touch cadence lapsed → reconnect (P10)
    8. otherwise → update (P8)
    """
    settings = settings or Settings()
    followups = [f for f in followups if f.contact_id == contact.id and f.is_open]
    for fu in followups:
        if fu.origin == Origin.MET_IN_PERSON.value:
            where = f" at {contact.met_at}" if contact.met_at else ""
            return "follow-up-after-meeting", f"you met{where}; follow-up due {fu.due}"
    if contact.birthday is not None:
        when = agenda.next_birthday(contact.birthday, today, settings)
        in_days = (when - today).days
        if in_days <= settings.birthday_window:
            return "birthday", ("birthday today" if in_days == 0 else
                                f"birthday in {in_days} day{'s' if in_days != 1 else ''} ({when})")
    for ask in asks:
        if ask.contact_id == contact.id and ask.is_open:
            return "ask", f"open ask: {ask.what}"
    invited = agenda.pending_invite_since(contact)
    if invited is not None and (today - invited).days >= settings.pending_invite_days:
        return "nudge", (f"invitation sent {invited} still pending — nudge once, or let it "
                         "go")
    horizon = today + dt.timedelta(days=settings.birthday_window)
    manual = sorted((f for f in followups if f.origin == Origin.MANUAL.value
                     and f.effective_due() <= horizon), key=lambda f: f.effective_due())
    if manual:
        fu = manual[0]
        return "follow-up", f"follow-up due {fu.effective_due()}: {fu.reason or 'no reason given'}"
    last = contact.last_interaction
    if last is None and contact.how_met != HowMet.IN_PERSON.value:
        return "connection-invite", "no interaction recorded yet"
    every = agenda.cadence_days(contact, settings)
    start = last or (contact.created.date() if contact.created else today)
    if (today - start).days > every:
        since = f"last in touch {last}" if last else "never in touch"
        return "reconnect", f"{since}; cadence is {every} days"
    return "update", "in touch recently: share what you are up to"

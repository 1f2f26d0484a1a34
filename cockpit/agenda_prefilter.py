"""Which stored contacts the morning may show: a cheap test on the stored documents, so
that of 30,000 contacts only the few thousand that may be due become Contact objects.
The rules themselves are in `cockpit.agenda`; this only has to never skip one they show."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from .model import Kind
from .settings import Settings


def may_show(today: dt.date, settings: Settings, days: int | None = None,
             keep: Iterable[str] = ()) -> Callable[[dict[str, Any]], bool]:
    """A cheap test on a *stored* contact (`Contact.to_dict()`, empty fields omitted) that is
    False only for contacts `morning(..., today, settings, days)` cannot show.

    At 30,000 contacts most have nothing due today; with this test the store builds only
    the few thousand that may (`Store.contacts(where=...)`), and `morning` over them gives
    the same agenda. `keep` names contacts that must stay whatever their fields say: those
    with stored follow-ups (done/snooze records move cadence dates) or open asks.

    Conservative by construction: ISO date strings compare like dates, and anything
    unexpected (a hand-edited value of the wrong type) keeps the contact.
    """
    window = settings.birthday_window if days is None else days
    horizon = today + dt.timedelta(days=window)
    today_s = today.isoformat()
    keep_ids = frozenset(keep)
    invite_sent = Kind.INVITE_SENT.value
    ties = {"close": settings.cadence_close, "regular": settings.cadence_regular,
            "occasional": settings.cadence_occasional}
    default_every = settings.cadence_regular
    latest_start: dict[Any, str] = {}  # cadence -> the latest last-contact day that is due

    # Month-days ("MM-DD") celebrated within the window; 29 February whenever the window
    # touches the end of February (it is celebrated on 28 Feb or 1 Mar in common years).
    days_ahead = [today + dt.timedelta(days=n) for n in range(min(window, 366) + 1)]
    month_days = {f"{d.month:02d}-{d.day:02d}" for d in days_ahead}
    if any((d.month, d.day) in ((2, 28), (2, 29), (3, 1)) for d in days_ahead):
        month_days.add("02-29")

    def test(doc: dict[str, Any]) -> bool:
        try:
            if doc.get("archived"):
                return False
            if doc["id"] in keep_ids:
                return True
            seen = doc.get("seen")
            if seen:
                if invite_sent in seen:
                    return True
                last = max(seen.values())
            else:
                created = doc.get("created")
                last = created[:10] if created else today_s
            every = doc.get("every") or ties.get(doc.get("tie") or "", default_every)
            threshold = latest_start.get(every)
            if threshold is None:
                threshold = latest_start[every] = (horizon - dt.timedelta(days=every)).isoformat()
            if last <= threshold:
                return True
            birthday = doc.get("birthday")
            if not birthday:
                return False
            return birthday[-5:] in month_days
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError):
            return True

    return test

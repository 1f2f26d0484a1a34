"""Which stored contacts the morning may show: a cheap test on the stored documents, so
that of 30,000 contacts only the few thousand that may be due become Contact objects.
The rules themselves are in `cockpit.agenda`; this only has to never skip one they show.

`shelf` files a contact under what the test reads of it, once (the CLI's index keeps
that beside the database), and `MayShow.pick` then finds the few that may pass without
testing every contact: a superset, which the test itself then narrows."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .model import Kind
from .settings import Settings

ALWAYS = "always"  # a shelf: tested whatever the day (or a value the test would trip on)
_INVITE_SENT = Kind.INVITE_SENT.value


class MayShow:
    """A cheap test on a *stored* contact (`Contact.to_dict()`, empty fields omitted) that is
    False only for contacts `morning(..., today, settings, days)` cannot show.

    At 30,000 contacts most have nothing due today; with this test the store builds only
    the few thousand that may (`Store.contacts(where=...)`), and `morning` over them gives
    the same agenda. `keep` names contacts that must stay whatever their fields say: those
    with stored follow-ups (done/snooze records move cadence dates) or open asks.

    Conservative by construction: ISO date strings compare like dates, and anything
    unexpected (a hand-edited value of the wrong type) keeps the contact.
    """

    def __init__(self, today: dt.date, settings: Settings, days: int | None = None,
                 keep: Iterable[str] = ()) -> None:
        window = settings.birthday_window if days is None else days
        self.horizon = today + dt.timedelta(days=window)
        self.today_s = today.isoformat()
        self.keep = frozenset(keep)
        self.ties = {"close": settings.cadence_close, "regular": settings.cadence_regular,
                     "occasional": settings.cadence_occasional}
        self.default_every = settings.cadence_regular
        self._latest_start: dict[Any, str] = {}  # cadence -> latest last-contact day due
        # Month-days ("MM-DD") celebrated within the window; 29 February whenever the
        # window touches the end of February (celebrated on 28 Feb or 1 Mar in common years).
        days_ahead = [today + dt.timedelta(days=n) for n in range(min(window, 366) + 1)]
        self.month_days = {f"{d.month:02d}-{d.day:02d}" for d in days_ahead}
        if any((d.month, d.day) in ((2, 28), (2, 29), (3, 1)) for d in days_ahead):
            self.month_days.add("02-29")

    def threshold(self, every: Any) -> str:
        """The latest last-contact day (ISO) at which a cadence of `every` days is due
        within the window; raises on a value no cadence can be."""
        found = self._latest_start.get(every)
        if found is None:
            found = self._latest_start[every] = (
                self.horizon - dt.timedelta(days=every)).isoformat()
        return found

    def __call__(self, doc: dict[str, Any]) -> bool:
        try:
            if doc.get("archived"):
                return False
            if doc["id"] in self.keep:
                return True
            seen = doc.get("seen")
            if seen:
                if _INVITE_SENT in seen:
                    return True
                last = max(seen.values())
            else:
                created = doc.get("created")
                last = created[:10] if created else self.today_s
            every = doc.get("every") or self.ties.get(doc.get("tie") or "", self.default_every)
            if last <= self.threshold(every):
                return True
            birthday = doc.get("birthday")
            if not birthday:
                return False
            return birthday[-5:] in self.month_days
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError):
            return True

    def pick(self, shelves: Shelves, position: Mapping[str, int]) -> list[int]:
        """The positions of the contacts this test may pass, from their shelves (see
        `shelf`), in stored order: every one it passes, and a few more."""
        found: set[int] = set(shelves.always)
        found.update(position[cid] for cid in self.keep if cid in position)
        for key, (lasts, where) in shelves.cadence.items():
            try:
                every = int(key[1:]) if key[0] == "e" else self.ties.get(key[1:],
                                                                         self.default_every)
                upto = bisect.bisect_right(lasts, self.threshold(every))
            except (TypeError, ValueError, OverflowError):
                upto = len(where)
            found.update(where[:upto])
        for month_day in self.month_days:
            found.update(shelves.birthdays.get(month_day, ()))
        return sorted(found)


def may_show(today: dt.date, settings: Settings, days: int | None = None,
             keep: Iterable[str] = ()) -> MayShow:
    """The test for this morning (see `MayShow`)."""
    return MayShow(today, settings, days, keep)


def shelf(doc: dict[str, Any]) -> tuple[str, str, str] | str | None:
    """Where a stored contact goes among the shelves: None for one never shown (archived),
    ALWAYS for one tested every day (an invitation out, no known last contact, or a value
    the test would trip on), else (cadence key, last contact day, birthday "MM-DD" or "").
    Whatever the day, `MayShow` passes a contact only if its shelf says it may."""
    if doc.get("archived"):
        return None
    every = doc.get("every")
    if every:
        if not isinstance(every, int) or isinstance(every, bool):
            return ALWAYS
        key = f"e{every}"
    else:
        tie = doc.get("tie") or ""
        if not isinstance(tie, str):
            return ALWAYS
        key = f"t{tie}"
    seen = doc.get("seen")
    if seen:
        if not isinstance(seen, dict) or _INVITE_SENT in seen:
            return ALWAYS
        try:
            last = max(seen.values())
        except TypeError:
            return ALWAYS
        if last.__class__ is not str:
            return ALWAYS
    else:
        created = doc.get("created")
        if not created or not isinstance(created, str):
            return ALWAYS  # the test reads today's date then
        last = created[:10]
    birthday = doc.get("birthday")
    if birthday and not isinstance(birthday, str):
        return ALWAYS
    return key, last, birthday[-5:] if birthday else ""


class Shelves:
    """Contacts (by their position in the table) filed by `shelf`: ALWAYS ones, each
    cadence's sorted last-contact days, and the birthdays by month-day."""

    def __init__(self, always: Sequence[int],
                 cadence: Mapping[str, tuple[Sequence[str], Sequence[int]]],
                 birthdays: Mapping[str, Sequence[int]]) -> None:
        self.always = always
        self.cadence = cadence
        self.birthdays = birthdays

    @classmethod
    def of(cls, docs: Iterable[dict[str, Any]]) -> Shelves:
        always: list[int] = []
        by_cadence: dict[str, list[tuple[str, int]]] = {}
        birthdays: dict[str, list[int]] = {}
        for n, doc in enumerate(docs):
            where = shelf(doc)
            if where is None:
                continue
            if isinstance(where, str):
                always.append(n)
                continue
            key, last, month_day = where
            by_cadence.setdefault(key, []).append((last, n))
            if month_day:
                birthdays.setdefault(month_day, []).append(n)
        cadence = {}
        for key, pairs in by_cadence.items():
            pairs.sort()
            cadence[key] = ([p[0] for p in pairs], [p[1] for p in pairs])
        return cls(always, cadence, birthdays)

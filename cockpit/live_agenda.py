"""The morning agenda kept up to date one contact at a time.

A triage key changes one contact's records; recomputing the whole agenda for it costs
time in proportion to the network (70 ms at 30,000 contacts). `LiveAgenda` holds each
contact's items in three lists kept sorted by the agenda's own order keys (which end in
ids, so the order is total): an update removes that contact's old items and inserts the
new ones (bisect), computed by the very functions the full agenda uses, restricted to
that contact. The result equals a full recomputation (tests/test_live_agenda.py).
Pure: `today` and the settings are given.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from . import agenda
from .model import Ask, Contact, FollowUp
from .settings import Settings

T = TypeVar("T")


class LiveAgenda:
    """The agenda of `today`, updated contact by contact."""

    def __init__(self, today: dt.date, settings: Settings, days: int | None = None) -> None:
        self.today = today
        self.settings = settings
        self.window = settings.birthday_window if days is None else days
        self._forder = agenda.followup_order_on(today, settings)  # a network day leads
        self._eorder = agenda.engage_order_on(today, settings)
        self._followups: list[agenda.FollowUpItem] = []
        self._birthdays: list[agenda.BirthdayItem] = []
        self._engage: list[agenda.EngageItem] = []
        self._fkeys: list[tuple[Any, ...]] = []
        self._bkeys: list[tuple[Any, ...]] = []
        self._ekeys: list[tuple[Any, ...]] = []
        # contact id -> the keys of its items in each list (to find them again)
        self._mine: dict[str, tuple[list[tuple[Any, ...]], ...]] = {}

    def reset(self, contacts: Iterable[Contact], stored: Iterable[FollowUp],
              asks: Iterable[Ask]) -> agenda.Agenda:
        """Everything at once (start-up, another process changed the file, a new day)."""
        people = list(contacts)
        full = agenda.morning(people, stored, asks, self.today, self.settings, days=self.window)
        self._followups, self._birthdays, self._engage = (
            full.followups, full.birthdays, full.engage)
        self._fkeys = [self._forder(i) for i in self._followups]
        self._bkeys = [agenda.birthday_order(i) for i in self._birthdays]
        self._ekeys = [self._eorder(i) for i in self._engage]
        self._mine = {}
        for fkey, fitem in zip(self._fkeys, self._followups, strict=True):
            self._slot(fitem.contact.id)[0].append(fkey)
        for bkey, bitem in zip(self._bkeys, self._birthdays, strict=True):
            self._slot(bitem.contact.id)[1].append(bkey)
        for ekey, eitem in zip(self._ekeys, self._engage, strict=True):
            self._slot(eitem.contact.id)[2].append(ekey)
        return self.agenda()

    def update(self, contact_id: str, contact: Contact | None, stored: Iterable[FollowUp],
               asks: Iterable[Ask]) -> agenda.Agenda:
        """One contact changed: `contact` as it is now (None: gone), with all its stored
        follow-up records and its asks."""
        old = self._mine.pop(contact_id, ([], [], []))
        _remove(self._fkeys, self._followups, old[0])
        _remove(self._bkeys, self._birthdays, old[1])
        _remove(self._ekeys, self._engage, old[2])
        if contact is not None:
            people = [contact]
            stored = [f for f in stored if f.contact_id == contact_id]
            asks = [a for a in asks if a.contact_id == contact_id]
            slot = self._slot(contact_id)
            _insert(self._fkeys, self._followups, slot[0], self._forder,
                    agenda.followups(people, stored, self.today, self.settings, days=self.window))
            _insert(self._bkeys, self._birthdays, slot[1], agenda.birthday_order,
                    agenda.birthdays(people, self.today, self.settings, days=self.window))
            _insert(self._ekeys, self._engage, slot[2], self._eorder,
                    agenda.engage(people, asks))
            if not any(slot):
                del self._mine[contact_id]
        return self.agenda()

    def agenda(self) -> agenda.Agenda:
        return agenda.Agenda(self.today, list(self._followups), list(self._birthdays),
                             list(self._engage))

    def _slot(self, contact_id: str) -> tuple[list[tuple[Any, ...]], ...]:
        return self._mine.setdefault(contact_id, ([], [], []))


def _remove(keys: list[tuple[Any, ...]], items: list[Any], gone: list[tuple[Any, ...]]) -> None:
    for key in gone:
        at = bisect.bisect_left(keys, key)
        if at < len(keys) and keys[at] == key:
            del keys[at]
            del items[at]


def _insert(keys: list[tuple[Any, ...]], items: list[T], slot: list[tuple[Any, ...]],
            order: Callable[[T], tuple[Any, ...]], new: Iterable[T]) -> None:
    for item in new:
        key = order(item)
        at = bisect.bisect_left(keys, key)
        keys.insert(at, key)
        items.insert(at, item)
        slot.append(key)

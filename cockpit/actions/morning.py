"""Reading the day: the morning agenda, one contact's card and history.

The agenda rules are in `cockpit.agenda` (pure); these use cases read what they need
from the store — only the contacts that may show, a few thousand of 30,000 — and hand
the rules `today` and the settings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .. import agenda, agenda_prefilter, incoming, request_book
from ..live_agenda import LiveAgenda
from ..model import Contact, Interaction, Note
from ..settings import Settings
from .errors import READ_ERRORS
from .workspace import Workspace, paused_gc

LAPSED_SUGGESTIONS = 5
WHOLE_FUTURE = 36500  # days: every item of one contact, however far ahead


@dataclass(frozen=True, slots=True)
class Morning:
    """What the morning screen shows: the agenda, and suggestions when nothing is due."""

    agenda: agenda.Agenda
    lapsed: tuple[Contact, ...] = ()
    no_contacts: bool = False  # an empty network (a first start): say how to begin
    requests: tuple[str, ...] = ()
    """On a network day: the names of connection requests on it waiting for an answer."""

    @property
    def summary(self) -> str:
        return self.agenda.summary()


@dataclass(frozen=True, slots=True)
class ContactCard:
    """Everything the contact screen shows except the (slow to load) history."""

    contact: Contact
    notes: tuple[Note, ...]
    followups: tuple[agenda.FollowUpItem, ...]
    asks: tuple[agenda.EngageItem, ...]
    introducer: Contact | None
    introduced: tuple[Contact, ...]
    cadence: int
    next_birthday: dt.date | None


@dataclass(frozen=True, slots=True)
class History:
    """A contact's interactions, newest first (at most `limit` of `total`)."""

    items: tuple[Interaction, ...]
    total: int


def load_agenda(ws: Workspace, days: int | None = None) -> agenda.Agenda:
    """The morning agenda (`days`: how far ahead; default the birthday window)."""
    with ws.lock:
        store = ws.store
        stored, asks = store.followups(open_only=False), store.asks()
        # Only the contacts that may show become Contact objects.
        keep = {f.contact_id for f in stored} | {a.contact_id for a in asks}
        contacts = store.contacts(where=agenda_prefilter.may_show(ws.today, ws.settings, days, keep))
        return agenda.morning(contacts, stored, asks, ws.today, ws.settings, days=days)


def morning(ws: Workspace) -> Morning:
    """The agenda, refreshed from the file, plus suggestions on a quiet morning. The
    workspace keeps it live, so `morning_after` a change updates only what changed."""
    with ws.lock:
        ws.store.refresh()
        store = ws.store
        stored, asks = store.followups(open_only=False), store.asks()
        keep = {f.contact_id for f in stored} | {a.contact_id for a in asks}
        contacts = store.contacts(where=agenda_prefilter.may_show(ws.today, ws.settings, None, keep))
        ws.live = LiveAgenda(ws.today, ws.settings)
        return _with_suggestions(ws, ws.live.reset(contacts, stored, asks))


def morning_after(ws: Workspace, contact_ids: Iterable[str]) -> Morning:
    """The agenda after a change that touched only these contacts: their items are
    recomputed, the rest kept (a whole recomputation when the file changed elsewhere,
    or the day did)."""
    with ws.lock:
        live = ws.live
        if not isinstance(live, LiveAgenda) or live.today != ws.today or ws.store.refresh():
            return morning(ws)
        result = live.agenda()
        for cid in dict.fromkeys(contact_ids):
            contact = ws.contact_or_none(cid)
            result = live.update(cid, contact, ws.store.followups(cid, open_only=False),
                                 ws.store.asks(cid))
        return _with_suggestions(ws, result)


def _with_suggestions(ws: Workspace, result: agenda.Agenda) -> Morning:
    lapsed: tuple[Contact, ...] = ()
    everyone: list[Contact] = []
    if result.is_quiet:
        everyone = ws.store.contacts()
        lapsed = tuple(c for c in agenda.lapsed(everyone, ws.today, ws.settings,
                                                limit=LAPSED_SUGGESTIONS)
                       if _quiet_for_a_while(ws, c))
    return Morning(result, lapsed, no_contacts=result.is_quiet and not everyone,
                   requests=requests_today(ws))


def requests_today(ws: Workspace) -> tuple[str, ...]:
    """A network day leads with the requests on it to answer (an ordinary day: none)."""
    networks = set(ws.settings.networks_on(ws.today))
    if not networks:
        return ()
    try:
        with ws.lock:
            book = request_book.load(ws.store)
    except READ_ERRORS:  # an unreadable request book: the Network screen says why
        return ()
    return tuple(r.name for r in incoming.waiting(book) if r.network in networks)


def open_with_morning(path: Path | str | None, today: dt.date,
                      settings: Settings | None = None,
                      clock: Callable[[], dt.datetime] | None = None
                      ) -> tuple[Workspace, Morning]:
    """Open the database and compute the morning agenda in one go (the TUI's start-up)."""
    with paused_gc():
        ws = Workspace.open(path, today, settings, clock)
        return ws, morning(ws)


def _quiet_for_a_while(ws: Workspace, contact: Contact) -> bool:
    """Worth a quiet-morning suggestion: silent for a month, or half their cadence."""
    last = contact.last_interaction or (contact.created.date() if contact.created else None)
    if last is None:
        return False
    cadence = agenda.cadence_days(contact, ws.settings)
    return (ws.today - last).days >= min(30, cadence // 2)


def contact_items(ws: Workspace, contact_id: str) -> list[agenda.FollowUpItem]:
    """Every follow-up item of one contact, however far ahead, most urgent first."""
    with ws.lock:
        contact = ws.store.contact(contact_id)
        return agenda.followups([contact], ws.store.followups(contact_id, open_only=False),
                                ws.today, ws.settings, days=WHOLE_FUTURE)


def card(ws: Workspace, contact_id: str) -> ContactCard:
    with ws.lock:
        store = ws.store
        c = store.contact(contact_id)
        items = contact_items(ws, contact_id)
        asks = tuple(agenda.engagement(c, a) for a in store.asks(contact_id))
        # Tested on the stored docs: building all 30,000 contacts took 0.75 s the first time.
        introduced = tuple(sorted(store.contacts(where=lambda d: d.get("introduced_by") == c.id),
                                  key=lambda o: o.name.casefold()))
        nb = agenda.next_birthday(c.birthday, ws.today, ws.settings) if c.birthday else None
        return ContactCard(c, tuple(store.notes(contact_id)), tuple(items), asks,
                           ws.contact_or_none(c.introduced_by), introduced,
                           agenda.cadence_days(c, ws.settings), nb)


def history(ws: Workspace, contact_id: str, limit: int = 200) -> History:
    """Interactions newest first (read from the table's bytes, not a parse of it all)."""
    with ws.lock:
        items = ws.store.interactions(contact_id)
    return History(tuple(items[:limit]), len(items))

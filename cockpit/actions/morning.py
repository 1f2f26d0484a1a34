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
from typing import TYPE_CHECKING

from .. import agenda, agenda_prefilter, incoming, request_book
from ..live_agenda import LiveAgenda
from ..model import Contact, Interaction, Note
from ..settings import Settings
from ..store import default_path
from ..store import save_index as store_save_index
from .errors import READ_ERRORS
from .workspace import Workspace, paused_gc

if TYPE_CHECKING:
    from ..store import Store
    from ..store.quick import QuickRead

LAPSED_SUGGESTIONS = 5
_QUICK_FAULTS: tuple[type[Exception], ...] = (*READ_ERRORS, ValueError, KeyError, TypeError)
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


@dataclass(frozen=True, slots=True)
class Basis:
    """What an agenda read through the index started from: the file it described, the
    day, the settings, and the contacts that may show. Opening that very file, the store
    takes these contacts instead of finding and building them again (see `morning`)."""

    signature: tuple[int, int, int]
    today: dt.date
    settings: Settings
    contacts: tuple[Contact, ...]


@dataclass(frozen=True, slots=True)
class QuickAgenda:
    """`cockpit today` read from the database's index (see `quick_agenda`)."""

    agenda: agenda.Agenda
    requests: tuple[str, ...]
    warnings: list[str]
    basis: Basis


def quick_agenda(path: Path | None, today: dt.date, settings: Settings,
                 days: int | None = None) -> QuickAgenda | None:
    """The agenda and the requests of `load_agenda` and `requests_today`, read through
    the database's index without opening the store: None when there is no index that
    describes the file exactly (or anything about it is off), and the caller opens the
    store. What it returns is what the store would give, record for record."""
    from ..store.quick import QuickRead

    try:
        view = QuickRead.open(default_path() if path is None else path)
        if view is None:
            return None
        stored, asks = view.followups(), view.asks()
        keep = {f.contact_id for f in stored} | {a.contact_id for a in asks}
        contacts = view.contacts(agenda_prefilter.may_show(today, settings, days, keep))
        result = agenda.morning(contacts, stored, asks, today, settings, days=days)
        requests = _requests_on(view, settings, today)
    except _QUICK_FAULTS:
        return None  # the store reads the file and says what is wrong, if anything
    basis = Basis(view.signature, today, settings, tuple(contacts))
    return QuickAgenda(result, requests, view.warnings, basis)


def quick_morning(path: Path | str | None, today: dt.date, settings: Settings
                  ) -> tuple[Morning, Basis] | None:
    """The morning screen's first agenda, read through the database's index while the
    store opens (`quick_agenda`: the same agenda, record for record), and what the store
    may reuse of it. None when there is no index that describes the file, or when the
    full read has more to say: a quiet morning's suggestions look at everyone, and a
    record left out is warned about."""
    with paused_gc():
        quick = quick_agenda(None if path is None else Path(path), today, settings)
    if quick is None or quick.warnings or quick.agenda.is_quiet:
        return None
    return Morning(quick.agenda, requests=quick.requests), quick.basis


def save_index(ws: Workspace) -> None:
    """After a read without the index: write it for the next `quick_agenda`."""
    with ws.lock:
        store_save_index(ws.store)


def morning(ws: Workspace, basis: Basis | None = None) -> Morning:
    """The agenda, refreshed from the file, plus suggestions on a quiet morning. The
    workspace keeps it live, so `morning_after` a change updates only what changed.
    `basis`: what a read through the index found, used when it read this very file."""
    with ws.lock:
        ws.store.refresh()
        store = ws.store
        stored, asks = store.followups(open_only=False), store.asks()
        if (basis is not None and basis.today == ws.today and basis.settings == ws.settings
                and store.holds_exactly(basis.signature)):
            contacts = list(basis.contacts)
        else:
            keep = {f.contact_id for f in stored} | {a.contact_id for a in asks}
            contacts = store.contacts(where=agenda_prefilter.may_show(ws.today, ws.settings,
                                                                      None, keep))
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
    with ws.lock:
        return _requests_on(ws.store, ws.settings, ws.today)


def _requests_on(store: Store | QuickRead, settings: Settings, today: dt.date
                 ) -> tuple[str, ...]:
    networks = set(settings.networks_on(today))
    if not networks:
        return ()
    try:
        book = request_book.load(store)
    except READ_ERRORS:  # an unreadable request book: the Network screen says why
        return ()
    return tuple(r.name for r in incoming.waiting(book) if r.network in networks)


def open_with_morning(path: Path | str | None, today: dt.date,
                      settings: Settings | None = None,
                      clock: Callable[[], dt.datetime] | None = None,
                      basis: Basis | None = None) -> tuple[Workspace, Morning]:
    """Open the database and compute the morning agenda in one go (the TUI's start-up;
    `basis`: what its first paint read through the index)."""
    with paused_gc():
        ws = Workspace.open(path, today, settings, clock)
        return ws, morning(ws, basis)


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

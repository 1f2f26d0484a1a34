"""Incoming connection requests (P13): record one, see the checklist's suggestion, decide.

`assess` says what the database knows (already a contact? colleagues at their company? a
profile you declined before?) and the suggestion; `record` stores the request (pending, or
decided at once); `decide` accepts (they become a contact: how met online, their note as a
memo, an invite-received logged) or declines (remembered: a second request says so).

Where requests live: see `cockpit.request_book` (next to the database until the store has
a `requests` table).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .. import incoming, request_book
from ..incoming import KEYS, Facts, Request, suggest
from ..model import Interaction, Kind, ValidationError, fold
from . import contacts as people
from .workspace import Workspace


def _load(ws: Workspace) -> list[Request]:
    return request_book.load(ws.store)


def _save(ws: Workspace, requests: list[Request]) -> None:
    request_book.save(ws.store, requests)


# ------------------------------------------------------------------------ reading

def all_requests(ws: Workspace) -> list[Request]:
    with ws.lock:
        return _load(ws)


def pending(ws: Workspace) -> list[Request]:
    """Requests not decided yet, oldest first."""
    return incoming.waiting(all_requests(ws))


@dataclass(frozen=True, slots=True)
class Assessment:
    request: Request
    facts: Facts
    suggestion: str
    reasons: tuple[str, ...]
    earlier: Request | None  # a pending request from the same profile

    def lines(self) -> list[str]:
        return self.facts.lines(self.request)


@dataclass(slots=True)
class RequestForm:
    """A request as typed (both front-ends); answers: checklist key -> ticked."""

    name: str = ""
    network: str = "linkedin"
    company: str = ""
    role: str = ""
    profile: str = ""
    note: str = ""
    mutual: str = ""
    answers: dict[str, bool] | None = None

    def build(self, today: dt.date) -> Request:
        mutual = None
        if self.mutual.strip():
            try:
                mutual = int(self.mutual.strip())
            except ValueError:
                raise ValidationError(f"shared connections must be a number, not "
                                      f"{self.mutual.strip()[:20]!r}") from None
        answers: dict[str, bool] = {k: True for k, v in (self.answers or {}).items() if v}
        return Request(self.name, today, network=self.network, company=self.company.strip(),
                       role=self.role.strip(), profile=self.profile.strip(), note=self.note,
                       mutual=mutual, answers=answers)


def _facts(ws: Workspace, request: Request, book: list[Request]) -> Facts:
    name, company = fold(request.name), fold(request.company)
    colleagues = 0
    matches: list[str] = []

    def look(doc: dict[str, Any]) -> bool:
        nonlocal colleagues
        if doc.get("archived"):
            return False
        if company and fold(str(doc.get("company") or "")) == company:
            colleagues += 1
        if fold(str(doc.get("name") or "")) == name:
            matches.append(str(doc["name"]))
        return False

    ws.store.contacts(where=look)  # one pass over the stored docs, no objects built
    if matches and company:
        colleagues -= 1  # they themselves are not a colleague of theirs
    declined = [r.decided_on for r in book if r.decision == "declined" and r.decided_on
                and r.same_profile(request) and r.id != request.id]
    return Facts(matches[0] if matches else None, max(0, colleagues),
                 max(declined) if declined else None)


def assess(ws: Workspace, form: RequestForm) -> Assessment:
    """The checklist's suggestion for a request as typed, before anything is written."""
    request = form.build(ws.today)
    with ws.lock:
        book = _load(ws)
        facts = _facts(ws, request, book)
    earlier = next((r for r in book if r.pending and r.same_profile(request)), None)
    suggestion, reasons = suggest(request, facts)
    return Assessment(request, facts, suggestion, tuple(reasons), earlier)


# ------------------------------------------------------------------------ writing

def record(ws: Workspace, form: RequestForm, decision: str | None = None) -> Assessment:
    """Store the request with the checklist's suggestion; a pending request from the same
    profile is updated, not duplicated. `decision` ("accepted"/"declined") decides it now."""
    found = assess(ws, form)
    request = found.request
    if found.earlier is not None:
        before = found.earlier
        request.id, request.received = before.id, before.received
        # What was not typed again is kept from the first time.
        request.company = request.company or before.company
        request.role = request.role or before.role
        request.profile = request.profile or before.profile
        request.note = request.note or before.note
        request.mutual = before.mutual if request.mutual is None else request.mutual
        request.answers = {**found.earlier.answers, **request.answers}
        suggestion, reasons = suggest(request, found.facts)
        found = Assessment(request, found.facts, suggestion, tuple(reasons), found.earlier)
    request.suggestion, request.reasons = found.suggestion, list(found.reasons)
    with ws.lock, ws.store.transaction():  # the database's lock guards the requests file
        book = [r for r in _load(ws) if r.id != request.id]
        _save(ws, [*book, request])
    if decision is not None:
        decide(ws, request.id, decision)
    return found


def find(ws: Workspace, name: str) -> Request:
    """A pending request by id, name or unambiguous name prefix."""
    key = fold(name)
    waiting = pending(ws)
    exact = [r for r in waiting if r.id == name.strip() or fold(r.name) == key]
    found = exact or [r for r in waiting if fold(r.name).startswith(key)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise ValidationError(f"no pending request from {name.strip()!r}")
    raise ValidationError(f"{name.strip()!r} matches {len(found)} pending requests: "
                          + "; ".join(f"{r.name} ({r.network})" for r in found[:5]))


def decide(ws: Workspace, request_id: str, decision: str, answers: dict[str, bool] | None = None
           ) -> str:
    """Accept or decline a pending request (see the module docstring)."""
    decision = {"accept": "accepted", "decline": "declined"}.get(decision, decision)
    if decision not in ("accepted", "declined"):
        raise ValidationError(f"decide with accept or decline, not {decision!r}")
    with ws.lock:
        book = _load(ws)
        request = next((r for r in book if r.id == request_id), None)
        if request is None:
            raise ValidationError("that request is no longer in the list")
        if not request.pending:
            raise ValidationError(f"{request.name}'s request was {request.decision} already")
        if answers is not None:
            bad = set(answers) - set(KEYS)
            if bad:
                raise ValidationError(f"unknown checklist item {sorted(bad)[0]!r}")
            request.answers = {k: v for k, v in answers.items() if v}
            suggestion, reasons = suggest(request, _facts(ws, request, book))
            request.suggestion, request.reasons = suggestion, reasons
        if decision == "accepted":
            request.contact_id = _become_contact(ws, request)
        request.decision, request.decided_on = decision, ws.today
        with ws.store.transaction():
            _save(ws, [request if r.id == request.id else r for r in book])
    if decision == "accepted":
        return f"Accepted {request.name}: now a contact (how met: online)"
    return f"Declined {request.name}: a second request from them will say so"


def _become_contact(ws: Workspace, request: Request) -> str:
    """The contact an accepted request is: the one you have already, or a new one."""
    key = fold(request.name)
    existing = ws.store.contacts(include_archived=True, where=lambda doc: fold(
        str(doc.get("name") or "")) == key)
    live = [c for c in existing if not c.archived]
    with ws.store.transaction():
        if live:
            contact = live[0]
            if request.note.strip():
                people.save_note(ws, contact.id, request.note)
        else:
            form = people.ContactForm(name=request.name, company=request.company,
                                      role=request.role, how_met="online", note=request.note)
            if request.network in ("linkedin", "twitter", "facebook") and request.profile:
                setattr(form, request.network, request.profile)
            contact = people.save_contact(ws, form, force=True).contact
        ws.store.log(Interaction(contact.id, Kind.INVITE_RECEIVED.value, ws.today,
                                 channel=request.network, summary="connection request accepted"))
    ws.contacts_changed()
    return contact.id

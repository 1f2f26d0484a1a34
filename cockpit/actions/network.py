"""The network review: health and growth (P13, P15), invitation outcomes (P12), prune (P11).

Use cases of `cockpit stats`, `invitations`, `review` and the TUI's Network screen. The
rules are pure (`cockpit.network`, `cockpit.review`); these read what they need and write
the decisions: an invitation's outcome, keep / re-engage / archive after a review.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .. import agenda, network
from ..model import Contact, FollowUp, Interaction, Kind, Origin, ValidationError
from ..review import CHOICES, PruneItem, keep_record, kept_days, prune_list
from . import contacts as people
from . import requests as incoming
from . import triage
from .drafts import write_draft
from .workspace import Workspace, paused_gc

OUTCOME_KINDS = {"accepted": Kind.INVITE_ACCEPTED.value, "declined": Kind.INVITE_DECLINED.value,
                 "withdrawn": Kind.INVITE_WITHDRAWN.value}
ANSWERS = (*OUTCOME_KINDS, "waiting")


# ------------------------------------------------------------------------ reading

def _scan(ws: Workspace) -> tuple[list[network.Member], list[Contact]]:
    """One pass over the stored contacts: every member for health, and as Contacts only
    those silent longer than the review period (30,000 are not built to count them)."""
    cutoff = (ws.today - dt.timedelta(days=ws.settings.prune_after_days)).isoformat()
    members: list[network.Member] = []

    def look(doc: dict[str, Any]) -> bool:
        found = network.member_of_doc(doc)
        if found is None:
            return False
        members.append(found)
        seen = doc.get("seen")
        created = doc.get("created")
        last = max(seen.values()) if seen else (created[:10] if created else None)
        return isinstance(last, str) and last < cutoff

    with ws.lock, paused_gc():
        silent = ws.store.contacts(where=look)
    return members, silent


def stats(ws: Workspace) -> network.Health:
    """First-degree connections per network, by tie and relationship; bridges; growth."""
    return network.health(_scan(ws)[0], ws.today)


def invite_interactions(ws: Workspace) -> list[Interaction]:
    """The invitation events of everyone, found in the table's bytes by kind: a few
    hundred of 300,000 interactions, without parsing the rest (5.6 s -> well under 1 s)."""
    with ws.lock, paused_gc():
        return ws.store.interactions(kinds=network.INVITE_KINDS)


def invitations(ws: Workspace) -> network.InvitationReport:
    """Every invitation you sent with its outcome, and acceptance rates by dimension."""
    events = invite_interactions(ws)
    with ws.lock:
        ids = {e.contact_id for e in events}
        by_id = {c.id: c for c in ws.store.contacts(
            include_archived=True, where=lambda doc: doc["id"] in ids)}
    return network.report(network.invitations(events, by_id.get, ws.today, ws.settings))


def _kept(ws: Workspace) -> dict[str, dt.date]:
    with ws.lock:
        return kept_days(f for f in ws.store.followups(open_only=False)
                         if f.origin == Origin.REVIEW_KEPT.value)


def review_list(ws: Workspace) -> list[PruneItem]:
    """Silent longer than `review.prune_after_days`, longest first (P11)."""
    silent = _scan(ws)[1]
    return prune_list(silent, _kept(ws), ws.today, ws.settings)


@dataclass(frozen=True, slots=True)
class Overview:
    """What the Network screen shows first (from the contacts alone: fast at 30,000)."""

    health: network.Health
    prune: tuple[PruneItem, ...]
    requests: tuple[incoming.Request, ...]
    network_day: str


def overview(ws: Workspace) -> Overview:
    with ws.lock:
        ws.store.refresh()
        members, silent = _scan(ws)
        kept = _kept(ws)
        pending = incoming.pending(ws)
    return Overview(network.health(members, ws.today),
                    tuple(prune_list(silent, kept, ws.today, ws.settings)), tuple(pending),
                    network.network_day_label(ws.today, ws.settings))


# ------------------------------------------------------------------------ invitation outcomes

def answer_invitation(ws: Workspace, item: agenda.FollowUpItem, answer: str) -> str:
    """`d` on a pending invitation: accepted / declined / withdrawn are logged (the pending
    follow-up ends); "waiting" asks again after another `invitations.pending_days`."""
    if item.origin != Origin.INVITE_PENDING.value:
        raise ValidationError(f"{item.contact.name}'s follow-up is not a pending invitation")
    if answer not in ANSWERS:
        raise ValidationError(f"unknown answer {answer!r} (choose from: {', '.join(ANSWERS)})")
    if answer == "waiting":
        until = ws.today + dt.timedelta(days=ws.settings.pending_invite_days)
        triage.snooze(ws, item, until)
        return f"Still waiting for {item.contact.name}: asking again on {until:%a %-d %b}"
    kind = OUTCOME_KINDS[answer]
    triage.log(ws, item.contact.id, kind, channel=triage.DEFAULT_CHANNEL.get(kind, "linkedin"))
    words = {"accepted": "accepted your invitation", "declined": "declined your invitation",
             "withdrawn": "invitation withdrawn"}[answer]
    return f"{item.contact.name}: {words}"


# ------------------------------------------------------------------------ prune decisions

def decide(ws: Workspace, contact_id: str, choice: str) -> str:
    """keep (out of the review for another period; not an interaction), re-engage (a
    follow-up today and a reconnect draft), or archive (reversible: `cockpit restore`)."""
    choice = choice.strip().casefold()
    if choice not in CHOICES:
        raise ValidationError(f"unknown review choice {choice!r} (choose from: "
                              f"{', '.join(CHOICES)})")
    if choice == "archive":
        return people.archive(ws, contact_id) + " (cockpit restore brings them back)"
    with ws.lock:
        contact = ws.store.contact(contact_id)
        since = contact.last_interaction or (contact.created.date() if contact.created
                                             else ws.today)
        silent = (ws.today - since).days
        if choice == "keep":
            ws.store.save_followup(keep_record(contact.id, ws.today, silent))
            return (f"Kept {contact.name}: out of the review until "
                    f"{ws.today + dt.timedelta(days=ws.settings.prune_after_days):%-d %b %Y}")
        with ws.store.transaction():
            ws.store.save_followup(FollowUp(
                contact.id, ws.today, f"re-engage after {silent} days of silence: reconnect",
                origin=Origin.MANUAL.value))
            written = write_draft(ws, contact.id, template="reconnect")
    problem = "" if written.composed.ok else " (the draft needs a personal touch: see it)"
    return f"Re-engage {contact.name}: a follow-up today and a reconnect draft{problem}"

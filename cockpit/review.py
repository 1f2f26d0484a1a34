"""P11 prune: who has been silent so long that you should decide whether to keep them.

Pure rules over contacts and their `review-kept` records (no I/O, `today` passed in).
`agenda.review` finds everyone silent longer than `review.prune_after_days`; a contact
you chose to keep is left out for another such period from the day you kept them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from . import agenda
from .model import Contact, FollowUp, FollowUpState, Origin
from .settings import Settings

CHOICES = ("keep", "re-engage", "archive")


@dataclass(frozen=True, slots=True)
class PruneItem:
    contact: Contact
    last: dt.date | None  # the last interaction (None: never, only added)
    last_kind: str | None  # what you last did together
    silent_days: int
    kept_on: dt.date | None = None  # kept at an earlier review

    def last_words(self) -> str:
        """"call on 3 Mar 2025", or "added 3 Mar 2025, never in touch"."""
        if self.last is None:
            added = self.contact.created.date() if self.contact.created else None
            return f"added {added:%-d %b %Y}, never in touch" if added else "never in touch"
        return f"{self.last_kind} on {self.last:%-d %b %Y}"

    def to_json(self) -> dict[str, Any]:
        c = self.contact
        return {"contact": c.name, "contact_id": c.id, "company": c.company, "tie": c.tie,
                "relationship": c.relationship,
                "last_interaction": self.last.isoformat() if self.last else None,
                "last_kind": self.last_kind, "silent_days": self.silent_days,
                "kept_on": self.kept_on.isoformat() if self.kept_on else None}


def kept_days(records: Iterable[FollowUp]) -> dict[str, dt.date]:
    """contact id -> the latest day you kept them at a review."""
    kept: dict[str, dt.date] = {}
    for fu in records:
        if (fu.origin == Origin.REVIEW_KEPT.value and fu.closed_on is not None
                and fu.closed_on > kept.get(fu.contact_id, dt.date.min)):
            kept[fu.contact_id] = fu.closed_on
    return kept


def keep_record(contact_id: str, today: dt.date, silent_days: int) -> FollowUp:
    """What keeping someone stores: a closed record (not an interaction: their silence
    still counts everywhere else), which hides them from the review for a period."""
    return FollowUp(contact_id, today, f"kept at the review after {silent_days} days of silence",
                    origin=Origin.REVIEW_KEPT.value, state=FollowUpState.DONE.value,
                    closed_on=today)


def prune_list(contacts: Iterable[Contact], kept: dict[str, dt.date], today: dt.date,
               settings: Settings) -> list[PruneItem]:
    """Silent longer than `prune_after_days`, longest silence first, without those kept
    within the last such period."""
    period = dt.timedelta(days=settings.prune_after_days)
    items = []
    for c in agenda.review(contacts, today, settings):
        kept_on = kept.get(c.id)
        if kept_on is not None and today - kept_on < period:
            continue
        last = c.last_interaction
        kind = max(c.seen, key=lambda k: (c.seen[k], k)) if c.seen else None
        since = last or (c.created.date() if c.created else today)
        items.append(PruneItem(c, last, kind, (today - since).days, kept_on))
    return items

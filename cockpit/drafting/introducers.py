"""Who can introduce you to someone you do not know yet (P2), best first, and why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..model import Contact, fold


@dataclass(frozen=True, slots=True)
class Candidate:
    """Someone who could introduce you to a target, with why."""

    contact: Contact
    score: int
    reasons: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"contact": self.contact.name, "contact_id": self.contact.id,
                "score": self.score, "reasons": list(self.reasons)}


_TIE_BONUS = {"close": 15, "regular": 8, "occasional": 0}
_GENERIC_COMPANIES = frozenset({"", "freelance", "freelancer", "self-employed", "independent",
                                "autonomo", "none", "-"})


def introducers(target: Contact, contacts: Iterable[Contact], today: dt.date,
                limit: int | None = None) -> list[Candidate]:
    """Who can introduce you to `target` (P2), best first.

    Scores: introduced you to the target 100; was introduced to you by the target 80;
    works at the same company 50; you met both at the same event 20; each shared tag
    10 (at most 30). Plus how well you know them: close +15, regular +8; in touch in
    the last 90 days +5. Archived contacts and the target are never candidates; someone
    with no link to the target at all is not listed.
    """
    company = fold(target.company)
    if company in _GENERIC_COMPANIES:
        company = ""
    met_at = fold(target.met_at)
    tags = {fold(t) for t in target.tags if t.strip()}
    found: list[Candidate] = []
    for c in contacts:
        if c.id == target.id or c.archived:
            continue
        score = 0
        reasons: list[str] = []
        if target.introduced_by == c.id:
            score += 100
            reasons.append(f"introduced you to {target.name}")
        if c.introduced_by == target.id:
            score += 80
            reasons.append(f"was introduced to you by {target.name}")
        if company and fold(c.company) == company:
            score += 50
            reasons.append(f"works at {target.company} too")
        if met_at and fold(c.met_at) == met_at:
            score += 20
            reasons.append(f"you met them at {target.met_at} too")
        shared = sorted(t for t in c.tags if fold(t) in tags)
        if shared:
            score += min(30, 10 * len(shared))
            reasons.append(f"shares tag{'s' if len(shared) > 1 else ''} {', '.join(shared)}")
        if not score:
            continue
        score += _TIE_BONUS.get(c.tie, 0)
        last = c.last_interaction
        if last is not None and (today - last).days <= 90:
            score += 5
            reasons.append(f"in touch recently ({last})")
        found.append(Candidate(c, score, tuple(reasons)))
    found.sort(key=lambda k: (-k.score, fold(k.contact.name)))
    return found[:limit] if limit is not None else found

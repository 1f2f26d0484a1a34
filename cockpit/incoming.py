"""P13: a policy for incoming connection requests, as a checklist and a suggestion.

The articles' checklist: yes if you know them, if connecting serves your goals, or if you
share connections or experience; no to fake or spam profiles, to a competitor, and to
profiles with nothing in common (an unrelated region or industry). Pure: a `Request` is a
record (to_dict/from_dict like the model's), `suggest` turns answers into yes/no + reasons.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .model import ValidationError, fold, new_id, tidy_name

# (key, the question, said when true)
CHECKLIST: tuple[tuple[str, str, str], ...] = (
    ("know", "Do I know them?", "you know them"),
    ("goals", "Would connecting serve my goals?", "connecting serves your goals"),
    ("shared", "Do we share connections or experience?", "you share connections or experience"),
    ("fake", "Signs of a fake or spam profile?", "signs of a fake or spam profile"),
    ("unrelated", "An unrelated region or industry?", "an unrelated region or industry"),
    ("competitor", "A competitor?", "a competitor"),
)
KEYS = tuple(k for k, _, _ in CHECKLIST)
POSITIVE = ("know", "goals", "shared")
SAID = {k: said for k, _, said in CHECKLIST}
DECISIONS = ("accepted", "declined")
MAX_MUTUAL = 30000  # LinkedIn's cap on first-degree connections
NETWORK_MAX = 40
TEXT_MAX = 2000


@dataclass(slots=True)
class Request:
    """An incoming connection request: who, on which network, what they wrote, the
    checklist answers, the suggestion, and your decision (None while pending)."""

    name: str
    received: dt.date
    network: str = "linkedin"
    company: str = ""
    role: str = ""
    profile: str = ""  # their profile URL or handle, when you have it
    note: str = ""  # what they wrote with the request (kept as given)
    mutual: int | None = None  # shared connections the network shows
    answers: dict[str, bool] = field(default_factory=dict)
    suggestion: str = ""  # "yes" / "no"
    reasons: list[str] = field(default_factory=list)
    decision: str | None = None
    decided_on: dt.date | None = None
    contact_id: str | None = None  # the contact an accepted request became (or was)
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.name = tidy_name(self.name or "")
        if not self.name:
            raise ValidationError("a request needs the name of who sent it")
        self.network = (self.network or "linkedin").strip().casefold()
        if not self.network or len(self.network) > NETWORK_MAX or not self.network.isprintable():
            raise ValidationError(f"network {self.network[:40]!r} is not a network name "
                                  "(linkedin, twitter, facebook…)")
        if self.mutual is not None and not 0 <= self.mutual <= MAX_MUTUAL:
            raise ValidationError(f"shared connections must be 0–{MAX_MUTUAL:,}, not {self.mutual}")
        if len(self.note) > TEXT_MAX:
            raise ValidationError(f"the request's note is over {TEXT_MAX:,} characters")
        for key in self.answers:
            if key not in KEYS:
                raise ValidationError(f"unknown checklist item {key!r}")
        if self.decision is not None and self.decision not in DECISIONS:
            raise ValidationError(f"decision must be accepted or declined, not {self.decision!r}")

    @property
    def pending(self) -> bool:
        return self.decision is None

    def same_profile(self, other: Request) -> bool:
        """The same person on the same network: the profile when both have one, else the
        name (and company, when both give one)."""
        if self.network != other.network:
            return False
        if self.profile and other.profile:
            return fold(self.profile).rstrip("/") == fold(other.profile).rstrip("/")
        if fold(self.name) != fold(other.name):
            return False
        return not (self.company and other.company) or fold(self.company) == fold(other.company)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "received": self.received.isoformat(),
                "network": self.network, "company": self.company, "role": self.role,
                "profile": self.profile, "note": self.note, "mutual": self.mutual,
                "answers": dict(self.answers), "suggestion": self.suggestion,
                "reasons": list(self.reasons), "decision": self.decision,
                "decided_on": self.decided_on.isoformat() if self.decided_on else None,
                "contact_id": self.contact_id}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Request:
        decided = d.get("decided_on")
        return cls(name=d["name"], received=dt.date.fromisoformat(d["received"]),
                   network=d.get("network") or "linkedin", company=d.get("company") or "",
                   role=d.get("role") or "", profile=d.get("profile") or "",
                   note=d.get("note") or "", mutual=d.get("mutual"),
                   answers={str(k): bool(v) for k, v in (d.get("answers") or {}).items()},
                   suggestion=d.get("suggestion") or "", reasons=list(d.get("reasons") or ()),
                   decision=d.get("decision"),
                   decided_on=dt.date.fromisoformat(decided) if decided else None,
                   contact_id=d.get("contact_id"), id=d["id"])

    def to_json(self) -> dict[str, Any]:
        return self.to_dict()


@dataclass(frozen=True, slots=True)
class Facts:
    """What the database already says about the person (found, not asked)."""

    contact_name: str | None = None  # already a contact of yours
    colleagues: int = 0  # your contacts at their company
    declined_on: dt.date | None = None  # you declined this profile before

    def lines(self, request: Request) -> list[str]:
        out = []
        if self.contact_name:
            out.append(f"already a contact: {self.contact_name}")
        if self.colleagues:
            out.append(f"you know {self.colleagues:,} people at {request.company}"
                       if self.colleagues > 1 else f"you know someone at {request.company}")
        if request.mutual:
            out.append(f"{request.mutual:,} shared connection" + ("s" if request.mutual > 1 else ""))
        if self.declined_on:
            out.append(f"you declined this profile on {self.declined_on:%-d %b %Y}")
        return out


def waiting(requests: Iterable[Request]) -> list[Request]:
    """Requests not decided yet, oldest first (the order they are answered in)."""
    return sorted((r for r in requests if r.pending), key=lambda r: (r.received, r.name))


def effective(answers: dict[str, bool], request: Request, facts: Facts) -> dict[str, bool]:
    """The answers, completed by what is known: a contact already is someone you know;
    shared connections or colleagues at their company are shared experience."""
    out = {k: bool(answers.get(k)) for k in KEYS}
    out["know"] = out["know"] or facts.contact_name is not None
    out["shared"] = out["shared"] or bool(request.mutual) or facts.colleagues > 0
    return out


def suggest(request: Request, facts: Facts) -> tuple[str, list[str]]:
    """("yes" | "no", the reasons) — the articles' policy, in order of weight."""
    a = effective(request.answers, request, facts)
    if a["fake"]:
        return "no", [SAID["fake"]]
    yes = [SAID[k] for k in POSITIVE if a[k]]
    if a["competitor"] and not a["know"]:
        return "no", [SAID["competitor"], *(f"even though {r}" for r in yes)]
    if facts.declined_on and not a["know"]:
        return "no", [f"you declined this profile on {facts.declined_on:%-d %b %Y}"]
    if a["unrelated"] and not (a["know"] or a["goals"]):
        return "no", [SAID["unrelated"], *(f"even though {r}" for r in yes)]
    if yes:
        return "yes", yes + ([f"but {SAID['competitor']}"] if a["competitor"] else [])
    return "no", ["nothing in common: you don't know them, it serves no goal of yours and you "
                  "share no connections or experience"]

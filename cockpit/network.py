"""The network as a whole: health, second-degree bridges, growth, invitation outcomes.

Pure rules (no I/O, no clock: `today` and `Settings` are passed in). PRACTICES: P12 learn
from refusals (outcomes and acceptance rates of your invitations), P13 a base of 200–300
first-degree connections on the professional network, second-degree reach through your
bridges, P15 a day a week for each network.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .model import Contact, Interaction, Kind, fold
from .settings import Settings

PROFESSIONAL = "linkedin"
BASE = (200, 300)  # P13: the first-degree base the articles recommend on the professional one
NETWORK_NAMES = {"linkedin": "LinkedIn", "twitter": "X/Twitter", "x": "X/Twitter",
                 "facebook": "Facebook", "instagram": "Instagram", "github": "GitHub",
                 "mastodon": "Mastodon", "xing": "XING", "bluesky": "Bluesky"}
GROWTH_MONTHS = 12
BRIDGES_SHOWN = 10
# Not a shared experience: everyone "works" at these.
_GENERIC = frozenset({"", "freelance", "freelancer", "self-employed", "independent",
                      "autonomo", "none", "-", "n/a"})

INVITE_SENT = Kind.INVITE_SENT.value
ANSWERS = {Kind.INVITE_ACCEPTED.value: "accepted", Kind.INVITE_DECLINED.value: "declined",
           Kind.INVITE_WITHDRAWN.value: "withdrawn"}
INVITE_KINDS = frozenset({INVITE_SENT, *ANSWERS})
OUTCOMES = ("accepted", "declined", "withdrawn", "no answer", "waiting")
BY_HAND = "by hand"
# What `actions.sending.mark_sent` writes as the summary of the interaction it logs.
_SENT_DRAFT = re.compile(r"^sent (\S+) draft$")
_NO_NOTE = re.compile(r"\b(no|without)( a)?( personal)? note\b", re.IGNORECASE)


def network_name(key: str) -> str:
    return NETWORK_NAMES.get(key.casefold(), key)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


# ------------------------------------------------------------------------ network days (P15)

def network_day_label(day: dt.date, settings: Settings) -> str:
    """"LinkedIn day" (or "LinkedIn and X/Twitter day"); "" on an ordinary day."""
    names = [network_name(n) for n in settings.networks_on(day)]
    if not names:
        return ""
    return (" and ".join(names) if len(names) <= 2 else ", ".join(names)) + " day"


# ------------------------------------------------------------------------ health (P13)

@dataclass(frozen=True, slots=True)
class NetworkCount:
    """First-degree connections on one network (a contact with a handle there)."""

    network: str
    connections: int
    by_tie: dict[str, int]
    by_relationship: dict[str, int]

    @property
    def name(self) -> str:
        return network_name(self.network)

    @property
    def professional(self) -> bool:
        return self.network == PROFESSIONAL

    def verdict(self) -> str:
        """Against the 200–300 base, for the professional network; "" for the others."""
        if not self.professional:
            return ""
        low, high = BASE
        if self.connections < low:
            return (f"below the {low}–{high} base the articles recommend: "
                    f"{low - self.connections:,} to go")
        if self.connections <= high:
            return f"within the {low}–{high} base the articles recommend"
        return f"past the {low}–{high} base: now quality matters more than quantity"

    def to_json(self) -> dict[str, Any]:
        return {"network": self.network, "name": self.name, "connections": self.connections,
                "base": list(BASE) if self.professional else None,
                "verdict": self.verdict() or None,
                "by_tie": dict(self.by_tie), "by_relationship": dict(self.by_relationship)}


@dataclass(frozen=True, slots=True)
class Member:
    """What health needs of one contact: read from a Contact, or straight from its stored
    document (30,000 of them are not built into Contacts just to be counted)."""

    id: str
    name: str
    tie: str
    relationship: str
    networks: tuple[str, ...]
    introduced_by: str | None
    company: str
    met_at: str
    joined: str | None  # "YYYY-MM-DD" (see `connected_on`)


def member(contact: Contact) -> Member:
    joined = connected_on(contact)
    return Member(contact.id, contact.name, contact.tie, contact.relationship or "unknown",
                  tuple(k.casefold() for k, v in contact.handles.items() if v),
                  contact.introduced_by, contact.company, contact.met_at,
                  joined.isoformat() if joined else None)


def member_of_doc(doc: dict[str, Any]) -> Member | None:
    """The same from a stored contact (`Contact.to_dict()`, empty fields omitted); None for
    an archived one."""
    if doc.get("archived"):
        return None
    handles = doc.get("handles") or {}
    seen = doc.get("seen") or {}
    created = doc.get("created")
    joined = seen.get(Kind.INVITE_ACCEPTED.value) or doc.get("met_on") or (
        created[:10] if isinstance(created, str) else None)
    return Member(doc["id"], str(doc.get("name") or ""), str(doc.get("tie") or "regular"),
                  str(doc.get("relationship") or "unknown"),
                  tuple(str(k).casefold() for k, v in handles.items() if v),
                  doc.get("introduced_by"), str(doc.get("company") or ""),
                  str(doc.get("met_at") or ""), joined if isinstance(joined, str) else None)


@dataclass(frozen=True, slots=True)
class Bridge:
    """Someone through whom your second degree is reached: who they introduced you to,
    and how many of your contacts share their company or an event with them."""

    contact: Member
    introduced: int
    same_company: int
    same_event: int

    @property
    def reach(self) -> int:
        return self.introduced + self.same_company + self.same_event

    def reasons(self) -> str:
        parts = []
        if self.introduced:
            parts.append(f"introduced you to {_plural(self.introduced, 'person')}"
                         .replace("persons", "people"))
        if self.same_company:
            parts.append(f"{self.same_company:,} of your contacts at {self.contact.company}")
        if self.same_event:
            parts.append(f"{self.same_event:,} met at {self.contact.met_at}")
        return "; ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {"contact": self.contact.name, "contact_id": self.contact.id,
                "introduced": self.introduced, "same_company": self.same_company,
                "same_event": self.same_event, "reach": self.reach, "why": self.reasons()}


@dataclass(frozen=True, slots=True)
class Month:
    month: str  # "2026-11"
    added: int


@dataclass(frozen=True, slots=True)
class Health:
    total: int
    networks: tuple[NetworkCount, ...]
    by_tie: dict[str, int]
    by_relationship: dict[str, int]
    bridges: tuple[Bridge, ...]
    growth: tuple[Month, ...]

    @property
    def professional(self) -> NetworkCount | None:
        return next((n for n in self.networks if n.professional), None)

    def growth_line(self) -> str:
        """"+34 in Nov 2026 · 212 in the last 12 months"."""
        if not self.growth:
            return "no growth yet"
        last = self.growth[-1]
        year = sum(m.added for m in self.growth)
        month = dt.date.fromisoformat(last.month + "-01")
        return f"+{last.added:,} in {month:%b %Y} · {year:,} in the last {len(self.growth)} months"

    def to_json(self) -> dict[str, Any]:
        return {"contacts": self.total, "networks": [n.to_json() for n in self.networks],
                "by_tie": dict(self.by_tie), "by_relationship": dict(self.by_relationship),
                "bridges": [b.to_json() for b in self.bridges],
                "growth": [{"month": m.month, "added": m.added} for m in self.growth]}


def connected_on(contact: Contact) -> dt.date | None:
    """When someone joined your network: the invitation they accepted, the day you met,
    or the day you added them."""
    accepted = contact.seen.get(Kind.INVITE_ACCEPTED.value)
    if accepted is not None:
        return accepted
    if contact.met_on is not None:
        return contact.met_on
    return contact.created.date() if contact.created else None


def _ordered(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def health(contacts: Iterable[Contact | Member], today: dt.date, months: int = GROWTH_MONTHS,
           bridges: int = BRIDGES_SHOWN) -> Health:
    """Health of the network of the (non-archived) `contacts` (Contacts or Members)."""
    people = [c if isinstance(c, Member) else member(c) for c in contacts
              if isinstance(c, Member) or not c.archived]
    ties: Counter[str] = Counter()
    rels: Counter[str] = Counter()
    per_net: dict[str, tuple[Counter[str], Counter[str]]] = {}
    introduced: Counter[str] = Counter()
    companies: Counter[str] = Counter()
    events: Counter[str] = Counter()
    first = _month_index(today) - months + 1
    added = [0] * months
    key = _keys()
    for c in people:
        ties[c.tie] += 1
        rels[c.relationship] += 1
        for net in c.networks:
            by = per_net.get(net)
            if by is None:
                by = per_net[net] = (Counter(), Counter())
            by[0][c.tie] += 1
            by[1][c.relationship] += 1
        if c.introduced_by:
            introduced[c.introduced_by] += 1
        companies[key(c.company)] += 1
        events[key(c.met_at)] += 1
        if c.joined:
            try:
                slot = int(c.joined[:4]) * 12 + int(c.joined[5:7]) - 1 - first
            except ValueError:
                continue
            if 0 <= slot < months:
                added[slot] += 1
    networks = sorted((NetworkCount(net, sum(t.values()), _ordered(t), _ordered(r))
                       for net, (t, r) in per_net.items()),
                      key=lambda n: (not n.professional, -n.connections, n.network))
    ranked = _bridges(people, introduced, companies, events, bridges, key)
    growth = tuple(Month(_month_name(first + i), n) for i, n in enumerate(added))
    return Health(len(people), tuple(networks), _ordered(ties), _ordered(rels), ranked, growth)


def _keys() -> Callable[[str], str]:
    """fold() for grouping companies and events, once per distinct text (a few hundred
    companies among 30,000 contacts)."""
    cache: dict[str, str] = {}

    def key(text: str) -> str:
        found = cache.get(text)
        if found is None:
            folded = fold(text)
            found = cache[text] = "" if folded in _GENERIC else folded
        return found

    return key


_TIE_RANK = {"close": 0, "regular": 1, "occasional": 2}


def _bridges(people: list[Member], introduced: Counter[str], companies: Counter[str],
             events: Counter[str], limit: int, key: Callable[[str], str]) -> tuple[Bridge, ...]:
    """Introducers first (they have shown they will), then close ties that share a company
    or an event with many of your contacts."""
    scored = []
    for n, c in enumerate(people):
        intro = introduced.get(c.id, 0)
        company_key, event_key = key(c.company), key(c.met_at)
        company = companies[company_key] - 1 if company_key else 0
        event = events[event_key] - 1 if event_key else 0
        if intro or company or event:
            scored.append((-intro, _TIE_RANK.get(c.tie, 3), -(company + event),
                           c.name.casefold(), n, company, event))
    best = heapq.nsmallest(limit, scored)
    return tuple(Bridge(people[s[4]], -s[0], s[5], s[6]) for s in best)


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _month_name(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


# ------------------------------------------------------------------------ invitations (P12)

@dataclass(frozen=True, slots=True)
class Invitation:
    """One invitation you sent, and what became of it."""

    contact: Contact
    sent: dt.date
    channel: str
    template: str  # the draft's template, or BY_HAND when logged without one
    note: bool  # sent with a personal note
    outcome: str  # one of OUTCOMES
    answered: dt.date | None = None

    def to_json(self) -> dict[str, Any]:
        c = self.contact
        return {"contact": c.name, "contact_id": c.id, "sent": self.sent.isoformat(),
                "channel": self.channel, "template": self.template, "note": self.note,
                "relationship": c.relationship, "how_met": c.how_met, "outcome": self.outcome,
                "answered": self.answered.isoformat() if self.answered else None}


def _template_and_note(inter: Interaction) -> tuple[str, bool]:
    """A draft marked sent names its template (its text is the note, P6); an invitation
    logged by hand has a note when its summary says anything but "no note"."""
    m = _SENT_DRAFT.match(inter.summary.strip())
    if m:
        return m.group(1), True
    summary = inter.summary.strip()
    return BY_HAND, bool(summary) and not _NO_NOTE.search(summary)


def invitations(interactions: Iterable[Interaction], contacts: Callable[[str], Contact | None],
                today: dt.date, settings: Settings) -> list[Invitation]:
    """Every invitation sent, newest first, with its outcome: the first answer logged for
    that person on or after the day it was sent (before the next invitation to them);
    unanswered, "waiting" until `invitations.pending_days` have passed, then "no answer"."""
    per_contact: dict[str, list[Interaction]] = {}
    for inter in interactions:
        if inter.kind in INVITE_KINDS:
            per_contact.setdefault(inter.contact_id, []).append(inter)
    wait = dt.timedelta(days=settings.pending_invite_days)
    found: list[Invitation] = []
    for contact_id, events in per_contact.items():
        contact = contacts(contact_id)
        if contact is None:
            continue
        events.sort(key=lambda i: (i.date, i.kind != INVITE_SENT))
        open_one: Interaction | None = None

        def close(sent: Interaction, outcome: str | None, on: dt.date | None) -> None:
            template, note = _template_and_note(sent)
            if outcome is None:
                outcome = "no answer" if today - sent.date >= wait else "waiting"
            found.append(Invitation(contact, sent.date, sent.channel or PROFESSIONAL,  # noqa: B023
                                    template, note, outcome, on))

        for event in events:
            if event.kind == INVITE_SENT:
                if open_one is not None:
                    close(open_one, None, None)
                open_one = event
            elif open_one is not None:
                close(open_one, ANSWERS[event.kind], event.date)
                open_one = None
        if open_one is not None:
            close(open_one, None, None)
    found.sort(key=lambda i: (i.sent, i.contact.name.casefold()), reverse=True)
    return found


@dataclass(frozen=True, slots=True)
class Rate:
    """Outcomes of one group of invitations (a template, a channel, …)."""

    group: str
    counts: dict[str, int]

    @property
    def sent(self) -> int:
        return sum(self.counts.values())

    @property
    def decided(self) -> int:
        """Invitations that had their chance: answered, withdrawn or past the wait."""
        return self.sent - self.counts.get("waiting", 0)

    @property
    def accepted(self) -> int:
        return self.counts.get("accepted", 0)

    @property
    def rate(self) -> float | None:
        return self.accepted / self.decided if self.decided else None

    def words(self) -> str:
        """"7 of 9 accepted (78%)"."""
        if not self.decided:
            return f"{_plural(self.sent, 'invitation')} still waiting"
        return f"{self.accepted:,} of {self.decided:,} accepted ({self.rate:.0%})"

    def to_json(self) -> dict[str, Any]:
        return {"group": self.group, "sent": self.sent, "decided": self.decided,
                "accepted": self.accepted, "rate": round(self.rate, 3) if self.rate is not None
                else None, **{o.replace(" ", "_"): self.counts.get(o, 0) for o in OUTCOMES}}


DIMENSIONS: dict[str, Callable[[Invitation], str]] = {
    "template": lambda i: i.template,
    "channel": lambda i: i.channel,
    "relationship": lambda i: i.contact.relationship or "unknown",
    "how_met": lambda i: i.contact.how_met or "unknown",
    "note": lambda i: "with a personal note" if i.note else "without a note",
}


@dataclass(frozen=True, slots=True)
class InvitationReport:
    items: tuple[Invitation, ...]
    total: Rate
    by: dict[str, tuple[Rate, ...]] = field(default_factory=dict)

    def comparisons(self) -> list[str]:
        """The comparisons that matter, in words, most telling first."""
        lines = []
        notes = {r.group: r for r in self.by.get("note", ())}
        with_note, without = notes.get("with a personal note"), notes.get("without a note")
        if with_note and without:
            lines.append(f"With a personal note: {with_note.words()}; without: {without.words()}.")
        elif with_note or without:
            only = with_note or without
            assert only is not None
            lines.append(f"All {only.group}: {only.words()}.")
        for dim, label in (("template", "template"), ("channel", "channel"),
                           ("relationship", "relationship"), ("how_met", "how you met")):
            rated = [r for r in self.by.get(dim, ()) if r.decided]
            if len(rated) >= 2:
                best, worst = rated[0], rated[-1]
                if best.rate != worst.rate:
                    lines.append(f"By {label}: {best.group} works best, {best.words()}; "
                                 f"{worst.group} least, {worst.words()}.")
        return lines

    def to_json(self) -> dict[str, Any]:
        return {"total": self.total.to_json(),
                "by": {dim: [r.to_json() for r in rates] for dim, rates in self.by.items()},
                "comparisons": self.comparisons(),
                "invitations": [i.to_json() for i in self.items]}


def report(items: Iterable[Invitation]) -> InvitationReport:
    """Outcomes overall and the acceptance rate by each dimension, best first."""
    invites = tuple(items)
    total = Rate("all", dict(Counter(i.outcome for i in invites)))
    by: dict[str, tuple[Rate, ...]] = {}
    for dim, key in DIMENSIONS.items():
        groups: dict[str, Counter[str]] = {}
        for i in invites:
            groups.setdefault(key(i), Counter())[i.outcome] += 1
        rates = [Rate(g, dict(c)) for g, c in groups.items()]
        rates.sort(key=lambda r: (-(r.rate if r.rate is not None else -1), -r.sent, r.group))
        by[dim] = tuple(rates)
    return InvitationReport(invites, total, by)

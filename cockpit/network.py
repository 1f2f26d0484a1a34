"""The network as a whole: health, second-degree bridges, growth, invitation outcomes.

Pure rules (no I/O, no clock: `today` and `Settings` are passed in). PRACTICES: P12 learn
from refusals (outcomes and acceptance rates of your invitations), P13 a base of 200–300
first-degree connections on the professional network, second-degree reach through your
bridges, P15 a day a week for each network.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .model import Contact, Interaction, Kind, fold
from .settings import WEEKDAYS, Settings

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

def network_days_on(day: dt.date, settings: Settings) -> list[str]:
    """The networks whose configured day (`calendar.network_days`) is `day`'s weekday."""
    weekday = WEEKDAYS[day.weekday()]
    return sorted(n for n, d in settings.network_days.items() if d == weekday)


def network_day_label(day: dt.date, settings: Settings) -> str:
    """"LinkedIn day" (or "LinkedIn and X/Twitter day"); "" on an ordinary day."""
    names = [network_name(n) for n in network_days_on(day, settings)]
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
class Bridge:
    """Someone through whom your second degree is reached: who they introduced you to,
    and how many of your contacts share their company or an event with them."""

    contact: Contact
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


def health(contacts: Iterable[Contact], today: dt.date, months: int = GROWTH_MONTHS,
           bridges: int = BRIDGES_SHOWN) -> Health:
    """Health of the network of the (non-archived) `contacts`."""
    people = [c for c in contacts if not c.archived]
    ties: Counter[str] = Counter()
    rels: Counter[str] = Counter()
    per_net: dict[str, tuple[Counter[str], Counter[str]]] = {}
    introduced: Counter[str] = Counter()
    companies: Counter[str] = Counter()
    events: Counter[str] = Counter()
    first = _month_index(today) - months + 1
    added = [0] * months
    for c in people:
        rel = c.relationship or "unknown"
        ties[c.tie] += 1
        rels[rel] += 1
        for net, handle in c.handles.items():
            if handle:
                by = per_net.setdefault(net.casefold(), (Counter(), Counter()))
                by[0][c.tie] += 1
                by[1][rel] += 1
        if c.introduced_by:
            introduced[c.introduced_by] += 1
        companies[_key(c.company)] += 1
        events[_key(c.met_at)] += 1
        joined = connected_on(c)
        if joined is not None:
            slot = _month_index(joined) - first
            if 0 <= slot < months:
                added[slot] += 1
    networks = sorted((NetworkCount(net, sum(t.values()), _ordered(t), _ordered(r))
                       for net, (t, r) in per_net.items()),
                      key=lambda n: (not n.professional, -n.connections, n.network))
    ranked = _bridges(people, introduced, companies, events, bridges)
    growth = tuple(Month(_month_name(first + i), n) for i, n in enumerate(added))
    return Health(len(people), tuple(networks), _ordered(ties), _ordered(rels), ranked, growth)


def _key(text: str) -> str:
    key = fold(text)
    return "" if key in _GENERIC else key


_TIE_RANK = {"close": 0, "regular": 1, "occasional": 2}


def _bridges(people: list[Contact], introduced: Counter[str], companies: Counter[str],
             events: Counter[str], limit: int) -> tuple[Bridge, ...]:
    """Introducers first (they have shown they will), then close ties that share a company
    or an event with many of your contacts."""
    scored = []
    for c in people:
        intro = introduced.get(c.id, 0)
        company = companies[_key(c.company)] - 1 if _key(c.company) else 0
        event = events[_key(c.met_at)] - 1 if _key(c.met_at) else 0
        if intro or company or event:
            scored.append(((-intro, _TIE_RANK.get(c.tie, 3), -(company + event),
                            c.name.casefold()), Bridge(c, intro, company, event)))
    scored.sort(key=lambda s: s[0])
    return tuple(b for _, b in scored[:limit])


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

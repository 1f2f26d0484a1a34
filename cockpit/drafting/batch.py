"""P8: "every so often, write to a selection of your contacts about what you are doing —
personally, not as an impersonal newsletter". One draft per person, each from their own
mention, the wording varied by person; whoever cannot get a personal draft is skipped,
with the reason."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..model import Ask, Contact, FollowUp, Note, ValidationError, fold
from ..settings import Settings
from .channels import CHANNELS, get_channel, reachable
from .compose import Composed, compose
from .context import DraftContext, is_mention, make_context
from .templates import Template


@dataclass(frozen=True, slots=True)
class Skipped:
    contact: Contact
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"contact": self.contact.name, "contact_id": self.contact.id,
                "reason": self.reason}


@dataclass(frozen=True, slots=True)
class BatchDraft:
    contact: Contact
    ctx: DraftContext
    composed: Composed
    ask: Ask | None = None


@dataclass(frozen=True, slots=True)
class Batch:
    tag: str
    template: Template
    drafts: tuple[BatchDraft, ...]
    skipped: tuple[Skipped, ...]

    @property
    def failed(self) -> list[BatchDraft]:
        """Drafts that still have an error."""
        return [d for d in self.drafts if not d.composed.ok]

    def to_json(self) -> dict[str, Any]:
        """`cockpit draft --tag T --json`: {"tag", "template", "drafts", "skipped"}."""
        return {"tag": self.tag, "template": self.template.name,
                "drafts": [d.composed.to_json(d.contact) for d in self.drafts],
                "skipped": [s.to_json() for s in self.skipped]}


_NEEDS = {"email": "no e-mail address", "phone": "no phone number"}


def draft_batch(template: Template, tag: str, contacts: Iterable[Contact],
                notes: Iterable[Note] = (), *, asks: Iterable[Ask] = (),
                followups: Iterable[FollowUp] = (), channel: str | None = None,
                settings: Settings | None = None, **typed: str | None) -> Batch:
    """One draft per contact tagged `tag` (accent- and case-insensitively), sorted by name.

    `contacts` may hold everyone (archived too: introducers are found among them); notes,
    asks and follow-ups of anyone else are ignored. `typed`: why, offer, my_update — the
    same for everyone. Skipped, with the reason: archived people, people with no mention
    to make it personal (memos are never quoted), no open ask for an `ask`, no way to
    reach them on the `channel` asked for. Raises ValidationError when nobody has the
    tag, or when the template needs something typed for everyone (--my-update).
    """
    everyone = {c.id: c for c in contacts}
    wanted = fold(tag)
    people = sorted((c for c in everyone.values() if any(fold(t) == wanted for t in c.tags)),
                    key=lambda c: (fold(c.name), c.id))
    if not people:
        raise ValidationError(f"no contact is tagged {tag!r}")
    if template.name == "intro-request":
        raise ValidationError("an intro-request goes to one introducer about one person: "
                              "use cockpit intro TARGET")
    if "my_update" in template.fillable() and not (typed.get("my_update") or "").strip():
        raise ValidationError(f"the {template.name} says what you are working on: give it "
                              "with --my-update TEXT (the same news, told to each personally)")
    chan = get_channel(channel) if channel else None
    ids = {c.id for c in people}
    by_person: dict[str, list[Note]] = {}
    for n in notes:
        if n.contact_id in ids:
            by_person.setdefault(n.contact_id, []).append(n)
    open_asks: dict[str, list[Ask]] = {}
    for a in asks:
        if a.contact_id in ids and a.is_open:
            open_asks.setdefault(a.contact_id, []).append(a)
    their_followups: dict[str, list[FollowUp]] = {}
    for f in followups:
        if f.contact_id in ids:
            their_followups.setdefault(f.contact_id, []).append(f)

    drafts: list[BatchDraft] = []
    skipped: list[Skipped] = []
    for c in people:
        mine = by_person.get(c.id, [])
        reason = _skip_reason(c, mine, open_asks.get(c.id), template, chan)
        if reason:
            skipped.append(Skipped(c, reason))
            continue
        ask = min(open_asks[c.id], key=lambda a: (a.created, a.what)) if c.id in open_asks \
            else None
        introducer = everyone.get(c.introduced_by) if c.introduced_by else None
        ctx = make_context(c, mine, hook=0, ask=ask, introducer=introducer, settings=settings,
                           followups=their_followups.get(c.id, ())).updated(extra=typed)
        drafts.append(BatchDraft(c, ctx, compose(template, ctx, chan.name if chan else None),
                                 ask))
    return Batch(tag, template, tuple(drafts), tuple(skipped))


def _skip_reason(c: Contact, notes: list[Note], asks: list[Ask] | None, template: Template,
                 chan: Any) -> str:
    if c.archived:
        return "archived"
    if not any(is_mention(n) for n in notes):
        if notes:
            return ("no mention to personalise from: only private memos, which are never "
                    "quoted (add a mention: cockpit note NAME TEXT --kind …)")
        return "no mention to personalise from (add one: cockpit note NAME TEXT --kind …)"
    if template.name == "ask" and not asks:
        return "no open ask (plan one: cockpit ask NAME WHAT)"
    if chan is not None and not reachable(CHANNELS[chan.name], c):
        return f"{_NEEDS.get(chan.needs, 'cannot be reached')} for {chan.name}"
    return ""

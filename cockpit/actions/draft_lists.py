"""Drafts the TUI steps through one person at a time: a tag's batch of personal updates
(P8, `cockpit draft --tag`) and the request to someone who can introduce you (P2,
`cockpit intro`). Each draft is a `DraftSession`, so the Draft pane's keys — another
template, hook or channel, edit, copy, mark sent — work on it as on any draft.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import drafting
from ..model import Contact, fold
from .draft_session import DraftSession
from .drafts import Extras, _intro_ask, _oldest_ask, templates, write_batch
from .errors import FormErrors
from .workspace import Workspace


def tags(ws: Workspace) -> list[tuple[str, int]]:
    """Every tag of the people in your network (archived ones aside), with how many
    carry it, most used first; tags that differ only in case or accents are one."""
    counts: dict[str, int] = {}
    spelled: dict[str, str] = {}
    with ws.lock:
        for c in ws.store.contacts():
            for key, shown in {fold(t): t.strip() for t in c.tags if t.strip()}.items():
                spelled.setdefault(key, shown)
                counts[key] = counts.get(key, 0) + 1
    return sorted(((spelled[k], n) for k, n in counts.items()),
                  key=lambda pair: (-pair[1], fold(pair[0])))


def batch_templates() -> list[str]:
    """Templates a batch can use: all but the introduction request (one introducer, one
    person: `intro`)."""
    return [name for name in templates() if name != "intro-request"]


@dataclass(frozen=True, slots=True)
class BatchSessions:
    """A tag's drafts, one per person (saved as drafts, as `cockpit draft --tag` does),
    and who was skipped, with why."""

    tag: str
    template: str
    sessions: tuple[DraftSession, ...]
    skipped: tuple[tuple[Contact, str], ...]


def batch_sessions(ws: Workspace, tag: str, template: str = "update",
                   my_update: str = "") -> BatchSessions:
    """One personal draft per person tagged `tag`, each from their own mention. FormErrors
    when the template tells your news and `my_update` is empty; ValidationError when
    nobody has the tag."""
    available = templates()
    chosen = available.get(template)
    if chosen is None or template == "intro-request":
        raise FormErrors({"template": f"no batch template {template!r} (choose from: "
                                      f"{', '.join(batch_templates())})"})
    if "my_update" in chosen.fillable() and not my_update.strip():
        raise FormErrors({"my_update": "say what you are working on: the update tells each "
                                       "person your news, in their own draft"})
    batch = write_batch(ws, tag, template=template, extras=Extras(my_update=my_update or None))
    sessions = []
    for w in batch.drafts:
        session = DraftSession(w.contact, w.ctx, available, batch.template, w.composed.channel,
                               text=w.composed.text, problems=w.composed.problems,
                               draft=w.saved)
        sessions.append(session)
    return BatchSessions(tag, batch.template.name, tuple(sessions), tuple(batch.skipped))


@dataclass(frozen=True, slots=True)
class Introducers:
    """Who can introduce you to `target`, best first (`cockpit intro`)."""

    target: Contact
    candidates: tuple[drafting.Candidate, ...]


def introducers(ws: Workspace, target_id: str) -> Introducers:
    with ws.lock:
        target = ws.store.contact(target_id)
        found = drafting.introducers(target, ws.store.contacts(), ws.today)
    return Introducers(target, tuple(found))


def intro_session(ws: Workspace, target_id: str, via_id: str) -> DraftSession:
    """The request to `via` to introduce you to `target`, from your notes about `via` and
    your oldest open ask of `target` (the why); not saved until edited, copied or sent."""
    available = templates()
    template = available["intro-request"]
    with ws.lock:
        store = ws.store
        target, via = store.contact(target_id), store.contact(via_id)
        target_ask = _oldest_ask(ws, target)
        ctx = drafting.make_context(
            via, store.notes(via.id), hook=0, ask=_intro_ask(store.asks(via.id), target),
            introducer=ws.contact_or_none(via.introduced_by), target=target,
            settings=ws.settings, why=target_ask.what if target_ask else None,
            offer=target_ask.offer if target_ask else None)
    session = DraftSession(via, ctx, available, template,
                           drafting.choose_channel(template, via))
    session.recompose()
    return session

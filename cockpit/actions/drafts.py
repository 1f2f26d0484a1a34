"""Drafting personal messages: one contact, a tagged batch, an introduction request, and
marking a draft sent. The wording and the checks are in `cockpit.drafting` (pure); these
use cases gather what a draft is made of (notes, asks, introducer), save drafts and
record sending. Cockpit never sends: you send by hand, then mark it sent.
"""

from __future__ import annotations

import datetime as dt
import stat
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from .. import drafting
from ..model import Ask, Contact, Draft, DraftState, Kind, ValidationError, fold
from ..store import atomic_write_bytes
from .draft_session import DraftSession
from .errors import FormErrors
from .sending import mark_sent as record_sent
from .sending import save_composed
from .workspace import Workspace

_EPOCH = dt.datetime.min


def templates() -> dict[str, drafting.Template]:
    """Built-in templates and the user's own (reads the user's template folder)."""
    return drafting.all_templates(drafting.load_user_templates())


def channel_name(channel: str | None) -> str | None:
    return drafting.get_channel(channel).name if channel is not None else None


def save_copy(path: Path, text: str) -> None:
    """Keep a copied draft in a file (terminals without OSC 52 copy nothing). It holds what
    you know of someone: 0600, in a folder only you can enter (0700), written atomically."""
    folder = path.parent
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if stat.S_IMODE(folder.stat().st_mode) & 0o077:
        folder.chmod(0o700)  # our own cache folder, made 0755 by an older version
    atomic_write_bytes(path, [text.encode("utf-8")], mode=0o600)


# ------------------------------------------------------------------------ the Draft pane

def draft_for(ws: Workspace, contact_id: str, template: str | None = None,
              ask_id: str | None = None) -> DraftSession:
    """A draft for this contact: the template given (or the one that fits today), picking
    up the newest unsent draft of that template. Blocking (reads template files)."""
    available = templates()
    with ws.lock:
        contact = ws.store.contact(contact_id)
        asks = sorted(ws.store.asks(contact_id), key=lambda a: (a.created, a.what))
        reason = ""
        if template is None or template not in available:
            template, reason = drafting.suggest_template(
                contact, followups=ws.store.followups(contact_id), asks=asks,
                today=ws.today, settings=ws.settings)
        ask = next((a for a in asks if a.id == ask_id), asks[0] if asks else None)
        ctx = drafting.make_context(contact, ws.store.notes(contact_id), hook=0, ask=ask,
                                    introducer=ws.contact_or_none(contact.introduced_by),
                                    settings=ws.settings,
                                    followups=ws.store.followups(contact_id))
        existing = [d for d in ws.store.drafts(contact_id)
                    if d.state == DraftState.DRAFT.value and d.template == template]
    chosen = available[template]
    session = DraftSession(contact, ctx, available, chosen,
                           drafting.choose_channel(chosen, contact), reason=reason)
    session.recompose()
    if existing:
        # Pick up where you left off: the newest unsent draft of this template.
        latest = max(existing, key=lambda d: (d.updated or d.created or _EPOCH, d.id))
        session.draft = latest
        session.channel = latest.channel if latest.channel in drafting.CHANNELS else session.channel
        session.recheck(latest.text)
        session.edited = latest.text != session.text or session.edited
    return session


def save_draft(ws: Workspace, session: DraftSession) -> Draft:
    """Store the session's text as a draft (updating the one already stored)."""
    with ws.lock:
        ask_id = (session.ctx.ask.id if session.ctx.ask is not None
                  and session.template.kind == Kind.ASK.value else None)
        draft = session.draft
        if draft is None or draft.state != DraftState.DRAFT.value:
            draft = Draft(session.contact.id, session.template.name, session.channel,
                          session.text, ask_id=ask_id)
        else:
            draft.template = session.template.name
            draft.channel = session.channel
            draft.text = session.text
            draft.ask_id = ask_id or draft.ask_id
        saved = ws.store.save_draft(draft)
    session.draft = saved
    return saved


def fill_draft(ws: Workspace, session: DraftSession, target: str = "", **values: str) -> None:
    """The values a template asks for: the person to meet (intro-request) and the typed
    why / offer / my_update. Bad fields are reported together (FormErrors); with a target
    and no why, the why is the target's oldest open ask, as `cockpit draft --target`."""
    errors: dict[str, str] = {}
    person: Contact | None = None
    typed = {k: v.strip() for k, v in values.items() if v.strip()}
    with ws.lock:
        if target.strip():
            person = ws.resolve_field(target, "target", errors)
            if person is not None and person.id == session.contact.id:
                errors["target"] = (f"{person.name} is who you are writing to: name "
                                    "the person you want them to introduce")
        if errors:
            raise FormErrors(errors)
        if person is not None and "why" not in typed:
            why = _oldest_ask(ws, person)
            if why is not None:
                typed["why"] = why.what
    session.fill(person, typed)


def mark_sent(ws: Workspace, session: DraftSession) -> str:
    """You sent it by hand: store the draft as sent, log the template's interaction kind,
    close the follow-up the template answers. One transaction: all or nothing."""
    with ws.lock, ws.store.transaction():
        draft = save_draft(ws, session)
        result = record_sent(ws.store, draft, ws.today, template=session.template)
    session.sent = True
    message = f"Marked sent: logged {result.interaction.kind} with {session.contact.name}"
    if result.closed:
        message += f" · closed {len(result.closed)} follow-up" + (
            "s" if len(result.closed) > 1 else "")
    if result.ask_marked:
        message += " · ask marked asked"
    return message


def _oldest_ask(ws: Workspace, person: Contact) -> Ask | None:
    asks = sorted(ws.store.asks(person.id), key=lambda a: a.created)
    return asks[0] if asks else None


# ------------------------------------------------------------------------ the command line

@dataclass(slots=True)
class Written:
    """A draft composed (and saved unless previewing), with what made it."""

    contact: Contact
    composed: drafting.Composed
    ctx: drafting.DraftContext
    reason: str | None = None
    saved: Draft | None = None


@dataclass(slots=True)
class Extras:
    """What the user typed for a template's slots."""

    why: str | None = None
    offer: str | None = None
    my_update: str | None = None


def hook_index(hook: int | None) -> int:
    if hook is None:
        return 0
    if hook < 1:
        raise ValidationError(f"--hook {hook}: notes are numbered from 1 (1 = newest)")
    return hook - 1


def pick_ask(asks: list[Ask], choice: str | None, contact: Contact) -> Ask | None:
    """An open ask: N (1 = oldest open ask) or an id / id prefix; default the oldest."""
    asks = sorted(asks, key=lambda a: (a.created, a.what))
    if choice is None:
        return asks[0] if asks else None
    if not asks:
        raise ValidationError(f"{contact.name} has no open ask to draft from; plan one first")
    raw = choice.strip()
    if raw.isdigit() and 1 <= int(raw) <= len(asks) and len(raw) <= 3:
        return asks[int(raw) - 1]
    found = [a for a in asks if a.id.startswith(raw)] if raw else []
    if len(found) == 1:
        return found[0]
    listing = "; ".join(f"{i}. {a.what} ({a.id[:8]})" for i, a in enumerate(asks, 1))
    raise ValidationError(f"--ask {choice!r} matches no single open ask of {contact.name}: "
                          f"{listing}")


def write_draft(ws: Workspace, name: str, *, template: str | None = None,
                channel: str | None = None, hook: int | None = None,
                ask_choice: str | None = None, target: str | None = None,
                extras: Extras | None = None, save: bool = True) -> Written:
    """One personal draft for the contact named `name` (`cockpit draft NAME`)."""
    extras = extras or Extras()
    available = templates()
    channel = channel_name(channel)
    with ws.lock:
        store = ws.store
        contact = ws.resolve(name)
        asks = store.asks(contact.id)
        reason = None
        if template is None:
            template, reason = drafting.suggest_template(
                contact, followups=store.followups(contact.id), asks=asks, today=ws.today,
                settings=ws.settings)
        chosen = drafting.get_template(template, available)
        ask = pick_ask(asks, ask_choice, contact)
        target_contact = ws.resolve(target) if target else None
        why = extras.why
        if target_contact is not None and not why:
            oldest = _oldest_ask(ws, target_contact)
            why = oldest.what if oldest else None
        ctx = drafting.make_context(contact, store.notes(contact.id), hook=hook_index(hook),
                                    ask=ask, introducer=ws.contact_or_none(contact.introduced_by),
                                    target=target_contact, settings=ws.settings,
                                    followups=store.followups(contact.id), why=why,
                                    offer=extras.offer, my_update=extras.my_update)
        composed = drafting.compose(chosen, ctx, channel)
        saved = (save_composed(store, contact.id, composed, ask, store.drafts(contact.id))
                 if save else None)
    return Written(contact, composed, ctx, reason, saved)


@dataclass(slots=True)
class Batch:
    """`draft --tag`: one personal draft per tagged contact, and who was skipped, why."""

    tag: str
    template: drafting.Template
    drafts: list[Written] = field(default_factory=list)
    skipped: list[tuple[Contact, str]] = field(default_factory=list)  # (who, why skipped)

    @property
    def failed(self) -> list[Written]:
        return [w for w in self.drafts if not w.composed.ok]


def write_batch(ws: Workspace, tag: str, *, template: str = "update",
                channel: str | None = None, extras: Extras | None = None,
                save: bool = True) -> Batch:
    """A personal update to each contact tagged `tag`, each from their own mention, in
    varied wording; someone with nothing to personalise from is skipped and listed, never
    sent a form letter."""
    extras = extras or Extras()
    chosen = drafting.get_template(template, templates())
    channel = channel_name(channel)
    with ws.lock:
        store = ws.store
        made = drafting.draft_batch(chosen, tag, store.contacts(include_archived=True),
                                    store.notes(), asks=store.asks(),
                                    followups=store.followups(), channel=channel,
                                    settings=ws.settings, why=extras.why, offer=extras.offer,
                                    my_update=extras.my_update)
        ids = {d.contact.id for d in made.drafts}
        drafts: dict[str, list[Draft]] = {}
        for d in store.drafts():
            if d.contact_id in ids:
                drafts.setdefault(d.contact_id, []).append(d)
        batch = Batch(tag, chosen, skipped=[(s.contact, s.reason) for s in made.skipped])
        with store.transaction() if save else nullcontext():
            for item in made.drafts:
                saved = (save_composed(store, item.contact.id, item.composed, item.ask,
                                       drafts.get(item.contact.id, [])) if save else None)
                batch.drafts.append(Written(item.contact, item.composed, item.ctx, None, saved))
    return batch


@dataclass(slots=True)
class Introduction:
    target: Contact
    candidates: list[drafting.Candidate]
    via: Contact | None
    written: Written | None


def introduction(ws: Workspace, target: str, *, via: str | None = None,
                 extras: Extras | None = None, channel: str | None = None,
                 hook: int | None = None, save: bool = True) -> Introduction:
    """Who can introduce you to `target`, best first, and the request to the best one
    (or to `via`): no cold invitations."""
    extras = extras or Extras()
    channel = channel_name(channel)
    template = drafting.get_template("intro-request", templates())
    with ws.lock:
        store = ws.store
        person = ws.resolve(target)
        candidates = drafting.introducers(person, store.contacts(), ws.today)
        chosen = ws.resolve(via) if via else (candidates[0].contact if candidates else None)
        if chosen is not None and chosen.id == person.id:
            raise ValidationError(f"{person.name} cannot introduce you to themselves")
        written = None
        if chosen is not None:
            target_ask = _oldest_ask(ws, person)
            ask = _intro_ask(store.asks(chosen.id), person)
            ctx = drafting.make_context(
                chosen, store.notes(chosen.id), hook=hook_index(hook), ask=ask,
                introducer=ws.contact_or_none(chosen.introduced_by), target=person,
                settings=ws.settings, why=extras.why or (target_ask.what if target_ask else None),
                offer=extras.offer or (target_ask.offer if target_ask else None))
            composed = drafting.compose(template, ctx, channel)
            saved = (save_composed(store, chosen.id, composed, ask, store.drafts(chosen.id))
                     if save else None)
            written = Written(chosen, composed, ctx, None, saved)
    return Introduction(person, candidates, chosen, written)


def _intro_ask(asks: list[Ask], target: Contact) -> Ask | None:
    """An open ask to the introducer that is about this target (its text names them)."""
    names = {fold(target.name), fold(drafting.first_name(target.name))}
    for a in sorted(asks, key=lambda a: a.created):
        if any(n and n in fold(a.what) for n in names):
            return a
    return None


def mark_sent_named(ws: Workspace, name: str, draft_id: str | None = None,
                    force: bool = False) -> str:
    """`cockpit sent NAME`: the newest unsent draft (or `draft_id`) marked sent today."""
    with ws.lock:
        contact = ws.resolve(name)
        mine = ws.store.drafts(contact.id)
        if draft_id:
            found = [d for d in mine if d.id.startswith(draft_id.strip())]
            if len(found) != 1:
                raise ValidationError(f"--draft {draft_id!r} matches {len(found)} drafts of "
                                      f"{contact.name}")
            chosen = found[0]
        else:
            unsent = [d for d in mine if d.state == DraftState.DRAFT.value]
            if not unsent:
                raise ValidationError(f"{contact.name} has no unsent draft: write one first")
            chosen = max(unsent, key=lambda d: (d.updated or d.created or _EPOCH, d.id))
        result = record_sent(ws.store, chosen, ws.today, force=force)
    closed = f"; closed {len(result.closed)} follow-up(s)" if result.closed else ""
    asked = "; ask marked asked" if result.ask_marked else ""
    return (f"marked sent: {chosen.template} draft {chosen.id[:8]}; logged "
            f"{result.interaction.kind} with {contact.name} on {ws.today}{closed}{asked}")

"""What a draft is made from: the contact, their mentions (what may be quoted) and memos
(what never is), the draft's language, the ask, the follow-up, and the values typed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .. import agenda
from ..model import Ask, Contact, FollowUp, Note, NoteKind, Origin, ValidationError
from ..settings import Settings
from .language import DEFAULT_LANGUAGE, resolve
from .templates import PLACEHOLDERS

MENTION_KINDS = tuple(k.value for k in NoteKind if k is not NoteKind.MEMO)
# Mentions that stay between the two of you: never on a public channel.
PERSONAL_KINDS = frozenset({NoteKind.FAMILY.value, NoteKind.TRAVEL.value})


def is_mention(note: Note) -> bool:
    """A note a draft may quote. A memo, or any kind this version does not know, is private."""
    return note.kind in MENTION_KINDS


@dataclass(frozen=True, slots=True)
class DraftContext:
    """Everything a template can be filled from. Build it with `make_context`."""

    contact: Contact  # the person the message is written to
    notes: tuple[Note, ...] = ()  # their mentions, newest first: what a draft may quote
    hook: int | None = 0  # index into `notes` (0 = newest); None = no hook
    ask: Ask | None = None  # the ask this message makes (ask, intro-request)
    introducer: Contact | None = None  # who introduced `contact` to you
    target: Contact | None = None  # intro-request: the person you want to meet
    extra: Mapping[str, str] = field(default_factory=dict)  # typed values: why, offer, …
    memos: tuple[Note, ...] = ()  # their private memos: never quoted, checked for leaks
    language: str = DEFAULT_LANGUAGE  # the language to write in (theirs, else the default)
    default_language: str = DEFAULT_LANGUAGE  # the user's `drafting.language`
    followup: FollowUp | None = None  # the open follow-up you scheduled (its reason)
    invited_on: dt.date | None = None  # when a still-pending invitation was sent

    @property
    def hook_note(self) -> Note | None:
        if self.hook is None or not self.notes:
            return None
        return self.notes[self.hook]

    def updated(self, *, hook: int | str | None = "keep", target: Contact | str | None = "keep",
                extra: Mapping[str, str | None] | None = None) -> DraftContext:
        """The same context with another hook (an index, taken modulo the number of
        mentions), another target, or other typed values (replacing the old ones)."""
        changes: dict[str, Any] = {}
        if hook != "keep":
            changes["hook"] = (None if hook is None or not self.notes
                               else int(hook) % len(self.notes))
        if target != "keep":
            changes["target"] = target if isinstance(target, Contact) else None
        if extra is not None:
            changes["extra"] = _typed(extra)
        return replace(self, **changes)


def _typed(extra: Mapping[str, str | None]) -> dict[str, str]:
    unknown = set(extra) - set(PLACEHOLDERS)
    if unknown:
        raise TypeError(f"unknown placeholder value(s): {', '.join(sorted(unknown))}")
    return {k: " ".join(v.split()) for k, v in extra.items() if v and v.strip()}


def make_context(contact: Contact, notes: Iterable[Note] = (), *, hook: int | None = 0,
                 ask: Ask | None = None, introducer: Contact | None = None,
                 target: Contact | None = None, settings: Settings | None = None,
                 followups: Iterable[FollowUp] = (), language: str | None = None,
                 **extra: str | None) -> DraftContext:
    """A DraftContext; `notes` in any order, memos and mentions alike (sorted and split here).

    `hook` is a 0-based index into the mentions, newest first (0 = newest). The language
    is `language`, else the contact's, else `settings.drafting_language`. `followups`: the
    contact's stored follow-ups (an open manual one gives `{reason}`). `extra` gives typed
    values that win over the records: why, offer, what, my_update (None/"" are ignored).
    """
    mine = sorted((n for n in notes if n.contact_id == contact.id),
                  key=lambda n: (n.date, n.id), reverse=True)
    mentions = tuple(n for n in mine if is_mention(n))
    memos = tuple(n for n in mine if not is_mention(n))
    if hook is not None and hook != 0 and not 0 <= hook < len(mentions):
        if not mentions:
            private = " (memos are private: they are never quoted)" if memos else ""
            raise ValidationError(f"{contact.name} has no mentions to choose a hook from"
                                  f"{private}")
        raise ValidationError(f"no mention {hook + 1} for {contact.name}: "
                              f"choose 1 to {len(mentions)} (1 = newest)")
    default = getattr(settings, "drafting_language", DEFAULT_LANGUAGE) or DEFAULT_LANGUAGE
    lang = resolve(language or contact.lang, default)
    return DraftContext(contact, mentions, hook if mentions else None, ask, introducer, target,
                        _typed(extra), memos, lang, resolve(default), _open_manual(followups,
                                                                                contact),
                        agenda.pending_invite_since(contact))


def _open_manual(followups: Iterable[FollowUp], contact: Contact) -> FollowUp | None:
    """The open follow-up you scheduled by hand that is due first (its reason is what you
    said you would do)."""
    own = [f for f in followups if f.contact_id == contact.id and f.is_open
           and f.origin == Origin.MANUAL.value and f.reason.strip()]
    return min(own, key=lambda f: (f.effective_due(), f.id)) if own else None


def hook_label(ctx: DraftContext, width: int = 40) -> str:
    """Which mention the draft is made from, for the Draft pane and the CLI:
    "talk: observability at PyCon ES (1/2)", or "no mention" (memos are never used)."""
    note = ctx.hook_note
    if note is None or ctx.hook is None:
        return "no mention (memos stay private)" if ctx.memos else "no mention"
    text = " ".join(note.text.split())
    if len(text) > width:
        text = text[: width - 1] + "…"
    count = f" ({ctx.hook + 1}/{len(ctx.notes)})" if len(ctx.notes) > 1 else ""
    return f"{note.kind}: {text}{count}"

"""A draft in one call: choose the channel, render, check (`compose` → `Composed`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model import Contact, Kind, Note
from .channels import CHANNELS, get_channel, pick_channel
from .checks import Problem, check, has_errors
from .context import DraftContext
from .render import render_in
from .templates import Template


@dataclass(frozen=True, slots=True)
class Composed:
    """A rendered draft and its problems, with the language it is written in and the
    mention it was made from (None: no mention)."""

    template: Template
    channel: str
    text: str
    problems: tuple[Problem, ...]
    language: str = "en"
    hook: Note | None = None

    @property
    def ok(self) -> bool:
        """No error-level problem: fit to copy and send."""
        return not has_errors(self.problems)

    def to_json(self, contact: Contact) -> dict[str, Any]:
        """The `cockpit draft --json` object: the contract keys, then "language" and
        "hook" ({"note_id", "kind"} or null)."""
        return {"contact": contact.name, "contact_id": contact.id,
                "template": self.template.name, "channel": self.channel, "text": self.text,
                "problems": [p.to_dict() for p in self.problems],
                "language": self.language,
                "hook": ({"note_id": self.hook.id, "kind": self.hook.kind}
                         if self.hook is not None else None)}


def choose_channel(template: Template, contact: Contact) -> str:
    """The template's channel, unless the contact cannot be reached there (an e-mail
    template for someone with no e-mail address): then the first private channel they have."""
    return pick_channel(CHANNELS[template.channel].name, contact)


def compose(template: Template, ctx: DraftContext, channel: str | None = None) -> Composed:
    """Render and check in one go. `channel` defaults to `choose_channel`."""
    chan = get_channel(channel).name if channel else choose_channel(template, ctx.contact)
    text, lang = render_in(template, ctx)
    used = _used(template, ctx)
    hook = ctx.hook_note if "{mention}" in used or "{hook}" in used else None
    return Composed(template, chan, text, tuple(check(text, ctx, template, chan)), lang, hook)


def _used(template: Template, ctx: DraftContext) -> str:
    """The raw text of the wording(s) this draft was written from (to tell whether the
    mention is in it)."""
    _, wording, _ = template.wording(ctx.language, ctx.default_language)
    if isinstance(wording, str):
        return wording
    return " ".join(t for _, texts in wording for t in texts)


def sent_kind(template: Template, channel: str) -> str:
    """The interaction kind to log when a draft of `template` is sent on `channel`:
    anything sent as a LinkedIn invitation note is invite-sent; a plain message sent by
    e-mail is logged as email; otherwise the template's own kind."""
    if channel == "linkedin-invite":
        return Kind.INVITE_SENT.value
    if template.kind == Kind.MESSAGE.value and channel == "email":
        return Kind.EMAIL.value
    return template.kind

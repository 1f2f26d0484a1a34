"""A draft being written in the Draft pane: pure state, re-checked on every change.

Choosing another template, hook or channel re-renders the text (`recompose`); editing
the text re-runs the checks (`recheck`). `draft` is the stored record once saved.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import drafting
from ..drafting.channels import reachable
from ..model import Contact, Draft


@dataclass(slots=True)
class DraftSession:
    contact: Contact
    ctx: drafting.DraftContext
    templates: dict[str, drafting.Template]
    template: drafting.Template
    channel: str
    text: str = ""
    problems: tuple[drafting.Problem, ...] = ()
    reason: str = ""
    draft: Draft | None = None
    sent: bool = False
    edited: bool = False

    @property
    def ok(self) -> bool:
        return not drafting.has_errors(self.problems)

    @property
    def hook_label(self) -> str:
        return drafting.hook_label(self.ctx)

    @property
    def limit(self) -> int | None:
        chan = drafting.CHANNELS.get(self.channel)
        if chan is None:
            return None
        return chan.hard_limit if chan.hard_limit and chan.hard_limit <= 3000 else chan.soft_limit

    def recompose(self, *, template: str | None = None, hook: int | None = None,
                  channel: str | None = None) -> None:
        """Re-render from the template (edits are replaced)."""
        if template is not None:
            self.template = self.templates[template]
            if channel is None:
                channel = drafting.choose_channel(self.template, self.contact)
        if hook is not None and self.ctx.notes:
            self.ctx = self.ctx.updated(hook=hook)
        composed = drafting.compose(self.template, self.ctx, channel or self.channel)
        self.channel = composed.channel
        self.text = composed.text
        self.problems = composed.problems
        self.edited = False
        self.sent = False

    def fill(self, target: Contact | None, values: dict[str, str]) -> None:
        """Values typed for the template (see `Template.fillable`): re-render with them."""
        self.ctx = self.ctx.updated(target=target, extra=values)
        self.recompose()

    def recheck(self, text: str) -> None:
        """The user edited the text: keep it and check it again."""
        if text != self.text:
            self.edited = True
        self.text = text
        self.problems = tuple(drafting.check(text, self.ctx, self.template, self.channel))

    def next_template(self, step: int = 1) -> None:
        names = list(self.templates)
        at = names.index(self.template.name) if self.template.name in names else -1
        self.recompose(template=names[(at + step) % len(names)])

    def next_hook(self) -> None:
        if self.ctx.notes:
            self.recompose(hook=(self.ctx.hook or 0) + 1)

    def next_channel(self) -> None:
        """The next channel this contact can receive (no e-mail without an address, no
        WhatsApp or SMS without a phone)."""
        names = [name for name, chan in drafting.CHANNELS.items()
                 if reachable(chan, self.contact) or name == self.channel]
        at = names.index(self.channel) if self.channel in names else -1
        self.channel = names[(at + 1) % len(names)]
        self.recheck(self.text)  # a channel change keeps the text, checks it again

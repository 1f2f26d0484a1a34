"""Fill in what a draft's template asks you for: whom to meet, why, your offer, your news.

`f` in the Draft pane. Only the fields the current template uses are shown, pre-filled
with what the draft already has; a name that matches nobody (or several people) is
reported under its field and nothing changes (the CLI's --target/--why/--offer/--my-update).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, Static

from ..actions import FormErrors, drafts
from ..actions.draft_session import DraftSession
from ..text import clipped
from ..tui_host import host
from .dialog import Dialog
from .form_errors import clear_field_errors, show_field_errors

#: field -> (label, placeholder)
FIELDS: dict[str, tuple[str, str]] = {
    "target": ("Meet", "whom you want them to introduce you to (a contact's name)"),
    "why": ("Why", "why you want to meet / why you invite them"),
    "offer": ("Offer", "what you bring in return"),
    "my_update": ("My news", "what you are working on"),
}


class FillDraftScreen(Dialog[bool]):
    """The values the draft's template needs; dismisses True once the draft is re-written."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="fill-cancel"),
        Binding("ctrl+s", "save", "Fill in", id="fill-save"),
    ]

    class Rejected(Message):
        """The service refused a field (an unknown or ambiguous name)."""

        def __init__(self, errors: dict[str, str]) -> None:
            super().__init__()
            self.errors = errors

    class Filled(Message):
        """The draft was re-written with the values."""

    def __init__(self, session: DraftSession) -> None:
        super().__init__()
        self.session = session
        self.fields = session.template.fillable()

    def _current(self, field: str) -> str:
        if field == "target":
            return self.session.ctx.target.name if self.session.ctx.target else ""
        return self.session.ctx.extra.get(field, "")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="fill-dialog") as box:
            box.border_title = "Fill in the draft"
            yield Static(Content.assemble(("To".ljust(15), "$text-muted"),
                                          (clipped(self.session.contact.name, 200), "bold $text-accent"),
                                          (f" · {clipped(self.session.template.name, 80)}",
                                           "$text-muted")),
                         classes="dialog-lead")
            for name in self.fields:
                label, placeholder = FIELDS[name]
                with Vertical(classes="form-row", id=f"row-{name}"):
                    with Horizontal(classes="field"):
                        yield Label(label, classes="field-label")
                        yield Input(self._current(name), placeholder=placeholder, id=name,
                                    compact=True)
                    yield Static("", classes="field-error", id=f"error-{name}")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Fill in", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
            yield Static(Content.styled("enter fill in · escape cancel · the text is "
                                        "re-written from the template", "$text-muted"),
                         classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(f"#{self.fields[0]}", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        clear_field_errors(self)
        values = {name: self.query_one(f"#{name}", Input).value for name in self.fields}
        self._fill(values)

    @work(thread=True, exclusive=True, group="fill-form", exit_on_error=False)
    def _fill(self, values: dict[str, str]) -> None:
        ws = host(self).open_service()
        target = values.pop("target", "")
        try:
            drafts.fill_draft(ws, self.session, target, **values)
        except FormErrors as exc:
            self.post_message(self.Rejected(exc.errors))
        else:
            self.post_message(self.Filled())

    def on_fill_draft_screen_rejected(self, event: Rejected) -> None:
        show_field_errors(self, event.errors)

    def on_fill_draft_screen_filled(self, _event: Filled) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)

"""Plan an ask: what you want, what you offer back, and the engagement ladder (P3, P5)."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, Static

from ..actions import FormErrors, asks
from ..model import Ask, Contact
from ..text import clipped
from ..tui_host import host
from .dialog import Dialog
from .form_errors import clear_field_errors, show_field_errors

FIELDS = (
    ("who", "Whom", "a contact's name"),
    ("what", "What", "what you want: advice, an intro, a referral…"),
    ("offer", "Offer", "what you bring in return: ask only when you offer something back"),
    ("steps", "Engage first", "like,comment,share"),
)


class NewAskScreen(Dialog[Ask | None]):
    """A new ask, for the selected contact (or one you name)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="ask-cancel"),
        Binding("ctrl+s", "save", "Save", id="ask-save"),
    ]

    class Rejected(Message):
        """The service refused the form: messages per field."""

        def __init__(self, errors: dict[str, str]) -> None:
            super().__init__()
            self.errors = errors

    class Stored(Message):
        """The ask was saved."""

        def __init__(self, ask: Ask) -> None:
            super().__init__()
            self.ask = ask

    class Failed(Message):
        """Saving failed (disk, lock): nothing was written."""

        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(self, contact: Contact | None = None) -> None:
        super().__init__()
        self.contact = contact

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="ask-dialog") as box:
            box.border_title = "New ask"
            yield Static(Content.styled("Engage before asking: the ask is ready once the "
                                        "steps are done.", "$text-muted"),
                         classes="dialog-note")
            for name, label, placeholder in FIELDS:
                if name == "who" and self.contact is not None:
                    yield Static(Content.assemble(("Whom".ljust(15), "$text-muted"),
                                                  (clipped(self.contact.name, 200), "bold $text-accent")),
                                 classes="dialog-lead")
                    continue
                value = "like,comment,share" if name == "steps" else ""
                with Vertical(classes="form-row", id=f"row-{name}"):
                    with Horizontal(classes="field"):
                        yield Label(label, classes="field-label")
                        yield Input(value, placeholder=placeholder, id=name, compact=True)
                    yield Static("", classes="field-error", id=f"error-{name}")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
            yield Static(Content.styled("enter save · escape cancel", "$text-muted"),
                         classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#what" if self.contact else "#who", Input).focus()

    def _value(self, name: str) -> str:
        found = self.query(f"#{name}")
        return found.first(Input).value if found else ""

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        clear_field_errors(self)
        self._store(self._value("who"), self._value("what"), self._value("offer"),
                    self._value("steps"))

    @work(thread=True, exclusive=True, group="ask-form", exit_on_error=False)
    def _store(self, who: str, what: str, offer: str, steps: str) -> None:
        try:
            ask = asks.plan_ask(host(self).open_service(), what, offer, steps,
                                contact_id=self.contact.id if self.contact else None, who=who)
        except FormErrors as exc:
            self.post_message(self.Rejected(exc.errors))
        except Exception as exc:
            self.post_message(self.Failed(str(exc) or exc.__class__.__name__))
        else:
            self.post_message(self.Stored(ask))

    def on_new_ask_screen_rejected(self, event: Rejected) -> None:
        show_field_errors(self, event.errors)

    def on_new_ask_screen_stored(self, event: Stored) -> None:
        self.notify(f"Ask planned: {event.ask.what} · first step: {event.ask.steps[0]}")
        self.dismiss(event.ask)

    def on_new_ask_screen_failed(self, event: Failed) -> None:
        self.notify(event.error, title="Not saved", severity="error", timeout=10)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

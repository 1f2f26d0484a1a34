"""Write or edit a note (what drafts are made of), and a yes/no confirmation."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea

from ..text import clipped, clipped_block, shown_block


class NoteScreen(ModalScreen[str | None]):
    """A note about someone: interests, a post, family, travel (P6)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="note-cancel"),
        Binding("ctrl+s", "save", "Save", id="note-save"),
    ]

    def __init__(self, name: str, text: str = "") -> None:
        super().__init__()
        self.contact_name = name
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="note-dialog") as box:
            box.border_title = "Edit note" if self.text else "New note"
            yield Static(Content.assemble("About ", (clipped(self.contact_name, 200), "bold")),
                         classes="dialog-lead")
            # Controls in the note are shown escaped (a text area writes them raw).
            yield TextArea(shown_block(self.text), id="note-text", soft_wrap=True, compact=True,
                           placeholder="A talk they gave, a post, their family, a trip…")
            yield Static("", id="note-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
            yield Static(Content.styled("ctrl+s save · escape cancel", "$text-muted"),
                         classes="dialog-hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        text = self.query_one(TextArea).text.strip()
        if self.text and text == shown_block(self.text).strip():
            text = self.text.strip()  # untouched: keep the note as stored, not its escaped form
        if not text:
            error = self.query_one("#note-error", Static)
            error.update(Content.styled("↳ a note needs some text", "$text-error"))
            error.display = True
            return
        self.dismiss(text)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A question answered with y or n."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no"),
    ]

    def __init__(self, question: str, yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm-dialog"):
            yield Static(Content(clipped_block(self.question, 2000)), classes="dialog-lead")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (y)", variant="error", id="yes", compact=True)
                yield Button("No (n)", id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

"""Write or edit a note (what drafts are made of), and a yes/no confirmation.

A note is a private memo (never quoted in a draft) or a mention of something about the
person — a talk, a post, news, an interest… — whose text is the topic ("observability at
PyCon ES"): drafts turn mentions into sentences, never memos.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Select, Static, TextArea

from ..model import NoteKind
from ..text import clipped, clipped_block, shown_block
from .dialog import Dialog

# What each kind means, as the picker shows it.
KIND_LABELS = {
    NoteKind.MEMO.value: "memo — private, never quoted in a draft",
    NoteKind.TALK.value: "a talk they gave (text: the topic)",
    NoteKind.POST.value: "a post they wrote",
    NoteKind.ARTICLE.value: "an article they wrote",
    NoteKind.NEWS.value: "their news: new job, promotion, launch",
    NoteKind.INTEREST.value: "an interest of theirs",
    NoteKind.FAMILY.value: "family (never on a public channel)",
    NoteKind.TRAVEL.value: "a trip (never on a public channel)",
    NoteKind.CONVERSATION.value: "what you talked about",
}


@dataclass(frozen=True, slots=True)
class NoteInput:
    text: str
    kind: str


class NoteScreen(Dialog[NoteInput | None]):
    """A note about someone: a private memo, or a mention drafts can bring up."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="note-cancel"),
        Binding("ctrl+s", "save", "Save", id="note-save"),
    ]

    def __init__(self, name: str, text: str = "", kind: str = NoteKind.MEMO.value) -> None:
        super().__init__()
        self.contact_name = name
        self.text = text
        self.kind = kind if kind in KIND_LABELS else NoteKind.MEMO.value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="note-dialog") as box:
            box.border_title = "Edit note" if self.text else "New note"
            yield Static(Content.assemble("About ", (clipped(self.contact_name, 200), "bold")),
                         classes="dialog-lead")
            yield Select([(label, kind) for kind, label in KIND_LABELS.items()],
                         value=self.kind, allow_blank=False, id="note-kind", compact=True)
            # Controls in the note are shown escaped (a text area writes them raw).
            yield TextArea(shown_block(self.text), id="note-text", soft_wrap=True, compact=True,
                           placeholder="A talk they gave, a post, their family, a trip…")
            yield Static("", id="note-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
            yield Static(Content.styled("ctrl+s save · shift+tab what kind of note · "
                                        "escape cancel", "$text-muted"),
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
        kind = self.query_one("#note-kind", Select).value
        self.dismiss(NoteInput(text, str(kind) if isinstance(kind, str) else NoteKind.MEMO.value))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(Dialog[bool]):
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

"""Log an interaction: kind (defaulted: on an ask's row, its next step), channel, summary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from ..actions.triage import DEFAULT_CHANNEL, KINDS
from ..text import clipped, clipped_block


@dataclass(frozen=True, slots=True)
class LogResult:
    kind: str
    channel: str
    summary: str


class LogInteractionScreen(ModalScreen[LogResult | None]):
    """What happened with this person today."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="log-cancel"),
        Binding("ctrl+s", "save", "Save", id="log-save"),
    ]

    def __init__(self, name: str, kind: str = "message", note: str = "") -> None:
        super().__init__()
        self.contact_name = name
        self.kind = kind if kind in KINDS else "message"
        self.note = note
        self._channel_touched = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="log-dialog") as box:
            box.border_title = "Log an interaction"
            yield Static(Content.assemble(("With ", ""), (clipped(self.contact_name, 200), "bold")),
                         classes="dialog-lead")
            if self.note:
                yield Static(Content.styled(clipped_block(self.note, 1000), "$text-muted"), classes="dialog-note")
            with Horizontal(classes="field"):
                yield Label("Kind", classes="field-label")
                yield Select([(k, k) for k in KINDS], value=self.kind, allow_blank=False,
                             id="kind", compact=True)
            with Horizontal(classes="field"):
                yield Label("Channel", classes="field-label")
                yield Input(DEFAULT_CHANNEL.get(self.kind, ""), id="channel", compact=True,
                            placeholder="linkedin, email, phone, in-person…")
            with Horizontal(classes="field"):
                yield Label("Summary", classes="field-label")
                yield Input("", id="summary", compact=True, placeholder="optional")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Log it", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
            yield Static(Content.styled("enter log it · escape cancel", "$text-muted"),
                         classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#summary", Input).focus()

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        channel = self.query_one("#channel", Input)
        if not self._channel_touched and isinstance(event.value, str):
            channel.value = DEFAULT_CHANNEL.get(event.value, "")

    @on(Input.Changed, "#channel")
    def _channel_changed(self, event: Input.Changed) -> None:
        kind = self.query_one("#kind", Select).value
        if event.value != DEFAULT_CHANNEL.get(str(kind), ""):
            self._channel_touched = True

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        kind = self.query_one("#kind", Select).value
        self.dismiss(LogResult(str(kind), self.query_one("#channel", Input).value.strip(),
                               self.query_one("#summary", Input).value.strip()))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

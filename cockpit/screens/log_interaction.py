"""Log an interaction: kind first (defaulted: on an ask's row, its next step), the day it
happened (today by default; "yesterday", a weekday, a date), channel, summary."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static

from .. import dates
from ..actions.triage import DEFAULT_CHANNEL, KINDS
from ..model import ValidationError
from ..text import clipped, clipped_block
from .dialog import Dialog


@dataclass(frozen=True, slots=True)
class LogResult:
    kind: str
    channel: str
    summary: str
    day: dt.date


class LogInteractionScreen(Dialog[LogResult | None]):
    """What happened with this person today."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="log-cancel"),
        Binding("ctrl+s", "save", "Save", id="log-save"),
    ]

    def __init__(self, name: str, today: dt.date, kind: str = "message", note: str = "") -> None:
        super().__init__()
        self.contact_name = name
        self.today = today
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
                yield Label("When", classes="field-label")
                yield Input("today", id="when", compact=True,
                            placeholder="today, yesterday, a weekday or YYYY-MM-DD")
            yield Static("", id="when-error", classes="field-error")
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
            yield Static(Content.styled("enter on the kind: choose it · enter in a field: log "
                                        "it · escape cancel", "$text-muted"),
                         classes="dialog-hint")

    def on_mount(self) -> None:
        # The kind first: Enter there opens the list (it used to land in Summary, where
        # Enter logged a "message" before the kind was chosen).
        self.query_one("#kind", Select).focus()

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
        when = self.query_one("#when", Input)
        try:
            day = dates.not_in_future(dates.parse_day(when.value, self.today, "date", past=True),
                                      self.today, "date")
        except ValidationError as exc:
            error = self.query_one("#when-error", Static)
            error.update(Content.styled(f"↳ {exc}", "$text-error"))
            error.display = True
            when.focus()
            return
        self.dismiss(LogResult(str(kind), self.query_one("#channel", Input).value.strip(),
                               self.query_one("#summary", Input).value.strip(), day))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

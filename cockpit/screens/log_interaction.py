"""Log an interaction: kind first (defaulted: on an ask's row, its next step), the day it
happened (today by default; "yesterday", a weekday, a date), channel, summary."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static

from .. import dates
from ..actions.triage import DEFAULT_CHANNEL, KINDS
from ..model import ValidationError
from ..text import clipped, clipped_block
from ..widgets.popup import Popup


@dataclass(frozen=True, slots=True)
class LogResult:
    kind: str
    channel: str
    summary: str
    day: dt.date


class LogDialog(Popup[LogResult]):
    """What happened with this person. `ask(…)` fills it in for one person."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="log-cancel"),
        Binding("ctrl+s", "save", "Save", id="log-save"),
    ]
    HEIGHT_GUESS = 14

    def __init__(self) -> None:
        super().__init__(id="log-dialog")
        self.border_title = "Log an interaction"
        self.today = dt.date.min
        self._channel_touched = False

    def compose(self) -> ComposeResult:
        yield Static("", id="log-lead", classes="dialog-lead")
        yield Static("", id="log-note", classes="dialog-note")
        with Horizontal(classes="field"):
            yield Label("Kind", classes="field-label")
            yield Select([(k, k) for k in KINDS], value="message", allow_blank=False,
                         id="kind", compact=True)
        with Horizontal(classes="field"):
            yield Label("When", classes="field-label")
            yield Input("today", id="when", compact=True,
                        placeholder="today, yesterday, a weekday or YYYY-MM-DD")
        yield Static("", id="when-error", classes="field-error")
        with Horizontal(classes="field"):
            yield Label("Channel", classes="field-label")
            yield Input("", id="channel", compact=True,
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

    def ask(self, name: str, today: dt.date, kind: str = "message", note: str = "") -> None:
        """Fill the dialog in: with `name`, `kind` first (an ask's next step, say), and the
        ask's `note` above the fields."""
        self.today = today
        kind = kind if kind in KINDS else "message"
        self.query_one("#log-lead", Static).update(
            Content.assemble(("With ", ""), (clipped(name, 200), "bold")))
        shown_note = self.query_one("#log-note", Static)
        shown_note.update(Content.styled(clipped_block(note, 1000), "$text-muted"))
        shown_note.display = bool(note)
        with self.prevent(Select.Changed, Input.Changed):
            self.query_one("#kind", Select).value = kind
            self.query_one("#when", Input).value = "today"
            self.query_one("#channel", Input).value = DEFAULT_CHANNEL.get(kind, "")
            self.query_one("#summary", Input).value = ""
        self.query_one("#when-error", Static).display = False
        self._channel_touched = False

    def first_focus(self) -> Widget:
        # The kind first: Enter there opens the list (it used to land in Summary, where
        # Enter logged a "message" before the kind was chosen).
        return self.query_one("#kind", Select)

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        event.stop()
        channel = self.query_one("#channel", Input)
        if not self._channel_touched and isinstance(event.value, str):
            channel.value = DEFAULT_CHANNEL.get(event.value, "")

    @on(Input.Changed, "#channel")
    def _channel_changed(self, event: Input.Changed) -> None:
        event.stop()
        kind = self.query_one("#kind", Select).value
        if event.value != DEFAULT_CHANNEL.get(str(kind), ""):
            self._channel_touched = True

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self, event: Message | None = None) -> None:
        if event is not None:
            event.stop()
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
    def action_cancel(self, event: Message | None = None) -> None:
        if event is not None:
            event.stop()
        self.dismiss(None)

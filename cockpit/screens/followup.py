"""Schedule a follow-up (F): when, in the CLI's date words, and why.

The day is checked here as `actions.triage.schedule_followup` checks it (same words, same
bounds), so a mistake is shown under the field and the dialog stays open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from .. import dates
from ..model import ValidationError
from .dialog import Dialog


@dataclass(frozen=True, slots=True)
class FollowupWanted:
    when: str  # the words typed: the action parses them again, against its own today
    reason: str


class FollowupScreen(Dialog[FollowupWanted | None]):
    """When to get back to this person, and why."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="followup-cancel"),
        Binding("ctrl+s", "save", "Save", id="followup-save"),
    ]

    def __init__(self, name: str, today: dt.date) -> None:
        super().__init__()
        self.contact_name = name
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="followup-dialog") as box:
            box.border_title = "Schedule a follow-up"
            yield Static(Content.assemble("Get back to ", (self.contact_name, "bold")),
                         classes="dialog-lead")
            with Horizontal(classes="field"):
                yield Label("When", classes="field-label")
                yield Input("tomorrow", id="followup-when", compact=True,
                            placeholder="tomorrow, friday, +3 days, 2w, YYYY-MM-DD")
            yield Static("", id="followup-error", classes="field-error")
            with Horizontal(classes="field"):
                yield Label("Why", classes="field-label")
                yield Input("", id="followup-reason", compact=True,
                            placeholder="optional, e.g. send the deck")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Schedule", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
            yield Static(Content.styled("enter schedule · tab next field · escape cancel",
                                        "$text-muted"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#followup-when", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        when = self.query_one("#followup-when", Input)
        try:
            dates.not_before_today(dates.parse_day(when.value, self.today, "follow-up date"),
                                   self.today, "follow-up date")
        except ValidationError as exc:
            error = self.query_one("#followup-error", Static)
            error.update(Content.styled(f"↳ {exc}", "$text-error"))
            error.display = True
            when.focus()
            return
        self.dismiss(FollowupWanted(when.value, self.query_one("#followup-reason", Input).value))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

"""Snooze a follow-up: 1 day, 3 days, a week, or a date you type."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from .. import dates
from ..model import ValidationError
from ..text import clipped, shown
from .dialog import Dialog

CHOICES = (("1", 1, "1 day"), ("3", 3, "3 days"), ("7", 7, "a week"))


class SnoozeScreen(Dialog[dt.date | None]):
    """How long to put it off."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="snooze-cancel"),
        Binding("1", "pick(1)", "1 day", id="snooze-1", show=False),
        Binding("3", "pick(3)", "3 days", id="snooze-3", show=False),
        Binding("7", "pick(7)", "A week", id="snooze-7", show=False),
    ]

    def __init__(self, name: str, today: dt.date) -> None:
        super().__init__()
        self.contact_name = name
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="snooze-dialog") as box:
            box.border_title = "Snooze"
            yield Static(Content.assemble("Show the follow-up with ", (clipped(self.contact_name, 200), "bold"),
                                          " again in…"), classes="dialog-lead")
            options = [Option(Content.assemble((f"{label:<8}", "bold"),
                                               (f"{self.today + dt.timedelta(days=n):%a %d %b}",
                                                "$text-muted")), id=str(n))
                       for _key, n, label in CHOICES]
            options.append(Option(Content.styled("a date…", "bold"), id="custom"))
            yield OptionList(*options, id="snooze-choices", compact=True)
            yield Input(placeholder="friday, +10, 2w, 2027-01-15…", id="snooze-date",
                        compact=True)
            yield Static("", id="snooze-error", classes="error")
            yield Static(Content.styled("enter choose · 1/3/7 quick pick · escape cancel",
                                        "$text-muted"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#snooze-date", Input).display = False
        self.query_one("#snooze-error", Static).display = False
        self.query_one(OptionList).focus()

    def action_pick(self, days: int) -> None:
        self.dismiss(self.today + dt.timedelta(days=days))

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected, "#snooze-choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == "custom":
            field = self.query_one("#snooze-date", Input)
            field.display = True
            field.focus()
            return
        self.action_pick(int(event.option.id or "1"))

    @on(Input.Submitted, "#snooze-date")
    def _typed(self, event: Input.Submitted) -> None:
        error = self.query_one("#snooze-error", Static)
        try:  # the command line's date words, and its rule: a day after today
            until = dates.after_today(dates.parse_day(event.value, self.today, "snooze until"),
                                      self.today, "snooze until")
        except ValidationError as exc:
            error.update(Content(shown(str(exc))))
            error.display = True
            return
        self.dismiss(until)

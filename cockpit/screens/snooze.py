"""Snooze a follow-up: 1 day, 3 days, a week, or a date you type."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from .. import dates
from ..model import ValidationError
from ..text import clipped, shown
from ..widgets.popup import Popup

CHOICES = (("1", 1, "1 day"), ("3", 3, "3 days"), ("7", 7, "a week"))


class SnoozeDialog(Popup[dt.date]):
    """How long to put it off. `ask(name, today)` fills it in for one follow-up."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="snooze-cancel"),
        Binding("1", "pick(1)", "1 day", id="snooze-1", show=False),
        Binding("3", "pick(3)", "3 days", id="snooze-3", show=False),
        Binding("7", "pick(7)", "A week", id="snooze-7", show=False),
    ]
    HEIGHT_GUESS = 11

    def __init__(self) -> None:
        super().__init__(id="snooze-dialog")
        self.border_title = "Snooze"
        self.today = dt.date.min

    def compose(self) -> ComposeResult:
        yield Static("", id="snooze-lead", classes="dialog-lead")
        yield OptionList(id="snooze-choices", compact=True)
        yield Input(placeholder="friday, +10, 2w, 2027-01-15…", id="snooze-date",
                    compact=True)
        yield Static("", id="snooze-error", classes="error")
        yield Static(Content.styled("enter choose · 1/3/7 quick pick · escape cancel",
                                    "$text-muted"), classes="dialog-hint")

    def ask(self, name: str, today: dt.date) -> None:
        """Fill the dialog in for the follow-up with `name`, counting from `today`."""
        self.query_one("#snooze-lead", Static).update(Content.assemble(
            "Show the follow-up with ", (clipped(name, 200), "bold"), " again in…"))
        if today != self.today:  # the choices' dates move only with the day
            self.today = today
            options = [Option(Content.assemble((f"{label:<8}", "bold"),
                                               (f"{today + dt.timedelta(days=n):%a %d %b}",
                                                "$text-muted")), id=str(n))
                       for _key, n, label in CHOICES]
            options.append(Option(Content.styled("a date…", "bold"), id="custom"))
            choices = self.query_one(OptionList)
            choices.clear_options()
            choices.add_options(options)
        self.query_one(OptionList).highlighted = 0
        field = self.query_one("#snooze-date", Input)
        field.value = ""
        field.display = False
        self.query_one("#snooze-error", Static).display = False

    def first_focus(self) -> Widget:
        return self.query_one(OptionList)

    def action_pick(self, days: int) -> None:
        self.dismiss(self.today + dt.timedelta(days=days))

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected, "#snooze-choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == "custom":
            field = self.query_one("#snooze-date", Input)
            field.display = True
            field.focus()
            return
        self.action_pick(int(event.option.id or "1"))

    @on(Input.Submitted, "#snooze-date")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        error = self.query_one("#snooze-error", Static)
        try:  # the command line's date words, and its rule: a day after today
            until = dates.after_today(dates.parse_day(event.value, self.today, "snooze until"),
                                      self.today, "snooze until")
        except ValidationError as exc:
            error.update(Content(shown(str(exc))))
            error.display = True
            return
        self.dismiss(until)

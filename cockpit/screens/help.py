"""Help: every key, where it applies. Built from the bindings themselves, so it cannot
drift from what the keys really do."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from .dialog import Dialog

EXTRA_GLOBAL = (("tab / shift+tab", "Next / previous pane"),
                ("↑ ↓ / j k", "Move within a pane"),
                ("ctrl+p", "Command palette: contacts and app commands"))
FORM_KEYS = (("enter / ctrl+s", "Save the form"), ("tab / shift+tab", "Next / previous field"),
             ("escape", "Cancel"))


class HelpScreen(Dialog[None]):
    """Every key of the cockpit."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help-close"),
        Binding("j", "scroll_down", "Down", show=False, id="help-down"),
        Binding("k", "scroll_up", "Up", show=False, id="help-up"),
    ]

    def compose(self) -> ComposeResult:
        from ..widgets.agenda_list import AgendaList
        from ..widgets.birthdays import BirthdaysPane
        from ..widgets.contact_panes import ContactAgendaList, HistoryList, NotesList
        from ..widgets.drafter import DraftPane
        from ..widgets.followups import FollowupsPane
        from .contact import ContactScreen
        from .morning import MorningScreen

        sections = (
            ("Everywhere", self._rows(self.app.BINDINGS) + list(EXTRA_GLOBAL)),
            ("Morning screen", self._rows(MorningScreen.BINDINGS)),
            ("Follow-ups, Birthdays, Engage panes",
             self._rows(AgendaList.BINDINGS, FollowupsPane.BINDINGS, BirthdaysPane.BINDINGS,
                        skip={"j", "k"})),
            ("Draft pane", self._rows(DraftPane.BINDINGS)),
            ("Contact screen", self._rows(ContactScreen.BINDINGS, ContactAgendaList.BINDINGS,
                                          NotesList.BINDINGS, HistoryList.BINDINGS,
                                          skip={"j", "k"})),
            ("Forms and dialogs", list(FORM_KEYS)),
        )
        self.sections = sections
        with Vertical(classes="dialog wide", id="help-dialog") as box:
            box.border_title = "Keys"
            with VerticalScroll(id="help-body"):
                for title, rows in sections:
                    yield Static(Content.styled(title, "bold $text-accent"), classes="help-title")
                    yield Static(self._table(rows), classes="help-keys")
            yield Static(Content.styled("escape close · ↑↓ scroll", "$text-muted"),
                         classes="dialog-hint")

    @staticmethod
    def _table(rows: list[tuple[str, str]]) -> Table:
        """Keys and what they do; a long description wraps under itself."""
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True, min_width=15)
        grid.add_column(ratio=1)
        for key, desc in rows:
            grid.add_row(key, desc)
        return grid

    def _rows(self, *groups: Iterable[BindingType],
              skip: set[str] = frozenset()) -> list[tuple[str, str]]:  # type: ignore[assignment]
        merged: dict[str, list[str]] = {}
        order: list[str] = []
        for group in groups:
            for binding in Binding.make_bindings(group):
                if binding.key in skip:
                    continue
                desc = binding.description
                if binding.tooltip:
                    desc = f"{desc} — {binding.tooltip}" if desc else binding.tooltip
                key = self.app.get_key_display(binding)
                if desc not in merged:
                    merged[desc] = []
                    order.append(desc)
                if key not in merged[desc]:
                    merged[desc].append(key)
        return [(" / ".join(merged[desc]), desc) for desc in order]

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll_down(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_up()

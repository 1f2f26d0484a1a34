"""The Follow-ups pane: who to follow up with today (overdue first, in red), then soon.

On a quiet morning it says so and suggests people you have not spoken to in a while
(`agenda.lapsed`), which you can open, log or draft to like any row.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..agenda import DERIVED_ORIGINS, FollowUpItem
from ..model import Contact, Origin
from ..text import clipped
from . import rows
from .agenda_list import AgendaList

REQUESTS_ID = "--requests--"
QUIET = "Nothing due — a good day to engage with someone you haven't spoken to in a while"
FIRST_START = ("No one here yet. Press n to add someone you met, or I to import your phone's "
               "contacts (.vcf) or LinkedIn's Connections.csv. Press ? for every key.")


class FollowupsPane(AgendaList[FollowUpItem | Contact]):
    """Follow-ups due (and coming up); `d` done, `s` snooze."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "done", "Done", id="done", tooltip="Mark this follow-up done"),
        Binding("s", "snooze", "Snooze", id="snooze", tooltip="Show it again later"),
    ]

    pane_title = "Follow-ups"
    empty_text = "Nothing due."

    class ItemDone(Message):
        """`d` on a follow-up: it is done."""

        def __init__(self, item: FollowUpItem) -> None:
            super().__init__()
            self.item = item

    class SnoozeRequested(Message):
        """`s` on a follow-up: ask how long, then snooze it."""

        def __init__(self, item: FollowUpItem) -> None:
            super().__init__()
            self.item = item

    class RequestsWanted(Message):
        """Enter on the network day's "requests to answer" row: open them."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.today: dt.date | None = None
        self.quiet = False
        self.empty = False
        self.requests: tuple[str, ...] = ()
        """Connection requests to answer on today's network day (a row leads with them)."""

    def show_agenda(self, items: list[FollowUpItem], today: dt.date,
                    lapsed: tuple[Contact, ...] = (), quiet: bool = False,
                    empty: bool = False, requests: tuple[str, ...] = ()) -> None:
        changed = ((today, quiet, empty, requests)
                   != (self.today, self.quiet, self.empty, self.requests))
        self.today = today
        self.quiet = quiet
        self.empty = empty
        self.requests = requests
        # Due items first; on a quiet morning the suggestions come before what is coming up.
        due = [i for i in items if i.due <= today]
        later = [i for i in items if i.due > today]
        self.show_items([*due, *lapsed, *later] if quiet else items, changed=changed)

    def subtitle(self) -> str:
        if self.today is None:
            return ""
        due = sum(1 for i in self.items if isinstance(i, FollowUpItem) and i.due <= self.today)
        late = sum(1 for i in self.items if isinstance(i, FollowUpItem) and i.overdue)
        if not due:
            return "nothing due"
        return f"{due:,} due" + (f" · {late:,} overdue" if late else "")

    def build_options(self, width: int) -> list[Option]:
        options = super().build_options(width) if self.items else []
        if self.empty:
            return [Option(Content.styled(FIRST_START, "bold $text-accent"), disabled=True)]
        lead = [self._requests_row(width)] if self.requests else []
        if self.quiet and not lead:
            text = QUIET + (":" if options else ".")
            return [Option(Content.styled(text, "bold $text-success"), disabled=True), *options]
        return [*lead, *options] if lead or options else super().build_options(width)

    def _requests_row(self, width: int) -> Option:
        n = len(self.requests)
        who = ", ".join(clipped(r, 60) for r in self.requests[:3]) + (" …" if n > 3 else "")
        text = Content.assemble(
            ("requests".ljust(rows.WHEN_WIDTH), "bold $text-warning"), " ",
            (f"{n} connection request{'s' if n != 1 else ''} to answer: ", "bold"),
            (who, ""), (" — enter opens them", "$text-muted"))
        return Option(rows.fit(text, width), id=REQUESTS_ID)

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # Textual runs AgendaList's handler after this one (it walks the classes), so only
        # the requests row is handled here, and kept from it.
        if event.option.id == REQUESTS_ID:
            event.stop()
            event.prevent_default()
            self.post_message(self.RequestsWanted())

    def item_key(self, item: FollowUpItem | Contact) -> str:
        if isinstance(item, Contact):
            return f"lapsed:{item.id}"
        if item.followup is not None and item.origin not in DERIVED_ORIGINS:
            return f"fu:{item.followup.id}"
        return f"fu:{item.origin}:{item.contact.id}"

    def item_contact(self, item: FollowUpItem | Contact) -> Contact:
        return item if isinstance(item, Contact) else item.contact

    def render_item(self, item: FollowUpItem | Contact, width: int) -> Content:
        today = self.today or dt.date.today()
        if isinstance(item, Contact):
            last = item.last_interaction
            since = f"last in touch {rows.when_text(last, today)}" if last else "never in touch"
            return rows.fit(Content.assemble(
                ("suggested".ljust(rows.WHEN_WIDTH), "$text-success"), " ",
                (item.name.ljust(self.name_w), "bold"), " ", (since, "$text-muted"),
            ), width)
        return rows.followup_row(item, today, width, self.name_w)

    def log_kind(self, item: FollowUpItem | Contact) -> str:
        return "message"

    def row_actions(self) -> set[str]:
        return {"log", "draft", "done", "snooze"}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("done", "snooze"):
            return True if isinstance(self.selected_item, FollowUpItem) else None
        return super().check_action(action, parameters)

    def action_done(self) -> None:
        item = self.selected_item
        if isinstance(item, FollowUpItem) and not self.selected_pending:
            if item.origin != Origin.INVITE_PENDING.value:  # that one asks what became of it
                self.mark_pending("done ✓")
            self.post_message(self.ItemDone(item))

    def action_snooze(self) -> None:
        item = self.selected_item
        if isinstance(item, FollowUpItem) and not self.selected_pending:
            self.post_message(self.SnoozeRequested(item))

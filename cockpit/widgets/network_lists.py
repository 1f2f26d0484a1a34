"""The Network screen's lists: the prune review (P11) and incoming requests (P13).

Like the morning panes they never write: they post messages the screen turns into use
cases. Other people's text (names, notes, companies) goes into `Content` as plain text.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..incoming import Request
from ..model import Contact
from ..network import network_name
from ..review import PruneItem
from ..text import shown
from . import rows
from .agenda_list import AgendaList


def _cell(text: str, width: int) -> str:
    return text[: max(0, width - 1)] + "…" if len(text) > width else text.ljust(width)


class PruneList(AgendaList[PruneItem]):
    """Silent for longer than the review period: `K` keep, `r` re-engage, `A` archive."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("K", "decide('keep')", "Keep", id="review-keep", key_display="K",
                tooltip="Keep them: out of the review for another period (not an interaction)"),
        Binding("r", "decide('re-engage')", "Re-engage", id="review-reengage",
                tooltip="A follow-up today and a reconnect draft"),
        Binding("A", "decide('archive')", "Archive", id="review-archive", key_display="A",
                tooltip="Archive them (cockpit restore, or find, brings them back)"),
    ]

    pane_title = "Prune review"
    empty_text = "No one has been silent that long: nothing to review."
    name_share = 0.35

    class Decided(Message):
        """A choice on a row: keep, re-engage or archive."""

        def __init__(self, item: PruneItem, choice: str) -> None:
            super().__init__()
            self.item = item
            self.choice = choice

    def item_key(self, item: PruneItem) -> str:
        return f"review:{item.contact.id}"

    def item_contact(self, item: PruneItem) -> Contact:
        return item.contact

    def render_item(self, item: PruneItem, width: int) -> Content:
        silent = f"{item.silent_days:,}d".rjust(rows.WHEN_WIDTH)
        company = f" · {shown(item.contact.company)}" if item.contact.company else ""
        return rows.fit(Content.assemble(
            (silent, "$text-warning"), " ",
            (_cell(shown(item.contact.name), self.name_w), "bold"), " ",
            (f"last: {item.last_words()}{company}", "$text-muted")), width)

    def row_actions(self) -> set[str]:
        return {"log", "draft", "decide"}

    def action_decide(self, choice: str) -> None:
        item = self.selected_item
        if item is not None and not self.selected_pending:
            self.mark_pending({"keep": "kept", "re-engage": "re-engaging",
                               "archive": "archived"}[choice])
            self.post_message(self.Decided(item, choice))


class RequestList(OptionList):
    """Pending incoming requests: `enter` decides one, `n` records a new one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Decide", id="request-decide",
                tooltip="Walk the checklist and accept or decline"),
        Binding("n", "new", "New request", id="request-new",
                tooltip="Record an incoming connection request"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    class Chosen(Message):
        def __init__(self, request: Request | None) -> None:
            super().__init__()
            self.request = request  # None: a new one

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.requests: list[Request] = []
        self.border_title = "Incoming requests"
        self.today: dt.date | None = None

    def show_requests(self, requests: list[Request], today: dt.date) -> None:
        self.requests = list(requests)
        self.today = today
        self.border_subtitle = f"{len(requests)} pending · n new" if requests else "n new"
        if not requests:
            self.set_options([Option(Content.styled(
                "No request waiting. Press n to record one you received.", "$text-muted"),
                disabled=True)])
            return
        options = []
        for r in requests:
            verdict = ("suggest accept", "$text-success") if r.suggestion == "yes" else (
                "suggest decline", "$text-error")
            where = shown(network_name(r.network)) + (f", {shown(r.company)}" if r.company else "")
            options.append(Option(Content.assemble(
                (f"{r.received:%-d %b}".ljust(8), "$text-muted"), (shown(r.name), "bold"),
                (f" ({where}) ", "$text-muted"), verdict,
                (": " + shown("; ".join(r.reasons)), "$text-muted")), id=r.id))
        self.set_options(options)
        self.highlighted = 0

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = next((r for r in self.requests if r.id == event.option.id), None)
        if chosen is not None:
            self.post_message(self.Chosen(chosen))

    def action_new(self) -> None:
        self.post_message(self.Chosen(None))

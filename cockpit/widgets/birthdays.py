"""The Birthdays pane: today and the coming days, with the age they turn (P9)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message

from ..agenda import BirthdayItem
from ..model import Contact
from . import rows
from .agenda_list import AgendaList


class BirthdaysPane(AgendaList[BirthdayItem]):
    """Birthdays in the window; `d` wished (logs a birthday-wish interaction)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "wished", "Wished", id="wished",
                tooltip="You wished them a happy birthday: log it"),
    ]

    pane_title = "Birthdays"
    empty_text = "No birthdays coming up."

    class Wished(Message):
        """`d` on a birthday: you wished them (log a birthday-wish)."""

        def __init__(self, item: BirthdayItem) -> None:
            super().__init__()
            self.item = item

    def subtitle(self) -> str:
        today = sum(1 for b in self.items if b.in_days == 0)
        total = len(self.items)
        if not total:
            return ""
        return f"{today} today · {total:,} in all" if today else f"{total:,} coming"

    def name_room(self, width: int, longest: int) -> int:
        # The detail is short ("turns 41", "age unknown"): the name gets the rest.
        return max(10, min(longest, width - 9 - 12, 30))

    def item_key(self, item: BirthdayItem) -> str:
        return f"bd:{item.contact.id}:{item.date}"

    def item_contact(self, item: BirthdayItem) -> Contact:
        return item.contact

    def render_item(self, item: BirthdayItem, width: int) -> Content:
        return rows.birthday_row(item, width, self.name_w)

    def log_kind(self, item: BirthdayItem) -> str:
        return "birthday-wish"

    def row_actions(self) -> set[str]:
        return {"log", "draft", "wished"}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "wished":
            item = self.selected_item
            return True if item is not None and not item.wished else None
        return super().check_action(action, parameters)

    def action_wished(self) -> None:
        item = self.selected_item
        if item is not None and not item.wished and not self.selected_pending:
            self.mark_pending("wished ✓")
            self.post_message(self.Wished(item))

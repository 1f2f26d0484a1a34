"""The Engage-before-asking pane: each open ask and the next step on its ladder (P3).

"You can ask now" rows come first, in green. `l` on a row logs an interaction whose kind
defaults to the ask's next step, which moves the ladder on.
"""

from __future__ import annotations

from textual.content import Content

from ..agenda import EngageItem
from ..model import Contact
from . import rows
from .agenda_list import AgendaList


class EngagePane(AgendaList[EngageItem]):
    """Open asks with their engagement ladders."""

    pane_title = "Engage before asking"
    empty_text = "No open asks. Press a to plan one."

    def subtitle(self) -> str:
        ready = sum(1 for e in self.items if e.ready)
        warming = len(self.items) - ready
        parts = []
        if ready:
            parts.append(f"{ready} ready")
        if warming:
            parts.append(f"{warming:,} warming")
        return " · ".join(parts)

    def item_key(self, item: EngageItem) -> str:
        return f"ask:{item.ask.id}"

    def item_contact(self, item: EngageItem) -> Contact:
        return item.contact

    def render_item(self, item: EngageItem, width: int) -> Content:
        return rows.engage_row(item, width, self.name_w)

    def log_kind(self, item: EngageItem) -> str:
        return item.next_step or "ask"

"""The base of the morning panes: a keyboard list of agenda items that stays small.

Only what is due is listed, and at most `PAGE` rows are rendered at a time: a heavy
networker's 2,000 lapsed cadences show as 100 rows and a "… more" row (enter shows the
next 100). Rows are rebuilt when the pane is resized, so they use the room there is.

The pane never writes anything: it posts messages (past tense, nested here and in the
subclasses) that the screen turns into service calls.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..model import Contact
from . import rows

T = TypeVar("T")

MORE_ID = "--more--"
PAGE = 100


class AgendaList(OptionList, Generic[T]):
    """A focusable list of agenda items, each about one contact."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", id="open", tooltip="Open the contact"),
        Binding("j", "cursor_down", "Down", show=False, id="down"),
        Binding("k", "cursor_up", "Up", show=False, id="up"),
        Binding("l", "log", "Log", id="log", tooltip="Log an interaction with this contact"),
        Binding("w", "draft", "Draft", id="draft", tooltip="Draft a message to this contact"),
    ]

    ALLOW_MAXIMIZE = True

    pane_title: ClassVar[str] = ""
    empty_text: ClassVar[str] = "Nothing here."
    name_share: ClassVar[float] = 0.4
    """At most this share of the row goes to the name column."""

    loaded: reactive[bool] = reactive(False)
    """False until the first agenda arrives (the pane says "Loading…" meanwhile)."""

    class ContactSelected(Message):
        """Enter (or a click) on a row: open this contact."""

        def __init__(self, contact_id: str) -> None:
            super().__init__()
            self.contact_id = contact_id

    class LogRequested(Message):
        """`l` on a row: log an interaction, suggesting `kind`."""

        def __init__(self, contact: Contact, kind: str, item: Any) -> None:
            super().__init__()
            self.contact = contact
            self.kind = kind
            self.item = item

    class DraftRequested(Message):
        """`w` on a row: draft a message to this contact (about this item)."""

        def __init__(self, contact: Contact, item: Any) -> None:
            super().__init__()
            self.contact = contact
            self.item = item

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self._items: list[T] = []
        self._by_key: dict[str, T] = {}
        self._shown = 0
        self._pending: set[str] = set()  # keys of rows whose action is under way
        self._built_width = 0
        self.name_w = 16
        """Cells for the name column (from the longest name shown and the width)."""
        self.border_title = self.pane_title
        self.set_options([Option(Content.styled("Loading…", "$text-muted"), disabled=True)])

    # ------------------------------------------------------------------ what subclasses say

    def item_key(self, item: T) -> str:
        raise NotImplementedError

    def item_contact(self, item: T) -> Contact:
        raise NotImplementedError

    def render_item(self, item: T, width: int) -> Content:
        raise NotImplementedError

    def name_room(self, width: int, longest: int) -> int:
        """Cells for the name column."""
        return rows.name_width(width, longest, self.name_share)

    def log_kind(self, item: T) -> str:
        return "message"

    def subtitle(self) -> str:
        return f"{len(self._items):,}" if self._items else ""

    # ------------------------------------------------------------------ content

    @property
    def items(self) -> Sequence[T]:
        return self._items

    @property
    def row_width(self) -> int:
        width = self.scrollable_content_region.width
        return max(20, width - 1) if width else 56

    def show_items(self, items: Sequence[T], *, changed: bool = False) -> None:
        """Replace the rows, keeping the highlight on the same item (or the same place).

        The same items as shown (and nothing marked under way, and nothing else that the
        rows depend on `changed`) leave the pane alone: a key that touched one pane must
        not pay for rebuilding and repainting the others."""
        new = list(items)
        if (self.loaded and not changed and not self._pending and new == self._items
                and self.row_width == self._built_width):
            return
        key = self.highlighted_key
        index = self.highlighted
        self._items = new
        self._by_key = {self.item_key(item): item for item in self._items}
        self._pending = set()  # fresh data: whatever was under way has landed (or failed)
        self._shown = min(len(self._items), max(PAGE, self._shown if self.loaded else 0))
        self.loaded = True
        self._rebuild(key, index)

    def _rebuild(self, key: str | None = None, index: int | None = None) -> None:
        width = self.row_width
        self._built_width = width
        options = self.build_options(width)
        self.set_options(options)
        self.border_subtitle = self.subtitle()
        target: int | None = None
        if key is not None:
            for n, option in enumerate(options):
                if option.id == key:
                    target = n
                    break
        if target is None and index is not None:
            target = min(index, len(options) - 1)
        if target is None:
            target = 0
        while 0 <= target < len(options) and options[target].disabled:
            target += 1
        if 0 <= target < len(options):
            self.highlighted = target
        else:
            self.highlighted = None

    def build_options(self, width: int) -> list[Option]:
        if not self._items:
            return [Option(Content.styled(self.empty_text, "$text-muted"), disabled=True)]
        shown = self._items[: self._shown]
        longest = max(len(self.item_contact(item).name) for item in shown)
        self.name_w = self.name_room(width, longest)
        options = [Option(self.render_item(item, width), id=self.item_key(item))
                   for item in shown]
        hidden = len(self._items) - self._shown
        if hidden > 0:
            options.append(Option(Content.styled(
                f"… {hidden:,} more — enter shows {min(hidden, PAGE):,} more", "$text-muted italic"),
                id=MORE_ID))
        return options

    def on_resize(self, event: events.Resize) -> None:
        if self.loaded and self.row_width != self._built_width:
            self._rebuild(self.highlighted_key, self.highlighted)

    @property
    def highlighted_key(self) -> str | None:
        if self.highlighted is None or not self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).id

    @property
    def selected_item(self) -> T | None:
        """The item under the cursor (None on the "more" row or an empty pane)."""
        key = self.highlighted_key
        return self._by_key.get(key) if key is not None else None

    @property
    def selected_contact(self) -> Contact | None:
        item = self.selected_item
        return self.item_contact(item) if item is not None else None

    def highlight_contact(self, contact_ids: set[str]) -> bool:
        """Put the cursor on the first shown row about one of these contacts."""
        for n, item in enumerate(self._items[: self._shown]):
            if self.item_contact(item).id in contact_ids:
                self.highlighted = n
                return True
        return False

    @property
    def selected_pending(self) -> bool:
        """The row under the cursor has an action under way (a second press does nothing)."""
        return self.highlighted_key in self._pending

    def mark_pending(self, label: str) -> None:
        """Show at once that the row's action is under way (the agenda follows), and move
        on to the next row, as a triage key should: `d d d` does three follow-ups."""
        index = self.highlighted
        item = self.selected_item
        if index is None or item is None:
            return
        prompt = Content.assemble((f"{label} ", "italic $text-success"),
                                  (self.item_contact(item).name, "$text-muted"))
        self.replace_option_prompt_at_index(index, prompt)
        self._pending.add(self.item_key(item))
        for n in range(index + 1, self.option_count):
            option = self.get_option_at_index(n)
            if not option.disabled and option.id != MORE_ID and option.id not in self._pending:
                self.highlighted = n
                break

    # ------------------------------------------------------------------ actions

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id == MORE_ID:
            self._shown = min(len(self._items), self._shown + PAGE)
            self._rebuild(None, event.option_index)
            return
        item = self.selected_item
        if item is not None:
            self.post_message(self.ContactSelected(self.item_contact(item).id))

    def _on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        # Nothing above this pane cares about the cursor moving.
        event.stop()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Row actions are greyed out on an empty pane or the "more" row."""
        if action in self.row_actions():
            return True if self.selected_item is not None else None
        return True

    def row_actions(self) -> set[str]:
        return {"log", "draft"}

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self.refresh_bindings()

    def action_log(self) -> None:
        item = self.selected_item
        if item is not None:
            self.post_message(self.LogRequested(self.item_contact(item), self.log_kind(item), item))

    def action_draft(self) -> None:
        item = self.selected_item
        if item is not None:
            self.post_message(self.DraftRequested(self.item_contact(item), item))

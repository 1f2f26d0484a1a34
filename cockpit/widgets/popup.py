"""A dialog drawn in its screen's top layer, for the dialogs of the triage keys.

A modal screen repaints every cell of the terminal twice (its push, then the pop back to
the screen below, which is restyled as it resumes); at 30,000 contacts that was most of
what `s` + a choice or `l` + ctrl+s cost (bench/keys_bench.py). A popup is mounted once
per screen and shown and hidden in place, so only the cells it covers are repainted.

It behaves as a modal dialog: focus is trapped inside it, the keys of the screen and of
the app are off while it is open (`is_modal`), clicks and wheel turns outside it are
dropped (the host screen), and on close the focus goes back where it was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.geometry import Size
from textual.widget import Widget

ResultT = TypeVar("ResultT")

HELD = "-held"
"""On the widget that had the focus while a popup over it has it: it keeps its focused
look, so the row the dialog is about stays marked."""


class Popup(Vertical, Generic[ResultT]):
    """A dialog box over the screen; `open(callback)` shows it, `dismiss(result)` hides it
    and calls the callback with the result (None when cancelled)."""

    DEFAULT_CSS = """
    Popup {
        layer: popup;
        position: absolute;
        display: none;
    }
    """

    # A modal stops the key bindings at itself: these are the screen's own, which the
    # dialog's fields need (tab moves between them, as on a modal screen).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "app.focus_next", "Focus next", show=False),
        Binding("shift+tab", "app.focus_previous", "Focus previous", show=False),
        Binding("ctrl+c,super+c", "screen.copy_text", "Copy selected text", show=False),
    ]

    WIDTH: ClassVar[int] = 64
    """Columns wide (at most 95% of the screen)."""
    HEIGHT_GUESS: ClassVar[int] = 12
    """Rows it usually takes: where the box goes before it was ever laid out."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="dialog popup")
        self._on_result: Callable[[ResultT | None], Any] | None = None
        self._focus_back: Widget | None = None

    @property
    def is_open(self) -> bool:
        return self._on_result is not None

    @property
    def is_modal(self) -> bool:
        """While open, key bindings stop here, as at a modal screen: neither the screen's
        keys nor the app's (`q`, `?`, `/`…) act from inside the dialog."""
        return self.is_open

    def first_focus(self) -> Widget:
        """The widget that takes the focus when the popup opens."""
        return self

    def open(self, on_result: Callable[[ResultT | None], Any]) -> None:
        self._on_result = on_result
        self._focus_back = self.screen.focused
        if self._focus_back is not None:
            self._focus_back.add_class(HELD)
        self.place(self.screen.size)
        self.display = True
        self.trap_focus()
        self.first_focus().focus(scroll_visible=False)

    def dismiss(self, result: ResultT | None = None) -> None:
        on_result, self._on_result = self._on_result, None
        if on_result is None:
            return  # already closed (a second key in the same frame)
        self.display = False
        self.trap_focus(False)
        back, self._focus_back = self._focus_back, None
        if back is not None:
            back.remove_class(HELD)
        if back is not None and back.is_attached and back.focusable:
            back.focus(scroll_visible=False)
        else:
            self.screen.set_focus(None)
        on_result(result)

    def place(self, size: Size) -> None:
        """Centre the box on a screen of `size` (again when the terminal is resized)."""
        width = max(1, min(self.WIDTH, size.width * 95 // 100))
        height = self.outer_size.height or self.HEIGHT_GUESS
        self.styles.width = width
        self.styles.max_height = max(3, size.height - 2)
        self.styles.offset = ((size.width - width) // 2,
                              max(0, min((size.height - height) // 2, size.height - 3)))

    def owns(self, widget: Widget | None) -> bool:
        """True for the popup itself and anything inside it."""
        return widget is not None and (widget is self or self in widget.ancestors)

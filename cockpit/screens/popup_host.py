"""What a screen does to host popups (cockpit.widgets.popup): mount each kind once, keep
the mouse out while one is open, and re-centre it on resize."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual import events
from textual.errors import NoWidget
from textual.screen import Screen

from ..widgets.popup import Popup

PopupT = TypeVar("PopupT", bound=Popup[Any])


class PopupHost(Screen[None]):
    """A screen that shows popups (the popup itself keeps the screen's keys off while it
    is open: see `Popup.is_modal`)."""

    DEFAULT_CSS = """
    PopupHost {
        layers: default popup;
    }
    """

    def open_popup(self, kind: type[PopupT], prepare: Callable[[PopupT], Any],
                   on_result: Callable[[Any], Any]) -> None:
        """Show the screen's popup of `kind` (mounted on first use), after
        `prepare(popup)` has filled it in for this use."""
        if self.popup is not None:
            return  # one at a time, as with modal screens
        popup = self._mounted(kind)
        if popup is not None:
            prepare(popup)
            popup.open(on_result)
            return
        popup = kind()

        async def mount_then_open() -> None:
            await self.mount(popup)
            if self.popup is None:
                prepare(popup)
                popup.open(on_result)

        self.call_next(mount_then_open)

    def _mounted(self, kind: type[PopupT]) -> PopupT | None:
        for child in self.children:
            if isinstance(child, kind):
                return child
        return None

    @property
    def popup(self) -> Popup[Any] | None:
        """The popup that is open, if any."""
        for child in self.children:
            if isinstance(child, Popup) and child.is_open:
                return child
        return None

    def on_resize(self, event: events.Resize) -> None:
        popup = self.popup
        if popup is not None:
            popup.place(event.size)

    def _forward_event(self, event: events.Event) -> None:
        # Clicks and wheel turns outside an open popup would act on the panes under it.
        popup = self.popup
        if (popup is not None and isinstance(event, events.MouseEvent)
                and not isinstance(event, events.MouseMove)):
            try:
                widget, _ = self.get_widget_at(event.x, event.y)
            except NoWidget:
                widget = None
            if not popup.owns(widget):
                return
        super()._forward_event(event)

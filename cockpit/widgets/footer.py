"""The key bar at the bottom of a screen, rebuilt only when it shows keys it never showed.

Textual's `Footer` recomposes all its keys whenever a screen's bindings *might* have
changed: on every focus move, highlight and reactive with `bindings=True`, which is
after nearly every key press. Mounting and styling a dozen `FooterKey`s costs 50–150 ms
each time (pyinstrument on bench/keys_bench.py) — more than the use case the key ran.

Here the footer keeps one row of keys per set of keys it has shown (a pane's keys, the
Draft pane's, a zoomed pane's). The same keys → nothing to do, or the keys that became
(un)available dimmed or lit in place; a set shown before → its row is shown again; only
a set never seen is composed, once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.compose import compose
from textual.containers import HorizontalGroup
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.screen import Screen

Shape = tuple[tuple[str, str, str, str, str], ...]
KEPT_ROWS = 8
"""Rows of keys kept for reuse (a screen shows a handful of different sets)."""


class KeyRow(HorizontalGroup):
    """One set of keys, composed once and shown again whenever that set applies."""

    DEFAULT_CSS = """
    KeyRow {
        width: auto;
        height: 1;
    }
    """


class KeysFooter(Footer):
    """A `Footer` that composes each set of keys once and switches between them."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._rows: dict[Shape, KeyRow] = {}
        """Rows composed so far, the one shown last at the end."""

    def compose(self):  # type: ignore[no-untyped-def]
        return iter(())  # rows are added by `_update_keys`

    def _wanted(self) -> tuple[Shape, dict[tuple[str, str], bool]]:
        shape: list[tuple[str, str, str, str, str]] = []
        enabled: dict[tuple[str, str], bool] = {}
        for _node, binding, is_enabled, tooltip in self.screen.active_bindings.values():
            if not binding.show:
                continue
            shape.append((binding.key, self.app.get_key_display(binding), binding.description,
                          binding.action, tooltip or ""))
            enabled.setdefault((binding.key, binding.action), is_enabled)
        return tuple(shape), enabled

    def bindings_changed(self, screen: Screen) -> None:  # type: ignore[type-arg]
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._update_keys)

    @property
    def shown_row(self) -> KeyRow | None:
        """The row of keys on screen now."""
        for row in self._rows.values():
            if row.display:
                return row
        return None

    async def _update_keys(self) -> None:
        if not self.is_attached:
            return
        shape, enabled = self._wanted()
        row = self._rows.pop(shape, None)
        if row is not None and not row.is_attached:  # removed under us: compose it again
            row = None
        current = self.shown_row
        if row is None:
            # Footer.compose lays out the keys as Textual would; we keep them in a row.
            row = KeyRow(*compose(self, super().compose()))
            await self.mount(row)
        if current is not None and current is not row:
            current.display = False
        row.display = True
        self._rows[shape] = row  # the most recent last
        while len(self._rows) > KEPT_ROWS:
            oldest = next(iter(self._rows))
            await self._rows.pop(oldest).remove()
        for key in row.query(FooterKey):
            on = enabled.get((key.key, key.action))
            if on is not None and key._disabled == on:
                key._disabled = not on
                key.set_class(not on, "-disabled")

"""The key bar at the bottom of a screen, rebuilt only when the keys it lists change.

Textual's `Footer` recomposes all its keys whenever a screen's bindings *might* have
changed: on every focus move, highlight and reactive with `bindings=True`, which is
after nearly every key press. Mounting and styling a dozen `FooterKey`s costs 50–150 ms
at each of them (measured with pyinstrument in bench/keys_bench.py) — more than the use
case the key ran. Here the footer compares what it would show with what it shows: the
same keys → nothing to do; the same keys with some enabled or disabled → those keys are
dimmed or lit in place; other keys → the usual recompose.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.screen import Screen

Shape = tuple[tuple[str, str, str, str, str], ...]


class KeysFooter(Footer):
    """A `Footer` that recomposes only when the set of keys shown changes."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._shape: Shape | None = None
        """The keys (key, display, description, action, tooltip) as last composed."""

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

    async def _update_keys(self) -> None:
        if not self.is_attached:
            return
        shape, enabled = self._wanted()
        if shape != self._shape:
            self._shape = shape
            await self.recompose()
            return
        for key in self.query(FooterKey):
            on = enabled.get((key.key, key.action))
            if on is not None and key._disabled == on:
                key._disabled = not on
                key.set_class(not on, "-disabled")

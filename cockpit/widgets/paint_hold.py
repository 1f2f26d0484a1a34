"""Hold painting while a key's result is being read, so the screen changes once.

A key that shows something read in a worker (enter: a contact; `w`: a draft) used to
paint twice: at once, with the panes emptied or "Preparing…", then again when the data
came — and the first paint (20–50 ms at 120x36) ran while the worker needed the same
interpreter, so it delayed the data it announced. Holding the paint (Textual's
`App.batch_update`) until the data is shown gives one paint of the finished screen. Keys
pressed meanwhile are handled as usual (only the drawing waits), and the hold ends by
itself after `most` seconds: slow data is then announced as before.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from textual.dom import DOMNode
from textual.timer import Timer


class PaintHold:
    """One hold of the app's painting, begun and ended by `owner` (idempotent both)."""

    def __init__(self, owner: DOMNode, most: float) -> None:
        self._owner = owner
        self._most = most
        self._held: AbstractContextManager[None] | None = None
        self._timer: Timer | None = None

    @property
    def held(self) -> bool:
        return self._held is not None

    def begin(self) -> None:
        """Hold painting (until `end`, or `most` seconds)."""
        if self._held is not None:
            return
        held = self._owner.app.batch_update()
        held.__enter__()
        self._held = held
        self._timer = self._owner.set_timer(self._most, self.end, name="paint-hold")

    def end(self) -> None:
        """Paint again: the screen is drawn at its next refresh."""
        held, self._held = self._held, None
        timer, self._timer = self._timer, None
        if timer is not None:
            timer.stop()
        if held is not None:
            held.__exit__(None, None, None)
            # What changed meanwhile is marked dirty; the screen on top (maybe another
            # one by now) paints it when idle.
            self._owner.app.screen.check_idle()

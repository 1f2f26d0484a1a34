"""The base of every dialog: a modal screen over the dimmed screen it came from.

Textual draws a translucent modal's backdrop by rendering the whole screen below and
tinting every segment, each time the dialog repaints — on opening, on every layout
change, often several times per key. At 120x36 over the morning panes that was about half
of a snooze or a log (bench/keys_bench.py). The screen below does not change while a
dialog is up, so the tinted backdrop is rendered once per size and reused.
"""

from __future__ import annotations

from typing import TypeVar

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from textual.geometry import Size
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import ModalScreen

ResultT = TypeVar("ResultT")


class _Backdrop:
    """Already-rendered segments, played back as they were."""

    def __init__(self, segments: list[Segment]) -> None:
        self.segments = segments

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        return self.segments


class Dialog(ModalScreen[ResultT]):
    """A modal screen whose dimmed backdrop is rendered once per size."""

    _backdrop: tuple[Size, _Backdrop] | None = None

    def render(self) -> RenderableType:
        rendered = super().render()
        if not isinstance(rendered, BackgroundScreen):
            return rendered
        size = self.size
        if self._backdrop is None or self._backdrop[0] != size:
            console = self.app.console
            options = console.options.update(width=size.width, height=size.height)
            self._backdrop = (size, _Backdrop(list(console.render(rendered, options))))
        return self._backdrop[1]

"""The header line: the day (as given by --today) and the one-line agenda summary."""

from __future__ import annotations

import datetime as dt

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from ..text import clipped


class SummaryHeader(Widget):
    """" Cockpit  Sun 22 Nov 2026  3 follow-ups · 1 birthday · 2 asks warming"."""

    DEFAULT_CSS = """
    SummaryHeader {
        height: 1;
        width: 1fr;
        background: $panel;
        color: $foreground;
    }
    """

    day: reactive[dt.date | None] = reactive(None)
    """The day the session is about (the app's `today`, never the clock)."""

    summary: reactive[str] = reactive("loading the agenda…")
    """The agenda's one-line summary."""

    title: reactive[str] = reactive("Cockpit")
    """What the screen is (the app name, or the contact's name)."""

    def render(self) -> Content:
        parts: list[str | tuple[str, str]] = [(f" {clipped(self.title, 200)} ",
                                                    "bold $text-accent")]
        if self.day is not None:
            parts += [("│ ", "$text-muted"), (f"{self.day:%a %d %b %Y} ", "bold")]
        if self.summary:
            parts += [("│ ", "$text-muted"), (clipped(self.summary, 400), "")]
        content = Content.assemble(*parts)
        width = self.size.width
        if width and content.cell_length > width and self.day is not None:
            content = Content.assemble(*parts[2:])  # the name goes first when room is short
        if width and content.cell_length > width:
            content = content.truncate(width, ellipsis=True)
        return content

"""The Draft pane's text area, with its placeholder wrapped once per width.

Textual's `TextArea` wraps its placeholder again for every line it paints; with the pane
empty (most of a morning) each repaint of the screen — after every dialog — paid that a
dozen times over. The wrapped lines are kept until the width or the placeholder changes.
"""

from __future__ import annotations

from textual.content import Content
from textual.strip import Strip
from textual.style import Style as ContentStyle
from textual.widgets import TextArea


class DraftText(TextArea):
    """A `TextArea` whose placeholder is wrapped once per width."""

    _wrapped: tuple[int, str, list[Content]] | None = None

    def _placeholder_lines(self) -> list[Content]:
        width = self.content_size.width
        placeholder = str(self.placeholder)
        if self._wrapped is None or self._wrapped[:2] != (width, placeholder):
            self._wrapped = (width, placeholder, Content.from_text(placeholder).wrap(width))
        return self._wrapped[2]

    def render_line(self, y: int) -> Strip:
        if self.placeholder and not self.document.text:
            lines = self._placeholder_lines()
            if y < len(lines):
                content = lines[y].stylize(self.get_visual_style("text-area--placeholder"))
                theme = self._theme
                if self._draw_cursor and y == 0 and theme and theme.cursor_style:
                    content = content.stylize(ContentStyle.from_rich_style(theme.cursor_style),
                                              0, 1)
                return Strip(content.render_segments(self.visual_style), content.cell_length)
        return super().render_line(y)

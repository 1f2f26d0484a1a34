"""Per-field errors in the form dialogs (new contact, new ask, fill in a draft).

Each field sits in `#row-NAME` with its input `#NAME` and a `#error-NAME` line below.
"""

from __future__ import annotations

from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from ..text import shown


def clear_field_errors(screen: Screen) -> None:
    """Forget the last attempt's errors (before trying again)."""
    for row in screen.query(".form-row.-invalid"):
        row.remove_class("-invalid")
    for error in screen.query(".field-error"):
        if isinstance(error, Static):
            error.update("")


def show_field_errors(screen: Screen, errors: dict[str, str]) -> None:
    """Each message under its field, and the cursor on the first field to fix."""
    first: Widget | None = None
    for name, message in errors.items():
        found = screen.query(f"#error-{name}")
        if not found:
            continue
        found.first(Static).update(Content.styled(f"↳ {shown(message)}", "$text-error"))
        screen.query_one(f"#row-{name}").add_class("-invalid")
        if first is None:
            first = screen.query_one(f"#{name}")
    if first is not None:
        first.focus()
        first.scroll_visible()

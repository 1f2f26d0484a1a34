"""What screens and widgets may ask of the app, as a typed protocol.

Screens and widgets never import `cockpit.app`: they reach the running app through
`host(self)` (the same object, typed as this protocol) and ask it to open the workspace
or run a change in a worker; navigation goes up as the messages below, handled by the
app. Nothing here imports Textual's App.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol, cast

from textual.message import Message

from .actions import Workspace
from .actions.morning import Morning
from .settings import Settings


class Host(Protocol):
    today: dt.date
    demo: bool
    settings: Settings
    scratch_dir: Path
    first_paint: float | None
    morning: Morning | None
    service: Workspace | None

    def open_service(self, shown: Callable[[Morning], object] | None = None) -> Workspace: ...

    def quick_morning(self) -> Morning | None: ...

    def require_service(self) -> bool: ...

    def save(self, change: Callable[[Workspace], str],
             then: Callable[[str], None] | None = None, *, refresh: bool = True,
             contacts: Iterable[str] | None = None, failed: str = "Not saved") -> None: ...

    def reload_all(self, morning: Morning | None = None) -> None: ...

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None: ...


def host(node: Any) -> Host:
    """The running app, as screens and widgets may use it."""
    return cast(Host, node.app)


class OpenContact(Message):
    """Show this contact's screen (from a row, the palette or find)."""

    def __init__(self, contact_id: str) -> None:
        super().__init__()
        self.contact_id = contact_id


class DraftWanted(Message):
    """Draft a message to this contact in the morning screen's Draft pane."""

    def __init__(self, contact_id: str, template: str | None = None,
                 ask_id: str | None = None) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.template = template
        self.ask_id = ask_id

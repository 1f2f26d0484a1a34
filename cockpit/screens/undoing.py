"""`u` takes back the last triage action (done, snooze, wish, log, archive) for a few
seconds, as mail clients do.

The rule — what to put back, and never over a later write — is `actions.undo`'s; the TUI
keeps only the latest undo and how old it is. A triage key calls `save_undoable` instead of
`save`: its toast ends with "u to undo"; `u` (on the morning and contact screens, and in
the palette) applies it through the same `save`, within `UNDO_SECONDS`.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from textual.binding import Binding

from ..actions import Workspace
from ..actions import undo as undo_actions
from ..tui_host import host

UNDO_SECONDS = 10.0

UNDO_BINDING = Binding("u", "undo", "Undo", id="undo", show=False,
                       tooltip="Undo the last done, snooze, wish, log or archive "
                               f"(for {UNDO_SECONDS:.0f} seconds)")


@dataclass
class _Latest:
    undo: undo_actions.Undo | None = None
    at: float = 0.0  # time.monotonic() when it landed


_latest: weakref.WeakKeyDictionary[Any, _Latest] = weakref.WeakKeyDictionary()
"""Per running app: the one undo on offer (a second action replaces it)."""


def save_undoable(node: Any, change: Callable[[Workspace], str],
                  contact_ids: Iterable[str]) -> None:
    """`host(node).save(change, contacts=…)`, keeping the change's undo once it lands."""
    ids = tuple(contact_ids)
    taken: list[undo_actions.Undo] = []
    app = node.app

    def run(ws: Workspace) -> str:
        message, undo = undo_actions.undoable(ws, ids, change)
        taken.append(undo)
        return f"{message} — u to undo" if message else message

    def landed(_message: str) -> None:
        if taken:
            _latest[app] = _Latest(taken[-1], time.monotonic())

    host(node).save(run, landed, contacts=ids)


def undo_last(node: Any) -> None:
    """`u`: apply the latest undo if it is recent and nothing was written since."""
    cockpit = host(node)
    latest = _latest.pop(node.app, None)
    service = cockpit.service
    if (latest is None or latest.undo is None or service is None
            or time.monotonic() - latest.at > UNDO_SECONDS
            or not undo_actions.still_undoable(service, latest.undo)):
        cockpit.notify(undo_actions.NOTHING)
        return
    undo = latest.undo
    node.app.clear_notifications()  # the "u to undo" toast is answered
    cockpit.save(lambda ws: undo_actions.apply(ws, undo),
                 lambda _message: node.app.call_after_refresh(_back_to, node.app,
                                                              undo.contact_ids),
                 contacts=undo.contact_ids, failed="Not undone")


def _back_to(app: Any, contact_ids: Iterable[str]) -> None:
    """The cursor goes back to the row the undo brought back, as a mail client's does."""
    from ..widgets.agenda_list import AgendaList

    focused = app.screen.focused
    if isinstance(focused, AgendaList):
        focused.highlight_contact(set(contact_ids))

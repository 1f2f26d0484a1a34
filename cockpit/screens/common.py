"""What the morning and contact screens share: the template a row suggests, and the log
dialog that ends in a write."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from ..actions import triage
from ..agenda import BirthdayItem, EngageItem, FollowUpItem
from ..model import Ask, Contact, Origin
from ..tui_host import host
from .popup_host import PopupHost


def draft_hint(item: object) -> tuple[str | None, str | None]:
    """The template (and ask) a row suggests: None lets drafting choose."""
    if isinstance(item, EngageItem):
        return "ask", item.ask.id
    if isinstance(item, BirthdayItem):
        return "birthday", None
    if isinstance(item, FollowUpItem):
        if item.origin == Origin.MET_IN_PERSON.value:
            return "follow-up-after-meeting", None
        if item.origin == Origin.CADENCE.value:
            return "reconnect", None
        return None, None
    if isinstance(item, Contact):
        return "reconnect", None
    return None, None


def open_log(screen: PopupHost, contact: Contact, kind: str, note: str = "",
             ask: Ask | None = None) -> None:
    """Ask what happened (kind defaulted), then log it."""
    from .log_interaction import LogDialog, LogResult
    from .undoing import save_undoable

    def chosen(result: LogResult | None) -> None:
        if result is not None:
            save_undoable(screen, lambda ws: triage.log(
                ws, contact.id, result.kind, result.channel, result.summary, result.day,
                ask=ask), [contact.id])

    today = host(screen).today
    screen.open_popup(LogDialog, lambda d: d.ask(contact.name, today, kind, note), chosen)


def open_followup(screen: Screen[Any], contact: Contact) -> None:
    """Ask when (and why) to get back to `contact`, then schedule it (F)."""
    from .followup import FollowupScreen, FollowupWanted

    def chosen(wanted: FollowupWanted | None) -> None:
        if wanted is None:
            return

        def schedule(ws: Any) -> str:
            fu = triage.schedule_followup(ws, contact.id, wanted.when, wanted.reason)
            return f"Follow-up with {contact.name} on {fu.due:%a %d %b}"

        host(screen).save(schedule)

    screen.app.push_screen(FollowupScreen(contact.name, host(screen).today), chosen)

"""Drafts stepped through one person at a time (a tag's batch, an introduction request):
the list of people with where each draft stands, and a Draft pane that says when its draft
changed (marked sent, re-written) so the list can follow."""

from __future__ import annotations

from textual.content import Content
from textual.message import Message
from textual.widgets.option_list import Option

from .. import drafting
from ..actions.draft_session import DraftSession
from ..model import Contact
from ..text import clipped, shown
from .drafter import DraftPane


class StepDraftPane(DraftPane):
    """The Draft pane, telling its screen each time the draft it shows changes."""

    class Changed(Message):
        """The draft shown was replaced, re-written or marked sent."""

    def watch_session(self, session: DraftSession | None) -> None:
        super().watch_session(session)
        self.post_message(self.Changed())


def draft_state(session: DraftSession) -> tuple[str, str]:
    """(words, style) for where a draft stands: sent, ready, or how much is left to fix."""
    if session.sent:
        return "✓ sent", "$text-success"
    errors = sum(1 for p in session.problems if p.level == drafting.ERROR)
    if errors:
        return f"{errors} to fix", "$text-error"
    return "ready", "$text-accent"


def person_row(contact: Contact, state: str, style: str, detail: str = "") -> Content:
    """One row: the name (other people's text: plain, escaped), the state, a detail."""
    parts: list[str | tuple[str, str]] = [(clipped(shown(contact.name), 60), "bold"),
                                          ("  ", ""), (state, style)]
    if detail:
        parts.append((f"  {clipped(shown(detail), 300)}", "$text-muted"))
    return Content.assemble(*parts)


def skipped_row(contact: Contact, reason: str) -> Option:
    """Someone with no draft (nothing personal to write from): shown, not selectable. The
    reason's command-line hint ("(add one: cockpit note …)") becomes the TUI's way."""
    why = reason.split(" (add", 1)[0].split(" (plan", 1)[0]
    if "mention" in why:
        why += ": add a note about them on their screen (n)"
    return Option(Content.assemble((clipped(shown(contact.name), 60), "$text-muted"),
                                   ("  skipped: ", "$text-warning"),
                                   (clipped(shown(why), 300), "$text-muted")),
                  disabled=True)

"""`d` on a pending invitation: what became of it? (P12: learn from refusals.)

Accepted, declined or withdrawn are logged as the invitation's outcome (the pending
follow-up ends); "still waiting" asks again after another `invitations.pending_days`.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..text import shown
from .dialog import Dialog

CHOICES = (("a", "accepted", "Accepted"), ("d", "declined", "Declined"),
           ("w", "withdrawn", "Withdraw it"), ("s", "waiting", "Still waiting"))


class InviteOutcomeScreen(Dialog[str | None]):
    """Dismisses with accepted / declined / withdrawn / waiting, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="outcome-cancel"),
        *(Binding(key, f"pick('{answer}')", label, id=f"outcome-{answer}", show=False)
          for key, answer, label in CHOICES),
    ]

    def __init__(self, name: str, wait_days: int) -> None:
        super().__init__()
        self.contact_name = name
        self.wait_days = wait_days

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="outcome-dialog") as box:
            box.border_title = "Invitation"
            yield Static(Content.assemble("What became of your invitation to ",
                                          (shown(self.contact_name), "bold"), "?"),
                         classes="dialog-lead")
            hints = {"waiting": f"ask again in {self.wait_days} days"}
            yield OptionList(*(Option(Content.assemble((f"{key}  ", "$text-muted"),
                                                       (label, "bold"),
                                                       ("  " + hints.get(answer, ""),
                                                        "$text-muted")), id=answer)
                               for key, answer, label in CHOICES),
                             id="outcome-choices", compact=True)
            yield Static(Content.styled("enter or a/d/w/s choose · escape cancel",
                                        "$text-muted"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def action_pick(self, answer: str) -> None:
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

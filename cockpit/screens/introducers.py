"""Who can introduce me (P2), on a contact's screen: `i`.

The people who could introduce you to this contact, best first, with why (introduced
them, same company, same event, shared tags, how well you know them) — as `cockpit
intro`. `w` (or enter) drafts the request to the highlighted one in the Draft pane, from
your notes about them and your open ask of the contact; `f` there fills in the why and
the offer. No cold invitations.
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets.option_list import Option

from ..actions import USER_ERRORS, draft_lists
from ..actions.draft_lists import Introducers
from ..actions.draft_session import DraftSession
from ..text import clipped, shown
from ..widgets.draft_steps import draft_state, person_row
from .draft_steps import DraftStepsScreen


class IntroducersScreen(DraftStepsScreen):
    """Ranked introducers to one contact, and the request to each."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "draft", "Draft request", id="intro-draft",
                tooltip="Draft the introduction request to the highlighted person"),
    ]

    screen_title = "Who can introduce me"
    list_title = "Introducers, best first"

    class Loaded(Message):
        def __init__(self, found: Introducers) -> None:
            super().__init__()
            self.found = found

    class Drafted(Message):
        def __init__(self, via_id: str, session: DraftSession) -> None:
            super().__init__()
            self.via_id = via_id
            self.session = session

    class Failed(Message):
        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(self, target_id: str) -> None:
        super().__init__()
        self.target_id = target_id
        self.found: Introducers | None = None
        self.sessions: dict[str, DraftSession] = {}  # introducer id -> their request

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#header").summary = "looking…"  # type: ignore[attr-defined]
        self.steps.focus()
        self._load()

    @work(thread=True, exclusive=True, group="introducers", exit_on_error=False)
    def _load(self) -> None:
        try:
            found = draft_lists.introducers(self.cockpit.open_service(), self.target_id)
        except USER_ERRORS as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.Loaded(found))

    def on_introducers_screen_loaded(self, event: Loaded) -> None:
        self.found = event.found
        target = event.found.target
        what = f" ({target.company})" if target.company else ""
        n = len(event.found.candidates)
        self.query_one("#header").summary = (  # type: ignore[attr-defined]
            f"to {clipped(shown(target.name), 80)}{clipped(shown(what), 80)} · "
            + (f"{n} could introduce you" if n else "nobody yet"))
        self.fill()

    def rows(self) -> list[Option]:
        if self.found is None:
            return []
        if not self.found.candidates:
            return [Option(Content.styled(
                f"Nobody in your network has a recorded link to {shown(self.found.target.name)}"
                " (introduced them, same company, same event or a shared tag). Record who "
                "introduced you, or their company, on their screens (e).", "$text-muted"),
                disabled=True)]
        rows = []
        for k in self.found.candidates:
            session = self.sessions.get(k.contact.id)
            state, style = draft_state(session) if session else (f"score {k.score}", "$text-muted")
            rows.append(Option(person_row(k.contact, state, style, "; ".join(k.reasons))))
        return rows

    def show(self, index: int) -> None:
        if self.found is None or not 0 <= index < len(self.found.candidates):
            return
        session = self.sessions.get(self.found.candidates[index].contact.id)
        if session is not None:
            self.put(session)
        else:
            self.pane.session = None  # "press w" until this one is drafted

    def choose(self, index: int) -> None:
        self.action_draft()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "draft":
            return True if self.found is not None and self.found.candidates else None
        return True

    def action_draft(self) -> None:
        at = self.steps.highlighted
        if self.found is None or at is None or not 0 <= at < len(self.found.candidates):
            return
        via = self.found.candidates[at].contact
        if via.id in self.sessions:
            self.put(self.sessions[via.id])
            self.pane.query_one("#draft-text").focus()
            return
        self._draft(via.id)

    @work(thread=True, exclusive=True, group="intro-draft", exit_on_error=False)
    def _draft(self, via_id: str) -> None:
        try:
            session = draft_lists.intro_session(self.cockpit.open_service(), self.target_id,
                                                via_id)
        except USER_ERRORS as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.Drafted(via_id, session))

    def on_introducers_screen_drafted(self, event: Drafted) -> None:
        self.sessions[event.via_id] = event.session
        self.put(event.session)
        self.pane.query_one("#draft-text").focus()

    def on_introducers_screen_failed(self, event: Failed) -> None:
        self.notify(event.error, title="Who can introduce me", severity="error")

"""A screen of drafts to step through, one person at a time: the people on the left (where
each draft stands), the Draft pane on the right with all its keys (t, h, c, f, i, e, y,
S). `n` / `p` go to the next / previous person; `escape` goes back.

`BatchDraftScreen` (a tag's batch, P8) and `IntroducersScreen` (who can introduce me, P2)
fill it in.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, OptionList
from textual.widgets.option_list import Option

from ..actions.draft_session import DraftSession
from ..tui_host import Host, host
from ..widgets.draft_steps import StepDraftPane
from ..widgets.drafter import DraftPane
from ..widgets.summary import SummaryHeader


class DraftStepsScreen(Screen[None]):
    """People on the left, the highlighted one's draft on the right."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="steps-back"),
        Binding("n", "step(1)", "Next", id="steps-next", tooltip="Go to the next person"),
        Binding("p", "step(-1)", "Previous", id="steps-previous",
                tooltip="Go back to the previous person"),
    ]

    DEFAULT_CSS = """
    DraftStepsScreen #steps-body { height: 1fr; }
    DraftStepsScreen #steps { width: 2fr; height: 1fr; border: round $panel-lighten-2;
                              border-title-color: $text-accent; }
    DraftStepsScreen #steps:focus-within { border: round $accent; }
    DraftStepsScreen #step-draft { width: 3fr; height: 1fr; border: round $panel-lighten-2;
                                   border-title-color: $text-accent; }
    DraftStepsScreen #step-draft:focus-within { border: round $accent; }
    """

    screen_title = "Drafts"
    list_title = "People"

    @property
    def cockpit(self) -> Host:
        return host(self)

    def compose(self) -> ComposeResult:
        yield SummaryHeader(id="header")
        with Horizontal(id="steps-body"):
            yield OptionList(id="steps")
            yield StepDraftPane(id="step-draft")
        yield Footer(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        header = self.query_one(SummaryHeader)
        header.title = self.screen_title
        header.day = self.cockpit.today
        self.query_one("#steps", OptionList).border_title = self.list_title

    # ------------------------------------------------------------------ to fill in

    def rows(self) -> list[Option]:
        """One option per person (disabled: someone with no draft)."""
        raise NotImplementedError

    def show(self, index: int) -> None:
        """Put person `index`'s draft in the pane."""
        raise NotImplementedError

    # ------------------------------------------------------------------ the list

    @property
    def steps(self) -> OptionList:
        return self.query_one("#steps", OptionList)

    @property
    def pane(self) -> StepDraftPane:
        return self.query_one(StepDraftPane)

    def fill(self) -> None:
        """The rows, first time; afterwards their words again (a draft was marked sent or
        re-written), the cursor left where it is."""
        steps = self.steps
        rows = self.rows()
        if steps.option_count != len(rows):
            steps.set_options(rows)
            first = next((i for i, row in enumerate(rows) if not row.disabled), None)
            if first is not None:
                steps.highlighted = first
            return
        for i, row in enumerate(rows):
            if steps.get_option_at_index(i).prompt != row.prompt:
                steps.replace_option_prompt_at_index(i, row.prompt)

    def put(self, session: DraftSession) -> None:
        """Show this draft in the pane (its keys then act on it)."""
        pane = self.pane
        if pane.session is not session:
            pane.editing = False
            pane.session = session

    @on(OptionList.OptionHighlighted, "#steps")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show(event.option_index)

    @on(OptionList.OptionSelected, "#steps")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.choose(event.option_index)

    def choose(self, index: int) -> None:
        """enter on a row: that person's draft, the cursor in it."""
        self.show(index)
        self.pane.query_one("#draft-text").focus()

    @on(StepDraftPane.Changed)
    def _changed(self) -> None:
        self.fill()

    def action_step(self, step: int) -> None:
        steps = self.steps
        if step > 0:
            steps.action_cursor_down()
        else:
            steps.action_cursor_up()

    def action_back(self) -> None:
        self.app.pop_screen()

    @on(DraftPane.FillWanted)
    def _fill_in(self, event: DraftPane.FillWanted) -> None:
        from .fill_draft import FillDraftScreen

        session = event.session

        def filled(done: bool | None) -> None:
            if done:
                self.pane.filled(session)

        self.app.push_screen(FillDraftScreen(session), filled)

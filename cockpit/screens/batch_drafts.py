"""Batch drafts for a tag (P8), in the TUI: `B` on the morning screen (or the palette).

Pick a tag — and, for the update, say what you are working on — and each person tagged
gets their own draft from their own mention, saved as drafts (as `cockpit draft --tag`).
Then step through them: `n` / `p` for the next / previous person, and the Draft pane's
keys on each (`y` copy, `S` mark sent, `t` `h` `c` `f` `i` `e`). People with nothing
personal to write from are listed as skipped, with why: never a form letter.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from ..actions import USER_ERRORS, FormErrors, draft_lists
from ..actions.draft_lists import BatchSessions
from ..text import clipped, shown
from ..tui_host import host
from ..widgets.draft_steps import draft_state, person_row, skipped_row
from .draft_steps import DraftStepsScreen
from .form_errors import clear_field_errors, show_field_errors


class BatchDraftScreen(DraftStepsScreen):
    """One draft per person with the tag; skip (`n`) or copy and mark each sent."""

    screen_title = "Batch drafts"
    list_title = "People"

    def __init__(self, batch: BatchSessions) -> None:
        super().__init__()
        self.tag_batch = batch

    def on_mount(self) -> None:
        super().on_mount()
        self.fill()
        self.pane.query_one("#draft-text").focus()

    def rows(self) -> list[Option]:
        rows = [Option(person_row(s.contact, *draft_state(s))) for s in self.tag_batch.sessions]
        rows += [skipped_row(c, why) for c, why in self.tag_batch.skipped]
        self._summarise()
        return rows

    def _summarise(self) -> None:
        batch = self.tag_batch
        sent = sum(1 for s in batch.sessions if s.sent)
        parts = [f"tag {clipped(shown(batch.tag), 60)} · {batch.template}",
                 f"{len(batch.sessions)} draft{'s' if len(batch.sessions) != 1 else ''}"]
        if batch.skipped:
            parts.append(f"{len(batch.skipped)} skipped")
        parts.append(f"{sent} sent")
        self.query_one("#header").summary = " · ".join(parts)  # type: ignore[attr-defined]

    def show(self, index: int) -> None:
        if 0 <= index < len(self.tag_batch.sessions):
            self.put(self.tag_batch.sessions[index])


class BatchPickScreen(ModalScreen[BatchSessions | None]):
    """Which tag, which template, and your news (for the update)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="batch-cancel"),
        Binding("ctrl+s", "build", "Draft", id="batch-build",
                tooltip="Draft for everyone with the highlighted tag"),
    ]

    DEFAULT_CSS = """
    BatchPickScreen #tag { height: auto; max-height: 10; margin-bottom: 1; }
    BatchPickScreen Select { width: 1fr; }
    """

    class Loaded(Message):
        def __init__(self, tags: list[tuple[str, int]], templates: list[str]) -> None:
            super().__init__()
            self.tags = tags
            self.templates = templates

    class Built(Message):
        def __init__(self, batch: BatchSessions) -> None:
            super().__init__()
            self.batch = batch

    class Rejected(Message):
        def __init__(self, errors: dict[str, str]) -> None:
            super().__init__()
            self.errors = errors

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, int]] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="batch-dialog") as box:
            box.border_title = "Batch drafts for a tag"
            yield Static(Content.styled("Each person gets their own draft, from what you "
                                        "noted about them; nothing is sent.", "$text-muted"),
                         classes="dialog-note")
            with Vertical(classes="form-row", id="row-tag"):
                yield OptionList(Option(Content.styled("reading your tags…", "$text-muted"),
                                        disabled=True), id="tag")
                yield Static("", classes="field-error", id="error-tag")
            with Vertical(classes="form-row", id="row-my_update"):
                with Horizontal(classes="field"):
                    yield Label("My news", classes="field-label")
                    yield Input("", id="my_update", compact=True,
                                placeholder="what you are working on (the update tells it)")
                yield Static("", classes="field-error", id="error-my_update")
            with Vertical(classes="form-row", id="row-template"):
                with Horizontal(classes="field"):
                    yield Label("Template", classes="field-label")
                    yield Select([("update", "update")], value="update", allow_blank=False,
                                 id="template", compact=True)
                yield Static("", classes="field-error", id="error-template")
            yield Static(Content.styled("enter on a tag drafts · tab moves · escape cancels",
                                        "$text-muted"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#tag", OptionList).focus()
        self._load()

    @work(thread=True, exclusive=True, group="batch-tags", exit_on_error=False)
    def _load(self) -> None:
        ws = host(self).open_service()
        try:
            found = draft_lists.tags(ws)
            names = draft_lists.batch_templates()
        except USER_ERRORS as exc:
            self.post_message(self.Rejected({"tag": str(exc)}))
            return
        self.post_message(self.Loaded(found, names))

    def on_batch_pick_screen_loaded(self, event: Loaded) -> None:
        self.tags = event.tags
        tags = self.query_one("#tag", OptionList)
        if not event.tags:
            tags.set_options([Option(Content.styled(
                "No one is tagged yet: tag people on their screen (e) first", "$text-muted"),
                disabled=True)])
            return
        tags.set_options([Option(Content.assemble((clipped(shown(tag), 60), "bold"),
                                                  (f"  {n} {'person' if n == 1 else 'people'}",
                                                   "$text-muted")))
                          for tag, n in event.tags])
        tags.highlighted = 0
        self.query_one("#template", Select).set_options((n, n) for n in event.templates)
        self.query_one("#template", Select).value = "update"

    @on(OptionList.OptionSelected, "#tag")
    def action_build(self) -> None:
        clear_field_errors(self)
        at = self.query_one("#tag", OptionList).highlighted
        if at is None or not self.tags:
            show_field_errors(self, {"tag": "choose a tag first"})
            return
        template = self.query_one("#template", Select).value
        self._build(self.tags[at][0], str(template), self.query_one("#my_update", Input).value)

    @on(Input.Submitted, "#my_update")
    def _submitted(self) -> None:
        self.action_build()

    @work(thread=True, exclusive=True, group="batch-build", exit_on_error=False)
    def _build(self, tag: str, template: str, my_update: str) -> None:
        try:
            batch = draft_lists.batch_sessions(host(self).open_service(), tag, template,
                                               my_update)
        except FormErrors as exc:
            self.post_message(self.Rejected(exc.errors))
        except USER_ERRORS as exc:
            self.post_message(self.Rejected({"tag": str(exc)}))
        else:
            self.post_message(self.Built(batch))

    def on_batch_pick_screen_rejected(self, event: Rejected) -> None:
        show_field_errors(self, event.errors)

    def on_batch_pick_screen_built(self, event: Built) -> None:
        self.dismiss(event.batch)

    def action_cancel(self) -> None:
        self.dismiss(None)

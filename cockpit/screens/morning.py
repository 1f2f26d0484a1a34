"""The morning screen (home): Follow-ups, Birthdays, Engage before asking, and Draft.

The screen paints at once; a thread worker posts the agenda as `AgendaLoaded` (or
`LoadFailed`): read through the database's index when one describes the file, then
again once the database is open. Pane messages become service calls through
`CockpitApp.save`; when a write lands the app hands the fresh agenda back here
(`data_changed`).
"""

from __future__ import annotations

import threading
import time
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid
from textual.message import Message

from .. import heap
from ..actions import morning as morning_actions
from ..actions import network as network_actions
from ..actions import search, triage
from ..actions.errors import READ_ERRORS
from ..actions.morning import Morning
from ..agenda import EngageItem, FollowUpItem
from ..model import Contact, Origin
from ..network import network_day_label
from ..tui_host import Host, OpenContact, host
from ..widgets.agenda_list import AgendaList
from ..widgets.birthdays import BirthdaysPane
from ..widgets.drafter import DraftPane
from ..widgets.engage import EngagePane
from ..widgets.followups import FollowupsPane
from ..widgets.footer import KeysFooter
from ..widgets.summary import SummaryHeader
from .common import draft_hint, open_followup, open_log
from .popup_host import PopupHost
from .undoing import UNDO_BINDING, save_undoable, undo_last

WATCH_EVERY = 10.0  # seconds between looks at the file for changes made elsewhere
PAINT_WAIT = 2.0  # seconds the store's opening waits for the first agenda to be painted


class MorningScreen(PopupHost):
    """Home: what to do this morning."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 (Textual API)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_contact", "New", id="new-contact",
                tooltip="Add a new contact (someone you met)"),
        Binding("a", "new_ask", "New ask", id="new-ask", show=False,
                tooltip="Plan an ask for the selected contact"),
        Binding("N", "network", "Network", id="network", key_display="N",
                tooltip="The network review: health, invitations, prune, requests"),
        Binding("B", "batch_drafts", "Batch drafts", id="batch-drafts", key_display="B",
                show=False, tooltip="Personal drafts for everyone with a tag, one by one"),
        Binding("F", "schedule_followup", "Follow-up", id="schedule-followup", show=False,
                key_display="F", tooltip="Schedule a follow-up with the selected contact"),
        Binding("z", "zoom", "Zoom", id="zoom", show=False,
                tooltip="Give the focused pane the whole screen (again to go back)"),
        Binding("escape", "unzoom", "Back", id="unzoom",
                tooltip="Back to the four panes (after z or w on a narrow screen)"),
        UNDO_BINDING,
    ]

    class AgendaLoaded(Message):
        """The agenda is ready (first load, or after a change)."""

        def __init__(self, morning: Morning) -> None:
            super().__init__()
            self.morning = morning

    class LoadFailed(Message):
        """The database or settings could not be read."""

        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        self._agenda_shown = threading.Event()  # set once an agenda was painted
        self._find_indexed = False

    @property
    def cockpit(self) -> Host:
        return host(self)

    def compose(self) -> ComposeResult:
        yield SummaryHeader(id="header")
        with Grid(id="panes"):
            yield FollowupsPane(id="followups", classes="pane")
            yield BirthdaysPane(id="birthdays", classes="pane")
            yield EngagePane(id="engage", classes="pane")
            yield DraftPane(id="draft", classes="pane")
        yield KeysFooter(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        header = self.query_one(SummaryHeader)
        header.day = self.cockpit.today
        if self.cockpit.demo:
            header.title = "Cockpit demo"
        self.query_one(FollowupsPane).focus()
        self.load_agenda()
        self.set_interval(WATCH_EVERY, self.watch_file)
        self.set_interval(heap.QUIET / 2, heap.tidy_when_quiet)

    # ------------------------------------------------------------------ loading

    @work(thread=True, exclusive=True, group="agenda", exit_on_error=False)
    def load_agenda(self) -> None:
        cockpit = self.cockpit
        if cockpit.first_paint is None and cockpit.service is None:
            # The agenda from the file's index first (a fifth of the time of the full
            # read); keys pressed meanwhile wait for the store in their workers.
            quick = cockpit.quick_morning()
            if quick is not None:
                self.post_message(self.AgendaLoaded(quick))
                # Opening competes with the paint for the interpreter: let it paint first.
                self._agenda_shown.wait(PAINT_WAIT)
        try:
            cockpit.open_service(lambda morning: self.post_message(self.AgendaLoaded(morning)))
        except READ_ERRORS as exc:
            self.post_message(self.LoadFailed(str(exc)))

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def watch_file(self) -> None:
        """Another process changed the database (a script, `cockpit log`): show it."""
        service = self.cockpit.service
        if service is None:
            return
        try:
            if service.reload_if_changed():
                self.post_message(self.AgendaLoaded(morning_actions.morning(service)))
        except READ_ERRORS:
            return  # the next save says what is wrong, with the file's name

    def on_unmount(self) -> None:
        heap.release()

    def on_morning_screen_agenda_loaded(self, event: AgendaLoaded) -> None:
        self.show_morning(event.morning)

    def on_morning_screen_load_failed(self, event: LoadFailed) -> None:
        self.query_one(SummaryHeader).summary = "could not open the database"
        self.notify(event.error, title="Cannot open the database", severity="error",
                    timeout=30)

    def show_morning(self, morning: Morning) -> None:
        self.cockpit.morning = morning
        agenda = morning.agenda
        day = network_day_label(agenda.date, self.cockpit.settings)
        self.query_one(SummaryHeader).summary = (f"{day} · " if day else "") + morning.summary
        self.query_one(FollowupsPane).show_agenda(agenda.followups, agenda.date, morning.lapsed,
                                                  quiet=agenda.is_quiet, empty=morning.no_contacts,
                                                  requests=morning.requests)
        self.query_one(BirthdaysPane).show_items(agenda.birthdays)
        self.query_one(EngagePane).show_items(agenda.engage)
        if self.cockpit.first_paint is None or not self._find_indexed:
            self.call_after_refresh(self._painted)
        heap.settle()

    def _painted(self) -> None:
        """Record when the agenda first reached the screen (for the first-paint benchmark),
        then, once the database is open, index everyone for find."""
        if self.cockpit.first_paint is None:
            self.cockpit.first_paint = time.perf_counter()
            self._agenda_shown.set()
        if self.cockpit.service is not None and not self._find_indexed:
            self._find_indexed = True
            self.index_for_find()

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def index_for_find(self) -> None:
        """Fuzzy find is ready before the first keystroke. Built once the agenda is on
        screen: built before, it held the first paint back by 70-100 ms at 30k."""
        service = self.cockpit.service
        if service is not None:
            search.build_index(service)

    def data_changed(self, morning: Morning | None) -> None:
        """A write landed (with the fresh agenda), or failed (reload to undo marks)."""
        if morning is not None:
            self.show_morning(morning)
        else:
            self.load_agenda()

    # ------------------------------------------------------------------ helpers

    def _focused_pane(self) -> AgendaList | None:
        focused = self.focused
        return focused if isinstance(focused, AgendaList) else None

    def selected_contact(self) -> Contact | None:
        pane = self._focused_pane()
        if pane is not None:
            return pane.selected_contact
        draft = self.query_one(DraftPane).session
        return draft.contact if draft is not None else None

    # ------------------------------------------------------------------ pane messages

    @on(AgendaList.ContactSelected)
    def _open_contact(self, event: AgendaList.ContactSelected) -> None:
        event.stop()
        self.post_message(OpenContact(event.contact_id))

    @on(FollowupsPane.ItemDone)
    def _done(self, event: FollowupsPane.ItemDone) -> None:
        item = event.item
        if item.origin == Origin.INVITE_PENDING.value:
            self._invitation_outcome(item)
            return
        save_undoable(self, lambda ws: triage.done(ws, item), [item.contact.id])

    def _invitation_outcome(self, item: FollowUpItem) -> None:
        """A pending invitation is not "done": ask what became of it, and log that."""
        from .invite_outcome import InviteOutcomeScreen

        def chosen(answer: str | None) -> None:
            if answer:
                self.query_one(FollowupsPane).mark_pending(answer)
                save_undoable(self, lambda ws: network_actions.answer_invitation(ws, item, answer),
                              [item.contact.id])

        self.app.push_screen(InviteOutcomeScreen(item.contact.name,
                                                 self.cockpit.settings.pending_invite_days),
                             chosen)

    @on(FollowupsPane.SnoozeRequested)
    def _snooze(self, event: FollowupsPane.SnoozeRequested) -> None:
        from .snooze import SnoozeDialog

        item = event.item

        def chosen(until: object) -> None:
            if until is not None:
                self.query_one(FollowupsPane).mark_pending("snoozed")
                save_undoable(self, lambda ws: triage.snooze(ws, item, until),  # type: ignore[arg-type]
                              [item.contact.id])

        self.open_popup(SnoozeDialog, lambda d: d.ask(item.contact.name, self.cockpit.today),
                        chosen)

    @on(BirthdaysPane.Wished)
    def _wished(self, event: BirthdaysPane.Wished) -> None:
        item = event.item
        save_undoable(self, lambda ws: triage.wish(ws, item), [item.contact.id])

    @on(AgendaList.LogRequested)
    def _log(self, event: AgendaList.LogRequested) -> None:
        note = ""
        ask = None
        if isinstance(event.item, EngageItem):
            ask = event.item.ask
            note = f"Ask: {ask.what} · " + (f"next step: {event.item.next_step}"
                                             if event.item.next_step else "ready: you can ask now")
        open_log(self, event.contact, event.kind, note, ask)

    @on(AgendaList.DraftRequested)
    def _draft(self, event: AgendaList.DraftRequested) -> None:
        template, ask_id = draft_hint(event.item)
        self.start_draft(event.contact.id, template, ask_id)

    def start_draft(self, contact_id: str, template: str | None = None,
                    ask_id: str | None = None) -> None:
        if not self.cockpit.require_service():
            return
        pane = self.query_one(DraftPane)
        pane.start(contact_id, template, ask_id)
        if self.size.width < 100 and self.maximized is None:
            self.maximize(pane)

    @on(DraftPane.FillWanted)
    def _fill_in(self, event: DraftPane.FillWanted) -> None:
        from .fill_draft import FillDraftScreen

        session = event.session

        def filled(done: bool | None) -> None:
            if done:
                self.query_one(DraftPane).filled(session)

        self.app.push_screen(FillDraftScreen(session), filled)

    # ------------------------------------------------------------------ screen keys

    def action_new_contact(self) -> None:
        from .new_contact import ContactFormScreen

        if self.cockpit.require_service():
            self.app.push_screen(ContactFormScreen(), self._contact_added)

    def _contact_added(self, contact: object) -> None:
        if isinstance(contact, Contact):
            self.cockpit.notify(f"Added {contact.name}")
            self.load_agenda()

    def action_network(self, tab: str = "health") -> None:
        from .network import NetworkScreen

        if self.cockpit.require_service():
            self.app.push_screen(NetworkScreen(tab))

    def on_followups_pane_requests_wanted(self, event: FollowupsPane.RequestsWanted) -> None:
        self.action_network("requests")

    def action_batch_drafts(self) -> None:
        from .batch_drafts import BatchDraftScreen, BatchPickScreen

        def picked(batch: object) -> None:
            if batch is not None:
                self.app.push_screen(BatchDraftScreen(batch))  # type: ignore[arg-type]

        if self.cockpit.require_service():
            self.app.push_screen(BatchPickScreen(), picked)

    def action_new_ask(self) -> None:
        from .new_ask import NewAskScreen

        if not self.cockpit.require_service():
            return
        contact = self.selected_contact()
        self.app.push_screen(NewAskScreen(contact), self._ask_added)

    def action_schedule_followup(self) -> None:
        if not self.cockpit.require_service():
            return
        contact = self.selected_contact()
        if contact is None:
            self.cockpit.notify("Move to someone's row first (tab, j/k), then press F",
                                title="No contact selected", severity="warning")
            return
        open_followup(self, contact)

    def _ask_added(self, result: object) -> None:
        if result:
            self.load_agenda()
            self.query_one(EngagePane).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "unzoom":
            return self.maximized is not None
        if action in ("new_contact", "new_ask", "network", "schedule_followup",
                      "batch_drafts"):
            return self.maximized is None  # zoomed in: one thing at a time
        return True

    def watch_maximized(self) -> None:
        self.refresh_bindings()

    def action_undo(self) -> None:
        undo_last(self)

    def action_unzoom(self) -> None:
        self.minimize()

    def action_zoom(self) -> None:
        if self.maximized is not None:
            self.minimize()
            return
        focused = self.focused
        while focused is not None and "pane" not in focused.classes:
            focused = focused.parent  # type: ignore[assignment]
        if focused is not None:
            self.maximize(focused, container=False)

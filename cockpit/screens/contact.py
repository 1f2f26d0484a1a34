"""The contact screen: everything known about one person, and the keys to act on it.

The card, notes and open items come from memory (a quick worker); the interaction
history is read from the big interactions table, so it has its own worker. Until both
are in (at most `HOLD_S`), the screen is not painted: it appears once, whole, instead of
empty panes, "Loading history…", then the contact (two full paints, the first fighting
the workers for the interpreter). Keys pressed meanwhile already go to this screen.
A history slower than that shows "Loading history…" until it comes. `escape` goes back
to the morning screen, which kept its focus and row.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.worker import get_current_worker

from ..actions import USER_ERRORS, Workspace, contacts, triage
from ..actions import morning as morning_actions
from ..actions.morning import ContactCard, History, Morning
from ..agenda import EngageItem
from ..tui_host import DraftWanted, Host, host
from ..widgets.contact_panes import CardView, ContactAgendaList, HistoryList, NotesList
from ..widgets.footer import KeysFooter
from ..widgets.paint_hold import PaintHold
from ..widgets.summary import SummaryHeader
from .common import draft_hint, open_followup, open_log
from .popup_host import PopupHost
from .undoing import UNDO_BINDING, save_undoable, undo_last

SCREEN_NAME = "contact"
HOLD_S = 0.1
"""Longest the screen waits for its card and history before it is painted without them
(a person notices a longer pause; the loads take ~25 ms on 30,000 contacts)."""


def show_contact(app: App[None], contact_id: str) -> None:
    """Push the contact screen showing this contact. One screen serves every contact:
    composing it again for each enter cost more than reading the contact."""
    current = app.screen
    if isinstance(current, ContactScreen):
        if current.contact_id == contact_id:
            return
        app.pop_screen()
    if app.is_screen_installed(SCREEN_NAME):
        screen = app.get_screen(SCREEN_NAME)
        assert isinstance(screen, ContactScreen)
        screen.show_contact(contact_id)
    else:
        app.install_screen(ContactScreen(contact_id), SCREEN_NAME)
    app.push_screen(SCREEN_NAME)


class ContactScreen(PopupHost):
    """One contact."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 (Textual API)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="contact-back"),
        # First, so that on an archived contact's screen it is never cut from a narrow bar.
        Binding("A", "restore", "Restore", id="contact-restore", key_display="A",
                tooltip="Restore the archived contact: back in the agenda, lists and batches"),
        Binding("l", "log", "Log", id="contact-log", tooltip="Log an interaction"),
        Binding("n", "new_note", "Note", id="contact-note", tooltip="Add a note"),
        Binding("w", "draft", "Draft", id="contact-draft",
                tooltip="Draft a message (in the Draft pane)"),
        Binding("a", "new_ask", "Ask", id="contact-ask", show=False, tooltip="Plan an ask"),
        Binding("F", "schedule_followup", "Follow-up", id="contact-followup", key_display="F",
                tooltip="Schedule a follow-up"),
        Binding("e", "edit", "Edit", id="contact-edit", tooltip="Edit the contact's fields"),
        Binding("i", "introducers", "Intros", id="contact-introducers",
                tooltip="Who can introduce me to them, best first, and the request (w)"),
        Binding("A", "archive", "Archive", id="contact-archive", key_display="A", show=False,
                tooltip="Archive the contact (A again restores them)"),
        UNDO_BINDING,
    ]

    class CardLoaded(Message):
        """The contact's card (fields, notes, open items) was read."""

        def __init__(self, card: ContactCard) -> None:
            super().__init__()
            self.card = card

    class HistoryLoaded(Message):
        """The interaction history was read (parsed on first use: it can take a moment)."""

        def __init__(self, history: History, contact_id: str = "") -> None:
            super().__init__()
            self.history = history
            self.contact_id = contact_id

    class LoadFailed(Message):
        """The contact could not be read."""

        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(self, contact_id: str) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.card: ContactCard | None = None
        self.load_failed = False
        """The card could not be read: the keys that need it are dimmed."""
        self._hold = PaintHold(self, HOLD_S)
        """Painting waits for the card and history (see the module docstring)."""
        self._styled_as: tuple[object, ...] | None = None
        """What the styles depended on when this screen was last left (see
        `on_screen_resume`)."""

    @property
    def cockpit(self) -> Host:
        return host(self)

    def compose(self) -> ComposeResult:
        yield SummaryHeader(id="header")
        with Horizontal(id="contact-body"):
            with Vertical(id="contact-left"):
                with VerticalScroll(id="card-scroll", classes="pane") as card:
                    card.border_title = "Contact"
                    yield CardView(id="card")
                yield ContactAgendaList(id="contact-agenda", classes="pane")
            with Vertical(id="contact-right"):
                yield NotesList(id="notes", classes="pane")
                yield HistoryList(id="history", classes="pane")
        yield KeysFooter(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        header = self.query_one(SummaryHeader)
        header.title = "Contact"
        header.day = self.cockpit.today
        self.show_contact(self.contact_id)

    def show_contact(self, contact_id: str) -> None:
        """Show this contact instead (see `show_contact`)."""
        self.contact_id = contact_id
        self.card = None
        self.load_failed = False
        if self.is_mounted:
            header = self.query_one(SummaryHeader)
            header.day = self.cockpit.today
            header.summary = ""
            for pane in (self.query_one(CardView), self.query_one(ContactAgendaList),
                         self.query_one(NotesList), self.query_one(HistoryList)):
                pane.clear()
        self._hold.begin()
        self.load()

    # ------------------------------------------------------------------ painting

    def _release_when_shown(self, last: Widget) -> None:
        """Paint once the card and history are shown; `last`: the pane given its data
        last. Its own refresh is queued before the release (asked of it, not of the
        screen), and so is the key bar's update for this contact: both are in the paint,
        not in a second one a frame later."""
        if self.card is not None and self.query_one(HistoryList).shown:
            last.call_after_refresh(self._hold.end)

    def on_screen_suspend(self) -> None:
        self._hold.end()  # the screen underneath paints at once
        # Left for the morning screen (popped), not covered by a dialog: only then is
        # the restyle on the next push skipped (a dialog's pop keeps Textual's rule).
        self._styled_as = None if self in self.app.screen_stack else self._style_state()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual restyles every node of a screen it pushes (10–15 ms here, a fifth of
        # the enter key). A theme change restyles installed screens too, so unless the
        # theme or the terminal's focus changed since this screen was left, its styles
        # are still right.
        if self._styled_as is not None and self._styled_as == self._style_state():
            event.refresh_styles = False

    def _style_state(self) -> tuple[object, ...]:
        return (self.app.theme, self.app.app_focus, self.app.ansi_color)

    def on_unmount(self) -> None:
        self._hold.end()

    def _shows(self, contact_id: str) -> bool:
        """A card or history that arrives late — escape pressed, or another contact shown
        since — is dropped."""
        return contact_id == self.contact_id and self in self.app.screen_stack

    # ------------------------------------------------------------------ loading

    @work(thread=True, exclusive=True, group="contact", exit_on_error=False)
    def load(self) -> None:
        """The card, then the history (one thread: two fought each other and the screen
        for the interpreter)."""
        contact_id = self.contact_id
        worker = get_current_worker()
        try:
            card = morning_actions.card(self.cockpit.open_service(), contact_id)
        except USER_ERRORS as exc:
            self.post_message(self.LoadFailed(str(exc)))
        else:
            if not worker.is_cancelled:  # a newer load runs: its card is the fresh one
                self.post_message(self.CardLoaded(card))
        try:
            history = morning_actions.history(self.cockpit.open_service(), contact_id)
        except USER_ERRORS as exc:
            self.post_message(self.LoadFailed(str(exc)))
            return
        if not worker.is_cancelled:
            self.post_message(self.HistoryLoaded(history, contact_id))

    def on_contact_screen_card_loaded(self, event: CardLoaded) -> None:
        if not self._shows(event.card.contact.id):
            return
        first = self.card is None
        self.card = event.card
        c = event.card.contact
        header = self.query_one(SummaryHeader)
        header.summary = " · ".join(p for p in (c.name, c.company) if p)
        self.query_one(CardView).show(event.card, self.cockpit.today)
        agenda = self.query_one(ContactAgendaList)
        agenda.show(event.card, self.cockpit.today)
        self.query_one(NotesList).show(event.card.notes)
        if first:
            if event.card.followups or event.card.asks:
                agenda.focus()
            else:
                self.query_one(NotesList).focus()
        self.refresh_bindings()
        self._release_when_shown(self.query_one(NotesList))

    def on_contact_screen_history_loaded(self, event: HistoryLoaded) -> None:
        if not self._shows(event.contact_id):
            return
        history = self.query_one(HistoryList)
        history.show(event.history, self.cockpit.today)
        self._release_when_shown(history)

    def on_contact_screen_load_failed(self, event: LoadFailed) -> None:
        self._hold.end()
        self.load_failed = True
        self.refresh_bindings()
        self.notify(event.error, title="Cannot show the contact", severity="error")

    def data_changed(self, morning: Morning | None) -> None:
        self.load()

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("archive", "restore"):
            # Both are `A`: only the one that applies is active (False: not in the footer,
            # and the key goes to the other).
            if self.card is None:
                return None if action == "archive" else False
            return self.card.contact.archived == (action == "restore")
        if action in ("log", "new_note", "draft", "new_ask", "edit",
                      "schedule_followup", "introducers"):
            # Lit while the card loads (a few ms: dimming and lighting the bar again cost
            # more than the load); dimmed only if it could not be read.
            return None if self.card is None and self.load_failed else True
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_undo(self) -> None:
        undo_last(self)

    def action_log(self) -> None:
        if self.card is None:
            return
        kind = "message"
        agenda = self.query_one(ContactAgendaList)
        selected = agenda.selected if self.focused is agenda else None
        note = ""
        ask = None
        if isinstance(selected, EngageItem):
            kind = selected.next_step or "ask"
            ask = selected.ask
            note = f"Ask: {selected.ask.what} · next step: {kind}"
        open_log(self, self.card.contact, kind, note, ask)

    def action_schedule_followup(self) -> None:
        if self.card is not None:
            open_followup(self, self.card.contact)

    def action_new_note(self) -> None:
        from .note import NoteInput, NoteScreen

        if self.card is None:
            return
        contact = self.card.contact

        def chosen(note: NoteInput | None) -> None:
            if note is not None:
                self.cockpit.save(lambda ws: (contacts.save_note(
                    ws, contact.id, note.text, kind=note.kind), f"Note added ({note.kind})")[1])

        self.app.push_screen(NoteScreen(contact.name), chosen)

    @on(NotesList.EditRequested)
    def _edit_note(self, event: NotesList.EditRequested) -> None:
        from .note import NoteInput, NoteScreen

        note = event.note
        name = self.card.contact.name if self.card else ""

        def chosen(edited: NoteInput | None) -> None:
            if edited is not None and (edited.text, edited.kind) != (note.text, note.kind):
                self.cockpit.save(lambda ws: (contacts.save_note(
                    ws, note.contact_id, edited.text, note.id, note.date, edited.kind),
                    "Note saved")[1])

        self.app.push_screen(NoteScreen(name, note.text, note.kind), chosen)

    @on(NotesList.DeleteRequested)
    def _delete_note(self, event: NotesList.DeleteRequested) -> None:
        from .note import ConfirmScreen

        note = event.note
        short = note.text if len(note.text) <= 50 else note.text[:49] + "…"

        def delete(ws: Workspace) -> str:
            contacts.delete_note(ws, note.id)
            return "Note deleted"

        def answered(yes: bool | None) -> None:
            if yes:
                self.cockpit.save(delete)

        self.app.push_screen(ConfirmScreen(f"Delete the note “{short}”?", "Delete"), answered)

    @on(HistoryList.DeleteRequested)
    def _delete_interaction(self, event: HistoryList.DeleteRequested) -> None:
        from .note import ConfirmScreen

        item = event.interaction
        what = f"the {item.kind} of {item.date.day} {item.date:%b %Y}"
        if item.summary:
            what += f" (“{item.summary if len(item.summary) <= 40 else item.summary[:39] + '…'}”)"

        def answered(yes: bool | None) -> None:
            if yes:
                self.cockpit.save(lambda ws: triage.delete_interaction(ws, item.id),
                                  contacts=[item.contact_id])

        self.app.push_screen(ConfirmScreen(f"Delete {what}? It cannot be undone.", "Delete"),
                             answered)

    @on(ContactAgendaList.ItemDone)
    def _done(self, event: ContactAgendaList.ItemDone) -> None:
        item = event.item
        save_undoable(self, lambda ws: triage.done(ws, item), [item.contact.id])

    @on(ContactAgendaList.SnoozeRequested)
    def _snooze(self, event: ContactAgendaList.SnoozeRequested) -> None:
        from .snooze import SnoozeDialog

        item = event.item

        def chosen(until: object) -> None:
            if until is not None:
                save_undoable(self, lambda ws: triage.snooze(ws, item, until),  # type: ignore[arg-type]
                              [item.contact.id])

        self.open_popup(SnoozeDialog, lambda d: d.ask(item.contact.name, self.cockpit.today),
                        chosen)

    def action_draft(self) -> None:
        if self.card is None:
            return
        agenda = self.query_one(ContactAgendaList)
        template, ask_id = draft_hint(agenda.selected) if self.focused is agenda else (None, None)
        self.post_message(DraftWanted(self.contact_id, template, ask_id))

    def action_introducers(self) -> None:
        from .introducers import IntroducersScreen

        if self.card is not None:
            self.app.push_screen(IntroducersScreen(self.contact_id))

    def action_new_ask(self) -> None:
        from .new_ask import NewAskScreen

        if self.card is not None:
            self.app.push_screen(NewAskScreen(self.card.contact), lambda ask: self._changed(ask))

    def action_edit(self) -> None:
        from .new_contact import ContactFormScreen

        service = self.cockpit.service
        if self.card is None or service is None:
            return
        contact = self.card.contact
        form = contacts.form_of(service, contact)
        self.app.push_screen(ContactFormScreen(contact, form), lambda saved: self._changed(saved))

    def _changed(self, result: object) -> None:
        if result:
            self.cockpit.notify("Saved")
            self.cockpit.reload_all()

    def action_restore(self) -> None:
        self.action_archive()

    def action_archive(self) -> None:
        from .note import ConfirmScreen

        if self.card is None:
            return
        contact = self.card.contact
        if contact.archived:
            save_undoable(self, lambda ws: contacts.archive(ws, contact.id, archived=False),
                          [contact.id])
            return

        def answered(yes: bool | None) -> None:
            if yes:
                save_undoable(self, lambda ws: contacts.archive(ws, contact.id), [contact.id])

        self.app.push_screen(ConfirmScreen(
            f"Archive {contact.name}? They leave the agenda and lists; nothing is deleted "
            "(A again on their screen restores them).", "Archive"), answered)

"""The Textual app: screens in `screens/`, panes in `widgets/`, use cases in `actions`
(screens ask the app only what `tui_host.Host` offers). Blocking work runs in thread
workers; every write goes through `CockpitApp.save`, whose worker posts `Saved` (with the
fresh agenda) or `SaveFailed` (a failed write changed nothing).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import ClassVar

import platformdirs
from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.message import Message
from textual.notifications import SeverityLevel

from .actions import Workspace, calendar
from .actions import morning as morning_actions
from .actions.morning import Morning
from .palette import KeyCommands
from .settings import Settings
from .text import shown, shown_block
from .tui_host import DraftWanted, OpenContact
from .tui_opening import OpensDatabase
from .widgets.palette import ContactProvider
from .widgets.summary import SummaryHeader


class CockpitApp(OpensDatabase, App[None]):
    """Cockpit: the daily networking session."""
    CSS_PATH = "app.tcss"
    TITLE = "Cockpit"
    COMMANDS = App.COMMANDS | {KeyCommands, ContactProvider}
    COMMAND_PALETTE_DISPLAY = "^p"
    NOTIFICATION_TIMEOUT = 4
    DAY_CHECK_EVERY = 15.0  # seconds between looks at the clock for a new day

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="help", key_display="?",
                tooltip="Every key, where it applies"),
        Binding("slash", "find", "Find", id="find", key_display="/",
                tooltip="Find a contact by name, company, tag or note"),
        Binding("x", "export", "Export", id="export", show=False,
                tooltip="Export reminders to an iCalendar file (and CalDAV, when set up)"),
        Binding("I", "import", "Import", id="import", show=False, key_display="I",
                tooltip="Import a vCard file or LinkedIn's Connections.csv"),
        Binding("q", "quit", "Quit", id="quit", tooltip="Leave the cockpit"),
    ]

    class Saved(Message):
        """A write went through; `morning` is the agenda after it."""

        def __init__(self, message: str, morning: Morning | None,
                     then: Callable[[str], None] | None = None, refresh: bool = True) -> None:
            super().__init__()
            self.message = message
            self.morning = morning
            self.then = then
            self.refresh_screens = refresh

    class SaveFailed(Message):
        """A write failed; nothing was changed on disk."""

        def __init__(self, error: str, title: str = "Not saved") -> None:
            super().__init__()
            self.error = error
            self.title = title

    class CheckpointFailed(Message):
        """A save is in the journal but the database file could not be brought up to date."""

        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(self, db_path: Path | str | None, *, today: dt.date,
                 settings: Settings | None = None,
                 clock: Callable[[], dt.datetime] | None = None, demo: bool = False,
                 scratch_dir: Path | str | None = None) -> None:
        App.__init__(self)
        OpensDatabase.__init__(self)
        self.db_path = db_path
        self.today = today
        self.settings = settings or Settings()
        self.clock = clock
        self._clock_day = self.now().date()  # the clock's day when `today` was last set
        self.demo = demo
        self.scratch_dir = Path(scratch_dir) if scratch_dir else Path(
            platformdirs.user_cache_dir("cockpit"))
        """Where a copied draft is also written (for terminals without OSC 52)."""
        self.first_paint: float | None = None
        """perf_counter() when the agenda first reached the screen (see bench/)."""
        self.morning: Morning | None = None
        self.quit_failed = False  # saves left in the journal on quit: exit 1 (tui_entry)

    def on_mount(self) -> None:
        from .screens.morning import MorningScreen

        self.push_screen(MorningScreen())
        self.set_interval(self.DAY_CHECK_EVERY, self.check_day)

    def now(self) -> dt.datetime:
        return (self.clock or dt.datetime.now)()

    def check_day(self) -> bool:
        """Past midnight, header, agenda and new records follow the clock (True: moved)."""
        day = self.now().date()
        if day == self._clock_day:
            return False
        self.today += day - self._clock_day
        self._clock_day = day
        if self.service is not None:
            self.service.move_to(self.today)
        for screen in self.screen_stack:
            for header in screen.query(SummaryHeader):
                header.day = self.today
        self.reload_all(None)
        return True

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every toast is plain text (other people's names): no markup, controls escaped."""
        del markup
        super().notify(shown_block(message), title=shown(title), severity=severity,
                       timeout=timeout, markup=False)

    # ------------------------------------------------------------------ the service

    def require_service(self) -> bool:
        """True once the database is open, or its agenda shown while it opens (a worker
        waits for it); otherwise say so."""
        if self.service is None and self.first_paint is None:
            self.notify("Still opening the database…", severity="warning")
            return False
        return True

    # ------------------------------------------------------------------ writes

    def save(self, change: Callable[[Workspace], str],
             then: Callable[[str], None] | None = None, *, refresh: bool = True,
             contacts: Iterable[str] | None = None, failed: str = "Not saved") -> None:
        """Run a change in a worker; the screens refresh when it lands (or say it failed).

        `change` returns the line to notify ("" for none); `then` runs on success, in the UI.
        `refresh=False` for work that changes nothing the screens show (an export).
        `contacts`: the ids of the only contacts the change touches, so the agenda is
        updated for them alone (None: recomputed whole). `failed` titles a refusal.
        """
        if self.require_service():
            self._save_worker(change, then, refresh, None if contacts is None else tuple(contacts),
                              failed)

    @work(thread=True, group="save", exit_on_error=False)
    def _save_worker(self, change: Callable[[Workspace], str],
                     then: Callable[[str], None] | None, refresh: bool,
                     contacts: tuple[str, ...] | None, failed: str) -> None:
        # Not exclusive: each write must happen. They are serialised by the service lock.
        try:
            service = self.open_service()  # after a paint from the index: it may fail
        except Exception as exc:
            self.post_message(self.SaveFailed(str(exc) or exc.__class__.__name__, failed))
            return
        with service.saving():
            try:
                message = change(service)
            except Exception as exc:
                self.post_message(self.SaveFailed(str(exc) or exc.__class__.__name__, failed))
            else:
                morning = None
                if refresh:
                    try:
                        morning = (morning_actions.morning(service) if contacts is None
                                   else morning_actions.morning_after(service, contacts))
                    except Exception:
                        morning = None
                self.post_message(self.Saved(message, morning, then, refresh))
        # The change is safe in the journal; the file catches up in a pause between keys
        # (a full rewrite of a big file is the slow part of a save).
        service.checkpoint_when_quiet(lambda exc: self.post_message(
            self.CheckpointFailed(str(exc) or exc.__class__.__name__)))

    def on_cockpit_app_saved(self, event: Saved) -> None:
        if event.message:
            self.notify(event.message)
        if event.morning is not None:
            self.morning = event.morning
        if event.then is not None:
            event.then(event.message)
        if event.refresh_screens:
            self.reload_all(event.morning)

    def on_cockpit_app_save_failed(self, event: SaveFailed) -> None:
        self.notify(event.error, title=event.title, severity="error", timeout=10)
        self.reload_all(None)

    def on_cockpit_app_checkpoint_failed(self, event: CheckpointFailed) -> None:
        self.notify(f"{event.error} (your change is kept in the journal and will be "
                    "written on the next save)", title="Saved, file not updated",
                    severity="warning", timeout=10)

    def on_unmount(self) -> None:
        # Leave one complete file behind: fold whatever is still in the journal.
        if self.service is not None:
            try:
                self.service.checkpoint()
            except Exception as exc:  # the journal keeps it; the next open replays it
                print(f"cockpit: {shown(str(exc))}", file=sys.stderr)
                self.quit_failed = True
            else:  # and its index, so tomorrow's `cockpit today` reads only what it needs
                with contextlib.suppress(Exception):
                    morning_actions.save_index(self.service)

    def reload_all(self, morning: Morning | None = None) -> None:
        """Tell every screen the data changed (with the fresh agenda when known)."""
        for screen in self.screen_stack:
            refresh = getattr(screen, "data_changed", None)
            if refresh is not None:
                refresh(morning)

    # ------------------------------------------------------------------ navigation

    def on_open_contact(self, event: OpenContact) -> None:
        self.open_contact(event.contact_id)

    def on_draft_wanted(self, event: DraftWanted) -> None:
        """Draft in the morning screen's Draft pane (leaving the contact screen)."""
        from .screens.contact import ContactScreen
        from .screens.morning import MorningScreen

        while isinstance(self.screen, ContactScreen):
            self.pop_screen()
        if isinstance(self.screen, MorningScreen):
            self.screen.start_draft(event.contact_id, event.template, event.ask_id)

    def open_contact(self, contact_id: str) -> None:
        from .screens.contact import show_contact

        if self.require_service():
            show_contact(self, contact_id)

    def action_find(self) -> None:
        if not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CommandPalette(providers=[ContactProvider],
                                            placeholder="Find a contact by name, company, tag or note…"))

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_export(self) -> None:
        """Write the reminders as an iCalendar file next to the database (a worker)."""
        if self.require_service():
            self.notify("Exporting the calendar…")
            note = " — a demo file: it goes when you quit" if self.demo else ""
            self.save(lambda ws: calendar.export_and_push(ws) + note, refresh=False)

    async def action_quit(self) -> None:
        """Leave; first the calendar file and the push, when config.toml asks for them."""
        from .screens.session_end import leave

        leave(self, self.service)

    def action_import(self) -> None:
        """Bring people in from a vCard file or LinkedIn's Connections.csv."""
        from .screens.import_file import ImportScreen

        if self.require_service() and not isinstance(self.screen, ImportScreen):
            self.push_screen(ImportScreen())

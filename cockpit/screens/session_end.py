"""Leaving with the calendar up to date: the subscribed file re-written and the CalDAV
push, in a worker with progress; the app exits when they are done (or failed, said)."""

from __future__ import annotations

from textual import work
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import ProgressBar, Static

from ..actions import USER_ERRORS, Workspace, calendar
from ..text import shown
from .dialog import Dialog


def leave(app: App[None], ws: Workspace | None) -> None:
    """Quit, after the calendar file and the push when config.toml asks for them."""
    if ws is not None and calendar.session_end_wanted(ws):
        app.push_screen(SessionEndScreen(ws))
    else:
        app.exit()


class SessionEndScreen(Dialog[None]):
    """"Updating your calendar…", then the app exits."""

    class Progressed(Message):
        """The push sent `done` of `total` changes."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    class Finished(Message):
        """The file and the push are done (`lines`), or one failed (`error`)."""

        def __init__(self, lines: list[str], error: str = "") -> None:
            super().__init__()
            self.lines = lines
            self.error = error

    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="session-end") as box:
            box.border_title = "Leaving"
            yield Static("Updating your calendar…", id="session-end-text")
            yield ProgressBar(id="session-end-progress", show_eta=False)

    def on_mount(self) -> None:
        self._run()

    @work(thread=True, exclusive=True, group="session-end", exit_on_error=False)
    def _run(self) -> None:
        def progress(done: int, total: int) -> None:
            self.post_message(self.Progressed(done, total))

        try:
            lines = calendar.end_of_session(self.ws, progress)
        except USER_ERRORS as exc:
            self.post_message(self.Finished([], str(exc)))
        else:
            self.post_message(self.Finished(lines))

    def on_session_end_screen_progressed(self, event: Progressed) -> None:
        self.query_one(ProgressBar).update(total=event.total, progress=event.done)

    def on_session_end_screen_finished(self, event: Finished) -> None:
        if event.error:
            # Said on the terminal after the app is gone: the next push finishes the job.
            self.app.exit(message=Content(f"cockpit: {shown(event.error)}"))
            return
        self.app.exit(message=Content("\n".join(shown(line) for line in event.lines))
                      if event.lines else None)

"""Import people from a vCard file or LinkedIn's Connections.csv, with a progress bar.

The import runs in a thread worker (`actions.files.import_file`, one atomic write at
the end); the bar follows its progress callback, the screen never freezes, and the report
(added, merged, unchanged, skipped, with the first details) is shown when it is done.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Label, ProgressBar, Static

from ..actions import files
from ..text import clipped, clipped_block, shown
from ..tui_host import host
from .dialog import Dialog

SHOWN_DETAILS = 8


class ImportScreen(Dialog[bool]):
    """Pick a file, import it, read the report. Dismissed with True when people came in."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="import-close"),
    ]

    class Progressed(Message):
        """The importer reported progress (from the worker thread)."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    class Finished(Message):
        """The import is done: `summary` and the first `details`."""

        def __init__(self, summary: str, details: list[str], changed: bool) -> None:
            super().__init__()
            self.summary = summary
            self.details = details
            self.changed = changed

    class Failed(Message):
        """The file could not be imported; nothing was written."""

        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        self.running = False
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="import-dialog") as box:
            box.border_title = "Import contacts"
            yield Static(Content.styled(
                "A vCard file (phone, Google, Apple contacts) or LinkedIn's Connections.csv. "
                "People already here are merged, not duplicated.", "$text-muted"),
                classes="dialog-note")
            with Horizontal(classes="field"):
                yield Label("File", classes="field-label")
                yield Input(placeholder="~/Downloads/Connections.csv", id="import-path",
                            compact=True)
            yield ProgressBar(id="import-progress", show_eta=False)
            yield Static("", id="import-report")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Import", variant="primary", id="import", compact=True)
                yield Button("Close", id="close", compact=True)
            yield Static(Content.styled("enter import · escape close", "$text-muted"),
                         classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        self.query_one("#import-path", Input).focus()

    @on(Input.Submitted, "#import-path")
    @on(Button.Pressed, "#import")
    def _start(self) -> None:
        path = self.query_one("#import-path", Input).value.strip()
        report = self.query_one("#import-report", Static)
        if self.running:
            return
        if not path:
            report.update(Content.styled("↳ type the path of the file to import", "$text-error"))
            return
        self.running = True
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        report.update(Content.styled("Importing…", "$text-muted"))
        self._import(path)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def _import(self, path: str) -> None:
        def progress(done: int, total: int) -> None:
            self.post_message(self.Progressed(done, total))

        try:
            result = files.import_file(host(self).open_service(), path, progress)
        except Exception as exc:
            self.post_message(self.Failed(str(exc) or exc.__class__.__name__))
            return
        self.post_message(self.Finished(result.summary(), result.details(),
                                        bool(result.added or result.merged)))

    def on_import_screen_progressed(self, event: Progressed) -> None:
        self.query_one(ProgressBar).update(total=max(1, event.total), progress=event.done)

    def on_import_screen_finished(self, event: Finished) -> None:
        self.running = False
        self.changed = self.changed or event.changed
        bar = self.query_one(ProgressBar)
        bar.update(total=1, progress=1)
        lines = [Content.styled(f"✓ {shown(event.summary)}", "bold $text-success")]
        lines += [Content(clipped(line, 500)) for line in event.details[:SHOWN_DETAILS]]
        if len(event.details) > SHOWN_DETAILS:
            lines.append(Content.styled(f"… and {len(event.details) - SHOWN_DETAILS} more",
                                        "$text-muted"))
        self.query_one("#import-report", Static).update(Content("\n").join(lines))
        if event.changed:
            host(self).reload_all()

    def on_import_screen_failed(self, event: Failed) -> None:
        self.running = False
        self.query_one(ProgressBar).display = False
        self.query_one("#import-report", Static).update(
            Content.styled(f"✗ {clipped_block(event.error, 2000)}", "$text-error"))

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        if not self.running:
            self.dismiss(self.changed)

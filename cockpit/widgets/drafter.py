"""The Draft pane: a short, personal message from your notes, checked as you go (P1–P8, P16).

`w` on any row (or on the contact screen) starts a draft here: the template that fits
(follow-up after meeting, birthday, ask, reconnect…) filled from the contact's newest
note. In the pane: `t` another template, `h` another note as the hook, `c` another
channel, `f` fill in what the template asks for (whom to meet, why, offer, news), `i` edit here (problems update as you type; `escape` ends), `e` edit in
$EDITOR, `y` copy, `S` mark sent. Nothing is ever sent for you (P7).
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static, TextArea

from .. import drafting
from ..actions import Workspace
from ..actions import drafts as drafting_actions
from ..actions.draft_session import DraftSession
from ..actions.errors import READ_ERRORS
from ..text import clipped, shown, shown_block
from ..tui_host import host
from .draft_text import DraftText
from .paint_hold import PaintHold

PLACEHOLDER = "Press w on a row to draft a message to that person."
DRAFT_SHOWN = 20_000
"""Characters of a draft the pane shows and edits (a message past every channel's limit,
e.g. quoting a 5 MB note, is cut here; `e` opens all of it in the editor, `y` copies it all)."""
HOLD_S = 0.1
"""Longest `w` waits for the draft before the screen is painted with "Preparing a draft…"
(see paint_hold; a draft takes a few ms)."""


def _display_text(text: str) -> str:
    if len(text) <= DRAFT_SHOWN:
        return shown_block(text)
    return (shown_block(text[:DRAFT_SHOWN]) + f"\n… cut here: the draft has {len(text):,} "
            "characters (e opens all of it in your editor)")


class DraftPane(Vertical):
    """The fourth morning pane."""

    ALLOW_MAXIMIZE = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("i", "edit_here", "Edit", id="draft-edit", tooltip="Edit the text here"),
        Binding("escape", "stop_editing", "Done editing", id="draft-stop-editing"),
        Binding("t", "next_template", "Template", id="draft-template",
                tooltip="Use the next template"),
        Binding("h", "next_hook", "Hook", id="draft-hook",
                tooltip="Personalise from the next note"),
        Binding("c", "next_channel", "Channel", id="draft-channel", show=False,
                tooltip="Send it on the next channel"),
        Binding("f", "fill_in", "Fill in", id="draft-fill",
                tooltip="Type what the template asks for: whom to meet, why, offer, news"),
        Binding("e", "external_editor", "Editor", id="draft-editor",
                tooltip="Edit in your $EDITOR"),
        Binding("y", "copy", "Copy", id="draft-copy", tooltip="Copy the text"),
        Binding("S", "mark_sent", "Sent", id="draft-sent", key_display="S",
                tooltip="You sent it by hand: log it"),
    ]

    session: reactive[DraftSession | None] = reactive(None, always_update=True, init=False)
    """The draft being written (None until `w`)."""

    editing: reactive[bool] = reactive(False)
    """True while the text area takes typing (`i`); `escape` ends it."""

    class Prepared(Message):
        """A draft was prepared (in a worker) and is shown."""

        def __init__(self, session: DraftSession) -> None:
            super().__init__()
            self.session = session

    class FillWanted(Message):
        """`f`: the screen should open the fill-in form for this draft (see `filled`)."""

        def __init__(self, session: DraftSession) -> None:
            super().__init__()
            self.session = session

    class Failed(Message):
        """A draft could not be prepared."""

        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(self, *children: Widget, **kwargs: Any) -> None:
        super().__init__(*children, **kwargs)
        self._hold = PaintHold(self, HOLD_S)

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("No draft yet.", "$text-muted"), id="draft-meta")
        yield DraftText("", id="draft-text", soft_wrap=True, read_only=True,
                       show_line_numbers=False, placeholder=PLACEHOLDER, compact=True)
        yield Static("", id="draft-problems")

    def on_mount(self) -> None:
        self.border_title = "Draft"

    def on_unmount(self) -> None:
        self._hold.end()

    # ------------------------------------------------------------------ starting

    def start(self, contact_id: str, template: str | None = None,
              ask_id: str | None = None) -> None:
        """Prepare a draft for this contact (in a worker) and focus the pane. The screen
        is painted once the draft is shown (at most `HOLD_S` later)."""
        self._hold.begin()
        # The worker first: its thread then starts while the focus moves (restyling the
        # two panes takes longer than the draft).
        self._prepare(contact_id, template, ask_id)
        self.editing = False
        self.query_one("#draft-meta", Static).update(Content.styled("Preparing a draft…",
                                                                    "$text-muted"))
        self.query_one(TextArea).focus()

    @work(thread=True, exclusive=True, group="draft", exit_on_error=False)
    def _prepare(self, contact_id: str, template: str | None, ask_id: str | None) -> None:
        try:
            session = drafting_actions.draft_for(host(self).open_service(), contact_id,
                                                 template, ask_id)
        except READ_ERRORS as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.Prepared(session))

    def on_draft_pane_prepared(self, event: Prepared) -> None:
        event.stop()
        self.session = event.session
        # After the key bar's update for the draft's keys (queued by the line above), so
        # that it is in the same paint.
        self.call_after_refresh(self._hold.end)

    def on_draft_pane_failed(self, event: Failed) -> None:
        event.stop()
        self._hold.end()
        self.query_one("#draft-meta", Static).update(Content.styled("No draft.", "$text-muted"))
        self.app.notify(event.error, title="No draft", severity="error")

    # ------------------------------------------------------------------ showing

    def watch_session(self, session: DraftSession | None) -> None:
        area = self.query_one(TextArea)
        if session is None:
            area.load_text("")
        elif area.text != _display_text(session.text):
            # Controls in the text (from a note) are shown escaped, never written raw; an
            # edit or a copy then carries the escaped, visible form.
            area.load_text(_display_text(session.text))
        self._show_state()
        self.refresh_bindings()

    def watch_editing(self, editing: bool) -> None:
        area = self.query_one(TextArea)
        area.read_only = not editing
        self.set_class(editing, "-editing")
        self.refresh_bindings()

    def _show_state(self) -> None:
        session = self.session
        meta = self.query_one("#draft-meta", Static)
        problems = self.query_one("#draft-problems", Static)
        if session is None:
            meta.update(Content.styled("No draft yet.", "$text-muted"))
            problems.update("")
            self.border_subtitle = ""
            return
        length = len(session.text.strip())
        limit = session.limit
        over = limit is not None and length > limit
        head: list[str | tuple[str, str]] = [("To ", "$text-muted"),
                                             (clipped(session.contact.name, 200), "bold"),
                                             (" · ", "$text-muted"),
                                             (shown(session.hook_label), "")]
        if session.edited:
            head.append((" · edited", "italic"))
        meta.update(Content("\n").join([
            Content.assemble(*head),
            Content.assemble((clipped(session.template.name, 80), "$text-accent"),
                             (" · ", "$text-muted"), (clipped(session.channel, 80), ""), (" · ", "$text-muted"),
                             (f"{length}" + (f"/{limit}" if limit else "") + " chars",
                              "bold $text-error" if over else "")),
        ]))
        lines: list[Content] = []
        if session.sent:
            lines.append(Content.styled("✓ marked sent", "bold $text-success"))
        elif not session.problems:
            lines.append(Content.styled("✓ ready: copy it (y), send it by hand, then S",
                                        "$text-success"))
        for p in session.problems:
            if p.level == drafting.ERROR:
                lines.append(Content.assemble(("✗ ", "bold $text-error"),
                                              (shown(p.code), "bold $text-error"),
                                              f" {clipped(p.message, 1000)}"))
            else:
                lines.append(Content.assemble(("! ", "bold $text-warning"),
                                              (shown(p.code), "bold $text-warning"),
                                              f" {clipped(p.message, 1000)}"))
        problems.update(Content("\n").join(lines))
        errors = sum(1 for p in session.problems if p.level == drafting.ERROR)
        warnings = len(session.problems) - errors
        if session.sent:
            self.border_subtitle = "sent ✓"
        elif errors:
            self.border_subtitle = f"{errors} to fix" + (f" · {warnings} warning"
                                                         f"{'s' if warnings > 1 else ''}"
                                                         if warnings else "")
        elif warnings:
            self.border_subtitle = f"{warnings} warning{'s' if warnings > 1 else ''}"
        else:
            self.border_subtitle = "ready ✓"

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        session = self.session
        if session is not None and self.editing and event.text_area.text != session.text:
            session.recheck(event.text_area.text)
            self._show_state()

    # ------------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop_editing":
            return self.editing or False
        if action == "edit_here":
            return (not self.editing and self.session is not None) or False
        if action in ("next_template", "next_hook", "next_channel", "external_editor",
                      "copy", "mark_sent", "fill_in"):
            if self.session is None:
                return None
            if self.editing and action not in ("copy",):
                return False
            if action == "mark_sent":
                return True if not self.session.sent else None
        return True

    def action_edit_here(self) -> None:
        if self.session is not None and len(self.session.text) > DRAFT_SHOWN:
            self.app.notify("This draft is too long to edit here: e opens it in your editor",
                            severity="warning")
            return
        if self.session is not None:
            self.editing = True
            area = self.query_one(TextArea)
            area.focus()
            area.move_cursor(area.document.end)  # typing goes on from the end

    def action_stop_editing(self) -> None:
        if self.editing:
            self.editing = False
            if self.session is not None and self.session.edited:
                self._save_quietly()

    def action_next_template(self) -> None:
        if self.session is not None:
            self.session.next_template()
            self.session = self.session

    def action_next_hook(self) -> None:
        if self.session is None:
            return
        if len(self.session.ctx.notes) < 2:
            self.app.notify(f"{self.session.contact.name} has "
                            f"{'one note' if self.session.ctx.notes else 'no notes'}: "
                            "add one on their screen (enter, then n)", severity="warning")
            return
        self.session.next_hook()
        self.session = self.session

    def action_fill_in(self) -> None:
        session = self.session
        if session is None:
            return
        if not session.template.fillable():
            self.app.notify(f"The {session.template.name} template needs nothing typed: "
                            "t picks another, i edits the text", severity="warning")
            return
        self.post_message(self.FillWanted(session))

    def filled(self, session: DraftSession) -> None:
        """The fill-in form (opened by the screen) put the typed values in `session`."""
        if session is self.session:
            self.session = session
            self._save_quietly()

    def action_next_channel(self) -> None:
        if self.session is not None:
            self.session.next_channel()
            self.session = self.session

    def action_copy(self) -> None:
        session = self.session
        if session is None:
            return
        text = self.query_one(TextArea).text
        if len(session.text) > DRAFT_SHOWN:
            text = session.text  # the pane shows a part; the clipboard gets it all
        if self.editing:
            session.recheck(text)
        self.app.copy_to_clipboard(text)
        where = self._write_fallback(text)
        errors = [p for p in session.problems if p.level == drafting.ERROR]
        if where is not None:
            message = f"Copied to the clipboard; also saved in {where}"
        else:
            message = "Copied to the clipboard"
        if errors:
            message += f" — but fix first: {errors[0].message}"
        self.app.notify(message, severity="warning" if errors else "information")
        self._save_quietly()

    def _write_fallback(self, text: str) -> Path | None:
        """Terminals without OSC 52 copy nothing: keep the text in a file as well."""
        folder = Path(getattr(self.app, "scratch_dir", tempfile.gettempdir()))
        path = folder / "draft.txt"
        try:
            drafting_actions.save_copy(path, text + "\n")
        except OSError:
            return None
        return path

    def action_external_editor(self) -> None:
        session = self.session
        if session is None:
            return
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        # The program is found before the screen is handed over: a program that is not
        # installed, started inside `suspend`, left the terminal blank and the app stuck.
        try:
            words = shlex.split(editor)
        except ValueError:
            words = []
        program = shutil.which(words[0]) if words else None
        if program is None:
            self.app.notify(f"{editor!r} (from $VISUAL or $EDITOR) is not an installed "
                            "program; the draft was left as it was", title="Editor not found",
                            severity="error", markup=False)
            return
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False,
                                         encoding="utf-8") as fh:
            fh.write(session.text)
            path = Path(fh.name)
        try:
            command = [program, *words[1:], str(path)]
            result = self._run_editor(command)
            if isinstance(result, OSError):
                raise result
            if result.returncode != 0:
                self.app.notify(f"{editor} exited with status {result.returncode}; the draft "
                                "was left as it was", severity="warning", markup=False)
                return
            text = path.read_text(encoding="utf-8").rstrip("\n")
        except (OSError, ValueError) as exc:
            self.app.notify(f"Could not run {editor}: {exc}", title="Editor", severity="error",
                            markup=False)
            return
        finally:
            with contextlib.suppress(OSError):
                path.unlink()
        session.recheck(text)
        self.session = session
        self._save_quietly()

    def _run_editor(self, command: list[str]) -> subprocess.CompletedProcess[bytes] | OSError:
        """Run the editor on the real terminal; an error is returned, never raised inside
        `suspend`, so the app always takes the screen back."""
        def run(**streams: int) -> subprocess.CompletedProcess[bytes] | OSError:
            try:
                return subprocess.run(command, check=False, **streams)  # type: ignore[call-overload]
            except OSError as exc:
                return exc

        try:
            with self.app.suspend():
                return run()
        except SuspendNotSupported:
            return run(stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)

    def action_mark_sent(self) -> None:
        session = self.session
        if session is None or session.sent:
            return
        if self.editing:
            session.recheck(self.query_one(TextArea).text)
            self.editing = False

        def done(_message: str) -> None:
            self.session = session

        host(self).save(lambda ws: drafting_actions.mark_sent(ws, session), then=done,
                        contacts=[session.contact.id], failed="Not marked sent")

    def _save_quietly(self) -> None:
        session = self.session
        if session is None or session.sent:
            return

        def store(ws: Workspace) -> str:
            drafting_actions.save_draft(ws, session)
            return ""

        host(self).save(store, contacts=[session.contact.id])

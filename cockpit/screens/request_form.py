"""An incoming connection request (P13): who, where, what they wrote — and the checklist.

As you type and tick, a worker asks `actions.requests.assess` what the database knows
(already a contact, colleagues at their company, a profile you declined before) and the
suggestion with its reasons. Accept, decline, or keep it pending for later; opened on a
pending request, the same form decides it.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Label, Static

from ..actions import USER_ERRORS
from ..actions import requests as incoming
from ..incoming import CHECKLIST, Request
from ..text import shown
from ..tui_host import host
from .dialog import Dialog

FIELDS = (
    ("name", "Name", "who sent it"),
    ("network", "Network", "linkedin, twitter, facebook…"),
    ("company", "Company", ""),
    ("role", "Role", ""),
    ("profile", "Profile", "their profile URL or handle"),
    ("mutual", "Shared", "shared connections the network shows"),
    ("note", "Their note", "what they wrote with the request"),
)


class RequestFormScreen(Dialog[str | None]):
    """Record (or decide) an incoming request; dismisses with the line shown, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="request-cancel"),
        Binding("ctrl+y", "decide('accepted')", "Accept", id="request-accept"),
        Binding("ctrl+n", "decide('declined')", "Decline", id="request-decline"),
        Binding("ctrl+s", "decide('')", "Later", id="request-later",
                tooltip="Keep it pending"),
    ]

    class Assessed(Message):
        def __init__(self, found: incoming.Assessment | None, error: str = "") -> None:
            super().__init__()
            self.found = found
            self.error = error

    class Done(Message):
        def __init__(self, line: str) -> None:
            super().__init__()
            self.line = line

    class Failed(Message):
        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(self, request: Request | None = None) -> None:
        super().__init__()
        self.request = request

    def compose(self) -> ComposeResult:
        r = self.request
        with VerticalScroll(classes="dialog wide", id="request-dialog") as box:
            box.border_title = "Incoming request" if r is None else f"Request from {shown(r.name)}"
            for name, label, placeholder in FIELDS:
                value = "" if r is None else (str(r.mutual) if name == "mutual" and r.mutual
                                              is not None else str(getattr(r, name) or ""))
                if r is None and name == "network":
                    value = "linkedin"
                with Horizontal(classes="field"):
                    yield Label(label, classes="field-label")
                    yield Input(value, placeholder=placeholder, id=f"req-{name}", compact=True,
                                disabled=r is not None)
            yield Static(Content.styled("The checklist", "bold"), classes="dialog-note")
            for key, question, _ in CHECKLIST:
                ticked = bool(r is not None and r.answers.get(key))
                yield Checkbox(question, ticked, id=f"ask-{key}", compact=True)
            yield Static("", id="request-suggestion")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Accept", variant="success", id="accept", compact=True)
                yield Button("Decline", variant="error", id="decline", compact=True)
                if r is None:
                    yield Button("Later", id="later", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
            yield Static(Content.styled("ctrl+y accept · ctrl+n decline"
                                        + (" · ctrl+s later" if r is None else "")
                                        + " · escape cancel", "$text-muted"),
                         classes="dialog-hint")

    def on_mount(self) -> None:
        if self.request is None:
            self.query_one("#req-name", Input).focus()
        else:
            self.query_one(Checkbox).focus()
        self._assess(self._form())

    def _form(self) -> incoming.RequestForm:
        def value(name: str) -> str:
            return self.query_one(f"#req-{name}", Input).value

        answers = {key: self.query_one(f"#ask-{key}", Checkbox).value for key, _, _ in CHECKLIST}
        return incoming.RequestForm(value("name"), value("network"), value("company"),
                                    value("role"), value("profile"), value("note"),
                                    value("mutual"), answers)

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _changed(self) -> None:
        self._assess(self._form())

    @work(thread=True, exclusive=True, group="request-assess", exit_on_error=False)
    def _assess(self, form: incoming.RequestForm) -> None:
        if not form.name.strip():
            self.post_message(self.Assessed(None, "type who sent it"))
            return
        try:
            found = incoming.assess(host(self).open_service(), form)
        except USER_ERRORS as exc:
            self.post_message(self.Assessed(None, str(exc)))
            return
        self.post_message(self.Assessed(found))

    def on_request_form_screen_assessed(self, event: Assessed) -> None:
        box = self.query_one("#request-suggestion", Static)
        if event.found is None:
            box.update(Content.styled(event.error, "$text-muted"))
            return
        f = event.found
        parts: list[str | tuple[str, str]] = []
        for line in f.lines():
            parts += [("· " + shown(line), "$text-muted"), "\n"]
        if f.earlier is not None and self.request is None:
            parts += [(f"· pending since {f.earlier.received}: this updates it", "$text-muted"),
                      "\n"]
        verdict = ("Suggestion: accept", "bold $text-success") if f.suggestion == "yes" else (
            "Suggestion: decline", "bold $text-error")
        parts += [verdict, " — ", shown("; ".join(f.reasons))]
        box.update(Content.assemble(*parts))

    @on(Button.Pressed, "#accept")
    def _accept(self) -> None:
        self.action_decide("accepted")

    @on(Button.Pressed, "#decline")
    def _decline(self) -> None:
        self.action_decide("declined")

    @on(Button.Pressed, "#later")
    def _later(self) -> None:
        self.action_decide("")

    def action_decide(self, decision: str) -> None:
        if self.request is not None and not decision:
            return
        self._store(self._form(), decision or None)

    @work(thread=True, exclusive=True, group="request-store", exit_on_error=False)
    def _store(self, form: incoming.RequestForm, decision: str | None) -> None:
        ws = host(self).open_service()
        try:
            if self.request is not None and decision:
                line = incoming.decide(ws, self.request.id, decision, form.answers)
            else:
                found = incoming.record(ws, form, decision)
                line = (f"Request from {found.request.name} "
                        + (decision or "kept pending")
                        + f" (suggested: {'accept' if found.suggestion == 'yes' else 'decline'})")
        except USER_ERRORS as exc:
            self.post_message(self.Failed(str(exc)))
            return
        self.post_message(self.Done(line))

    def on_request_form_screen_done(self, event: Done) -> None:
        self.notify(shown(event.line), markup=False)
        host(self).reload_all()
        self.dismiss(event.line)

    def on_request_form_screen_failed(self, event: Failed) -> None:
        self.notify(shown(event.error), title="Not saved", severity="error", timeout=10,
                    markup=False)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

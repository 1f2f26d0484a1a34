"""The new (and edit) contact form: validation messages under each field, one toggle for
"met in person today" (which schedules the follow-up for tomorrow: the first rule is to
follow up within a day of meeting someone).

The form is checked and saved by `actions.contacts.save_contact` in a worker; every bad
field is reported at once, next to the field, and the first one gets the focus.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Static

from ..actions import FormErrors
from ..actions.contacts import ContactForm, save_contact
from ..model import Contact, HowMet, Relationship, Tie
from ..text import clipped, shown
from ..tui_host import host
from .dialog import Dialog
from .form_errors import clear_field_errors, show_field_errors


class TickBox(Checkbox):
    """A checkbox whose state reads as text, "[x]" or "[ ]": Textual's draws "▐X▌" in both
    states, told apart by colour only (unreadable on many terminals and themes)."""

    @property
    def _button(self) -> Content:
        return Content.styled("[x]" if self.value else "[ ]", "bold" if self.value else "")


# (field, label, placeholder) for the text inputs, in form order.
TEXT_FIELDS = (
    ("name", "Name", "required: their full name"),
    ("company", "Company", ""),
    ("role", "Role", ""),
    ("met_at", "Met at", "event or place, e.g. PyCon ES"),
    ("note", "First note", "a private memo (mentions: on their screen, n)"),
    ("email", "E-mail", "name@example.com (several: comma-separated)"),
    ("phone", "Phone", "phone number(s)"),
    ("linkedin", "LinkedIn", "profile URL"),
    ("introduced_by", "Introduced by", "a contact's name"),
    ("every", "Every (days)", "keep-in-touch cadence; empty: the tie's default"),
    ("birthday", "Birthday", "YYYY-MM-DD, or MM-DD without the year"),
    ("location", "Location", "city"),

    ("tags", "Tags", "comma-separated, e.g. python, madrid"),
    ("call_name", "Call them", "what you call them in a greeting; empty: their first name"),
    ("lang", "Language", "en, es, it… to write to them in; empty: your default"),
)


class ContactFormScreen(Dialog[Contact | None]):
    """Add a contact, or edit one (`contact` given)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form-cancel"),
        Binding("ctrl+s", "save", "Save", id="form-save"),
    ]

    class Rejected(Message):
        """The service refused the form: messages per field."""

        def __init__(self, errors: dict[str, str]) -> None:
            super().__init__()
            self.errors = errors

    class Stored(Message):
        """The contact was saved."""

        def __init__(self, contact: Contact) -> None:
            super().__init__()
            self.contact = contact

    class Failed(Message):
        """Saving failed (disk, lock): nothing was written."""

        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(self, contact: Contact | None = None, form: ContactForm | None = None) -> None:
        super().__init__()
        self.contact = contact
        self.initial = form or ContactForm()

    def compose(self) -> ComposeResult:
        form = self.initial
        with Vertical(classes="dialog wide", id="contact-dialog") as box:
            box.border_title = (f"Edit {clipped(self.contact.name, 80)}" if self.contact
                                else "New contact")
            with VerticalScroll(id="contact-fields"):
                for name, label, placeholder in TEXT_FIELDS:
                    if name == "note" and self.contact is not None:
                        continue
                    if name == "met_at" and self.contact is None:
                        yield from self._row("met_in_person_today", "", TickBox(
                            "Met in person today — follow up tomorrow",
                            form.met_in_person_today, id="met_in_person_today",
                            compact=True))
                    if name == "introduced_by":
                        yield from self._choice("how_met", "How you met", form.how_met, HowMet)
                    if name == "every":
                        yield from self._choice("relationship", "Relationship", form.relationship,
                                                Relationship)
                        yield from self._choice("tie", "Tie", form.tie or Tie.REGULAR.value, Tie)
                    # A field holding controls is shown escaped (an input writes them raw);
                    # left untouched, it keeps its stored value (read_form).
                    yield from self._row(name, label, Input(
                        shown(str(getattr(form, name))), placeholder=placeholder, id=name, compact=True))
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
            yield Static(Content.styled("enter or ctrl+s save · tab next field · escape cancel",
                                        "$text-muted"), classes="dialog-hint")

    def _choice(self, name: str, label: str, value: str, choices: type[StrEnum]) -> ComposeResult:
        """A choice typed with completion (→ accepts), lighter and quicker than a drop-down."""
        values = [c.value for c in choices]
        yield from self._row(name, label, Input(
            value, placeholder=", ".join(values), id=name, compact=True,
            suggester=SuggestFromList(values, case_sensitive=False)))

    def _row(self, name: str, label: str, widget: Widget) -> ComposeResult:
        with Vertical(classes="form-row", id=f"row-{name}"):
            with Horizontal(classes="field"):
                yield Label(label, classes="field-label")
                yield widget
            yield Static("", classes="field-error", id=f"error-{name}")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Checkbox.Changed, "#met_in_person_today")
    def _met_today(self, event: Checkbox.Changed) -> None:
        how = self.query_one("#how_met", Input)
        if event.value:
            how.value = HowMet.IN_PERSON.value
        elif how.value == HowMet.IN_PERSON.value:
            how.value = ""

    @on(Checkbox.Changed, "#met_in_person_today")
    def _toggled_by_hand(self, event: Checkbox.Changed) -> None:
        if event.value != self._toggle_auto:  # not the value `_met_somewhere` set
            self._toggle_touched = True

    _toggle_auto = False  # the value `_met_somewhere` last gave the toggle
    _toggle_touched = False  # the user set "met in person today" themselves

    @on(Input.Changed, "#met_at")
    def _met_somewhere(self, event: Input.Changed) -> None:
        """A new contact with a place in "Met at" was met there, in person, today: the
        form is filled in right after meeting (an event, a place). So the toggle follows
        the field, in sight, until the user sets it by hand; the follow-up for tomorrow is
        then never forgotten, and an online contact is one untick away."""
        found = self.query("#met_in_person_today")
        if not found or self._toggle_touched:
            return
        toggle = found.first(TickBox)
        wanted = bool(event.value.strip())
        self._toggle_auto = wanted
        toggle.value = wanted

    def read_form(self) -> ContactForm:
        form = ContactForm()
        for name, _label, _placeholder in TEXT_FIELDS:
            found = self.query(f"#{name}")
            if found:
                value, before = found.first(Input).value, str(getattr(self.initial, name))
                setattr(form, name, before if value == shown(before) else value)
        toggle = self.query("#met_in_person_today")
        form.met_in_person_today = bool(toggle) and toggle.first(Checkbox).value
        for name in ("how_met", "relationship", "tie"):
            setattr(form, name, self.query_one(f"#{name}", Input).value)
        return form

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        self._clear_errors()
        self._store(self.read_form())

    @work(thread=True, exclusive=True, group="contact-form", exit_on_error=False)
    def _store(self, form: ContactForm) -> None:
        try:
            contact = save_contact(host(self).open_service(), form,
                                   self.contact.id if self.contact else None,
                                   baseline=self.initial if self.contact else None).contact
        except FormErrors as exc:
            self.post_message(self.Rejected(exc.errors))
        except Exception as exc:
            self.post_message(self.Failed(str(exc) or exc.__class__.__name__))
        else:
            self.post_message(self.Stored(contact))

    def on_contact_form_screen_rejected(self, event: Rejected) -> None:
        show_field_errors(self, event.errors)

    def on_contact_form_screen_stored(self, event: Stored) -> None:
        self.dismiss(event.contact)

    def on_contact_form_screen_failed(self, event: Failed) -> None:
        self.notify(event.error, title="Not saved", severity="error", timeout=10)

    def _clear_errors(self) -> None:
        clear_field_errors(self)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

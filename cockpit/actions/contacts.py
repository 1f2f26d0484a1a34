"""Contacts and notes: add, edit, archive/restore, notes, lists.

Both front-ends describe a contact as a `ContactForm` (the fields as typed) and call
`save_contact`, which validates every field at once (FormErrors), applies the rule for
someone met in person, and writes. The CLI fills the form from its options.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from .. import agenda, drafting
from ..model import (
    Birthday,
    Contact,
    FollowUp,
    HowMet,
    Note,
    NoteKind,
    Origin,
    Relationship,
    Tie,
    ValidationError,
    check_days,
    fold,
    parse_date,
    parse_enum,
)
from .errors import DuplicateContact, FormErrors
from .triage import met_in_person
from .workspace import Workspace


@dataclass(slots=True)
class ContactForm:
    """A contact's fields as typed (strings, one toggle); "" means not given.

    Lists (e-mails, phones, tags) are comma-separated. On edit an empty field clears it.
    """

    name: str = ""
    company: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""
    location: str = ""
    met_in_person_today: bool = False
    how_met: str = ""
    met_at: str = ""
    met_on: str = ""
    introduced_by: str = ""
    relationship: str = ""
    tie: str = Tie.REGULAR.value
    every: str = ""
    birthday: str = ""
    linkedin: str = ""
    twitter: str = ""
    facebook: str = ""
    tags: str = ""
    note: str = ""
    lang: str = ""
    call_name: str = ""


@dataclass(frozen=True, slots=True)
class Saved:
    contact: Contact
    followup: FollowUp | None

    def message(self) -> str:
        extra = f"; follow up by {self.followup.due}" if self.followup else ""
        return f"added {self.contact.name} ({self.contact.id}){extra}"


def save_contact(ws: Workspace, form: ContactForm, contact_id: str | None = None, *,
                 force: bool = False, baseline: ContactForm | None = None) -> Saved:
    """Create (or, with `contact_id`, update) a contact from the form.

    Raises FormErrors naming each bad field, DuplicateContact for a namesake at the same
    company unless `force`. Met in person: a follow-up the day after the meeting.
    `baseline`: the form as it was when the user opened it; only the fields they changed
    are applied, onto the freshest record (another process may have changed others).
    """
    with ws.lock, ws.store.transaction():  # re-reads the file under its lock
        existing = ws.store.contact(contact_id) if contact_id else None
        if existing is not None and baseline is not None:
            form = _changed_fields(form, baseline, form_of(ws, existing))
        contact, note = _parse_form(ws, form, existing)
        if existing is None and not force:
            _refuse_duplicate(ws, contact)
        followup = None
        newly_in_person = (contact.how_met == HowMet.IN_PERSON.value and (
            existing is None or existing.how_met != HowMet.IN_PERSON.value))
        if newly_in_person and contact.met_on is None:
            contact.met_on = ws.today  # "met in person", no day given: today
        if newly_in_person and not _has_met_followup(ws, contact.id):
            followup = met_in_person(contact.id, contact.met_on, ws.today)
        if existing is None:
            ws.store.add_contact(contact, notes=[note] if note else [],
                                 followups=[followup] if followup else [])
        else:
            with ws.store.transaction():
                ws.store.update_contact(contact)
                if note:
                    ws.store.save_note(note)
                if followup:
                    ws.store.save_followup(followup)
    ws.contacts_changed()
    return Saved(contact, followup)


def _changed_fields(typed: ContactForm, baseline: ContactForm, fresh: ContactForm
                    ) -> ContactForm:
    """`fresh` with the fields the user changed from `baseline` taken from `typed`."""
    merged = dataclasses.replace(fresh)
    for name in (f.name for f in dataclasses.fields(ContactForm)):
        if getattr(typed, name) != getattr(baseline, name):
            setattr(merged, name, getattr(typed, name))
    return merged


def _has_met_followup(ws: Workspace, contact_id: str) -> bool:
    return any(f.origin == Origin.MET_IN_PERSON.value
               for f in ws.store.followups(contact_id, open_only=False))


def _refuse_duplicate(ws: Workspace, contact: Contact) -> None:
    name, company = fold(contact.name), fold(contact.company)
    # Compared on the stored documents: only namesakes become objects (a malformed record
    # elsewhere in the file does not stop an add).
    for other in ws.store.contacts(include_archived=True, where=lambda doc: fold(
            str(doc.get("name") or "")) == name and fold(str(doc.get("company") or "")) == company):
        raise DuplicateContact(other)


def _split(text: str, seps: str = ",") -> list[str]:
    for sep in seps[1:]:
        text = text.replace(sep, seps[0])
    return [part.strip() for part in text.split(seps[0]) if part.strip()]


def _parse_form(ws: Workspace, form: ContactForm, existing: Contact | None
                ) -> tuple[Contact, Note | None]:
    """Validate every field at once; FormErrors lists all that are wrong."""
    errors: dict[str, str] = {}
    name = " ".join(form.name.split())
    if not name:
        errors["name"] = "a contact needs a name"
    emails = _split(form.email, ",;")
    for email in emails:
        local, at, domain = email.partition("@")
        if not at or not local or "." not in domain or " " in email:
            errors["email"] = f"{email!r} does not look like an e-mail address"
            break
    phones = _split(form.phone)
    for phone in phones:
        if sum(ch.isdigit() for ch in phone) < 5 or any(
                not (ch.isdigit() or ch in " +-().") for ch in phone):
            errors["phone"] = f"{phone!r} does not look like a phone number"
            break
    how_met = form.how_met.strip() or (existing.how_met if existing else None) or None
    met_on = existing.met_on if existing else None
    if form.met_on.strip():
        try:
            met_on = parse_date(form.met_on, "met on")
            if met_on > ws.today:
                errors["met_on"] = f"{met_on} is in the future"
        except ValidationError as exc:
            errors["met_on"] = str(exc)
    if form.met_in_person_today:
        how_met = HowMet.IN_PERSON.value
        met_on = ws.today
    elif form.how_met.strip():
        try:
            how_met = parse_enum(HowMet, form.how_met, "how you met").value
        except ValidationError as exc:
            errors["how_met"] = str(exc)
    elif existing is not None:
        how_met = None  # an edit that clears the field
    introducer: Contact | None = _kept_introducer(ws, form, existing)
    if introducer is None and form.introduced_by.strip():
        introducer = ws.resolve_field(form.introduced_by, "introduced_by", errors)
        if introducer is not None and not how_met:
            how_met = HowMet.INTRODUCED.value
    if introducer is not None and existing is not None and introducer.id == existing.id:
        errors["introduced_by"] = "someone cannot introduce themselves"
    relationship = None
    if form.relationship.strip():
        try:
            relationship = parse_enum(Relationship, form.relationship, "relationship").value
        except ValidationError as exc:
            errors["relationship"] = str(exc)
    try:
        tie = parse_enum(Tie, form.tie or Tie.REGULAR.value, "tie").value
    except ValidationError as exc:
        errors["tie"] = str(exc)
        tie = Tie.REGULAR.value
    every: int | None = None
    if form.every.strip():
        try:
            every = check_days(int(form.every.strip()), "the cadence")
        except ValueError as exc:  # not a number, or out of range (ValidationError)
            errors["every"] = (str(exc) if isinstance(exc, ValidationError)
                               else "a whole number of days, e.g. 60")
    birthday: Birthday | None = None
    if form.birthday.strip():
        try:
            birthday = Birthday.parse(form.birthday)
            if birthday.year is not None and dt.date(
                    birthday.year, birthday.month, 28 if birthday.day == 29 else birthday.day
            ) > ws.today:
                errors["birthday"] = "that birthday is in the future"
            elif birthday.year is not None and birthday.year < 1900:
                errors["birthday"] = "a birth year from 1900 on"
        except ValidationError as exc:  # what was wrong, then how to write it
            errors["birthday"] = (str(exc).split(": use")[0]
                                  + "; use YYYY-MM-DD, or MM-DD when you don't know the year")
    handles = dict(existing.handles) if existing else {}
    for network in ("linkedin", "twitter", "facebook"):
        value = getattr(form, network).strip()
        if value and " " in value:
            errors[network] = "a profile URL or handle has no spaces"
        elif value:
            handles[network] = value
        elif network == "linkedin" or existing is None:
            handles.pop(network, None)
    lang = ""
    try:
        lang = drafting.parse_language(form.lang)
    except ValidationError as exc:
        errors["lang"] = str(exc)
    call_name = ""
    try:
        call_name = drafting.parse_call_name(form.call_name)
    except ValidationError as exc:
        errors["call_name"] = str(exc)
    if errors:
        raise FormErrors(errors)
    contact = Contact(
        name=name, company=form.company.strip(), role=form.role.strip(), emails=emails,
        phones=phones, location=form.location.strip(), handles=handles, how_met=how_met,
        met_at=form.met_at.strip(), met_on=met_on, relationship=relationship, tie=tie,
        every=every, introduced_by=introducer.id if introducer else None,
        birthday=birthday, tags=sorted(set(_split(form.tags, ",;"))), lang=lang,
        call_name=call_name,
    )
    if existing is not None:
        contact.id = existing.id
        contact.created = existing.created
        contact.archived = existing.archived
        contact.vcard_uid = existing.vcard_uid
        contact.websites = list(existing.websites)
    note = Note(contact.id, form.note, ws.today) if form.note.strip() else None  # as given
    return contact, note


def _kept_introducer(ws: Workspace, form: ContactForm, existing: Contact | None
                     ) -> Contact | None:
    """Editing: the unchanged introducer name keeps its id (namesakes are not re-resolved)."""
    if existing is None:
        return None
    current = ws.contact_or_none(existing.introduced_by)
    return current if current is not None and form.introduced_by.strip() == current.name else None


def form_of(ws: Workspace, contact: Contact) -> ContactForm:
    """The edit form prefilled from a contact."""
    introducer = ws.contact_or_none(contact.introduced_by)
    return ContactForm(
        name=contact.name, company=contact.company, role=contact.role,
        email=", ".join(contact.emails), phone=", ".join(contact.phones),
        location=contact.location, how_met=contact.how_met or "", met_at=contact.met_at,
        met_on=contact.met_on.isoformat() if contact.met_on else "",
        introduced_by=introducer.name if introducer else "",
        relationship=contact.relationship or "", tie=contact.tie,
        every=str(contact.every or ""),
        birthday=contact.birthday.iso().removeprefix("--") if contact.birthday else "",
        linkedin=contact.linkedin, twitter=contact.handles.get("twitter", ""),
        facebook=contact.handles.get("facebook", ""), tags=", ".join(contact.tags),
        lang=contact.lang, call_name=contact.call_name,
    )


def archive(ws: Workspace, contact_id: str, archived: bool = True) -> str:
    """Archive (or restore) a contact: one field changed on the freshest record."""
    with ws.lock, ws.store.transaction():  # re-reads the file under its lock
        contact = ws.store.contact(contact_id)
        contact.archived = archived
        ws.store.update_contact(contact)
    ws.contacts_changed()
    return f"{'Archived' if archived else 'Restored'} {contact.name}"


# ------------------------------------------------------------------------ notes

def parse_note_kind(kind: str) -> str:
    return str(parse_enum(NoteKind, kind or NoteKind.MEMO.value, "note kind"))


def save_note(ws: Workspace, contact_id: str, text: str, note_id: str | None = None,
              date: dt.date | None = None, kind: str = NoteKind.MEMO.value) -> Note:
    """Add (or, with `note_id`, replace) a dated note: a private memo, or a mention of a
    kind (talk, post, …) that drafts may bring up."""
    note = Note(contact_id, text, date or ws.today, kind=parse_note_kind(kind))  # as given
    if note.date > ws.today:
        raise ValidationError(f"note date {note.date} is in the future")
    if note_id:
        note.id = note_id
    with ws.lock:
        ws.store.contact(contact_id)
        saved = ws.store.save_note(note)
    ws.contacts_changed()  # find searches notes
    return saved


def delete_note(ws: Workspace, note_id: str) -> None:
    with ws.lock:
        ws.store.delete_note(note_id)
    ws.contacts_changed()  # find searches notes


def notes(ws: Workspace, contact_id: str) -> list[Note]:
    with ws.lock:
        return ws.store.notes(contact_id)


# ------------------------------------------------------------------------ lists

@dataclass(frozen=True, slots=True)
class ContactRow:
    contact: Contact
    notes: int


def list_contacts(ws: Workspace, tag: str | None = None, *, archived: bool = False
                  ) -> list[ContactRow]:
    """Contacts by name (only those tagged `tag`; only the archived ones with `archived`)."""
    with ws.lock:
        people = ws.store.contacts(include_archived=archived)
        counts = ws.store.note_counts()
    if archived:
        people = [c for c in people if c.archived]
    if tag:
        wanted = fold(tag)
        people = [c for c in people if any(fold(t) == wanted for t in c.tags)]
    people.sort(key=lambda c: c.name.casefold())
    return [ContactRow(c, counts.get(c.id, 0)) for c in people]


def cadence(ws: Workspace, contact: Contact) -> int:
    return agenda.cadence_days(contact, ws.settings)

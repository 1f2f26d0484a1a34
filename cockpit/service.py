"""The façade the TUI talks to: Store + agenda + settings in, domain dataclasses out.

No textual import and no TinyDB: screens call these methods (from thread workers, since
many of them block on the database file) and get model objects back. Every public method
takes the service lock, so a load and a write started from two workers never interleave
inside the store.

`today` is given once, when the service is made (the app passes `--today`); no rule here
reads the clock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import agenda, drafting
from .model import (
    Ask,
    AskState,
    Birthday,
    Contact,
    Draft,
    DraftState,
    FollowUp,
    HowMet,
    Interaction,
    Kind,
    Note,
    Origin,
    Relationship,
    Tie,
    ValidationError,
    fold,
    fold_many,
    parse_date,
    parse_enum,
    parse_kind,
    parse_steps,
)
from .settings import Settings
from .store import Ambiguous, NotFound, Store

if TYPE_CHECKING:
    from .importers import ImportReport

# The channel an interaction of each kind usually happens on (a default the user can change).
DEFAULT_CHANNEL: dict[str, str] = {
    "like": "linkedin", "comment": "linkedin", "share": "linkedin", "message": "linkedin",
    "invite-sent": "linkedin", "invite-accepted": "linkedin", "invite-declined": "linkedin",
    "invite-received": "linkedin", "email": "email", "call": "phone", "meeting": "in-person",
    "met": "in-person", "birthday-wish": "whatsapp", "intro": "email", "ask": "linkedin",
}
KINDS: tuple[str, ...] = tuple(k.value for k in Kind)
MET_IN_PERSON_REASON = "thank them and send a personal invitation"
LAPSED_SUGGESTIONS = 5


@dataclass(frozen=True, slots=True)
class Morning:
    """What the morning screen shows: the agenda, and suggestions when nothing is due."""

    agenda: agenda.Agenda
    lapsed: tuple[Contact, ...] = ()
    no_contacts: bool = False  # an empty network (a first start): say how to begin

    @property
    def summary(self) -> str:
        return self.agenda.summary()


@dataclass(frozen=True, slots=True)
class ContactCard:
    """Everything the contact screen shows except the (slow to load) history."""

    contact: Contact
    notes: tuple[Note, ...]
    followups: tuple[agenda.FollowUpItem, ...]
    asks: tuple[agenda.EngageItem, ...]
    introducer: Contact | None
    introduced: tuple[Contact, ...]
    cadence: int
    next_birthday: dt.date | None


@dataclass(frozen=True, slots=True)
class History:
    """A contact's interactions, newest first (at most `limit` of `total`)."""

    items: tuple[Interaction, ...]
    total: int


@dataclass(frozen=True, slots=True)
class Match:
    """A fuzzy-find result: the contact and a score in (0, 1]."""

    contact: Contact
    score: float


@dataclass(slots=True)
class ContactForm:
    """The new/edit contact form, as the user typed it (strings, one toggle)."""

    name: str = ""
    company: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""
    location: str = ""
    met_in_person_today: bool = False
    how_met: str = ""
    met_at: str = ""
    introduced_by: str = ""
    relationship: str = ""
    tie: str = Tie.REGULAR.value
    every: str = ""
    birthday: str = ""
    linkedin: str = ""
    tags: str = ""
    note: str = ""


@dataclass(slots=True)
class DraftSession:
    """A draft being written in the Draft pane: pure state, re-checked on every change.

    Choosing another template, hook or channel re-renders the text (`recompose`); editing
    the text re-runs the checks (`recheck`). `draft` is the stored record once saved.
    """

    contact: Contact
    ctx: drafting.DraftContext
    templates: dict[str, drafting.Template]
    template: drafting.Template
    channel: str
    text: str = ""
    problems: tuple[drafting.Problem, ...] = ()
    reason: str = ""
    draft: Draft | None = None
    sent: bool = False
    edited: bool = False

    @property
    def ok(self) -> bool:
        return not drafting.has_errors(self.problems)

    @property
    def hook_label(self) -> str:
        return drafting.hook_label(self.ctx)

    @property
    def limit(self) -> int | None:
        chan = drafting.CHANNELS.get(self.channel)
        if chan is None:
            return None
        return chan.hard_limit if chan.hard_limit and chan.hard_limit <= 3000 else chan.soft_limit

    def recompose(self, *, template: str | None = None, hook: int | None = None,
                  channel: str | None = None) -> None:
        """Re-render from the template (edits are replaced)."""
        if template is not None:
            self.template = self.templates[template]
            if channel is None:
                channel = drafting.choose_channel(self.template, self.contact)
        if hook is not None and self.ctx.notes:
            self.ctx = self.ctx.updated(hook=hook)
        composed = drafting.compose(self.template, self.ctx, channel or self.channel)
        self.channel = composed.channel
        self.text = composed.text
        self.problems = composed.problems
        self.edited = False
        self.sent = False

    def fill(self, target: Contact | None, values: dict[str, str]) -> None:
        """Values typed for the template (see `Template.fillable`): re-render with them."""
        self.ctx = self.ctx.updated(target=target, extra=values)
        self.recompose()

    def recheck(self, text: str) -> None:
        """The user edited the text: keep it and check it again."""
        if text != self.text:
            self.edited = True
        self.text = text
        self.problems = tuple(drafting.check(text, self.ctx, self.template, self.channel))

    def next_template(self, step: int = 1) -> None:
        names = list(self.templates)
        at = names.index(self.template.name) if self.template.name in names else -1
        self.recompose(template=names[(at + step) % len(names)])

    def next_hook(self) -> None:
        if self.ctx.notes:
            self.recompose(hook=(self.ctx.hook or 0) + 1)

    def next_channel(self) -> None:
        names = list(drafting.CHANNELS)
        at = names.index(self.channel) if self.channel in names else -1
        self.channel = names[(at + 1) % len(names)]
        self.recheck(self.text)  # a channel change keeps the text, checks it again


class FormErrors(ValidationError):
    """The form cannot be saved; `errors` maps each field to a one-line message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(slots=True)
class _SearchIndex:
    contacts: list[Contact] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # folded names
    rest: list[str] = field(default_factory=list)  # folded "company role tags"


class Cockpit:
    """The cockpit's operations over one database, for one `today`."""

    def __init__(self, store: Store, today: dt.date, settings: Settings | None = None) -> None:
        self.store = store
        self.today = today
        self.settings = settings or Settings()
        self.lock = threading.RLock()
        self._saves = 0  # saves under way (see `saving`)
        self._saves_lock = threading.Lock()
        self._index: _SearchIndex | None = None

    @classmethod
    def open(cls, path: Path | str | None, today: dt.date, settings: Settings | None = None,
             clock: Callable[[], dt.datetime] | None = None) -> Cockpit:
        """Open (or create) the database: blocking, call it from a worker."""
        with paused_gc():
            return cls(Store(path, clock=clock, journal=True), today, settings)

    @classmethod
    def open_with_morning(cls, path: Path | str | None, today: dt.date,
                          settings: Settings | None = None,
                          clock: Callable[[], dt.datetime] | None = None
                          ) -> tuple[Cockpit, Morning]:
        """Open the database and compute the morning agenda in one go (start-up)."""
        with paused_gc():
            service = cls.open(path, today, settings, clock)
            return service, service.morning()

    @property
    def path(self) -> Path:
        return self.store.path

    # ------------------------------------------------------------------ reads

    def morning(self) -> Morning:
        with self.lock:
            self.store.refresh()
            stored, asks = self.store.followups(open_only=False), self.store.asks()
            # Only contacts that may show (a few thousand of 30,000) become objects here.
            keep = {f.contact_id for f in stored} | {a.contact_id for a in asks}
            contacts = self.store.contacts(
                where=agenda.may_show(self.today, self.settings, keep=keep))
            result = agenda.morning(contacts, stored, asks, self.today, self.settings)
            lapsed: tuple[Contact, ...] = ()
            everyone: list[Contact] = []
            if result.is_quiet:
                everyone = self.store.contacts()
                lapsed = tuple(c for c in agenda.lapsed(everyone, self.today, self.settings,
                                                        limit=LAPSED_SUGGESTIONS)
                               if self._quiet_for_a_while(c))
            return Morning(result, lapsed, no_contacts=result.is_quiet and not everyone)

    def _quiet_for_a_while(self, contact: Contact) -> bool:
        """Worth a quiet-morning suggestion: silent for a month, or half their cadence."""
        last = contact.last_interaction or (contact.created.date() if contact.created else None)
        if last is None:
            return False
        cadence = agenda.cadence_days(contact, self.settings)
        return (self.today - last).days >= min(30, cadence // 2)

    def checkpoint(self) -> None:
        """Bring the database file up to date with the journal (~60 ms at 30k contacts).

        Each save is durable once journaled (a millisecond or two); this folds it into the
        main file, so other tools reading it see the change. Blocking: call from a worker."""
        with self.lock:
            self.store.checkpoint()

    @contextlib.contextmanager
    def saving(self) -> Iterator[None]:
        """Around one save; `checkpoint_when_idle` then knows whether another is under way."""
        with self._saves_lock:
            self._saves += 1
        try:
            yield
        finally:
            with self._saves_lock:
                self._saves -= 1

    def checkpoint_when_idle(self) -> None:
        """Checkpoint unless another save is under way: the last save of a burst folds them
        all, and a save never queues behind a checkpoint its neighbour could have done."""
        with self._saves_lock:
            if self._saves:
                return
        self.checkpoint()

    def reload_if_changed(self) -> bool:
        """Re-read the file if another process (a script, `cockpit log`) changed it."""
        with self.lock:
            changed = self.store.refresh()
        if changed:
            self.invalidate_index()
        return changed

    def contact(self, contact_id: str) -> Contact:
        with self.lock:
            return self.store.contact(contact_id)

    def card(self, contact_id: str) -> ContactCard:
        with self.lock:
            c = self.store.contact(contact_id)
            items = agenda.followups([c], self.store.followups(contact_id, open_only=False),
                                     self.today, self.settings, days=36500)
            asks = tuple(agenda.engagement(c, a) for a in self.store.asks(contact_id))
            introducer = None
            if c.introduced_by:
                try:
                    introducer = self.store.contact(c.introduced_by)
                except NotFound:
                    introducer = None
            introduced = tuple(sorted((o for o in self.store.contacts()
                                       if o.introduced_by == c.id),
                                      key=lambda o: o.name.casefold()))
            nb = agenda.next_birthday(c.birthday, self.today, self.settings) if c.birthday else None
            return ContactCard(c, tuple(self.store.notes(contact_id)), tuple(items), asks,
                               introducer, introduced, agenda.cadence_days(c, self.settings), nb)

    def history(self, contact_id: str, limit: int = 200) -> History:
        """Interactions newest first. The first call parses the whole interactions table."""
        with self.lock:
            items = self.store.interactions(contact_id)
        return History(tuple(items[:limit]), len(items))

    def notes(self, contact_id: str) -> list[Note]:
        with self.lock:
            return self.store.notes(contact_id)

    # ------------------------------------------------------------------ fuzzy find

    def build_index(self) -> None:
        """Fold every contact's name, company, role and tags once (30,000 in ~0.1 s)."""
        with paused_gc():
            with self.lock:
                people = sorted(self.store.contacts(), key=lambda c: c.name.casefold())
            names = fold_many([c.name for c in people])
            rest = fold_many([" ".join((c.company, c.role, *c.tags)) for c in people])
            self._index = _SearchIndex(people, names, rest)

    def search(self, query: str, limit: int = 20) -> list[Match]:
        """Contacts matching every word of `query` (case and accents ignored), best first.

        A word matches a name at a word start (best), anywhere in the name, or in the
        company, role or tags; failing all that, the letters in order (fuzzy).
        """
        if self._index is None:
            self.build_index()
        index = self._index
        assert index is not None
        words = fold(query).split()
        if not words:
            return []
        scored: list[tuple[float, int]] = []
        names, rest = index.names, index.rest
        for i, name in enumerate(names):
            score = 0.0
            for word in words:
                pos = name.find(word)
                if pos == 0:
                    score += 1.0
                elif pos > 0:
                    score += 0.8 if name[pos - 1] == " " else 0.5
                elif word in rest[i]:
                    score += 0.35
                else:
                    break
            else:
                scored.append((score / len(words), i))
        if not scored:
            scored = _fuzzy(words, names)
        scored.sort(key=lambda s: (-s[0], s[1]))
        return [Match(index.contacts[i], max(0.01, min(1.0, s))) for s, i in scored[:limit]]

    def invalidate_index(self) -> None:
        self._index = None

    # ------------------------------------------------------------------ writes

    def done(self, item: agenda.FollowUpItem) -> str:
        with self.lock:
            self.store.save_followup(agenda.mark_done(item, self.today))
        return f"Done: {item.contact.name}"

    def snooze(self, item: agenda.FollowUpItem, until: dt.date) -> str:
        if until <= self.today:
            raise ValidationError(f"{until} is not after today ({self.today})")
        with self.lock:
            self.store.save_followup(agenda.snooze(item, until))
        return f"Snoozed {item.contact.name} until {until:%a %d %b}"

    def wish(self, item: agenda.BirthdayItem) -> str:
        """Birthday wished: logs a birthday-wish interaction today."""
        with self.lock:
            self.store.log(Interaction(item.contact.id, Kind.BIRTHDAY_WISH.value, self.today,
                                       channel=DEFAULT_CHANNEL["birthday-wish"],
                                       summary="birthday wishes"))
        return f"Birthday wished: {item.contact.name}"

    def log(self, contact_id: str, kind: str, channel: str = "", summary: str = "",
            when: dt.date | None = None, ask: Ask | None = None) -> str:
        """Log an interaction. Logging `ask` on an open ask's row marks that ask asked."""
        kind = parse_kind(kind)
        day = when or self.today
        if day > self.today:
            raise ValidationError(f"{day} is in the future; log what already happened")
        with self.lock:
            contact = self.store.contact(contact_id)
            with self.store.transaction():
                self.store.log(Interaction(contact_id, kind, day, channel=channel.strip(),
                                           summary=summary.strip()))
                if ask is not None and kind == Kind.ASK.value and ask.is_open:
                    ask.state = AskState.ASKED.value
                    self.store.save_ask(ask)
            after = [agenda.engagement(self.store.contact(contact_id), a)
                     for a in self.store.asks(contact_id)]
        message = f"Logged {kind} with {contact.name}"
        if ask is not None and kind == Kind.ASK.value:
            return message + " · ask marked asked"
        for item in after:
            if item.ready:
                message += " · you can ask now"
                break
            if item.next_step:
                message += f" · next step: {item.next_step}"
                break
        return message

    def add_ask(self, contact_id: str, what: str, offer: str = "",
                steps: str = "like,comment,share") -> Ask:
        ladder = parse_steps(steps)
        with self.lock:
            return self.store.save_ask(Ask(contact_id, what.strip(), self.today,
                                           offer=offer.strip(), steps=ladder))

    def plan_ask(self, what: str, offer: str = "", steps: str = "like,comment,share", *,
                 contact_id: str | None = None, who: str = "") -> Ask:
        """The new-ask form: every bad field reported at once (FormErrors)."""
        errors: dict[str, str] = {}
        with self.lock:
            if contact_id is None:
                if not who.strip():
                    errors["who"] = "whom do you want to ask?"
                elif (found := self._resolve_field(who, "who", errors)) is not None:
                    contact_id = found.id
            if not what.strip():
                errors["what"] = "say what you want to ask for"
            try:
                ladder = parse_steps(steps or "like,comment,share")
            except ValidationError as exc:
                errors["steps"] = str(exc)
            if errors:
                raise FormErrors(errors)
            assert contact_id is not None
            return self.store.save_ask(Ask(contact_id, what.strip(), self.today,
                                           offer=offer.strip(), steps=ladder))

    def _resolve_field(self, text: str, field: str, errors: dict[str, str]) -> Contact | None:
        """A name typed in a form field: the contact, or a one-line message for `field`."""
        try:
            return self.store.resolve(text)
        except Ambiguous as exc:
            names = ", ".join(c.name for c in exc.candidates[:3])
            errors[field] = f"several contacts match ({names}…): type more of the name"
        except NotFound:
            errors[field] = f"no contact matches {text.strip()!r}"
        return None

    def set_ask_state(self, ask: Ask, state: str) -> str:
        state = parse_enum(AskState, state, "ask state").value
        with self.lock:
            ask.state = state
            self.store.save_ask(ask)
        return f"Ask {state}: {ask.what}"

    def save_note(self, contact_id: str, text: str, note_id: str | None = None,
                  date: dt.date | None = None) -> Note:
        with self.lock:
            note = Note(contact_id, text.strip(), date or self.today)
            if note_id:
                note.id = note_id
            return self.store.save_note(note)

    def delete_note(self, note_id: str) -> None:
        with self.lock:
            self.store.delete_note(note_id)

    def archive(self, contact_id: str, archived: bool = True) -> str:
        with self.lock:
            contact = self.store.contact(contact_id)
            contact.archived = archived
            self.store.update_contact(contact)
        self.invalidate_index()
        return f"{'Archived' if archived else 'Restored'} {contact.name}"

    def save_contact(self, form: ContactForm, contact_id: str | None = None) -> Contact:
        """Create (or, with `contact_id`, update) a contact from the form.

        Raises FormErrors naming each bad field. Met in person: a follow-up is due the
        next day (P1).
        """
        with self.lock:
            existing = self.store.contact(contact_id) if contact_id else None
            contact, note, followup = self.parse_form(form, existing)
            if existing is None:
                self.store.add_contact(contact, notes=[note] if note else [],
                                       followups=[followup] if followup else [])
            else:
                with self.store.transaction():
                    self.store.update_contact(contact)
                    if note:
                        self.store.save_note(note)
                    if followup:
                        self.store.save_followup(followup)
        self.invalidate_index()
        return contact

    def parse_form(self, form: ContactForm, existing: Contact | None = None
                   ) -> tuple[Contact, Note | None, FollowUp | None]:
        """Validate every field at once; FormErrors lists all that are wrong."""
        errors: dict[str, str] = {}
        name = " ".join(form.name.split())
        if not name:
            errors["name"] = "a contact needs a name"
        emails = [e.strip() for e in form.email.replace(";", ",").split(",") if e.strip()]
        for email in emails:
            local, at, domain = email.partition("@")
            if not at or not local or "." not in domain or " " in email:
                errors["email"] = f"{email!r} does not look like an e-mail address"
                break
        phones = [p.strip() for p in form.phone.split(",") if p.strip()]
        for phone in phones:
            if sum(ch.isdigit() for ch in phone) < 5 or any(
                    not (ch.isdigit() or ch in " +-().") for ch in phone):
                errors["phone"] = f"{phone!r} does not look like a phone number"
                break
        how_met = form.how_met.strip() or None
        met_on = existing.met_on if existing else None
        if form.met_in_person_today:
            how_met = HowMet.IN_PERSON.value
            met_on = self.today
        elif how_met:
            try:
                how_met = parse_enum(HowMet, how_met, "how you met").value
            except ValidationError as exc:
                errors["how_met"] = str(exc)
        introducer: Contact | None = None
        kept = self._kept_introducer(form, existing)
        if kept is not None:
            introducer = kept
        elif form.introduced_by.strip():
            introducer = self._resolve_field(form.introduced_by, "introduced_by", errors)
            if introducer is not None and not how_met:
                how_met = HowMet.INTRODUCED.value
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
                every = int(form.every.strip())
                if every <= 0:
                    raise ValueError
            except ValueError:
                errors["every"] = "a whole number of days, e.g. 60"
        birthday: Birthday | None = None
        if form.birthday.strip():
            try:
                birthday = Birthday.parse(form.birthday)
                if birthday.year is not None and dt.date(
                        birthday.year, birthday.month, 28 if birthday.day == 29 else birthday.day
                ) > self.today:
                    errors["birthday"] = "that birthday is in the future"
            except ValidationError:
                errors["birthday"] = "use YYYY-MM-DD, or MM-DD when you don't know the year"
        linkedin = form.linkedin.strip()
        if linkedin and " " in linkedin:
            errors["linkedin"] = "a profile URL or handle has no spaces"
        if errors:
            raise FormErrors(errors)
        tags = sorted({t.strip() for t in form.tags.replace(";", ",").split(",") if t.strip()})
        handles = dict(existing.handles) if existing else {}
        if linkedin:
            handles["linkedin"] = linkedin
        else:
            handles.pop("linkedin", None)
        contact = Contact(
            name=name, company=form.company.strip(), role=form.role.strip(), emails=emails,
            phones=phones, location=form.location.strip(), handles=handles, how_met=how_met,
            met_at=form.met_at.strip(), met_on=met_on, relationship=relationship, tie=tie,
            every=every, introduced_by=introducer.id if introducer else None,
            birthday=birthday, tags=tags,
        )
        if existing is not None:
            contact.id = existing.id
            contact.created = existing.created
            contact.archived = existing.archived
            contact.vcard_uid = existing.vcard_uid
        note = Note(contact.id, form.note.strip(), self.today) if form.note.strip() else None
        followup = None
        if form.met_in_person_today:
            followup = FollowUp(contact.id, self.today + dt.timedelta(days=1),
                                MET_IN_PERSON_REASON, origin=Origin.MET_IN_PERSON.value)
        return contact, note, followup

    def _kept_introducer(self, form: ContactForm, existing: Contact | None) -> Contact | None:
        """Editing: the unchanged introducer name keeps its id (namesakes are not re-resolved)."""
        if existing is None or not existing.introduced_by:
            return None
        try:
            current = self.store.contact(existing.introduced_by)
        except NotFound:
            return None
        return current if form.introduced_by.strip() == current.name else None

    def form_of(self, contact: Contact) -> ContactForm:
        """The edit form prefilled from a contact."""
        introducer = ""
        if contact.introduced_by:
            try:
                introducer = self.contact(contact.introduced_by).name
            except NotFound:
                introducer = ""
        return ContactForm(
            name=contact.name, company=contact.company, role=contact.role,
            email=", ".join(contact.emails), phone=", ".join(contact.phones),
            location=contact.location, how_met=contact.how_met or "", met_at=contact.met_at,
            introduced_by=introducer, relationship=contact.relationship or "",
            tie=contact.tie, every=str(contact.every or ""),
            birthday=contact.birthday.iso().removeprefix("--") if contact.birthday else "",
            linkedin=contact.linkedin, tags=", ".join(contact.tags),
        )

    # ------------------------------------------------------------------ drafting

    def draft_for(self, contact_id: str, template: str | None = None,
                  ask_id: str | None = None) -> DraftSession:
        """A draft for this contact: the template given (or the one that fits today).

        Blocking (reads the user's template files): call it from a worker.
        """
        templates = drafting.all_templates(drafting.load_user_templates())
        with self.lock:
            contact = self.store.contact(contact_id)
            asks = sorted(self.store.asks(contact_id), key=lambda a: (a.created, a.what))
            reason = ""
            if template is None or template not in templates:
                template, reason = drafting.suggest_template(
                    contact, followups=self.store.followups(contact_id), asks=asks,
                    today=self.today, settings=self.settings)
            ask = next((a for a in asks if a.id == ask_id), asks[0] if asks else None)
            introducer = None
            if contact.introduced_by:
                try:
                    introducer = self.store.contact(contact.introduced_by)
                except NotFound:
                    introducer = None
            ctx = drafting.make_context(contact, self.store.notes(contact_id), hook=0, ask=ask,
                                        introducer=introducer, settings=self.settings,
                                        followups=self.store.followups(contact_id))
            existing = [d for d in self.store.drafts(contact_id)
                        if d.state == DraftState.DRAFT.value and d.template == template]
        chosen = templates[template]
        session = DraftSession(contact, ctx, templates, chosen,
                               drafting.choose_channel(chosen, contact), reason=reason)
        session.recompose()
        if existing:
            # Pick up where you left off: the newest unsent draft of this template.
            latest = max(existing, key=lambda d: (d.updated or d.created or dt.datetime.min, d.id))
            session.draft = latest
            session.channel = latest.channel if latest.channel in drafting.CHANNELS else session.channel
            session.recheck(latest.text)
            session.edited = latest.text != session.text or session.edited
        return session

    def save_draft(self, session: DraftSession) -> Draft:
        """Store the session's text as a draft (updating the one already stored)."""
        with self.lock:
            ask_id = (session.ctx.ask.id if session.ctx.ask is not None
                      and session.template.kind == Kind.ASK.value else None)
            draft = session.draft
            if draft is None or draft.state != DraftState.DRAFT.value:
                draft = Draft(session.contact.id, session.template.name, session.channel,
                              session.text, ask_id=ask_id)
            else:
                draft.template = session.template.name
                draft.channel = session.channel
                draft.text = session.text
                draft.ask_id = ask_id or draft.ask_id
            saved = self.store.save_draft(draft)
        session.draft = saved
        return saved

    def fill_draft(self, session: DraftSession, target: str = "", **values: str) -> None:
        """The Draft pane's fill-in form: the person to meet (intro-request) and the typed
        why / offer / my_update. Bad fields are reported together (FormErrors); with a
        target and no why, the why is the target's oldest open ask, as `cockpit draft`."""
        errors: dict[str, str] = {}
        person: Contact | None = None
        typed = {k: v.strip() for k, v in values.items() if v.strip()}
        with self.lock:
            if target.strip():
                person = self._resolve_field(target, "target", errors)
                if person is not None and person.id == session.contact.id:
                    errors["target"] = (f"{person.name} is who you are writing to: name "
                                        "the person you want them to introduce")
            if errors:
                raise FormErrors(errors)
            if person is not None and "why" not in typed:
                asks = sorted(self.store.asks(person.id), key=lambda a: a.created)
                if asks:
                    typed["why"] = asks[0].what
        session.fill(person, typed)

    def mark_sent(self, session: DraftSession) -> str:
        """You sent it by hand: store the draft as sent, log the template's interaction
        kind, close the met-in-person follow-up for a follow-up-after-meeting (P1, P7).
        One transaction: if anything is refused, nothing is written."""
        from .sending import mark_sent

        with self.lock, self.store.transaction():
            draft = self.save_draft(session)
            result = mark_sent(self.store, draft, self.today, template=session.template)
        session.sent = True
        message = f"Marked sent: logged {result.interaction.kind} with {session.contact.name}"
        if result.closed:
            message += f" · closed {len(result.closed)} follow-up" + (
                "s" if len(result.closed) > 1 else "")
        if result.ask_marked:
            message += " · ask marked asked"
        return message

    # ------------------------------------------------------------------ files

    def export_calendar(self, path: Path | str | None = None) -> str:
        """Write the reminders as an iCalendar file (default: next to the database)."""
        from .exporting import export_ics

        with self.lock:
            summary = export_ics(self.store, path, self.today, self.settings)
        message = f"Calendar: {summary.message()}"
        for warning in summary.warnings:
            message += f" · {warning}"
        return message

    def import_file(self, path: Path | str, progress: Callable[[int, int], None] | None = None,
                    dry_run: bool = False) -> ImportReport:
        """Import a vCard or LinkedIn CSV file (one atomic write), then re-read the database.

        The import runs on a Store of its own, as the importers ask; the service's store
        is refreshed afterwards, so every screen sees the new people.
        """
        from .importers import import_file

        other = Store(self.store.path, clock=self.store.clock)
        report = import_file(Path(path).expanduser(), other, progress, dry_run=dry_run,
                             today=self.today)
        with self.lock:
            self.store.refresh()
        self.invalidate_index()
        return report

    def parse_day(self, text: str) -> dt.date:
        """A day typed by the user: YYYY-MM-DD, +N (days from today), or tomorrow."""
        raw = text.strip().lower()
        if raw == "tomorrow":
            return self.today + dt.timedelta(days=1)
        if raw.startswith("+") and raw[1:].isdigit():
            return self.today + dt.timedelta(days=int(raw[1:]))
        return parse_date(text)


_gc_pauses = 0
_gc_lock = threading.Lock()


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while tens of thousands of records are built,
    then freeze them out of its way. Otherwise it rescans them again and again: a third
    of the start-up at 30,000 contacts. Nestable and thread-safe."""
    global _gc_pauses
    with _gc_lock:
        _gc_pauses += 1
        if _gc_pauses == 1:
            paused_gc.was_enabled = gc.isenabled()  # type: ignore[attr-defined]
            gc.disable()
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0:
                gc.freeze()
                if paused_gc.was_enabled:  # type: ignore[attr-defined]
                    gc.enable()


def _fuzzy(words: Iterable[str], names: list[str]) -> list[tuple[float, int]]:
    """Letters of the query in order within a name ("nrib" finds "nuria ibanez")."""
    letters = "".join(words)
    found = []
    for i, name in enumerate(names):
        pos = 0
        gaps = 0
        for ch in letters:
            nxt = name.find(ch, pos)
            if nxt < 0:
                break
            gaps += nxt - pos
            pos = nxt + 1
        else:
            found.append((0.3 / (1 + gaps / 10), i))
    return found

"""Match imported people against the database (and each other) and plan one write.

A person is the same person when they share, in this order of trust:

1. the vCard UID (or a UID that is a contact's Cockpit id: a re-imported Cockpit export);
2. an e-mail address (case-insensitive);
3. the LinkedIn profile URL (case, scheme, `www.`, trailing slash ignored);
4. a phone number, normalised by libphonenumber (`phones.PhoneKeys`: "+34 600 11 12 22"
   is "0034600111222"; with `import.default_region` also "600 111 222"); reported as
   doubtful when the two names share no word (a shared office line);
5. weaker, and reported as doubtful: the same name and the same company (accents and
   case ignored), or the same words of the name in another order ("Doe John", "Doe,
   John") and the same, non-empty, company.

Steps 4 and 5 never join two people a UID or a LinkedIn profile says are different.

Merging fills what is empty and adds what is missing (another e-mail, a tag, a note);
it never overwrites a value already there — typed by the user or brought by an earlier
import. Where the file disagrees, the report lists the conflict and the value kept.
Re-importing a file therefore changes nothing: notes are matched by text and the LinkedIn
connection (`invite-accepted`) is logged once per person.

`plan_import` only reads the store; `apply_plan` writes inside the caller's transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..model import Birthday, Contact, Interaction, Kind, Note, fold, fold_many
from ..store import Store
from .base import (
    Candidate,
    ParseResult,
    RowIssue,
    email_key,
    handle_key,
    linkedin_key,
    note_key,
    phone_key,
    website_key,
)
from .phones import PhoneKeys


@dataclass(slots=True)
class Conflict:
    """The file says something else than the database; the database value was kept."""

    line: int
    name: str
    field: str
    kept: str
    offered: str

    def __str__(self) -> str:
        return (f"line {self.line} ({self.name}): {self.field}: kept {self.kept!r}, "
                f"the file says {self.offered!r}")


@dataclass(slots=True)
class ImportReport:
    """What an import did (or, with dry_run, would do)."""

    source: str = ""
    format: str = ""
    dry_run: bool = False
    added: int = 0
    merged: int = 0
    unchanged: int = 0
    skipped: list[RowIssue] = field(default_factory=list)
    doubtful: list[RowIssue] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    notes_added: int = 0
    interactions_added: int = 0
    notices: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return self.added + self.merged + self.unchanged + len(self.skipped)

    def summary(self) -> str:
        """One line: "120 added, 3 merged, 0 unchanged, 2 skipped"."""
        return (f"{self.added} added, {self.merged} merged, {self.unchanged} unchanged, "
                f"{len(self.skipped)} skipped")

    def details(self) -> list[str]:
        """Every skipped and doubtful row, then the conflicts, one line each."""
        out = [f"skipped  {issue}" for issue in self.skipped]
        out += [f"doubtful {issue}" for issue in self.doubtful]
        out += [f"conflict {conflict}" for conflict in self.conflicts]
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source, "format": self.format, "dry_run": self.dry_run,
            "added": self.added, "merged": self.merged, "unchanged": self.unchanged,
            "skipped": len(self.skipped), "notes_added": self.notes_added,
            "interactions_added": self.interactions_added,
            "skipped_rows": [dataclasses.asdict(i) for i in self.skipped],
            "doubtful_rows": [dataclasses.asdict(i) for i in self.doubtful],
            "conflicts": [dataclasses.asdict(c) for c in self.conflicts],
            "notices": list(self.notices),
        }


@dataclass(slots=True)
class Plan:
    report: ImportReport
    new_contacts: list[Contact] = field(default_factory=list)
    updated_contacts: list[Contact] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.new_contacts or self.updated_contacts or self.notes or self.interactions)


#: Filled when empty, never reported as conflicts (they are import defaults, not facts).
_SILENT_FIELDS = ("how_met", "relationship", "met_at", "met_on")
#: Filled when empty; a different value is a conflict.
_TEXT_FIELDS = ("company", "role", "location")


def name_words(folded_name: str) -> str:
    """The words of a folded name in a fixed order: "doe, john" and "john doe" agree."""
    return " ".join(sorted(folded_name.replace(",", " ").split()))


class _Matcher:
    """Everyone known so far (database + this import), indexed by each identifying key."""

    def __init__(self, store: Store, region: str = "") -> None:
        existing = store.contacts(include_archived=True)
        self.contacts: dict[str, Contact] = {c.id: c for c in existing}
        self.existing: set[str] = set(self.contacts)
        self.copied: dict[str, Contact] = {}  # existing contacts changed by this import
        self.new: dict[str, Contact] = {}
        self.by_uid: dict[str, str] = {}
        self.by_email: dict[str, str] = {}
        self.by_linkedin: dict[str, str] = {}
        self.by_phone: dict[str, str] = {}
        self.phones_indexed = False  # built on the first row with a phone (LinkedIn has none)
        self.phone_keys = PhoneKeys(region)
        self.by_name: dict[tuple[str, str], list[str]] = {}
        self.by_words: dict[tuple[str, str], list[str]] = {}
        self.folded: dict[str, str] = {}  # contact id -> folded name
        self.li_keys: dict[str, str] = {}  # contact id -> its LinkedIn key
        self.last_li = ""  # the LinkedIn key `find` computed last (indexing a new contact)
        names = fold_many([c.name for c in existing])
        companies = fold_many([c.company for c in existing])
        for c, fname, fcompany in zip(existing, names, companies, strict=True):
            self._index(c, fname, fcompany)
        self.note_keys: dict[str, set[str]] = {}
        for note in store.notes():
            self.note_keys.setdefault(note.contact_id, set()).add(note_key(note.text))
        # Latest logged date of each kind, per contact (the store keeps it as `seen`).
        self.seen: dict[str, dict[str, dt.date]] = {c.id: dict(c.seen) for c in existing if c.seen}

    def _index(self, c: Contact, fname: str | None = None, fcompany: str | None = None,
               li: str | None = None) -> None:
        if c.vcard_uid:
            self.by_uid.setdefault(c.vcard_uid, c.id)
        for e in c.emails:
            key = email_key(e)
            if key:
                self.by_email.setdefault(key, c.id)
        if li is None:
            li = linkedin_key(c.linkedin)
        self.li_keys[c.id] = li
        if li:
            self.by_linkedin.setdefault(li, c.id)
        if self.phones_indexed:
            self._index_phones(c)
        fname = fold(c.name) if fname is None else fname
        fcompany = fold(c.company) if fcompany is None else fcompany
        self.folded[c.id] = fname
        for index, key2 in ((self.by_name, (fname, fcompany)),
                            (self.by_words, (name_words(fname), fcompany))):
            if index is self.by_words and not fcompany:
                continue  # reordered names count only where the company agrees
            ids = index.setdefault(key2, [])
            if c.id not in ids:
                ids.append(c.id)

    def _index_phones(self, c: Contact) -> None:
        for phone in c.phones:
            key = self.phone_keys(phone)
            if key:
                self.by_phone.setdefault(key, c.id)

    def _uid_hit(self, uid: str) -> str | None:
        if uid in self.by_uid:
            return self.by_uid[uid]
        bare = uid.removeprefix("urn:uuid:")
        return bare if bare in self.contacts else None

    def _two_people(self, cid: str, cand: Contact, li: str) -> bool:
        """A different vCard UID or LinkedIn profile: two people, whatever else agrees.
        (Called once the strong keys found nobody: the candidate's UID is no one's id.)"""
        known_uid, known_li = self.contacts[cid].vcard_uid, self.li_keys.get(cid, "")
        return bool((known_uid and cand.vcard_uid and known_uid != cand.vcard_uid)
                    or (known_li and li and known_li != li))

    def find(self, cand: Contact, fname: str, fcompany: str) -> tuple[str | None, str, list[str]]:
        """(contact id, how it matched, other contacts the strong keys point at)."""
        hits: list[tuple[str, str]] = []
        if cand.vcard_uid:
            cid = self._uid_hit(cand.vcard_uid)
            if cid:
                hits.append((cid, "vCard UID"))
        for e in cand.emails:
            cid = self.by_email.get(email_key(e))
            if cid:
                hits.append((cid, "e-mail"))
        li = self.last_li = linkedin_key(cand.linkedin)
        if li and li in self.by_linkedin:
            hits.append((self.by_linkedin[li], "LinkedIn URL"))
        if hits:
            cid, how = hits[0]
            others = sorted({h for h, _ in hits if h != cid})
            return cid, how, others
        if cand.phones:
            if not self.phones_indexed:
                self.phones_indexed = True
                for c in self.contacts.values():
                    self._index_phones(c)
            for phone in cand.phones:
                cid = self.by_phone.get(self.phone_keys(phone))
                if cid and not self._two_people(cid, cand, li):
                    return cid, "phone number", []
        for index, key2, how in ((self.by_name, (fname, fcompany), "name and company"),
                                 (self.by_words, (name_words(fname), fcompany),
                                  "name (words in another order) and company")):
            if index is self.by_words and not fcompany:
                continue
            for cid in index.get(key2, ()):
                if not self._two_people(cid, cand, li):
                    return cid, how, []
        return None, "", []

    def editable(self, cid: str) -> Contact:
        """The contact to merge into: a private copy for a database contact."""
        if cid in self.existing and cid not in self.copied:
            return _copy(self.contacts[cid])
        return self.contacts[cid]

    def commit(self, cid: str, contact: Contact) -> None:
        """Keep a changed copy and index the keys it gained."""
        if cid in self.existing:
            self.copied[cid] = contact
        self.contacts[cid] = contact
        self._index(contact)


_FIELDS = tuple(f.name for f in dataclasses.fields(Contact))


def _copy(c: Contact) -> Contact:
    """A copy of a stored contact whose lists and dicts can change (a field-by-field copy:
    `dataclasses.replace` runs the validating constructor, 30,000 times when a file is
    imported again)."""
    copy = object.__new__(Contact)
    for name in _FIELDS:
        object.__setattr__(copy, name, getattr(c, name))
    copy.emails, copy.phones, copy.tags = list(c.emails), list(c.phones), list(c.tags)
    copy.handles, copy.websites, copy.seen = dict(c.handles), list(c.websites), dict(c.seen)
    return copy


def _merge_fields(target: Contact, cand: Contact, line: int, conflicts: list[Conflict],
                  phone_match: Callable[[str], str] | None = None,
                  folded: tuple[str, str] | None = None) -> bool:
    """Fill `target`'s empty fields from `cand`; list disagreements. True when changed.
    `folded`: both names folded already (target's, candidate's)."""
    changed = False

    def conflict(name: str, kept: str, offered: str) -> None:
        conflicts.append(Conflict(line, target.name, name, kept, offered))

    target_name, cand_name = folded or (fold(target.name), fold(cand.name))
    if target_name != cand_name:
        conflict("name", target.name, cand.name)
    for name in _TEXT_FIELDS:
        new = getattr(cand, name)
        if not new:
            continue
        old = getattr(target, name)
        if not old:
            setattr(target, name, new)
            changed = True
        elif fold(old) != fold(new):
            conflict(name, old, new)
    for name in _SILENT_FIELDS:
        new = getattr(cand, name)
        if new and not getattr(target, name):
            setattr(target, name, new)
            changed = True
    if cand.vcard_uid and cand.vcard_uid.removeprefix("urn:uuid:") != target.id:
        if not target.vcard_uid:
            target.vcard_uid = cand.vcard_uid
            changed = True
        elif target.vcard_uid != cand.vcard_uid:
            conflict("vCard UID", target.vcard_uid, cand.vcard_uid)
    new_bday, old_bday = cand.birthday, target.birthday
    if new_bday is not None:
        if old_bday is None:
            target.birthday = new_bday
            changed = True
        elif ((old_bday.month, old_bday.day) != (new_bday.month, new_bday.day)
              or (old_bday.year and new_bday.year and old_bday.year != new_bday.year)):
            conflict("birthday", old_bday.iso(), new_bday.iso())
        elif old_bday.year is None and new_bday.year is not None:
            target.birthday = Birthday(old_bday.month, old_bday.day, new_bday.year)
            changed = True
    for name, key in (("emails", email_key), ("phones", phone_match or phone_key),
                      ("tags", str.casefold), ("websites", website_key)):
        have = getattr(target, name)
        keys = {key(v) or v for v in have}
        for value in getattr(cand, name):
            k = key(value) or value
            if k not in keys:
                have.append(value)
                keys.add(k)
                changed = True
    for network, url in cand.handles.items():
        old = target.handles.get(network, "")
        if not old:
            target.handles[network] = url
            changed = True
        elif handle_key(network, old) != handle_key(network, url):
            conflict(network, old, url)
    return changed


def plan_import(store: Store, parsed: ParseResult, region: str = "") -> Plan:
    """Decide, row by row, what to add and what to merge. Reads the store, writes nothing.

    `region` is the country of phone numbers written without their international prefix.
    """
    report = ImportReport(format=parsed.format, skipped=list(parsed.skipped),
                          doubtful=list(parsed.doubtful), notices=list(parsed.notices))
    plan = Plan(report)
    m = _Matcher(store, region)
    cands = parsed.candidates
    fnames = fold_many([c.contact.name for c in cands])
    fcompanies = fold_many([c.contact.company for c in cands])
    for cand, fname, fcompany in zip(cands, fnames, fcompanies, strict=True):
        contact = cand.contact
        cid, how, others = m.find(contact, fname, fcompany)
        if cid is None:
            m.contacts[contact.id] = contact
            m.new[contact.id] = contact
            m._index(contact, fname, fcompany, m.last_li)
            plan.new_contacts.append(contact)
            report.added += 1
            _add_extras(m, plan, cand, contact.id, cand.line)
            continue
        target = m.editable(cid)
        folded = m.folded.get(cid)
        changed = _merge_fields(target, contact, cand.line, report.conflicts,
                                lambda p: m.phone_keys(p) or phone_key(p),
                                (folded, fname) if folded is not None else None)
        if changed:
            m.commit(cid, target)
        extras = _add_extras(m, plan, cand, cid, cand.line)
        if changed or extras:
            report.merged += 1
        else:
            report.unchanged += 1
        if how.startswith("name"):
            company = f" at {target.company}" if target.company else " (no company on either)"
            report.doubtful.append(RowIssue(
                cand.line, f"matched {target.name}{company} by {how} only; "
                           "check it is the same person", contact.name))
        elif how == "phone number" and not set(fname.split()) & set(m.folded[cid].split()):
            report.doubtful.append(RowIssue(
                cand.line, f"matched {target.name} by phone number only, and the names "
                           "differ; check it is the same person", contact.name))
        if others:
            names = ", ".join(m.contacts[o].name for o in others)
            report.doubtful.append(RowIssue(
                cand.line, f"merged into {target.name} (by {how}), but other keys point at "
                           f"{names}; those were left alone", contact.name))
    plan.updated_contacts = list(m.copied.values())
    report.notes_added = len(plan.notes)
    report.interactions_added = len(plan.interactions)
    report.doubtful.sort(key=lambda r: r.line)
    return plan


def _add_extras(m: _Matcher, plan: Plan, cand: Candidate, cid: str, line: int) -> bool:
    """Notes and interactions of a row not already there. True when any was added."""
    added = False
    keys = m.note_keys.setdefault(cid, set())
    for note in cand.notes:
        k = note_key(note.text)
        if k in keys:
            continue
        keys.add(k)
        note.contact_id = cid
        plan.notes.append(note)
        added = True
    seen = m.seen.setdefault(cid, {})
    for item in cand.interactions:
        last = seen.get(item.kind)
        if item.kind == Kind.INVITE_ACCEPTED.value and last is not None:
            # One accepted connection per person: a second date is a conflict, not a log.
            if last != item.date:
                name = m.contacts[cid].name
                plan.report.conflicts.append(Conflict(line, name, "connected on",
                                                      last.isoformat(), item.date.isoformat()))
            continue
        if last == item.date:
            continue
        item.contact_id = cid
        plan.interactions.append(item)
        if last is None or item.date > last:
            seen[item.kind] = item.date
        added = True
    return added


def apply_plan(store: Store, plan: Plan) -> None:
    """Write the plan; call inside `store.transaction()` so it is one atomic write."""
    if plan.empty:
        return
    with store.transaction():
        for contact in plan.updated_contacts:
            store.update_contact(contact)
        store.insert_many(contacts=plan.new_contacts, notes=plan.notes,
                          interactions=plan.interactions)

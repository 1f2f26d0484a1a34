"""`Store`: the records of a cockpit database — contacts, notes, interactions, follow-ups,
asks, drafts — read from memory and written one atomic transaction at a time.

It composes the file engine (`engine.Engine`: the file, its lock, backup and journal, and
the `Document` of stored docs) with the domain objects built from those docs
(`objects.Objects`). Every record written is checked first: a value out of range is a
ValidationError and nothing is written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import platformdirs

from ..model import (
    Ask,
    Contact,
    Draft,
    FollowUp,
    Interaction,
    Note,
    ValidationError,
    tidy_name,
)
from . import sidecar
from .checks import out_of_range
from .engine import Engine
from .errors import Ambiguous, NotFound
from .layout import compact
from .migrations import SCHEMA_VERSION
from .objects import Objects


def default_path() -> Path:
    env = os.environ.get("COCKPIT_DB")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("cockpit")) / "cockpit.json"


class Store:
    """A cockpit database. Reads are served from memory; each write is one atomic transaction."""

    def __init__(self, path: Path | str | None = None,
                 clock: Callable[[], dt.datetime] | None = None, *, journal: bool = False) -> None:
        self.clock: Callable[[], dt.datetime] = clock or dt.datetime.now
        self._engine = Engine(default_path() if path is None else Path(path).expanduser(),
                              journal=journal, clock=lambda: self.clock())
        self._doc = self._engine.doc
        self._objects = Objects(self._doc)
        self._doc.on_stale = self._objects.forget
        self.holds_exactly = self._engine.holds_exactly

    # ------------------------------------------------------------------ the file

    @property
    def path(self) -> Path:
        """The database as named (a symlink stays one: writes go through it)."""
        return self._engine.path

    @property
    def backup_path(self) -> Path:
        return self._engine.backup_path

    @property
    def journal_path(self) -> Path:
        return self._engine.journal_path

    @property
    def lock_path(self) -> Path:
        return self._engine.lock_path

    @property
    def journal(self) -> bool:
        """Small changes go to `<name>.journal` first; `checkpoint()` folds them in."""
        return self._engine.journal

    @journal.setter
    def journal(self, value: bool) -> None:
        self._engine.journal = value

    @property
    def pending_in_journal(self) -> int:
        """Saves that are durable in the journal but not yet in the main file."""
        return len(self._engine.wal.pending)

    @property
    def schema_version(self) -> int:
        return int(self._doc.meta.get("schema_version", SCHEMA_VERSION))

    @property
    def warnings(self) -> list[str]:
        """One line per record left out by the reads so far (a value out of range, from an
        old file or a hand edit), naming its contact; the file keeps them (`check()`: all)."""
        return list(self._objects.warnings.values())

    def check(self) -> list[str]:
        """Read every record (the interactions too) and return `warnings`."""
        for table in self._doc.docs:
            self._objects.all(table)
        self.interactions()
        return self.warnings

    @property
    def version(self) -> int:  # grows with each change memory takes in (a write, a reload)
        return self._engine.changes

    def refresh(self) -> bool:
        """Re-read the file if another process changed it. True when something was reloaded."""
        return self._engine.refresh()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """Lock, bring memory up to date, apply changes, write once. Joins an open transaction."""
        with self._engine.transaction():
            yield self

    def checkpoint(self) -> None:
        """Fold the journal into the main file (one full atomic write); a no-op without one.

        The TUI calls it after each save, off the UI thread; closing calls it too. Raises
        CheckpointError (a StoreError) when that fails with saves waiting in the journal:
        they are safe, and the next Cockpit to open the database folds them in."""
        self._engine.checkpoint()

    # ------------------------------------------------------------------ reads

    def contacts(self, include_archived: bool = False,
                 where: Callable[[dict[str, Any]], bool] | None = None) -> list[Contact]:
        """Contacts in stored order. `where`, when given, is tested on each stored doc (the
        `Contact.to_dict()` form, empty fields omitted; it must not change it) and only the
        docs it accepts become Contact objects: `cockpit today` builds the few thousand that
        may be due (`agenda_prefilter.may_show`) instead of all 30,000."""
        if where is None:
            return [c for c in self._objects.all("contacts").values()
                    if include_archived or not c.archived]
        cached = self._objects.cache.get("contacts") or {}
        found = []
        for doc in self._doc.docs["contacts"].values():
            if where(doc):
                c = cached.get(doc["id"]) or self._objects.make("contacts", doc)
                if c is not None and (include_archived or not c.archived):
                    found.append(c)
        return found

    def contact(self, contact_id: str) -> Contact:
        return self._objects.contact(contact_id)

    def notes(self, contact_id: str | None = None) -> list[Note]:
        """Notes, newest first (for one contact, or all)."""
        notes = [n for n in self._objects.all("notes").values()
                 if contact_id is None or n.contact_id == contact_id]
        return sorted(notes, key=lambda n: n.date, reverse=True)

    def note_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for doc in self._doc.docs["notes"].values():
            counts[doc["contact_id"]] = counts.get(doc["contact_id"], 0) + 1
        return counts

    def followups(self, contact_id: str | None = None, open_only: bool = True) -> list[FollowUp]:
        return [f for f in self._objects.all("followups").values()
                if (contact_id is None or f.contact_id == contact_id)
                and (f.is_open or not open_only)]

    def asks(self, contact_id: str | None = None, open_only: bool = True) -> list[Ask]:
        return [a for a in self._objects.all("asks").values()
                if (contact_id is None or a.contact_id == contact_id)
                and (a.is_open or not open_only)]

    def drafts(self, contact_id: str | None = None) -> list[Draft]:
        return [d for d in self._objects.all("drafts").values()
                if contact_id is None or d.contact_id == contact_id]

    def interactions(self, contact_id: str | None = None, *,
                     kinds: frozenset[str] | None = None) -> list[Interaction]:
        """Interactions newest first. All of them parses the interactions table on first
        use; one contact's are read from its bytes while it is unparsed (`of_contact`),
        and so are those of some `kinds` (`of_kinds`), e.g. the invitation events."""
        docs: Iterable[dict[str, Any]] | None = None
        if contact_id is not None:
            docs = self._doc.inter.of_contact(contact_id)
            if docs is None:
                docs = [d for d in self._doc.interactions().values()
                        if d.get("contact_id") == contact_id]
        elif kinds is not None:
            docs = self._doc.inter.of_kinds(kinds)
        if docs is None:
            docs = self._doc.interactions().values()
        if kinds is not None:
            docs = [d for d in docs if d.get("kind") in kinds]
        made = (self._objects.make("interactions", d) for d in docs)
        items = [i for i in made if i is not None]
        return sorted(items, key=lambda i: i.date, reverse=True)

    def interaction_count(self) -> int:
        return self._doc.inter.count()

    def logged_since(self, mark: int | None = None) -> tuple[int, list[str]]:
        """A mark now; the ids of the interactions logged here since `mark` (the last 256)."""
        return self._doc.next_id["interactions"], [
            rid for n, rid in self._doc.logged if mark is not None and n >= mark]

    def resolve(self, name: str) -> Contact:
        """A contact by id, exact name, or unambiguous case- and accent-insensitive prefix."""
        query = tidy_name(name)  # names are stored on one line
        if not query:
            raise NotFound("no contact name given")
        if query in self._doc.index["contacts"]:
            return self.contact(query)
        matches, refused = self._objects.names.find(
            self._doc.docs["contacts"], query,
            lambda cid: self._objects.contact_problem(cid) is None)
        if len(matches) == 1:
            return self.contact(matches[0])
        if not matches:
            if refused:  # a contact left out (a value out of range): say why
                raise NotFound(self._objects.contact_problem(refused[0]) or "")
            raise NotFound(f"no contact matches {name!r}")
        found = [self.contact(cid) for cid in matches]
        shown = "; ".join(f"{c.name} ({c.company or 'no company'}, id {c.id[:8]})"
                          for c in found[:8])
        more = f" and {len(found) - 8} more" if len(found) > 8 else ""
        raise Ambiguous(f"{name!r} matches {len(found)} contacts: {shown}{more}", found)

    # ------------------------------------------------------------------ writes

    def _stamp(self, contact: Contact) -> None:
        now = self.clock().replace(microsecond=0)
        contact.created = contact.created or now
        contact.updated = now

    def add_contact(self, contact: Contact, *, notes: list[Note] = (),  # type: ignore[assignment]
                    followups: list[FollowUp] = ()) -> Contact:  # type: ignore[assignment]
        with self.transaction():
            if contact.id in self._doc.index["contacts"]:
                raise ValidationError(f"a contact with id {contact.id} exists already")
            if contact.introduced_by and contact.introduced_by not in self._doc.index["contacts"]:
                raise ValidationError(f"introducer {contact.introduced_by} is not a contact")
            self._stamp(contact)
            self._put("contacts", contact)
            for note in notes:
                self._put("notes", note)
            for fu in followups:
                self._put("followups", fu)
            return contact

    def update_contact(self, contact: Contact, *, stamp: bool = True) -> Contact:
        with self.transaction():
            doc_id = self._doc.index["contacts"].get(contact.id)
            if doc_id is None:
                raise NotFound(f"no contact with id {contact.id}")
            # `seen` is the store's own bookkeeping: keep the stored value.
            stored = self._doc.docs["contacts"][doc_id]
            contact.seen = {k: dt.date.fromisoformat(v)
                            for k, v in (stored.get("seen") or {}).items()}
            if stamp:
                self._stamp(contact)
            self._put("contacts", contact)
            return contact

    def _require_contact(self, contact_id: str) -> None:
        if contact_id not in self._doc.index["contacts"]:
            raise NotFound(f"no contact with id {contact_id}")

    def save_note(self, note: Note) -> Note:
        return self._save("notes", note)

    def delete(self, record_id: str, table: str = "notes") -> None:  # or followups, asks
        with self.transaction():
            if not self._doc.delete(table, record_id):
                raise NotFound(f"no {table[:-1]} with id {record_id}")
            self._objects.drop(table, record_id)

    delete_note = delete

    def delete_interaction(self, interaction_id: str) -> Interaction | None:
        """Delete a logged interaction (its contact's `seen` follows); None: out of range."""
        with self.transaction():
            doc, contact_doc = self._doc.delete_interaction(interaction_id)
            if contact_doc is not None:
                self._objects.contact_changed(contact_doc["id"], contact_doc)
            return self._objects.make("interactions", doc)  # type: ignore[no-any-return]

    def log(self, interaction: Interaction) -> Interaction:
        """Record an interaction; it resets the contact's keep-in-touch clock."""
        return self._save("interactions", interaction)

    def save_followup(self, followup: FollowUp) -> FollowUp:
        return self._save("followups", followup)

    def save_ask(self, ask: Ask) -> Ask:
        return self._save("asks", ask)

    def save_draft(self, draft: Draft) -> Draft:
        with self.transaction():
            now = self.clock().replace(microsecond=0)
            draft.created = draft.created or now
            draft.updated = now
            return self._save("drafts", draft)

    def _save(self, table: str, record: Any) -> Any:
        with self.transaction():
            self._require_contact(record.contact_id)
            self._put(table, record)
            return record

    def insert_many(self, contacts: Iterable[Contact] = (), notes: Iterable[Note] = (),
                    interactions: Iterable[Interaction] = (), followups: Iterable[FollowUp] = (),
                    asks: Iterable[Ask] = (), drafts: Iterable[Draft] = ()) -> None:
        """Many new records in one transaction: one atomic write at the end (imports, demo)."""
        with self.transaction():
            for contact in contacts:
                self._stamp(contact)
                self._put("contacts", contact)
            for table, records in (("notes", notes), ("followups", followups), ("asks", asks),
                                   ("drafts", drafts)):
                for record in records:
                    self._require_contact(record.contact_id)
                    self._put(table, record)
            items = list(interactions)
            if len(items) > 20:
                self._doc.interactions()  # appending many: work on the parsed table, not on bytes
            for item in items:
                self._put("interactions", item)

    def _put(self, table: str, record: Any) -> None:
        """Insert or replace a record (by its id) inside the current transaction."""
        assert self._engine.in_tx, "writes happen inside store.transaction()"
        doc = compact(record.to_dict())
        problem = out_of_range(table, doc)
        if problem is not None:  # nothing comes in that a later read would have to leave out
            raise ValidationError(problem)
        if table == "interactions":
            contact_doc = self._doc.log(doc)
            if contact_doc is not None:
                self._objects.contact_changed(record.contact_id, contact_doc)
            return
        self._doc.put(table, doc)
        self._objects.put(table, record)


def save_index(store: Store) -> None:
    """Write the index that lets `cockpit today` skip parsing the whole file next time
    (see `sidecar`), when the store holds exactly the file; best effort."""
    sidecar.after_load(store._engine)

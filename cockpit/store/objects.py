"""Domain objects built from the stored docs, cached per table, and the records left out.

A doc becomes a `Contact`, `Note`, … when someone reads it. A malformed one is a
StoreError naming the record (the database cannot be trusted); one with a value out of
range (`checks.out_of_range`) is left out of every read and named in `warnings` — the
file keeps it exactly as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model import Contact, fold, fold_many
from .checks import FROM_DICT, left_out, out_of_range
from .document import Document
from .errors import NotFound, StoreError


class Objects:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.cache: dict[str, dict[str, Any]] = {}  # table -> record id -> domain object
        #: (table, record id) -> one line, for each record left out by the reads so far.
        self.warnings: dict[tuple[str, str], str] = {}
        self.names = NameIndex()

    def forget(self, table: str | None) -> None:
        """The docs of `table` (None: of every table) changed under the cache."""
        if table is None:
            self.cache.clear()
            self.warnings.clear()
            self.names.forget()
            return
        self.cache.pop(table, None)
        for key in [key for key in self.warnings if key[0] == table]:
            del self.warnings[key]
        if table == "contacts":
            self.names.forget()

    def make(self, table: str, doc: dict[str, Any]) -> Any | None:
        """The domain object of a stored doc; None when it is left out (out of range)."""
        problem = out_of_range(table, doc)
        if problem is not None:
            self.leave_out(table, doc, problem)
            return None
        try:
            return FROM_DICT[table](doc)
        except (KeyError, TypeError, ValueError) as exc:
            raise StoreError(f"{self.doc.path}: {table} record {doc.get('id')!r} is malformed "
                             f"({exc})") from None

    def leave_out(self, table: str, doc: dict[str, Any], problem: str) -> str:
        if table == "contacts":
            owner = str(doc.get("name"))
        else:
            contacts = self.doc.docs["contacts"]
            owner_doc = contacts.get(self.doc.index["contacts"].get(str(doc.get("contact_id")), ""))
            owner = str(owner_doc.get("name")) if owner_doc else "an unknown contact"
        line = left_out(table, doc, problem, owner, self.doc.path.name)
        self.warnings[(table, str(doc.get("id")))] = line
        return line

    def all(self, table: str) -> dict[str, Any]:
        objs = self.cache.get(table)
        if objs is None:
            objs = {}
            for doc in self.doc.docs[table].values():
                obj = self.make(table, doc)
                if obj is not None:
                    objs[doc["id"]] = obj
            self.cache[table] = objs
        return objs

    def contact(self, contact_id: str) -> Contact:
        cached = self.cache.get("contacts")
        if cached is not None and contact_id in cached:
            return cached[contact_id]  # type: ignore[no-any-return]
        doc_id = self.doc.index["contacts"].get(contact_id)
        if doc_id is None:
            raise NotFound(f"no contact with id {contact_id}")
        contact = self.make("contacts", self.doc.docs["contacts"][doc_id])
        if contact is None:
            raise NotFound(self.warnings[("contacts", contact_id)])
        return contact  # type: ignore[no-any-return]

    def contact_problem(self, contact_id: str) -> str | None:
        """The warning for a contact left out (None: it is not), without building it."""
        doc = self.doc.docs["contacts"][self.doc.index["contacts"][contact_id]]
        problem = out_of_range("contacts", doc)
        return None if problem is None else self.leave_out("contacts", doc, problem)

    def put(self, table: str, record: Any) -> None:
        if table in self.cache:
            self.cache[table][record.id] = record
        if table == "contacts":
            self.names.forget()

    def drop(self, table: str, record_id: str) -> None:
        self.cache.get(table, {}).pop(record_id, None)

    def contact_changed(self, contact_id: str, doc: dict[str, Any]) -> None:
        """Rebuild this one cached Contact, not all 30,000 on the next read."""
        cached = self.cache.get("contacts")
        if cached is not None and contact_id in cached:
            contact = self.make("contacts", doc)
            if contact is None:
                del cached[contact_id]
            else:
                cached[contact_id] = contact


class NameIndex:
    """Contact names folded once (case and accents ignored), for `Store.resolve`."""

    def __init__(self) -> None:
        self._names: list[tuple[str, str, str]] | None = None  # (folded, id, name)

    def forget(self) -> None:
        self._names = None

    def find(self, docs: dict[str, dict[str, Any]], query: str,
             keep: Callable[[str], bool]) -> tuple[list[str], list[str]]:
        """Ids of the contacts `query` names — exact name, then folded, then a folded
        prefix of the name, then of a word — by the first rule that finds one; and the ids
        it found that `keep` refused."""
        if self._names is None:
            shown = [d for d in docs.values() if not d.get("archived")]
            folded = fold_many([d["name"] for d in shown])
            self._names = [(f, d["id"], d["name"]) for f, d in zip(folded, shown, strict=False)]
        names = self._names
        refused: list[str] = []

        def kept(ids: list[str]) -> list[str]:
            out: list[str] = []
            for cid in ids:
                (out if keep(cid) else refused).append(cid)
            return out

        exact = kept([cid for _, cid, raw in names if raw == query])
        if len(exact) == 1:
            return exact, refused
        key = fold(query)
        exact = kept([cid for folded, cid, _ in names if folded == key])
        if len(exact) == 1:
            return exact, refused
        matches = exact or kept([cid for folded, cid, _ in names if folded.startswith(key)])
        if not matches:
            # A word prefix ("ibanez" for "Núria Ibáñez") is a friendly second chance.
            matches = kept([cid for folded, cid, _ in names
                            if any(word.startswith(key) for word in folded.split())])
        return matches, refused

"""`QuickRead`: the records `cockpit today` reads, from the database's index
(`sidecar`) instead of a parse of the whole file: the follow-ups, the open asks, and
only the contacts the agenda's prefilter may pass (a few thousand of 30,000).

Read-only, and for one command: it exists only while the index describes the exact file
beside it with no journal; the records it builds are the ones `Store` would build (the
same checks, the same warnings for records left out), so the agenda is the same.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..agenda_prefilter import MayShow
from ..model import Ask, Contact, FollowUp
from .document import Document
from .engine import check_path
from .objects import Objects
from .sidecar import READ_TABLES, Index, open_index


class QuickRead:
    def __init__(self, path: Path, index: Index) -> None:
        self.path = path  # as named (as `Store.path`)
        self._index = index
        self._doc = Document(path)
        for name in READ_TABLES:
            table = index.table(name)
            if not isinstance(table, dict):
                raise ValueError(f"the index's {name} are no table")
            self._doc.docs[name] = table
        self._objects = Objects(self._doc)
        # The contacts of follow-ups and asks first: a record of theirs left out is named
        # after its contact, as `Store` names it.
        self._read = [index.position[d["contact_id"]] for name in READ_TABLES
                      for d in self._doc.docs[name].values()
                      if d.get("contact_id") in index.position]
        for n in self._read:
            self._contact_doc(n)

    @classmethod
    def open(cls, path: Path) -> QuickRead | None:
        """None when there is no index that describes the file (then use `Store`)."""
        named = check_path(path.expanduser())
        index = open_index(Path(os.path.realpath(named)))
        return None if index is None else cls(named, index)

    def _contact_doc(self, n: int) -> dict[str, Any]:
        key = str(n)
        doc = self._doc.docs["contacts"].get(key)
        if doc is None:
            doc = self._doc.docs["contacts"][key] = self._index.contact(n)
            self._doc.index["contacts"][doc["id"]] = key
        return doc

    @property
    def signature(self) -> tuple[int, int, int]:
        """The signature of the file read (see `Store.holds_exactly`)."""
        return self._index.sig

    @property
    def warnings(self) -> list[str]:
        return list(self._objects.warnings.values())

    def followups(self) -> list[FollowUp]:
        """Every stored follow-up, open or not (as `Store.followups(open_only=False)`)."""
        return list(self._objects.all("followups").values())

    def asks(self) -> list[Ask]:
        """The open asks (as `Store.asks()`)."""
        return [a for a in self._objects.all("asks").values() if a.is_open]

    def contacts(self, where: MayShow) -> list[Contact]:
        """The contacts `where` passes, in stored order (as `Store.contacts(where=...)`)."""
        found = []
        for n in where.pick(self._index.shelves, self._index.position):
            doc = self._contact_doc(n)
            if where(doc):
                contact = self._objects.make("contacts", doc)
                if contact is not None and not contact.archived:
                    found.append(contact)
        return found

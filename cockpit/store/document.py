"""The database in memory, table by table, exactly as the file holds it.

Docs are the stored JSON objects (`Contact.to_dict()` and friends, empty fields left
out); `index` maps record ids to TinyDB doc ids. The document tracks what changed since
the last write — precisely (`touched` docs: only their pieces are re-serialised) or
wholesale (`dirty` tables) — and what the current transaction changed (`tx_keys`,
`tx_inter`: the journal's ops). It knows nothing of files or domain objects: whoever
caches objects built from its docs is told through `on_stale` when a table changed
under them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from ..model import ValidationError
from .errors import NotFound, StoreError
from .layout import ALL_TABLES, HEAD_TABLES, INTER_KEY, Pieces, check_table, index_table, meta_doc
from .migrations import SCHEMA_VERSION, migrate, new_database_id
from .rawtable import InteractionTable


class Document:
    def __init__(self, path: Path, salt: Callable[[], str] = lambda: "") -> None:
        self.path = path  # for messages
        self.salt = salt  # mixed into a new database id (see `new_database_id`)
        #: Called with a table's name when its docs changed wholesale (None: all tables).
        self.on_stale: Callable[[str | None], None] = lambda table: None
        self.reset()

    def reset(self) -> None:
        self.docs: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in HEAD_TABLES}
        self.index: dict[str, dict[str, str]] = {name: {} for name in HEAD_TABLES}
        self.next_id = {name: 1 for name in (*HEAD_TABLES, "interactions")}
        self.meta: dict[str, Any] = {}
        self.disk_id: str | None = None  # meta.database_id as the file held it
        self.extra: dict[str, Any] = {}  # tables we do not know, kept as they are
        self.inter = InteractionTable()
        self.pieces: dict[str, Pieces] = {}
        self.touched: dict[str, dict[str, None]] = {}  # table -> doc ids (ordered set)
        self.dirty: set[str] = set()
        self.tx_keys: dict[tuple[str, str], None] = {}  # head docs put or deleted in this tx
        self.tx_inter: list[tuple[str, dict[str, Any]]] = []  # interactions logged in this tx
        self.tx_gone: list[str] = []  # doc ids of interactions deleted in this tx
        #: (doc id, record id) of the interactions logged here lately (see Store.logged_since)
        self.logged: deque[tuple[int, str]] = deque(maxlen=256)
        self.on_stale(None)

    def start_new(self) -> None:
        """An empty database that has no file yet (its id is minted by the first write)."""
        self.reset()
        self.meta = {"schema_version": SCHEMA_VERSION}
        self.inter.set_raw(b"{}")

    # ------------------------------------------------------------------ loading

    def adopt(self, head: dict[str, Any]) -> None:
        """Take the parsed head of a file (every table but a raw interactions table):
        check it, migrate it, index it."""
        for name, table in head.items():
            check_table(name, table, self.path)
        # Tables we do not know (e.g. TinyDB's "_default") are kept as they are.
        self.extra = {k: v for k, v in head.items() if k not in ALL_TABLES}
        meta = meta_doc(head)
        version = meta.get("schema_version", 0) if meta else 0
        if not isinstance(version, int):
            raise StoreError(f"{self.path}: schema_version {version!r} is not a number")
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} was written by a newer Cockpit (schema {version}; "
                             f"this version reads up to {SCHEMA_VERSION}); upgrade Cockpit")
        if version < SCHEMA_VERSION:
            head = migrate(head, version)
            self.dirty.update(ALL_TABLES)
        self.meta = dict(meta_doc(head)) or {}
        self.meta["schema_version"] = SCHEMA_VERSION
        disk_id = self.meta.get("database_id")
        self.disk_id = disk_id if isinstance(disk_id, str) else None
        if self.disk_id is None:
            self.meta.pop("database_id", None)  # minted by the next write (see `chunks`)
            self.dirty.add("meta")  # written whole before any journal can name it
        for name in HEAD_TABLES:
            docs = head.get(name, {})
            self.docs[name] = docs
            self.next_id[name] = max(map(int, docs), default=0) + 1
            self.index[name] = index_table(name, docs, self.path)
        if self.inter.docs is not None:
            self.next_id["interactions"] = max(map(int, self.inter.docs), default=0) + 1
            self.reheal_seen()
        else:
            info = self.meta["interactions"]
            self.next_id["interactions"] = info["next_id"]
            # Doc ids can have gaps (a record removed by hand or with stock TinyDB), so the
            # count is stored too; files written before it was fall back to next_id - 1.
            count = info.get("count")
            self.inter.raw_count = count if isinstance(count, int) else info["next_id"] - 1

    def reheal_seen(self) -> None:
        """Recompute each contact's `seen` from the interactions (they are the truth)."""
        assert self.inter.docs is not None
        latest: dict[str, dict[str, str]] = {}
        for doc in self.inter.docs.values():
            per = latest.setdefault(doc.get("contact_id", ""), {})
            kind, day = doc.get("kind", ""), doc.get("date", "")
            if day > per.get(kind, ""):
                per[kind] = day
        for doc in self.docs["contacts"].values():
            want = latest.get(doc["id"], {})
            if (doc.get("seen") or {}) != want:
                doc["seen"] = want
                self.dirty.add("contacts")
                self.on_stale("contacts")

    def interactions(self) -> dict[str, dict[str, Any]]:
        """The parsed interactions table (parsed on first use)."""
        if self.inter.docs is None:
            self.inter.parse()
            self.reheal_seen()
        assert self.inter.docs is not None
        return self.inter.docs

    # ------------------------------------------------------------------ changes

    def touch(self, table: str, doc_id: str) -> None:
        """Doc `doc_id` of `table` was added or replaced (a precise, cheap change)."""
        self.touched.setdefault(table, {})[doc_id] = None
        self.dirty.add(table + "-docs")
        self.tx_keys[(table, doc_id)] = None  # reset when a transaction starts

    def put(self, table: str, doc: dict[str, Any]) -> None:
        """Insert or replace a head doc (by its record id)."""
        doc_id = self.index[table].get(doc["id"])
        if doc_id is None:
            doc_id = str(self.next_id[table])
            self.next_id[table] += 1
            self.index[table][doc["id"]] = doc_id
        self.docs[table][doc_id] = doc
        self.touch(table, doc_id)

    def delete(self, table: str, record_id: str) -> bool:
        doc_id = self.index[table].pop(record_id, None)
        if doc_id is None:
            return False
        del self.docs[table][doc_id]
        self.dirty.add(table)
        self.tx_keys[(table, doc_id)] = None
        return True

    def log(self, doc: dict[str, Any]) -> dict[str, Any] | None:
        """Append an interaction; its contact's `seen` follows. Returns the contact's doc
        when its `seen` changed."""
        doc_id = str(self.next_id["interactions"])
        self.next_id["interactions"] += 1
        self.tx_inter.append((doc_id, doc))
        self.logged.append((int(doc_id), doc["id"]))
        self.append_interaction(doc_id, doc)
        contact_doc_id = self.index["contacts"].get(doc["contact_id"], "")
        contact = self.docs["contacts"].get(contact_doc_id)
        if contact is None:
            raise ValidationError(f"no contact with id {doc['contact_id']}")
        seen = contact.setdefault("seen", {})
        day, kind = doc["date"], doc["kind"]
        if day > seen.get(kind, ""):
            seen[kind] = day
            self.touch("contacts", contact_doc_id)
            return contact
        return None

    def delete_interaction(self, record_id: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """Take the interaction `record_id` out (NotFound when there is none): its doc, and
        its contact's doc when the contact's `seen` changed (see `reseen`)."""
        found = self.inter.locate(record_id)
        if found is None:
            raise NotFound(f"no interaction with id {record_id}")
        doc_id, doc = found
        self.remove_interaction(doc_id)
        self.tx_gone.append(doc_id)
        return doc, self.reseen(str(doc.get("contact_id")))

    def remove_interaction(self, doc_id: str) -> None:
        self.dirty.add("interactions" if self.inter.remove(doc_id) else "interactions-raw")

    def reseen(self, contact_id: str) -> dict[str, Any] | None:
        """Recompute one contact's `seen` from its interactions (after one was deleted).
        Returns the contact's doc when it changed."""
        docs = self.inter.of_contact(contact_id)
        if docs is None:
            docs = [d for d in self.interactions().values() if d.get("contact_id") == contact_id]
        want: dict[str, str] = {}
        for doc in docs:
            kind, day = doc.get("kind", ""), doc.get("date", "")
            if day > want.get(kind, ""):
                want[kind] = day
        doc_id = self.index["contacts"].get(contact_id, "")
        contact = self.docs["contacts"].get(doc_id)
        if contact is None or (contact.get("seen") or {}) == want:
            return None
        if want:
            contact["seen"] = want
        else:
            contact.pop("seen", None)  # as a contact that never had one is stored
        self.touch("contacts", doc_id)
        return contact

    def append_interaction(self, doc_id: str, doc: dict[str, Any]) -> None:
        self.dirty.add("interactions" if self.inter.append(doc_id, doc) else "interactions-raw")

    def apply_ops(self, ops: list[list[Any]]) -> None:
        """Apply journal ops (checked already): final doc images, put or deleted."""
        for op in ops:
            table, doc_id = op[1], op[2]
            if table == "interactions":
                if op[0] == "del":
                    self.remove_interaction(doc_id)
                    continue
                self.next_id["interactions"] = int(doc_id) + 1
                self.append_interaction(doc_id, op[3])
                continue
            docs, index = self.docs[table], self.index[table]
            old = docs.get(doc_id)
            if old is not None and index.get(old["id"]) == doc_id:
                del index[old["id"]]
            if op[0] == "del":
                docs.pop(doc_id, None)
                self.dirty.add(table)
            else:
                docs[doc_id] = op[3]
                index[op[3]["id"]] = doc_id
                self.next_id[table] = max(self.next_id[table], int(doc_id) + 1)
                self.touch(table, doc_id)
            self.on_stale(table)

    def begin(self) -> None:
        self.tx_keys, self.tx_inter, self.tx_gone = {}, [], []

    @property
    def tx_changed(self) -> bool:
        """The current transaction changed a record."""
        return bool(self.tx_keys or self.tx_inter or self.tx_gone)

    def tx_ops(self, limit: int) -> list[list[Any]] | None:
        """This transaction's changes as journal ops (final doc images), None when there
        are more than `limit`."""
        if len(self.tx_keys) + len(self.tx_inter) + len(self.tx_gone) > limit:
            return None
        ops: list[list[Any]] = []
        for table, doc_id in self.tx_keys:
            doc = self.docs[table].get(doc_id)
            ops.append(["del", table, doc_id] if doc is None else ["put", table, doc_id, doc])
        ops.extend(["put", "interactions", doc_id, doc] for doc_id, doc in self.tx_inter)
        ops.extend(["del", "interactions", doc_id] for doc_id in self.tx_gone)
        return ops

    # ------------------------------------------------------------------ writing

    def _table_json(self, name: str) -> list[bytes | memoryview]:
        """The table's JSON as pieces to write in a row (re-serialising what changed)."""
        docs = self.docs[name]
        pieces = self.pieces.get(name)
        touched = self.touched.pop(name, None)
        if pieces is None or name in self.dirty:
            pieces = self.pieces[name] = Pieces(docs)
        elif touched:
            pieces.update(docs, touched)
        return pieces.chunks()

    def chunks(self, journal_seq: int) -> list[bytes | memoryview]:
        """The whole file, as pieces to write one after the other."""
        inter = self.inter
        if inter.docs is not None and (inter.raw is None or "interactions" in self.dirty):
            inter.set_raw(orjson.dumps(inter.docs))
        raw = inter.chunks()
        self.meta["schema_version"] = SCHEMA_VERSION
        self.meta["journal_seq"] = journal_seq
        self.meta["interactions"] = {"bytes": inter.length if inter.raw is not None else 2,
                                     "crc32": inter.checksum(),
                                     "next_id": self.next_id["interactions"],
                                     "count": inter.count()}
        body: list[bytes | memoryview] = []
        for name in HEAD_TABLES:
            body += [b',"', name.encode(), b'":', *self._table_json(name)]
        for name, table in self.extra.items():
            body += [b",", orjson.dumps(name), b":", orjson.dumps(table)]
        if "database_id" not in self.meta:
            self.meta["database_id"] = new_database_id(body, self.meta["interactions"],
                                                       self.salt())
        return [b'{"meta":{"1":', orjson.dumps(self.meta), b"}", *body, INTER_KEY, *raw, b"}"]

    def written(self) -> None:
        """The file now holds everything in memory."""
        self.dirty.clear()
        self.disk_id = self.meta["database_id"]
        self.inter.settle()

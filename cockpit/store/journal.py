"""The write-ahead journal, `<name>.journal` beside the database (opt-in: the TUI).

Rewriting a 69 MB file costs ~60 ms of disk whatever the code does, so a small change is
first made durable in the journal — a small JSON file of the changed docs, itself written
temp + fsync + rename — and acknowledged; a checkpoint then folds it into the main file
with one full atomic write, which deletes the journal. `meta.journal_seq` names the last
change the main file holds, so a crash between the two steps replays nothing twice.
Every reader applies the journal, so no process ever misses an acknowledged write.

A journal belongs to one database: it carries the file's `meta.database_id` (and the
schema of its docs, migrated like the file's when older), and its
records get the checks the main file's get (`checks`), all of them before anything is
applied — a journal that does not fit is refused and both files are left untouched.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from . import files
from .checks import LINK, interaction_ok, malformed, out_of_range
from .document import Document
from .errors import StoreError, describe_os_error
from .files import NotAFile, Owner, Signature, read_regular
from .layout import HEAD_TABLES
from .migrations import SCHEMA_VERSION, migrate

JOURNAL_MAX_ENTRIES = 64  # past this, a write folds the journal in (a script that never checkpoints)
JOURNAL_MAX_OPS = 1000  # a bigger change (an import) is written whole, not journaled
FORMAT = 1


class Journal:
    def __init__(self, path: Path, database: Path, temp_name: Callable[[], Path]) -> None:
        self.path = path
        self.database = database  # for messages
        self.temp_name = temp_name
        self.sig: Signature | None = None  # the journal file we applied
        self.applied = 0  # the last entry memory holds (meta.journal_seq at most)
        self.pending: list[bytes] = []  # entries the main file does not hold yet

    def read(self) -> tuple[bytes | None, Signature | None]:
        try:
            found = read_regular(self.path)
        except NotAFile as exc:
            raise self.problem(f"is {exc.kind}, not a journal file") from None
        except OSError as exc:
            raise StoreError(f"cannot read {self.path}: {describe_os_error(exc)}") from None
        if found is None:
            return None, None
        data, st = found
        return data, files.signature(st)

    def problem(self, what: str) -> StoreError:
        return StoreError(f"{self.path} {what}; it was left untouched (it holds the "
                          f"last changes not yet in {self.database.name}: move it away to "
                          "open the database without them)")

    def stat(self) -> Signature | None:
        try:
            return files.signature(os.stat(self.path))
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"cannot read {self.path}: {describe_os_error(exc)}") from None

    def start(self, doc: Document, data: bytes | None, sig: Signature | None) -> None:
        """After the main file was loaded into `doc`: apply what the journal adds."""
        seq = doc.meta.get("journal_seq", 0)
        if not isinstance(seq, int) or seq < 0:
            raise StoreError(f"{self.database}: meta journal_seq {seq!r} is not a count; "
                             "the file was left untouched")
        self.applied, self.pending = seq, []
        if data is not None:
            self.replay(doc, data)
        self.sig = sig

    # ------------------------------------------------------------------ reading

    def replay(self, doc: Document, data: bytes) -> None:
        """Apply the entries that memory does not hold yet (all checked first, so a bad
        journal changes nothing)."""
        try:
            obj = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            raise self.problem(f"is not valid JSON ({exc})") from None
        entries = obj.get("entries") if isinstance(obj, dict) else None
        if not isinstance(entries, list):
            raise self.problem("is not a Cockpit journal")
        if obj.get("database") != doc.disk_id:
            raise self.problem(f"belongs to another database than {self.database.name} "
                               "(its database id differs)")
        # Docs in the schema of the Cockpit that journaled them (1: before journals said).
        schema = obj.get("schema", 1)
        if not isinstance(schema, int) or schema > SCHEMA_VERSION:
            raise self.problem(f"was written by a newer Cockpit (schema {schema!r}); "
                               "upgrade Cockpit")
        todo, seq = [], self.applied
        for entry in entries:
            n = entry.get("seq") if isinstance(entry, dict) else None
            if not isinstance(n, int) or isinstance(n, bool):
                raise self.problem("has an entry without a sequence number")
            if n <= seq:
                continue  # the main file (or memory) holds it already
            if n != seq + 1:
                raise self.problem(f"does not follow {self.database.name} (its next "
                                   f"change is {seq + 1}, the journal's {n})")
            ops = entry.get("ops")
            if not isinstance(ops, list) or not all(map(_valid_op, ops)):
                raise self.problem(f"has a malformed change (number {n})")
            if schema < SCHEMA_VERSION:
                for op in ops:
                    if op[0] == "put":
                        migrate({op[1]: {op[2]: op[3]}}, schema)
            todo.append(entry)
            seq = n
        self._check_records(doc, todo)
        for entry in todo:
            doc.apply_ops(entry["ops"])
            self.applied = entry["seq"]
            self.pending.append(orjson.dumps(entry))

    def _check_records(self, doc: Document, todo: list[dict[str, Any]]) -> None:
        """What the main file's records are checked for, and that they fit this file."""
        known = doc.index["contacts"]
        added = {op[3]["id"] for entry in todo for op in entry["ops"]
                 if op[0] == "put" and op[1] == "contacts"}
        next_inter = doc.next_id["interactions"]
        for entry in todo:
            for op in entry["ops"]:
                if op[0] != "put":
                    continue
                table, doc_id, record = op[1], op[2], op[3]
                if table == "interactions":
                    if doc_id != str(next_inter):
                        raise self.problem(f"does not follow {self.database.name} "
                                           f"(interaction {doc_id}, expected {next_inter})")
                    next_inter += 1
                cid = record.get("contact_id")
                if table != "contacts" and cid not in known and cid not in added:
                    raise self.problem(f"has a {table[:-1]} for contact "
                                       f"{record['contact_id']!r}, who is not in "
                                       f"{self.database.name} (change {entry['seq']})")
                why = None if out_of_range(table, record) else malformed(table, record)
                if why:
                    raise self.problem(f"has a malformed {table[:-1]} {record['id']!r} "
                                       f"({why}; change {entry['seq']})")

    # ------------------------------------------------------------------ writing

    def append(self, doc: Document, ops: list[list[Any]], owner: Owner | None) -> None:
        """Make one more entry durable (the journal is rewritten whole: it is small)."""
        seq = self.applied + 1
        entries = [*self.pending, orjson.dumps({"seq": seq, "ops": ops})]
        head = b'{"cockpit_journal":%d,"schema":%d,"database":%s,"entries":[' % (
            FORMAT, SCHEMA_VERSION, orjson.dumps(doc.disk_id))
        files.atomic_write_bytes(self.path, [head, b",".join(entries), b"]}"],
                                 temp_name=self.temp_name, owner=owner)
        self.pending, self.applied = entries, seq
        self.sig = self.stat()

    def folded(self, force: bool = False) -> None:
        """The main file now holds every entry (meta.journal_seq says so); should this
        unlink not happen, the next reader skips them all. `force`: a checkpoint, which
        removes a journal even when memory holds none of its entries."""
        if self.sig is not None or self.pending or force:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
        self.pending, self.sig = [], None


def _valid_op(op: Any) -> bool:
    """The shape of a journal op: ["put", table, doc id, doc] or ["del", table, doc id]."""
    if not isinstance(op, list) or len(op) not in (3, 4):
        return False
    verb, table, doc_id = op[0], op[1], op[2]
    if not (isinstance(doc_id, str) and doc_id.isdigit()):
        return False
    if verb == "del":
        return len(op) == 3 and (table in HEAD_TABLES or table == "interactions")
    if verb != "put" or len(op) != 4 or not isinstance(op[3], dict):
        return False
    record = op[3]
    if table == "interactions":
        return interaction_ok(record)
    return (table in HEAD_TABLES and isinstance(record.get("id"), str)
            and isinstance(record.get(LINK.get(table, "contact_id")), str))

"""`<name>.index` beside the database: what `cockpit today` needs, without parsing 30,000
contacts. Derived and disposable: it is rebuilt from the main file, and ignored whenever
it does not describe that exact file.

It records the file's signature (inode, size, mtime: what the engine itself compares to
know a file changed) and the CRC-32 of the file's head (every table but the
interactions), checked on every read; where each contact's doc lies in the file; where
the follow-ups and asks tables lie; and the contacts filed by what the agenda's
prefilter reads (`agenda_prefilter.Shelves`). A reader parses only the few thousand
contacts that may show. A journal beside the file (changes not folded in yet) means the
index is not used at all. Any fault reading it means the same: the full path runs.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import re
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import orjson

from ..agenda_prefilter import Shelves
from . import files
from .document import Document
from .files import Owner, Signature
from .journal import Journal
from .layout import INTER_KEY, table_cut
from .migrations import SCHEMA_VERSION


class Engine(Protocol):
    """What the index reads of `engine.Engine` (not imported: the engine calls here)."""

    file: Path
    sig: Signature | None
    owner: Owner | None
    doc: Document
    wal: Journal

FORMAT = 1
READ_TABLES = ("followups", "asks")  # parsed whole by a reader (they are small)
# A contact's entry in the table: `{` or `,`, its doc id, then its doc, which Cockpit
# writes with "id" first. A quote inside a JSON string is always escaped, so the pattern
# cannot start inside a name; a nested match (a hand edit) gives a span that does not
# parse, which the reader refuses.
_ENTRY = re.compile(rb'":\{"id":')
_OPENERS = b"{,"


def index_path(file: Path) -> Path:
    return file.with_name(file.name + ".index")


def build(head: bytes | memoryview, tables: Sequence[tuple[str, dict[str, Any]]],
          sig: Signature) -> bytes | None:
    """The index of a file whose bytes before `,"interactions":` are `head` and whose
    head tables are `tables` (in file order, as parsed from those bytes); None when the
    bytes are not laid out as Cockpit writes them."""
    view = memoryview(head)
    if view[:1] != b"{":
        return None
    at = 1  # after the opening brace
    spans: dict[str, tuple[int, int]] = {}
    contacts_at = -1
    keys = [(b"," if n else b"") + orjson.dumps(name) + b":" for n, (name, _) in enumerate(tables)]
    bodies = [b"" if name == "contacts" else orjson.dumps(docs) for name, docs in tables]
    for n, (name, _docs) in enumerate(tables):
        key = keys[n]
        if view[at:at + len(key)] != key:
            return None
        at += len(key)
        if name == "contacts":
            contacts_at = at  # its length is what the others leave
            at = len(view) - sum(map(len, keys[n + 1:])) - sum(map(len, bodies[n + 1:]))
            spans[name] = (contacts_at, at)
            continue
        body = bodies[n]
        if view[at:at + len(body)] != body:
            return None
        spans[name] = (at, at + len(body))
        at += len(body)
    if at != len(view) or contacts_at < 0 or not all(t in spans for t in READ_TABLES):
        return None
    contacts = dict(tables)["contacts"]
    start, end = spans["contacts"]
    starts, doc_ids = [], []
    table = bytes(view[start:end])
    for match in _ENTRY.finditer(table):
        brace = match.start() + 2  # the doc's "{"
        key_end = brace - 2  # its doc id's closing quote
        key_start = table.rfind(b'"', 0, key_end)
        if key_start < 1 or table[key_start - 1] not in _OPENERS:
            return None
        starts.append(start + brace)
        doc_ids.append(table[key_start + 1:key_end].decode("ascii", "replace"))
    if doc_ids != list(contacts) or not table.startswith(b'{"'):
        return None
    ends = [s - 1 - len(d) - 3 for s, d in zip(starts[1:], doc_ids[1:], strict=True)]
    ends.append(end - 1)
    docs = list(contacts.values())
    shelves = Shelves.of(docs)
    return _sealed(orjson.dumps({
        "cockpit_index": FORMAT, "schema": SCHEMA_VERSION, "sig": list(sig),
        "head": len(view), "crc32": zlib.crc32(view),
        "tables": {t: spans[t] for t in READ_TABLES},
        "ids": [d["id"] for d in docs], "starts": starts, "ends": ends,
        "always": shelves.always,
        "cadence": shelves.cadence, "birthdays": shelves.birthdays}))


def _sealed(body: bytes) -> bytes:
    """The index behind its own CRC-32 (a damaged index is no index)."""
    return b"%08x\n" % zlib.crc32(body) + body


def _unsealed(data: bytes) -> bytes | None:
    body = data[9:]
    if data[8:9] != b"\n" or data[:8] != b"%08x" % zlib.crc32(body):
        return None
    return body


def save(file: Path, data: bytes | None, owner: Owner | None) -> None:
    """Replace the index (0600, atomic); no index when `data` is None. Best effort: the
    index is a convenience, a failure to write it is no failure of the command."""
    target = index_path(file)
    with contextlib.suppress(OSError):
        if data is None:
            os.unlink(target)
        else:
            files.atomic_write_bytes(target, [data], owner=owner)


class Index:
    """A verified index and the file it describes (mapped, read on demand)."""

    def __init__(self, meta: dict[str, Any], data: mmap.mmap) -> None:
        self.data = data
        self.sig: Signature = tuple(meta["sig"])  # type: ignore[assignment]  # of the file
        self.ids: list[str] = meta["ids"]
        self.starts: list[int] = meta["starts"]
        self.ends: list[int] = meta["ends"]
        self.tables: dict[str, list[int]] = meta["tables"]
        self.shelves = Shelves(meta["always"], meta["cadence"], meta["birthdays"])
        self._position: dict[str, int] | None = None

    @property
    def position(self) -> dict[str, int]:
        if self._position is None:
            self._position = dict(zip(self.ids, range(len(self.ids)), strict=True))
        return self._position

    def table(self, name: str) -> Any:
        start, end = self.tables[name]
        return orjson.loads(self.data[start:end])

    def contact(self, n: int) -> dict[str, Any]:
        """The doc of the contact at position `n`; ValueError when its bytes do not hold
        it (the reader then gives up on the index)."""
        doc = orjson.loads(self.data[self.starts[n]:self.ends[n]])
        if not isinstance(doc, dict) or doc.get("id") != self.ids[n]:
            raise ValueError("the index does not describe this contact")
        return doc


def open_index(file: Path) -> Index | None:
    """The index of `file` if it describes it exactly (and no journal is beside it)."""
    try:
        if os.path.lexists(file.with_name(file.name + ".journal")):
            return None
        raw = _unsealed(index_path(file).read_bytes())
        if raw is None:
            return None
        meta = orjson.loads(raw)
        if not (isinstance(meta, dict) and meta.get("cockpit_index") == FORMAT
                and meta.get("schema") == SCHEMA_VERSION):
            return None
        with open(file, "rb") as fh:
            st = os.fstat(fh.fileno())
            if list(files.signature(st)) != meta["sig"]:
                return None
            data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        head = meta["head"]
        if (data[head:head + len(INTER_KEY)] != INTER_KEY
                or zlib.crc32(memoryview(data)[:head]) != meta["crc32"]):
            data.close()
            return None
        return Index(meta, data)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _tables(engine: Engine) -> list[tuple[str, dict[str, Any]]]:
    """The head tables in the order Cockpit writes them."""
    doc = engine.doc
    return [("meta", {"1": doc.meta}), *((t, doc.docs[t]) for t in doc.docs),
            *doc.extra.items()]


def _current(engine: Engine) -> bool:
    """Memory holds exactly the main file, with no journal beside it."""
    return (engine.sig is not None and not engine.doc.dirty and engine.wal.sig is None
            and not engine.wal.pending)


def forget(file: Path) -> None:
    """The main file was just written (under the lock): its index, if any, describes
    the file before. It is removed, and the next `cockpit today` writes it anew.
    (Rebuilding it here costs a write ~0.15 s at 30,000 contacts, more than the write
    itself: the next reader pays it once instead. A stale index would be ignored anyway.)"""
    with contextlib.suppress(OSError):
        os.unlink(index_path(file))


def after_load(engine: Engine) -> None:
    """A reader that did without an index, or a TUI that folded its journal on the way
    out: write one for the file memory holds, so the next `cockpit today` need not parse
    it all (best effort, not under the lock: a newer file meanwhile makes it one that no
    reader trusts)."""
    if not _current(engine) or open_index(engine.file) is not None:
        return  # memory is not the file, or the index already describes it
    # From the file's bytes, not those memory was read from: memory may have been
    # written since (the TUI's last fold), and the index must describe the file.
    head = _head_on_disk(engine)
    built = None if head is None else build(head, _tables(engine), engine.sig)  # type: ignore[arg-type]
    if built is not None and engine.sig == _signature(engine.file):
        save(engine.file, built, engine.owner)


def _head_on_disk(engine: Engine) -> bytes | None:
    """The bytes before `,"interactions":` of the file memory holds (cut where its meta
    says, as the engine reads it); None when the file is not that one or not so laid
    out."""
    try:
        with open(engine.file, "rb") as fh:
            st = os.fstat(fh.fileno())
            if files.signature(st) != engine.sig:
                return None
            at = table_cut(fh.read(files.PEEK), st.st_size)
            if at is None:
                return None
            fh.seek(0)
            data = fh.read(at + len(INTER_KEY))
    except OSError:
        return None
    return data[:at] if data[at:] == INTER_KEY else None


def _signature(file: Path) -> Signature | None:
    try:
        return files.signature(os.stat(file))
    except OSError:
        return None

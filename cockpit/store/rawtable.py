"""The interactions table, kept as bytes until someone needs the records.

At 300,000 interactions the table is most of the file. It stays the validated bytes it
was loaded (or written) as, `raw`, then the entries logged since, `more` (each with its
leading comma), then "}". Appending never copies the 50 MB table; `crc` (CRC-32 of
everything but the closing brace) is extended entry by entry instead of recomputed.
`docs` is the parsed table, once someone asked for it (then it is the truth).
"""

from __future__ import annotations

import zlib
from typing import Any

import orjson

ENTRY_MAX = 1 << 20  # bytes either side of a hit searched for its entry before giving up


class InteractionTable:
    def __init__(self) -> None:
        self.raw: bytes | memoryview | None = None
        self.more: list[bytes] = []
        self.length = 0
        self.crc: int | None = None
        self.docs: dict[str, dict[str, Any]] | None = None
        self.raw_count = 0  # how many interactions, while they are raw bytes
        # When `raw` is a view into the file's bytes: those bytes and where the view
        # starts, so they can be searched in place (a view has no `find`).
        self.source: tuple[bytes, int] | None = None
        self._located: tuple[str, int, bytes] | None = None  # (doc id, offset, in which bytes)

    def set_raw(self, table: bytes | memoryview, crc: int | None = None,
                source: tuple[bytes, int] | None = None) -> None:
        """The table is exactly `table` (an object: `{...}`); `crc`, when known, is the
        CRC-32 of all of it but its closing brace; `source`: the bytes `table` is a view
        of, and the offset where it starts in them."""
        self.raw = table
        self.source = source
        self.more = []
        self.length = len(table)
        self.crc = crc

    def set_docs(self, docs: dict[str, dict[str, Any]]) -> None:
        self.docs = docs
        self.raw = None
        self.source = None

    def append_raw(self, entry: bytes) -> None:
        """Add `"doc_id":{...}` to the table without copying it."""
        if self.raw is None:
            self.set_raw(b"{}", zlib.crc32(b"{"))
        segment = entry if self.length == 2 else b"," + entry
        self.more.append(segment)
        self.length += len(segment)
        if self.crc is not None:
            self.crc = zlib.crc32(segment, self.crc)

    def append(self, doc_id: str, doc: dict[str, Any]) -> bool:
        """Add a doc to the parsed table, or splice its bytes onto the raw one. True when
        the parsed table changed (it must then be serialised again)."""
        if self.docs is not None:
            self.docs[doc_id] = doc
            return True
        self.append_raw(b'"' + doc_id.encode() + b'":' + orjson.dumps(doc))
        self.raw_count += 1
        return False

    def chunks(self) -> list[bytes | memoryview]:
        """The table as pieces to write one after the other (no 50 MB join)."""
        if self.raw is None:
            return [b"{}"]
        if not self.more:
            return [self.raw]
        return [memoryview(self.raw)[:-1], *self.more, b"}"]

    def checksum(self) -> int:
        """CRC-32 of the whole table (what meta records)."""
        if self.raw is None:
            return zlib.crc32(b"{}")
        if self.crc is None:
            crc = zlib.crc32(memoryview(self.raw)[:-1])
            for segment in self.more:
                crc = zlib.crc32(segment, crc)
            self.crc = crc
        return zlib.crc32(b"}", self.crc)

    def parse(self) -> dict[str, dict[str, Any]]:
        """The parsed table (parsed now unless it was already)."""
        if self.docs is None:
            chunks = self.chunks()
            self.docs = orjson.loads(chunks[0] if len(chunks) == 1 else b"".join(chunks))
        return self.docs

    def of_contact(self, contact_id: str) -> list[dict[str, Any]] | None:
        """One contact's interactions, read from the raw bytes without parsing the table:
        a history must not cost a parse of 300,000 entries (1.1 s, 400 MB). None when the
        table is parsed already (ask `docs`) or its bytes are not laid out as Cockpit
        writes them (then the caller parses).

        Cockpit writes entries flat, `"N":{"id":…,"contact_id":"…",…}`, with orjson.
        Inside a JSON string every quote is escaped, so the byte pattern
        `"contact_id":"<id>"` can only be that key, and `":{"` only an entry's start."""
        if self.docs is not None:
            return None
        needle = b'"contact_id":' + orjson.dumps(contact_id)
        found: list[dict[str, Any]] = []
        for data, lo, hi in (self._haystack(), *((m, 0, len(m)) for m in self.more)):
            at = data.find(needle, lo, hi)
            while at >= 0:
                doc = _entry_around(data, at, lo, hi)
                if doc is None or doc.get("contact_id") != contact_id:
                    return None
                found.append(doc)
                at = data.find(needle, at + len(needle), hi)
        return found

    def of_kinds(self, kinds: frozenset[str]) -> list[dict[str, Any]] | None:
        """The interactions of these kinds, in table order, read from the raw bytes like
        `of_contact`: the invitation outcomes need a few hundred entries of 300,000, and
        parsing all of them costs seconds. None when the table is parsed already or not
        laid out as Cockpit writes it (then the caller parses).

        `"kind":"<kind>"` can only be that key (quotes inside strings are escaped), and
        in a flat entry only `id`, `contact_id` and `date` come before it: no free text
        lies between the entry's start and the hit."""
        if self.docs is not None:
            return None
        pieces = (self._haystack(), *((m, 0, len(m)) for m in self.more))
        found: list[tuple[int, int, dict[str, Any]]] = []
        for kind in sorted(kinds):
            needle = b'"kind":' + orjson.dumps(kind)
            for n, (data, lo, hi) in enumerate(pieces):
                at = data.find(needle, lo, hi)
                while at >= 0:
                    doc = _entry_around(data, at, lo, hi)
                    if doc is None or doc.get("kind") != kind:
                        return None
                    found.append((n, at, doc))
                    at = data.find(needle, at + len(needle), hi)
        found.sort(key=lambda hit: (hit[0], hit[1]))
        return [doc for _, _, doc in found]

    def _haystack(self) -> tuple[bytes, int, int]:
        """The raw table as bytes to search, and its bounds in them."""
        raw = self.raw
        if raw is None:
            return b"", 0, 0
        if isinstance(raw, bytes):
            return raw, 0, len(raw)
        if self.source is not None:
            data, start = self.source
            return data, start, start + len(raw)
        self.raw = bytes(raw)  # a view of unknown bytes: one copy
        return self.raw, 0, len(self.raw)

    def locate(self, record_id: str) -> tuple[str, dict[str, Any]] | None:
        """(doc id, doc) of the interaction whose id is `record_id`, None when there is none.

        Read from the bytes while the table is raw: Cockpit writes each entry as
        `"N":{"id":"…",…}`, so the pattern `":{"id":"<id>",` can only be that entry's start
        (quotes inside strings are escaped). Bytes laid out otherwise are parsed."""
        if self.docs is None:
            data = self._whole()
            at = data.find(b'":{"id":' + orjson.dumps(record_id) + b",")
            if at >= 0:
                key = data.rfind(b'"', 0, at)
                found = _entry_at(data, key) if key > 0 else None
                if found is not None and found[1].get("id") == record_id:
                    self._located = (found[0], key, data)  # `remove` need not search again
                    return found[0], found[1]
            self.parse()  # not laid out as Cockpit writes it, or absent: the parse decides
        assert self.docs is not None
        for doc_id, doc in self.docs.items():
            if doc.get("id") == record_id:
                return doc_id, doc
        return None

    def remove(self, doc_id: str) -> bool:
        """Take entry `doc_id` out of the table (a no-op when it is not there). True when
        the parsed table changed (it must then be serialised again); a raw table is
        spliced: one copy of its bytes, no parse."""
        if self.docs is None:
            data = self._whole()
            hint, self._located = self._located, None
            key = (hint[1] if hint is not None and hint[0] == doc_id and hint[2] is data
                   else data.find(b'"' + doc_id.encode() + b'":{"id":'))
            found = _entry_at(data, key) if key > 0 else None
            if found is not None:
                _, _, end = found
                lo, hi = key, end + 1
                if data[key - 1:key] == b",":
                    lo -= 1  # the entry and the comma before it
                elif data[hi:hi + 1] == b",":
                    hi += 1  # the first entry, and the comma after it
                view = memoryview(data)
                self.set_raw(b"".join((view[:lo], view[hi:])))  # one copy, no slices
                self.raw_count = max(0, self.raw_count - 1)
                return False
            self.parse()  # not laid out as Cockpit writes it: work on the parsed table
        assert self.docs is not None
        return self.docs.pop(doc_id, None) is not None

    def _whole(self) -> bytes:
        """The raw table as one bytes object (its appended entries joined in)."""
        if not isinstance(self.raw, bytes) or self.more:
            self.set_raw(b"".join(self.chunks()), self.crc)
        assert isinstance(self.raw, bytes)
        return self.raw

    def count(self) -> int:
        return len(self.docs) if self.docs is not None else self.raw_count

    def settle(self) -> None:
        """After a write: a long session keeps fewer, larger pieces (CRC unchanged)."""
        if len(self.more) > 64:
            self.more = [b"".join(self.more)]


def _entry_at(data: bytes, key: int) -> tuple[str, dict[str, Any], int] | None:
    """The entry whose key's opening quote is at `key`: (doc id, doc, offset of its last
    byte); None when the bytes there are not a flat entry following `{` or `,`."""
    if key <= 0 or data[key - 1:key] not in (b"{", b","):
        return None
    colon = data.find(b'":{', key + 1, key + 32)
    doc_id = data[key + 1:colon].decode("ascii", "replace") if colon > 0 else ""
    if not doc_id.isdigit():
        return None
    start = colon + 2
    end = data.find(b"}", start)
    while 0 <= end < start + ENTRY_MAX:  # a "}" inside a string value: try the next one
        try:
            doc = orjson.loads(data[start:end + 1])
        except orjson.JSONDecodeError:
            end = data.find(b"}", end + 1)
            continue
        return (doc_id, doc, end) if isinstance(doc, dict) else None
    return None


def _entry_around(data: bytes, at: int, lo: int, hi: int) -> dict[str, Any] | None:
    """The flat entry `{…}` holding the byte offset `at` (within data[lo:hi]), parsed;
    None when it is not one flat entry, or a huge one (the caller parses)."""
    start = data.rfind(b'":{"', max(lo, at - ENTRY_MAX), at)
    if start < 0:
        return None
    end = data.find(b"}", at, hi)
    while 0 <= end < at + ENTRY_MAX:  # a "}" inside a string value: try the next one
        try:
            doc = orjson.loads(data[start + 2:end + 1])
        except orjson.JSONDecodeError:
            end = data.find(b"}", end + 1, hi)
            continue
        return doc if isinstance(doc, dict) else None
    return None

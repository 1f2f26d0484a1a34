"""The file's JSON layout: plain TinyDB (one object per table, docs keyed by a numeric
string), `meta` first and the `interactions` table last.

`meta.interactions` records the interactions table's byte length and CRC-32, so that
opening parses everything *but* that table (the "head") and keeps the 300,000
interactions as validated raw bytes (`split`). A table's JSON is cached in pieces
(`Pieces`) so that a write re-serialises only the docs it changed.
"""

from __future__ import annotations

import operator
import re
import threading
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from .checks import LINK, interaction_ok
from .errors import StoreError

HEAD_TABLES = ("contacts", "notes", "followups", "asks", "drafts")
ALL_TABLES = ("meta", *HEAD_TABLES, "interactions")
INTER_KEY = b',"interactions":'
# Where the interactions table starts, read from meta (written first) without parsing it.
_INTER_BYTES_HINT = re.compile(rb'"interactions":\{"bytes":(\d{1,15})[,}]')
PIECE_DOCS = 512  # docs per separately cached piece of a table's JSON
_ALWAYS = frozenset({"id", "name"})  # kept by `compact` even when empty


def compact(d: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values (except id/name): a smaller file parses faster at 30k contacts."""
    # A true value is kept at once: the five comparisons run only for the falsy ones
    # (this runs for each of 30,000 records an import writes).
    return {k: v for k, v in d.items()
            if v or k in _ALWAYS
            or not (v is None or v is False or v == "" or v == [] or v == {})}


def parse(data: bytes, path: Path, backup_name: str) -> dict[str, Any]:
    """The whole file as one object (the slow path), or a StoreError saying why not."""
    try:
        obj = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise StoreError(f"{path} is not valid JSON ({exc}); it was left untouched "
                         f"(a backup may be in {backup_name})") from None
    if not isinstance(obj, dict):
        raise StoreError(f"{path} is not a Cockpit database (top level is "
                         f"{type(obj).__name__}, not an object); it was left untouched")
    return obj


def meta_doc(head: dict[str, Any]) -> dict[str, Any]:
    meta = head.get("meta")
    if isinstance(meta, dict):
        for doc in meta.values():
            if isinstance(doc, dict):
                return doc
    return {}


def table_cut(first: bytes, size: int) -> int | None:
    """Where the file of `size` bytes starting with `first` has its `,"interactions":`,
    as meta (written first) says; None when it does not say (`split` then searches)."""
    hint = _INTER_BYTES_HINT.search(first)
    if hint is None:
        return None
    at = size - 1 - int(hint.group(1)) - len(INTER_KEY)
    return at if at > 0 else None


Split = tuple[dict[str, Any] | None, bytes | memoryview, int]


def split(data: bytes) -> Split:
    """Parse all but the interactions table when meta vouches for its bytes (fast path).

    Only the head is copied (with the comma before `"interactions":` turned into its
    closing brace) and parsed; the interactions stay raw bytes, a view of `data`.
    Returns (head, table bytes, CRC-32 of the table but its closing brace), or
    (None, b"", 0) when the slow path (parse everything) must decide.
    """
    end = len(data) - 1
    if data[end:] != b"}":
        return None, b"", 0
    # meta (first in the file) says how long the table is: look there before searching
    # the whole file backwards; either way the checks below decide.
    key_at = -1
    guess = table_cut(data[:1024], len(data))
    if guess is not None and data[guess:guess + len(INTER_KEY)] == INTER_KEY:
        key_at = guess
    if key_at < 0:
        key_at = data.rfind(INTER_KEY, 0, end)
    if key_at < 0:
        return None, b"", 0
    head = bytearray(memoryview(data)[:key_at + 1])
    return _parse_head(head, memoryview(data)[key_at + len(INTER_KEY):end])


def split_parts(head: bytearray, rest: bytes) -> Split:
    """`split` of a file read in two (`files.read_in_two` cut at `table_cut`): `head` is
    the file up to its `,"interactions":` plus one spare byte, `rest` the file from
    there. Nothing is copied; `head` is spoilt (its spare byte closes the head)."""
    if not (rest.startswith(INTER_KEY) and rest.endswith(b"}")):
        return None, b"", 0
    return _parse_head(head, memoryview(rest)[len(INTER_KEY):-1])


def _parse_head(head: bytearray, raw: memoryview) -> Split:
    """Parse `head` (its last byte becomes the brace that closes it) and check `raw`, the
    interactions table, against what meta says of it."""
    no = (None, b"", 0)
    if raw[:1] != b"{" or raw[-1:] != b"}":
        return no
    # The interactions' CRC-32 (50 MB) runs on another core while this one parses the
    # head: zlib releases the GIL on large buffers.
    crcs: list[int] = []
    checker = threading.Thread(target=lambda: crcs.append(zlib.crc32(raw[:-1])),
                               name="cockpit-crc", daemon=True)
    try:
        checker.start()
    except RuntimeError:  # no thread to spare: do it here
        crcs.append(zlib.crc32(raw[:-1]))
    head[-1] = ord("}")
    try:
        parsed = orjson.loads(head)
    except orjson.JSONDecodeError:
        return no
    finally:
        if checker.ident is not None:
            checker.join()
    if not isinstance(parsed, dict):
        return no
    info = meta_doc(parsed).get("interactions") or {}
    if not (isinstance(info, dict) and info.get("bytes") == len(raw)
            and isinstance(info.get("next_id"), int)):
        return no
    crc = crcs[0]
    if info.get("crc32") != zlib.crc32(b"}", crc):
        return no
    return parsed, raw, crc


def check_table(name: str, table: Any, path: Path) -> None:
    if not isinstance(table, dict) or not _tinydb_docs(table):
        raise StoreError(f"{path}: table {name!r} is not a TinyDB table; "
                         "the file was left untouched")


def _tinydb_docs(table: dict[Any, Any]) -> bool:
    """Every key a numeric string and every value an object; at C speed (a generator over
    30,000 contacts took tens of milliseconds of every start-up)."""
    try:
        if not all(map(str.isdigit, table)):  # a key that is no str raises TypeError
            return False
    except TypeError:
        return False
    return set(map(type, table.values())) <= {dict} or all(
        isinstance(v, dict) for v in table.values())


def check_interactions(docs: dict[str, dict[str, Any]], path: Path) -> None:
    """Interactions not vouched for by meta's CRC (hand-edited): check what we rely on."""
    for doc_id, doc in docs.items():
        if not interaction_ok(doc):
            raise StoreError(f"{path}: record interactions/{doc_id} is malformed "
                             "(it needs id, contact_id, kind and an ISO date); "
                             "the file was left untouched")


def index_table(name: str, docs: dict[str, dict[str, Any]], path: Path) -> dict[str, str]:
    """record id -> doc id, once every doc has a string id and its link field (what the
    CLI reads raw); else a StoreError naming the first record without."""
    link = LINK.get(name, "contact_id")
    index = _fast_index(docs, link)
    if index is not None:
        return index
    index = {}
    for doc_id, doc in docs.items():
        rid = doc.get("id")
        missing = "id" if not isinstance(rid, str) else (
            link if not isinstance(doc.get(link), str) else None)
        if missing or not isinstance(rid, str):
            raise StoreError(f"{path}: record {name}/{doc_id} has no {missing or 'id'}; "
                             "the file was left untouched")
        index[rid] = doc_id
    return index


def _fast_index(docs: dict[str, dict[str, Any]], link: str) -> dict[str, str] | None:
    """The same checks as the loop in `index_table` (which names the bad record), at C
    speed: 30,000 contacts in a few milliseconds instead of tens."""
    values = docs.values()
    try:
        rids = list(map(operator.itemgetter("id"), values))
        links = map(operator.itemgetter(link), values)
        if (set(map(type, rids)) | set(map(type, links))) - {str}:
            return None
    except KeyError:
        return None
    return dict(zip(rids, docs, strict=True))


class Pieces:
    """A table's JSON object cut into pieces of PIECE_DOCS docs, in the table's order.

    Joined, the pieces are exactly `orjson.dumps(docs)`: replaced docs stay where they
    were, new doc ids go at the end (as in the dict).
    """

    def __init__(self, docs: dict[str, dict[str, Any]]) -> None:
        ids = list(docs)
        self.ids = [ids[i:i + PIECE_DOCS] for i in range(0, len(ids), PIECE_DOCS)]
        self.where = {doc_id: n for n, group in enumerate(self.ids) for doc_id in group}
        self.body = [self._dump(docs, group) for group in self.ids]

    @staticmethod
    def _dump(docs: dict[str, dict[str, Any]], group: list[str]) -> bytes:
        # A slice, not a view: orjson's bytes keep the room it grew them by (up to twice
        # their length), and the pieces live as long as the session (37 MB of memory for
        # 19 MB of JSON at 30k contacts). The copy is exactly the piece.
        return orjson.dumps({doc_id: docs[doc_id] for doc_id in group})[1:-1]

    def update(self, docs: dict[str, dict[str, Any]], touched: Iterable[str]) -> None:
        stale = set()
        for doc_id in touched:
            n = self.where.get(doc_id)
            if n is None:  # a new doc: after every other one
                if not self.ids or len(self.ids[-1]) >= PIECE_DOCS:
                    self.ids.append([])
                    self.body.append(b"")
                n = len(self.ids) - 1
                self.ids[n].append(doc_id)
                self.where[doc_id] = n
            stale.add(n)
        for n in stale:
            self.ids[n] = [doc_id for doc_id in self.ids[n] if doc_id in docs]
            self.body[n] = self._dump(docs, self.ids[n])

    def chunks(self) -> list[bytes | memoryview]:
        out: list[bytes | memoryview] = [b"{"]
        for body in self.body:
            if body:
                if len(out) > 1:
                    out.append(b",")
                out.append(body)
        out.append(b"}")
        return out

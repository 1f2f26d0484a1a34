"""The only module that touches the database file: safe storage over TinyDB's JSON format.

Guarantees (see DESIGN.md, "Storage guarantees"):

* The file is plain TinyDB JSON, one table per record type, readable by `tinydb.TinyDB`.
* Every write is atomic: temp file in the same directory, fsync, `os.replace`, fsync the
  directory. A crash leaves the old or the new file, never a torn one.
* Writers take a lock file and re-read the database when another process changed it,
  so two processes never lose each other's writes (TinyDB's own table caches its next id,
  which is why we do not let it write).
* A file we cannot read is never overwritten; the last good file is kept as `<name>.bak`.
* `meta.schema_version` is stored; older files migrate, newer ones are refused.

Speed at 30,000 contacts / 300,000 interactions: the `interactions` table is written last
and `meta` records its byte length and CRC-32. Opening parses everything *but* that table
(the "head") and keeps the interactions as validated raw bytes; logging an interaction
splices bytes instead of re-serialising 300,000 records. Each contact carries `seen`, the
latest date of each interaction kind, which is all the agenda needs. Interactions are parsed
only when someone asks for them.

The journal (opt-in, `Store(journal=True)`, used by the TUI): rewriting 69 MB costs ~60 ms
of disk whatever the code does, so a small change is first made durable in
`<name>.journal` — a small JSON file of the changed docs, itself written temp + fsync +
rename — and acknowledged; `checkpoint()` then folds it into the main file with one full
atomic write, which deletes the journal. `meta.journal_seq` names the last change the main
file holds, so a crash between the two steps replays nothing twice. Every reader applies
the journal, so no process ever misses an acknowledged write.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import operator
import os
import re
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import orjson
import platformdirs

from .model import (
    Ask,
    Contact,
    Draft,
    FollowUp,
    Interaction,
    Note,
    ValidationError,
    fold,
    fold_many,
    tidy_name,
)

SCHEMA_VERSION = 1
HEAD_TABLES = ("contacts", "notes", "followups", "asks", "drafts")
ALL_TABLES = ("meta", *HEAD_TABLES, "interactions")
_INTER_KEY = b',"interactions":'
# Where the interactions table starts, read from meta (written first) without parsing it.
_INTER_BYTES_HINT = re.compile(rb'"interactions":\{"bytes":(\d{1,15})[,}]')
LOCK_TIMEOUT = 15.0
JOURNAL_MAX_ENTRIES = 64  # past this, a write folds the journal in (a script that never checkpoints)
JOURNAL_MAX_OPS = 1000  # a bigger change (an import) is written whole, not journaled
_JOURNAL_HEAD = b'{"cockpit_journal":1,"entries":['
_LINK = {"contacts": "name"}  # the field every doc of a table must have (else contact_id)
_PIECE_DOCS = 512  # docs per separately cached piece of a table's JSON

T = TypeVar("T")


def __getattr__(name: str) -> Any:
    """`FileLock` and `Timeout`, imported on first use: filelock costs ~13 ms to import
    and read-only commands (`cockpit today`) never lock."""
    if name in ("FileLock", "Timeout"):
        import filelock
        return getattr(filelock, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class StoreError(Exception):
    """The database cannot be used as asked; str() is one line naming the file and problem."""


class NotFound(StoreError):
    """No contact matches the name given."""


class Ambiguous(StoreError):
    """Several contacts match the name given."""

    def __init__(self, message: str, candidates: list[Contact]):
        super().__init__(message)
        self.candidates = candidates


def default_path() -> Path:
    env = os.environ.get("COCKPIT_DB")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("cockpit")) / "cockpit.json"


_FROM_DICT: dict[str, Callable[[dict[str, Any]], Any]] = {
    "contacts": Contact.from_dict, "notes": Note.from_dict, "followups": FollowUp.from_dict,
    "asks": Ask.from_dict, "drafts": Draft.from_dict, "interactions": Interaction.from_dict,
}


def _compact(d: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values (except id/name): a smaller file parses faster at 30k contacts."""
    return {k: v for k, v in d.items()
            if k in ("id", "name") or not (v is None or v is False or v == "" or v == [] or v == {})}


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems cannot fsync a directory; the replace itself is still atomic
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, chunks: Sequence[bytes | memoryview], mode: int = 0o600,
                       backup: Path | None = None) -> None:
    """Write `chunks` to `path` atomically; keep the previous file as `backup` (a hard link).

    On any failure the original file is untouched and the temp file is removed.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb", buffering=0) as fh:
            for chunk in chunks:
                view = memoryview(chunk)
                while view:
                    written = fh.write(view)
                    view = view[written:]
            os.fsync(fh.fileno())
        if backup is not None and path.exists():
            _link_backup(path, backup)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _link_backup(path: Path, backup: Path) -> None:
    """Keep the current file as `backup` without copying it: a hard link to the old inode."""
    tmp = backup.with_name(f".{backup.name}.{os.getpid()}.tmp")
    try:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        os.link(path, tmp)
        os.replace(tmp, backup)
        # If a writer died after linking the backup but before replacing the file, backup
        # and file are already the same inode: rename() then does nothing and keeps tmp.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)  # no hard links here (e.g. FAT): go on without a backup


def _signature(st: os.stat_result) -> tuple[int, int, int]:
    """Which version of a file this is: a replaced or rewritten file differs."""
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _describe_os_error(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC or exc.errno == errno.EFBIG:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied (read-only file or folder?)"
    return exc.strerror or str(exc)


class Store:
    """A cockpit database. Reads are served from memory; each write is one atomic transaction."""

    def __init__(self, path: Path | str | None = None,
                 clock: Callable[[], dt.datetime] | None = None, *, journal: bool = False) -> None:
        self.path = Path(path).expanduser() if path else default_path()
        self.backup_path = self.path.with_name(self.path.name + ".bak")
        self.journal_path = self.path.with_name(self.path.name + ".journal")
        #: Small changes go to the journal first (see the module docstring); the main file
        #: catches up at `checkpoint()`. Off: every write rewrites the main file.
        self.journal = journal
        self._jsig: tuple[int, int, int] | None = None  # the journal file we applied
        self._applied = 0  # the last journal entry memory holds (meta.journal_seq at most)
        self._pending: list[bytes] = []  # journal entries the main file does not hold yet
        self._tx_keys: dict[tuple[str, str], None] = {}  # head docs put or deleted in this tx
        self._tx_inter: list[tuple[str, dict[str, Any]]] = []  # interactions logged in this tx
        self._fold = False  # this transaction writes the main file whatever changed
        self.clock: Callable[[], dt.datetime] = clock or dt.datetime.now
        self._lock: Any = None  # a filelock.FileLock, made by the first transaction
        self._sig: tuple[int, int, int] | None = None
        self._docs: dict[str, dict[str, dict[str, Any]]] = {}
        self._meta: dict[str, Any] = {}
        self._next_id: dict[str, int] = {}
        self._index: dict[str, dict[str, str]] = {}  # table -> record id -> doc id
        self._objs: dict[str, dict[str, Any]] = {}  # table -> record id -> domain object
        # The interactions table as bytes: `_raw_inter` (validated, as loaded or written),
        # then the entries logged since, `_raw_more` (each with its leading comma), then
        # "}". Appending never copies the 50 MB table; `_raw_crc` (CRC-32 of everything
        # but the closing brace) is extended entry by entry instead of recomputed.
        self._raw_inter: bytes | memoryview | None = None
        self._raw_more: list[bytes] = []
        self._raw_len = 0
        self._raw_crc: int | None = None
        self._inter_docs: dict[str, dict[str, Any]] | None = None  # parsed, when needed
        self._inter_count = 0  # how many interactions, while they are raw bytes
        self._extra: dict[str, Any] = {}  # tables we do not know, kept as they are
        # Each head table's JSON, cached in pieces of _PIECE_DOCS docs: a write that
        # changed a few known docs (`_touched`) re-serialises their pieces only. Any other
        # change puts the table's name in `_dirty`, which rebuilds all of it.
        self._pieces: dict[str, _Pieces] = {}
        self._touched: dict[str, dict[str, None]] = {}  # table -> doc ids (ordered set)
        self._dirty: set[str] = set()
        self._in_tx = False
        self._names: list[tuple[str, str, str]] | None = None  # (folded, id, name)
        self._load()

    # ------------------------------------------------------------------ loading

    def _stat_sig(self, path: Path | None = None) -> tuple[int, int, int] | None:
        path = path or self.path
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"cannot read {path}: {_describe_os_error(exc)}") from None
        return _signature(st)

    def _read_journal(self) -> tuple[bytes | None, tuple[int, int, int] | None]:
        try:
            with open(self.journal_path, "rb") as fh:
                st = os.fstat(fh.fileno())
                return fh.read(), _signature(st)
        except FileNotFoundError:
            return None, None
        except OSError as exc:
            raise StoreError(f"cannot read {self.journal_path}: {_describe_os_error(exc)}"
                             ) from None

    def _load(self) -> None:
        """(Re)load the file into memory; a missing file is a new, empty database."""
        # The journal first, then the file: a checkpoint replaces the file before it
        # deletes the journal, so whatever we read, no acknowledged write falls between.
        jdata, jsig = self._read_journal()
        sig = self._stat_sig()
        self._reset()
        if sig is None:
            self._sig = None
            self._meta = {"schema_version": SCHEMA_VERSION}
            self._raw_set(b"{}")
            if jdata is not None:  # journals are only written beside an existing file
                raise self._journal_problem(f"exists but {self.path.name} does not")
            return
        try:
            with open(self.path, "rb") as fh:
                # The signature of the file we read, taken from the open file itself: a
                # stat() by path after reading could describe a newer file that another
                # writer put in place meanwhile, and we would never re-read it (lost write).
                st = os.fstat(fh.fileno())
                data = fh.read()
            sig = _signature(st)
        except OSError as exc:
            raise StoreError(f"cannot read {self.path}: {_describe_os_error(exc)}") from None
        if data[:1] != b"{" and not data.strip():
            raise StoreError(f"{self.path} is empty but not new; it was left untouched "
                             f"(restore {self.backup_path.name} or move the file away)")
        head, raw, crc = self._split(data)
        if head is None:
            head = self._parse(data)
            inter = head.pop("interactions", {})
            self._check_table("interactions", inter)
            self._check_interactions(inter)
            self._inter_docs = inter
            self._raw_inter = None
        else:
            self._raw_set(raw, crc)
        self._adopt(head)
        self._sig = sig
        self._start_journal(jdata, jsig)

    def _start_journal(self, data: bytes | None, sig: tuple[int, int, int] | None) -> None:
        seq = self._meta.get("journal_seq", 0)
        if not isinstance(seq, int) or seq < 0:
            raise StoreError(f"{self.path}: meta journal_seq {seq!r} is not a count; "
                             "the file was left untouched")
        self._applied, self._pending = seq, []
        if data is not None:
            self._replay(data)
        self._jsig = sig

    def _journal_problem(self, what: str) -> StoreError:
        return StoreError(f"{self.journal_path} {what}; it was left untouched (it holds the "
                          f"last changes not yet in {self.path.name}: move it away to open "
                          "the database without them)")

    def _replay(self, data: bytes) -> None:
        """Apply the journal's entries that memory does not hold yet (checked first, so a
        bad journal changes nothing)."""
        try:
            obj = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            raise self._journal_problem(f"is not valid JSON ({exc})") from None
        entries = obj.get("entries") if isinstance(obj, dict) else None
        if not isinstance(entries, list):
            raise self._journal_problem("is not a Cockpit journal")
        todo, seq, next_inter = [], self._applied, self._next_id["interactions"]
        for entry in entries:
            n = entry.get("seq") if isinstance(entry, dict) else None
            if not isinstance(n, int) or isinstance(n, bool):
                raise self._journal_problem("has an entry without a sequence number")
            if n <= seq:
                continue  # the main file (or memory) holds it already
            if n != seq + 1:
                raise self._journal_problem(f"does not follow {self.path.name} (its next "
                                            f"change is {seq + 1}, the journal's {n})")
            ops = entry.get("ops")
            if not isinstance(ops, list) or not all(map(self._valid_op, ops)):
                raise self._journal_problem(f"has a malformed change (number {n})")
            for op in ops:
                if op[1] == "interactions":
                    if op[2] != str(next_inter):
                        raise self._journal_problem(
                            f"does not follow {self.path.name} (interaction {op[2]}, "
                            f"expected {next_inter})")
                    next_inter += 1
            todo.append(entry)
            seq = n
        for entry in todo:
            self._apply_ops(entry["ops"])
            self._applied = entry["seq"]
            self._pending.append(orjson.dumps(entry))

    @staticmethod
    def _valid_op(op: Any) -> bool:
        if not isinstance(op, list) or len(op) not in (3, 4):
            return False
        verb, table, doc_id = op[0], op[1], op[2]
        if not (isinstance(doc_id, str) and doc_id.isdigit()):
            return False
        if verb == "del":
            return len(op) == 3 and table in HEAD_TABLES
        if verb != "put" or len(op) != 4 or not isinstance(op[3], dict):
            return False
        doc = op[3]
        if table == "interactions":
            return Store._interaction_ok(doc)
        return (table in HEAD_TABLES and isinstance(doc.get("id"), str)
                and isinstance(doc.get(_LINK.get(table, "contact_id")), str))

    def _apply_ops(self, ops: list[list[Any]]) -> None:
        for op in ops:
            table, doc_id = op[1], op[2]
            if table == "interactions":
                self._next_id["interactions"] = int(doc_id) + 1
                self._append_interaction(doc_id, op[3])
                continue
            docs, index = self._docs[table], self._index[table]
            old = docs.get(doc_id)
            if old is not None and index.get(old["id"]) == doc_id:
                del index[old["id"]]
            if op[0] == "del":
                docs.pop(doc_id, None)
                self._dirty.add(table)
            else:
                docs[doc_id] = op[3]
                index[op[3]["id"]] = doc_id
                self._next_id[table] = max(self._next_id[table], int(doc_id) + 1)
                self._touch(table, doc_id)
            self._objs.pop(table, None)
            if table == "contacts":
                self._names = None

    def _parse(self, data: bytes) -> dict[str, Any]:
        try:
            obj = orjson.loads(data)
        except orjson.JSONDecodeError as exc:
            raise StoreError(f"{self.path} is not valid JSON ({exc}); it was left untouched "
                             f"(a backup may be in {self.backup_path.name})") from None
        if not isinstance(obj, dict):
            raise StoreError(f"{self.path} is not a Cockpit database (top level is "
                             f"{type(obj).__name__}, not an object); it was left untouched")
        return obj

    def _split(self, data: bytes) -> tuple[dict[str, Any] | None, bytes | memoryview, int]:
        """Parse all but the interactions table when meta vouches for its bytes (fast path).

        Only the head is copied (with the comma before `"interactions":` turned into its
        closing brace) and parsed; the interactions stay raw bytes, a view of `data`.
        Returns (head, table bytes, CRC-32 of the table but its closing brace), or
        (None, b"", 0) when the slow path (parse everything) must decide.
        """
        no = (None, b"", 0)
        end = len(data) - 1
        if data[end:] != b"}":
            return no
        # meta (first in the file) says how long the table is: look there before searching
        # the whole file backwards; either way the checks below decide.
        key_at = -1
        hint = _INTER_BYTES_HINT.search(data, 0, 1024)
        if hint is not None:
            guess = end - int(hint.group(1)) - len(_INTER_KEY)
            if guess > 0 and data[guess:guess + len(_INTER_KEY)] == _INTER_KEY:
                key_at = guess
        if key_at < 0:
            key_at = data.rfind(_INTER_KEY, 0, end)
        if key_at < 0:
            return no
        view = memoryview(data)
        raw = view[key_at + len(_INTER_KEY):end]
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
        head_bytes = bytearray(view[:key_at + 1])
        head_bytes[key_at] = ord("}")
        try:
            head = orjson.loads(head_bytes)
        except orjson.JSONDecodeError:
            return no
        finally:
            del head_bytes
            if checker.ident is not None:
                checker.join()
        if not isinstance(head, dict):
            return no
        info = self._meta_doc(head).get("interactions") or {}
        if not (isinstance(info, dict) and info.get("bytes") == len(raw)
                and isinstance(info.get("next_id"), int)):
            return no
        crc = crcs[0]
        if info.get("crc32") != zlib.crc32(b"}", crc):
            return no
        return head, raw, crc

    @staticmethod
    def _meta_doc(head: dict[str, Any]) -> dict[str, Any]:
        meta = head.get("meta")
        if isinstance(meta, dict):
            for doc in meta.values():
                if isinstance(doc, dict):
                    return doc
        return {}

    def _check_table(self, name: str, table: Any) -> None:
        if not isinstance(table, dict) or not all(
            isinstance(k, str) and k.isdigit() and isinstance(v, dict) for k, v in table.items()
        ):
            raise StoreError(f"{self.path}: table {name!r} is not a TinyDB table; "
                             "the file was left untouched")

    @staticmethod
    def _interaction_ok(doc: dict[str, Any]) -> bool:
        """What we rely on in an interaction: string id, contact_id and kind, an ISO date."""
        try:
            dt.date.fromisoformat(doc["date"])
        except (KeyError, TypeError, ValueError):
            return False
        return all(isinstance(doc.get(k), str) for k in ("id", "contact_id", "kind"))

    def _check_interactions(self, docs: dict[str, dict[str, Any]]) -> None:
        """Interactions not vouched for by meta's CRC (hand-edited): check what we rely on."""
        for doc_id, doc in docs.items():
            if not self._interaction_ok(doc):
                raise StoreError(f"{self.path}: record interactions/{doc_id} is malformed "
                                 "(it needs id, contact_id, kind and an ISO date); "
                                 "the file was left untouched")

    def _adopt(self, head: dict[str, Any]) -> None:
        for name, table in head.items():
            self._check_table(name, table)
        # Tables we do not know (e.g. TinyDB's "_default") are kept as they are.
        self._extra = {k: v for k, v in head.items() if k not in ALL_TABLES}
        meta = self._meta_doc(head)
        version = meta.get("schema_version", 0) if meta else 0
        if not isinstance(version, int):
            raise StoreError(f"{self.path}: schema_version {version!r} is not a number")
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} was written by a newer Cockpit (schema {version}; "
                             f"this version reads up to {SCHEMA_VERSION}); upgrade Cockpit")
        if version < SCHEMA_VERSION:
            head = _migrate(head, version)
            self._dirty.update(ALL_TABLES)
        self._meta = dict(self._meta_doc(head)) or {}
        self._meta["schema_version"] = SCHEMA_VERSION
        for name in HEAD_TABLES:
            docs = head.get(name, {})
            self._docs[name] = docs
            self._next_id[name] = max(map(int, docs), default=0) + 1
            link = _LINK.get(name, "contact_id")  # what the CLI reads raw
            index = self._fast_index(docs, link)
            if index is not None:
                self._index[name] = index
                continue
            index = {}
            for doc_id, doc in docs.items():
                rid = doc.get("id")
                missing = "id" if not isinstance(rid, str) else (
                    link if not isinstance(doc.get(link), str) else None)
                if missing:
                    raise StoreError(f"{self.path}: record {name}/{doc_id} has no {missing}; "
                                     "the file was left untouched")
                index[rid] = doc_id
            self._index[name] = index
        if self._inter_docs is not None:
            self._next_id["interactions"] = max(map(int, self._inter_docs), default=0) + 1
            self._reheal_seen()
        else:
            info = self._meta["interactions"]
            self._next_id["interactions"] = info["next_id"]
            # Doc ids can have gaps (a record removed by hand or with stock TinyDB), so the
            # count is stored too; files written before it was fall back to next_id - 1.
            count = info.get("count")
            self._inter_count = count if isinstance(count, int) else info["next_id"] - 1

    @staticmethod
    def _fast_index(docs: dict[str, dict[str, Any]], link: str) -> dict[str, str] | None:
        """record id -> doc id when every doc has a string id and `link`, else None.

        The same checks as the loop in `_adopt` (which names the bad record), at C speed:
        30,000 contacts in a few milliseconds instead of tens.
        """
        values = docs.values()
        try:
            rids = list(map(operator.itemgetter("id"), values))
            links = map(operator.itemgetter(link), values)
            if (set(map(type, rids)) | set(map(type, links))) - {str}:
                return None
        except KeyError:
            return None
        return dict(zip(rids, docs, strict=True))

    def _reset(self) -> None:
        self._docs = {name: {} for name in HEAD_TABLES}
        self._index = {name: {} for name in HEAD_TABLES}
        self._next_id = {name: 1 for name in (*HEAD_TABLES, "interactions")}
        self._objs = {}
        self._meta = {}
        self._extra = {}
        self._raw_inter = None
        self._raw_more = []
        self._raw_len = 0
        self._raw_crc = None
        self._inter_docs = None
        self._inter_count = 0  # interactions held as raw bytes (while not parsed)
        self._pieces = {}
        self._touched = {}
        self._dirty = set()
        self._names = None

    def _raw_set(self, table: bytes | memoryview, crc: int | None = None) -> None:
        """The interactions table is exactly `table` (an object: `{...}`); `crc`, when
        known, is the CRC-32 of all of it but its closing brace."""
        self._raw_inter = table
        self._raw_more = []
        self._raw_len = len(table)
        self._raw_crc = crc

    def _raw_append(self, entry: bytes) -> None:
        """Add `"doc_id":{...}` to the table without copying it."""
        if self._raw_inter is None:
            self._raw_set(b"{}", zlib.crc32(b"{"))
        segment = entry if self._raw_len == 2 else b"," + entry
        self._raw_more.append(segment)
        self._raw_len += len(segment)
        if self._raw_crc is not None:
            self._raw_crc = zlib.crc32(segment, self._raw_crc)

    def _raw_chunks(self) -> list[bytes | memoryview]:
        """The table as pieces to write one after the other (no 50 MB join)."""
        if self._raw_inter is None:
            return [b"{}"]
        if not self._raw_more:
            return [self._raw_inter]
        return [memoryview(self._raw_inter)[:-1], *self._raw_more, b"}"]

    def _raw_checksum(self) -> int:
        """CRC-32 of the whole table (what meta records)."""
        if self._raw_inter is None:
            return zlib.crc32(b"{}")
        if self._raw_crc is None:
            crc = zlib.crc32(memoryview(self._raw_inter)[:-1])
            for segment in self._raw_more:
                crc = zlib.crc32(segment, crc)
            self._raw_crc = crc
        return zlib.crc32(b"}", self._raw_crc)

    def _inter(self) -> dict[str, dict[str, Any]]:
        """The parsed interactions table (parsed on first use)."""
        if self._inter_docs is None:
            chunks = self._raw_chunks()
            self._inter_docs = orjson.loads(chunks[0] if len(chunks) == 1 else b"".join(chunks))
            self._reheal_seen()
        return self._inter_docs

    def _reheal_seen(self) -> None:
        """Recompute each contact's `seen` from the interactions (they are the truth)."""
        assert self._inter_docs is not None
        latest: dict[str, dict[str, str]] = {}
        for doc in self._inter_docs.values():
            per = latest.setdefault(doc.get("contact_id", ""), {})
            kind, day = doc.get("kind", ""), doc.get("date", "")
            if day > per.get(kind, ""):
                per[kind] = day
        for doc in self._docs["contacts"].values():
            want = latest.get(doc["id"], {})
            if (doc.get("seen") or {}) != want:
                doc["seen"] = want
                self._dirty.add("contacts")
                self._objs.pop("contacts", None)

    def refresh(self) -> bool:
        """Re-read the file if another process changed it. True when something was reloaded."""
        if self._stat_sig() != self._sig:
            self._load()
            return True
        if self._stat_sig(self.journal_path) == self._jsig:
            return False
        data, jsig = self._read_journal()
        # A checkpoint may have replaced the file, then deleted this journal, meanwhile.
        if data is None or self._stat_sig() != self._sig:
            self._load()
            return True
        try:
            self._replay(data)
        except StoreError:
            self._sig = (-1, -1, -1)  # memory is as before; the next refresh reloads it all
            raise
        self._jsig = jsig
        return True

    # ------------------------------------------------------------------ writing

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """Lock, bring memory up to date, apply changes, write once. Joins an open transaction."""
        if self._in_tx:
            yield self
            return
        from filelock import FileLock, Timeout

        if self._lock is None:
            # 0600 like the database: nothing is in it, but its owner alone locks it.
            self._lock = FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT, mode=0o600)
        try:
            self._lock.acquire()
        except Timeout:
            raise StoreError(f"{self.path} is locked by another Cockpit process; "
                             "try again in a moment") from None
        except OSError as exc:
            raise StoreError(f"cannot lock {self.path}: {_describe_os_error(exc)}") from None
        try:
            self.refresh()
            self._clean_stale_temps()
            self._in_tx = True
            self._tx_keys, self._tx_inter = {}, []
            try:
                yield self
                self._commit()
            except BaseException:
                # Memory may hold half a change: forget it and re-read the file, which the
                # failed write left as it was.
                self._sig = (-1, -1, -1)
                with contextlib.suppress(StoreError):
                    self._load()
                raise
            finally:
                self._in_tx = False
        finally:
            self._lock.release()

    def _clean_stale_temps(self) -> None:
        """Temp files left by a crashed writer (we hold the lock, so none is in use)."""
        prefix = f".{self.path.name}."
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.path.parent):
                if entry.name.startswith(prefix) and entry.name.endswith(".tmp"):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)

    def _commit(self) -> None:
        """End of a transaction: journal a small change, or write the whole file."""
        if (self.journal and not self._fold and self._sig is not None
                and "meta" not in self._dirty  # a migration is written whole
                and len(self._pending) < JOURNAL_MAX_ENTRIES
                and (ops := self._tx_ops()) is not None):
            if ops:
                self._journal_append(ops)
            return
        if (self._dirty or self._sig is None or self._pending
                or (self._fold and self._jsig is not None)):
            self._write()

    def _tx_ops(self) -> list[list[Any]] | None:
        """This transaction's changes as journal ops (final doc images), None when too big."""
        if len(self._tx_keys) + len(self._tx_inter) > JOURNAL_MAX_OPS:
            return None
        ops: list[list[Any]] = []
        for table, doc_id in self._tx_keys:
            doc = self._docs[table].get(doc_id)
            ops.append(["del", table, doc_id] if doc is None else ["put", table, doc_id, doc])
        ops.extend(["put", "interactions", doc_id, doc] for doc_id, doc in self._tx_inter)
        return ops

    def _check_writable(self) -> None:
        # A file the user made read-only is not replaced behind their back (the rename
        # would succeed in a writable folder and silently drop the read-only mode).
        if self._sig is not None and not os.access(self.path, os.W_OK):
            raise PermissionError(errno.EACCES, "read-only file")

    def _journal_append(self, ops: list[list[Any]]) -> None:
        seq = self._applied + 1
        entries = [*self._pending, orjson.dumps({"seq": seq, "ops": ops})]
        try:
            self._check_writable()
            atomic_write_bytes(self.journal_path, [_JOURNAL_HEAD, b",".join(entries), b"]}"])
        except OSError as exc:
            raise StoreError(f"could not save {self.path}: {_describe_os_error(exc)}; "
                             "nothing was changed") from None
        self._pending, self._applied = entries, seq
        self._jsig = self._stat_sig(self.journal_path)

    def checkpoint(self) -> None:
        """Fold the journal into the main file (one full atomic write); a no-op without one.

        The TUI calls it after each save, off the UI thread; closing calls it too."""
        if not self._pending and self._jsig is None and not self.journal_path.exists():
            return
        self._fold = True
        try:
            with self.transaction():
                pass
        finally:
            self._fold = False

    def _table_json(self, name: str) -> list[bytes | memoryview]:
        """The table's JSON as pieces to write in a row (re-serialising what changed)."""
        docs = self._docs[name]
        pieces = self._pieces.get(name)
        touched = self._touched.pop(name, None)
        if pieces is None or name in self._dirty:
            pieces = self._pieces[name] = _Pieces(docs)
        elif touched:
            pieces.update(docs, touched)
        return pieces.chunks()

    def _touch(self, table: str, doc_id: str) -> None:
        """Doc `doc_id` of `table` was added or replaced (a precise, cheap change)."""
        self._touched.setdefault(table, {})[doc_id] = None
        self._dirty.add(table + "-docs")
        self._tx_keys[(table, doc_id)] = None  # reset when a transaction starts

    def _write(self) -> None:
        if self._inter_docs is not None and (self._raw_inter is None or "interactions" in self._dirty):
            self._raw_set(orjson.dumps(self._inter_docs))
        raw = self._raw_chunks()
        self._meta["schema_version"] = SCHEMA_VERSION
        self._meta["journal_seq"] = self._applied
        self._meta["interactions"] = {"bytes": self._raw_len if self._raw_inter is not None else 2,
                                      "crc32": self._raw_checksum(),
                                      "next_id": self._next_id["interactions"],
                                      "count": self.interaction_count()}
        chunks: list[bytes | memoryview] = [b'{"meta":{"1":', orjson.dumps(self._meta), b"}"]
        for name in HEAD_TABLES:
            chunks += [b',"', name.encode(), b'":', *self._table_json(name)]
        for name, table in self._extra.items():
            chunks += [b",", orjson.dumps(name), b":", orjson.dumps(table)]
        chunks += [_INTER_KEY, *raw, b"}"]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._check_writable()
            atomic_write_bytes(self.path, chunks, backup=self.backup_path)
        except OSError as exc:
            raise StoreError(f"could not save {self.path}: {_describe_os_error(exc)}; "
                             "nothing was changed") from None
        self._dirty.clear()
        self._sig = self._stat_sig()
        if self._jsig is not None or self._pending or self._fold:
            # The file now holds every journal entry (meta.journal_seq says so); should this
            # unlink not happen, the next reader skips them all.
            with contextlib.suppress(OSError):
                os.unlink(self.journal_path)
        self._pending, self._jsig = [], None
        if len(self._raw_more) > 64:  # a long session: fewer, larger pieces (CRC unchanged)
            self._raw_more = [b"".join(self._raw_more)]

    def _put(self, table: str, record: Any) -> None:
        """Insert or replace a record (by its id) inside the current transaction."""
        assert self._in_tx, "writes happen inside store.transaction()"
        doc = _compact(record.to_dict())
        if table == "interactions":
            self._put_interaction(record, doc)
            return
        doc_id = self._index[table].get(record.id)
        if doc_id is None:
            doc_id = str(self._next_id[table])
            self._next_id[table] += 1
            self._index[table][record.id] = doc_id
        self._docs[table][doc_id] = doc
        self._touch(table, doc_id)
        if table in self._objs:
            self._objs[table][record.id] = record
        if table == "contacts":
            self._names = None

    def _put_interaction(self, record: Interaction, doc: dict[str, Any]) -> None:
        doc_id = str(self._next_id["interactions"])
        self._next_id["interactions"] += 1
        self._tx_inter.append((doc_id, doc))
        self._append_interaction(doc_id, doc)
        contact_doc_id = self._index["contacts"].get(record.contact_id, "")
        contact = self._docs["contacts"].get(contact_doc_id)
        if contact is None:
            raise ValidationError(f"no contact with id {record.contact_id}")
        seen = contact.setdefault("seen", {})
        day = record.date.isoformat()
        if day > seen.get(record.kind, ""):
            seen[record.kind] = day
            self._touch("contacts", contact_doc_id)
            cached = self._objs.get("contacts")
            if cached is not None and record.contact_id in cached:
                # Rebuild this one Contact, not all 30,000 on the next read.
                cached[record.contact_id] = self._make(Contact.from_dict, "contacts", contact)

    def _append_interaction(self, doc_id: str, doc: dict[str, Any]) -> None:
        """Add to the parsed table, or splice bytes onto the raw one."""
        if self._inter_docs is not None:
            self._inter_docs[doc_id] = doc
            self._dirty.add("interactions")
        else:
            self._raw_append(b'"' + doc_id.encode() + b'":' + orjson.dumps(doc))
            self._inter_count += 1
            self._dirty.add("interactions-raw")

    def _mutate(self, fn: Callable[[], T]) -> T:
        with self.transaction():
            return fn()

    # ------------------------------------------------------------------ reads

    def _all(self, table: str) -> dict[str, Any]:
        objs = self._objs.get(table)
        if objs is None:
            make = _FROM_DICT[table]
            objs = {doc["id"]: self._make(make, table, doc) for doc in self._docs[table].values()}
            self._objs[table] = objs
        return objs

    def _make(self, make: Callable[[dict[str, Any]], T], table: str, doc: dict[str, Any]) -> T:
        """A domain object from a stored doc; a bad value (hand edit) is a one-line StoreError."""
        try:
            return make(doc)
        except (KeyError, TypeError, ValueError) as exc:
            raise StoreError(f"{self.path}: {table} record {doc.get('id')!r} is malformed "
                             f"({exc})") from None

    @property
    def schema_version(self) -> int:
        return int(self._meta.get("schema_version", SCHEMA_VERSION))

    def contacts(self, include_archived: bool = False,
                 where: Callable[[dict[str, Any]], bool] | None = None) -> list[Contact]:
        """Contacts in stored order. `where`, when given, is tested on each stored doc (the
        `Contact.to_dict()` form, empty fields omitted; it must not change it) and only the
        docs it accepts become Contact objects: `cockpit today` builds the few thousand that
        may be due (`agenda.may_show`) instead of all 30,000."""
        if where is None:
            return [c for c in self._all("contacts").values()
                    if include_archived or not c.archived]
        cached = self._objs.get("contacts") or {}
        found = []
        for doc in self._docs["contacts"].values():
            if where(doc):
                c = cached.get(doc["id"]) or self._make(Contact.from_dict, "contacts", doc)
                if include_archived or not c.archived:
                    found.append(c)
        return found

    def contact(self, contact_id: str) -> Contact:
        cached = self._objs.get("contacts")
        if cached is not None and contact_id in cached:
            return cached[contact_id]
        doc_id = self._index["contacts"].get(contact_id)
        if doc_id is None:
            raise NotFound(f"no contact with id {contact_id}")
        return self._make(Contact.from_dict, "contacts", self._docs["contacts"][doc_id])

    def notes(self, contact_id: str | None = None) -> list[Note]:
        """Notes, newest first (for one contact, or all)."""
        notes = [n for n in self._all("notes").values()
                 if contact_id is None or n.contact_id == contact_id]
        return sorted(notes, key=lambda n: n.date, reverse=True)

    def note_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for doc in self._docs["notes"].values():
            counts[doc["contact_id"]] = counts.get(doc["contact_id"], 0) + 1
        return counts

    def followups(self, contact_id: str | None = None, open_only: bool = True) -> list[FollowUp]:
        return [f for f in self._all("followups").values()
                if (contact_id is None or f.contact_id == contact_id)
                and (f.is_open or not open_only)]

    def asks(self, contact_id: str | None = None, open_only: bool = True) -> list[Ask]:
        return [a for a in self._all("asks").values()
                if (contact_id is None or a.contact_id == contact_id)
                and (a.is_open or not open_only)]

    def drafts(self, contact_id: str | None = None) -> list[Draft]:
        return [d for d in self._all("drafts").values()
                if contact_id is None or d.contact_id == contact_id]

    def interactions(self, contact_id: str | None = None) -> list[Interaction]:
        """Interactions newest first. Parses the interactions table on first use."""
        docs = self._inter().values()
        if contact_id is not None:
            docs = [d for d in docs if d.get("contact_id") == contact_id]  # type: ignore[assignment]
        items = [self._make(Interaction.from_dict, "interactions", d) for d in docs]
        return sorted(items, key=lambda i: i.date, reverse=True)

    def interaction_count(self) -> int:
        if self._inter_docs is not None:
            return len(self._inter_docs)
        return self._inter_count

    def resolve(self, name: str) -> Contact:
        """A contact by id, exact name, or unambiguous case- and accent-insensitive prefix."""
        query = tidy_name(name)  # names are stored on one line
        if not query:
            raise NotFound("no contact name given")
        if query in self._index["contacts"]:
            return self.contact(query)
        if self._names is None:
            docs = [d for d in self._docs["contacts"].values() if not d.get("archived")]
            folded = fold_many([d["name"] for d in docs])
            self._names = [(f, d["id"], d["name"]) for f, d in zip(folded, docs, strict=False)]
        exact = [cid for _, cid, raw in self._names if raw == query]
        if len(exact) != 1:
            key = fold(query)
            exact = [cid for folded, cid, _ in self._names if folded == key]
        if len(exact) == 1:
            return self.contact(exact[0])
        matches = exact or [cid for folded, cid, _ in self._names if folded.startswith(key)]
        if not matches:
            # A word prefix ("ibanez" for "Núria Ibáñez") is a friendly second chance.
            matches = [cid for folded, cid, _ in self._names
                       if any(word.startswith(key) for word in folded.split())]
        if len(matches) == 1:
            return self.contact(matches[0])
        if not matches:
            raise NotFound(f"no contact matches {name!r}")
        found = [self.contact(cid) for cid in matches]
        shown = "; ".join(f"{c.name} ({c.company or 'no company'}, id {c.id[:8]})"
                          for c in found[:8])
        more = f" and {len(found) - 8} more" if len(found) > 8 else ""
        raise Ambiguous(f"{name!r} matches {len(found)} contacts: {shown}{more}", found)

    # ------------------------------------------------------------------ writes

    def _stamp(self, contact: Contact, new: bool) -> None:
        now = self.clock().replace(microsecond=0)
        contact.created = contact.created or now
        contact.updated = now

    def add_contact(self, contact: Contact, *, notes: list[Note] = (),  # type: ignore[assignment]
                    followups: list[FollowUp] = ()) -> Contact:  # type: ignore[assignment]
        def run() -> Contact:
            if contact.id in self._index["contacts"]:
                raise ValidationError(f"a contact with id {contact.id} exists already")
            if contact.introduced_by and contact.introduced_by not in self._index["contacts"]:
                raise ValidationError(f"introducer {contact.introduced_by} is not a contact")
            self._stamp(contact, new=True)
            self._put("contacts", contact)
            for note in notes:
                self._put("notes", note)
            for fu in followups:
                self._put("followups", fu)
            return contact
        return self._mutate(run)

    def update_contact(self, contact: Contact) -> Contact:
        def run() -> Contact:
            if contact.id not in self._index["contacts"]:
                raise NotFound(f"no contact with id {contact.id}")
            # `seen` is the store's own bookkeeping: keep the stored value.
            stored = self._docs["contacts"][self._index["contacts"][contact.id]]
            contact.seen = {k: dt.date.fromisoformat(v) for k, v in (stored.get("seen") or {}).items()}
            self._stamp(contact, new=False)
            self._put("contacts", contact)
            return contact
        return self._mutate(run)

    def _require_contact(self, contact_id: str) -> None:
        if contact_id not in self._index["contacts"]:
            raise NotFound(f"no contact with id {contact_id}")

    def save_note(self, note: Note) -> Note:
        return self._save("notes", note)

    def delete_note(self, note_id: str) -> None:
        self._delete("notes", note_id)

    def log(self, interaction: Interaction) -> Interaction:
        """Record an interaction; it resets the contact's keep-in-touch clock."""
        return self._save("interactions", interaction)

    def save_followup(self, followup: FollowUp) -> FollowUp:
        return self._save("followups", followup)

    def save_ask(self, ask: Ask) -> Ask:
        return self._save("asks", ask)

    def save_draft(self, draft: Draft) -> Draft:
        def run() -> Draft:
            now = self.clock().replace(microsecond=0)
            draft.created = draft.created or now
            draft.updated = now
            return self._save("drafts", draft)
        return self._mutate(run)

    def _save(self, table: str, record: Any) -> Any:
        def run() -> Any:
            self._require_contact(record.contact_id)
            self._put(table, record)
            return record
        return self._mutate(run)

    def _delete(self, table: str, record_id: str) -> None:
        def run() -> None:
            doc_id = self._index[table].pop(record_id, None)
            if doc_id is None:
                raise NotFound(f"no {table[:-1]} with id {record_id}")
            del self._docs[table][doc_id]
            self._dirty.add(table)
            self._tx_keys[(table, doc_id)] = None
            self._objs.get(table, {}).pop(record_id, None)
        self._mutate(run)

    def insert_many(self, contacts: Iterable[Contact] = (), notes: Iterable[Note] = (),
                    interactions: Iterable[Interaction] = (), followups: Iterable[FollowUp] = (),
                    asks: Iterable[Ask] = (), drafts: Iterable[Draft] = ()) -> None:
        """Many new records in one transaction: one atomic write at the end (imports, demo)."""
        def run() -> None:
            for contact in contacts:
                self._stamp(contact, new=True)
                self._put("contacts", contact)
            for table, records in (("notes", notes), ("followups", followups), ("asks", asks),
                                   ("drafts", drafts)):
                for record in records:
                    self._require_contact(record.contact_id)
                    self._put(table, record)
            items = list(interactions)
            if len(items) > 20:
                self._inter()  # appending many: work on the parsed table, not on bytes
            for item in items:
                self._put("interactions", item)
        self._mutate(run)


class _Pieces:
    """A table's JSON object cut into pieces of _PIECE_DOCS docs, in the table's order.

    Joined, the pieces are exactly `orjson.dumps(docs)`: replaced docs stay where they
    were, new doc ids go at the end (as in the dict).
    """

    def __init__(self, docs: dict[str, dict[str, Any]]) -> None:
        ids = list(docs)
        self.ids = [ids[i:i + _PIECE_DOCS] for i in range(0, len(ids), _PIECE_DOCS)]
        self.where = {doc_id: n for n, group in enumerate(self.ids) for doc_id in group}
        self.body = [self._dump(docs, group) for group in self.ids]

    @staticmethod
    def _dump(docs: dict[str, dict[str, Any]], group: list[str]) -> memoryview:
        return memoryview(orjson.dumps({doc_id: docs[doc_id] for doc_id in group}))[1:-1]

    def update(self, docs: dict[str, dict[str, Any]], touched: Iterable[str]) -> None:
        stale = set()
        for doc_id in touched:
            n = self.where.get(doc_id)
            if n is None:  # a new doc: after every other one
                if not self.ids or len(self.ids[-1]) >= _PIECE_DOCS:
                    self.ids.append([])
                    self.body.append(memoryview(b""))
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


def _migrate(head: dict[str, Any], version: int) -> dict[str, Any]:
    """Bring an older file up to SCHEMA_VERSION. Version 0: a TinyDB file with no meta table."""
    if version == 0:
        for name in HEAD_TABLES:
            head.setdefault(name, {})
        for doc in head.get("contacts", {}).values():
            doc.setdefault("seen", {})
    return head

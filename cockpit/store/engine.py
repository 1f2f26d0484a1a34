"""The database file: loading it (with its journal) into a `Document`, transactions under
the lock, atomic writes with a rolling backup, and every fault as one line.

Guarantees (see DESIGN.md, "Storage guarantees"):

* Every write is atomic: temp file in the same directory, fsync, `os.replace`, fsync the
  directory. A crash leaves the old or the new file, never a torn one.
* Writers take a lock file and re-read the database when another process changed it,
  so two processes never lose each other's writes (TinyDB's own table caches its next id,
  which is why we do not let it write).
* A file we cannot read is never overwritten; the last good file is kept as `<name>.bak`.
  Anything that is not a regular file (a folder, a FIFO, a device) is refused before a
  single byte is read.
* A symlinked database is written through the link: the backup, journal, lock and temp
  files live beside the real file, and the link stays a link.
* A rewrite keeps the file's owner and group (root writing a user's database leaves it
  theirs); the file, its backup and its journal are 0600.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from . import files, sidecar
from .document import Document
from .errors import CheckpointError, SaveError, StoreError, describe_os_error
from .files import NotAFile, Owner, Signature
from .journal import JOURNAL_MAX_ENTRIES, JOURNAL_MAX_OPS, Journal
from .layout import check_interactions, check_table, parse, split, split_parts, table_cut

LOCK_TIMEOUT = 15.0
_STALE: Signature = (-1, -1, -1)  # a signature no file has: the next refresh reloads


def check_path(path: Path) -> Path:
    """The database path as given, or a StoreError when it cannot name a file at all."""
    if not path.name or path.name in (".", ".."):
        shown = "empty" if str(path) == "." else repr(str(path))
        raise StoreError(f"the database path is {shown}, which names no file; give a file "
                         "such as cockpit.json")
    return path


class Engine:
    def __init__(self, path: Path, *, journal: bool, clock: Callable[[], dt.datetime]) -> None:
        self.path = check_path(path)  # as the user named it: what messages say
        # Through a symlink to the real file: what every write replaces (and beside which
        # the backup, the journal, the lock and the temp files live).
        self.file = Path(os.path.realpath(path))
        self.backup_path = self.file.with_name(self.file.name + ".bak")
        self.journal_path = self.file.with_name(self.file.name + ".journal")
        self.lock_path = self.file.with_name(self.file.name + ".lock")
        #: Small changes go to the journal first; the main file catches up at
        #: `checkpoint()`. Off: every write rewrites the main file.
        self.journal = journal
        self.doc = Document(self.path, salt=lambda: clock().isoformat())
        self._temp_name = files.store_temp_name(self.file)
        self.wal = Journal(self.journal_path, self.path, self._temp_name)
        self.sig: Signature | None = None
        self.owner: Owner | None = None  # of the file we loaded: what a rewrite keeps
        self._lock: Any = None  # a filelock.FileLock, made by the first transaction
        self._lock_owner_kept = False
        self.in_tx = False
        #: Counts the changes memory went through: each transaction that changed a record,
        #: each (re)load. Equal counts: nothing was written in between (see actions.undo).
        self.changes = 0
        self._fold = False  # this transaction writes the main file whatever changed
        self.load()

    # ------------------------------------------------------------------ reading

    def _stat(self) -> Signature | None:
        try:
            return files.signature(os.stat(self.file))
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(f"cannot read {self.path}: {describe_os_error(exc)}") from None

    def _read(self) -> tuple[bytearray | None, bytes, os.stat_result] | None:
        try:
            # Cut before the interactions table where meta says it starts: the head is
            # parsed and freed, the table kept, and neither is copied (see `split_parts`).
            return files.read_in_two(self.file, table_cut)
        except NotAFile as exc:
            raise StoreError(f"{self.path} is {exc.kind}, not a database file; it was left "
                             "untouched") from None
        except OSError as exc:
            raise StoreError(f"cannot read {self.path}: {describe_os_error(exc)}") from None

    def load(self) -> None:
        """(Re)load the file into memory; a missing file is a new, empty database."""
        self.changes += 1
        # The journal first, then the file: a checkpoint replaces the file before it
        # deletes the journal, so whatever we read, no acknowledged write falls between.
        jdata, jsig = self.wal.read()
        found = self._read()
        if found is None:
            self.sig = self.owner = None
            self.doc.start_new()
            if jdata is not None:  # journals are only written beside an existing file
                raise self.wal.problem(f"exists but {self.path.name} does not")
            return
        cut, data, st = found
        del found  # (the head's bytes must be free to go once parsed)
        self.doc.reset()
        head: dict[str, Any] | None = None
        if cut is not None:  # cut where meta says the interactions start
            head, raw, crc = split_parts(cut, data)
            if head is None:  # not as meta said (hand-edited?): the whole file decides
                data = b"".join((memoryview(cut)[:-1], data))
            del cut  # the head's bytes go now; the table stays a view of `data`
        if head is None:
            if data[:1] != b"{" and not data.strip():
                raise StoreError(f"{self.path} is empty but not new; it was left untouched "
                                 f"(restore {self.backup_path.name} or move the file away)")
            head, raw, crc = split(data)
        if head is None:
            head = parse(data, self.path, self.backup_path.name)
            inter = head.pop("interactions", {})
            check_table("interactions", inter, self.path)
            check_interactions(inter, self.path)
            self.doc.inter.set_docs(inter)
        else:
            # `raw` is a view ending just before the file's closing brace (see `split`).
            self.doc.inter.set_raw(raw, crc, source=(data, len(data) - 1 - len(raw)))
        self.doc.adopt(head)
        self.sig, self.owner = files.signature(st), files.owner_of(st)
        self.wal.start(self.doc, jdata, jsig)

    def holds_exactly(self, signature: Signature) -> bool:
        """Memory is the file with this signature as it is on disk: nothing from a journal,
        nothing changed since (what a reader of the same file found is found here too)."""
        return (self.sig == signature and self.wal.sig is None and not self.wal.pending
                and not self.doc.dirty)

    def refresh(self) -> bool:
        """Re-read the file if another process changed it. True when something was reloaded."""
        if self._stat() != self.sig:
            self.load()
            return True
        if self.wal.stat() == self.wal.sig:
            return False
        data, jsig = self.wal.read()
        # A checkpoint may have replaced the file, then deleted this journal, meanwhile.
        if data is None or self._stat() != self.sig:
            self.load()
            return True
        try:
            self.wal.replay(self.doc, data)
        except StoreError:
            self.sig = _STALE  # memory is as before; the next refresh reloads it all
            raise
        self.wal.sig = jsig
        self.changes += 1
        return True

    # ------------------------------------------------------------------ writing

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Lock, bring memory up to date, apply changes, write once. Joins an open transaction."""
        if self.in_tx:
            yield
            return
        from filelock import FileLock, Timeout

        if self._lock is None:
            # 0600 like the database: nothing is in it, but its owner alone locks it.
            self._lock = FileLock(str(self.lock_path), timeout=LOCK_TIMEOUT, mode=0o600)
        try:
            self._lock.acquire()
        except Timeout:
            raise StoreError(f"{self.path} is locked by another Cockpit process; "
                             "try again in a moment") from None
        except OSError as exc:
            raise StoreError(f"cannot lock {self.path}: {describe_os_error(exc)}") from None
        try:
            self.refresh()
            self._keep_lock_owner()
            files.clean_stale_temps(self.file)
            self.in_tx = True
            self.doc.begin()
            try:
                yield
                self._commit()
                self.changes += self.doc.tx_changed
            except BaseException:
                # Memory may hold half a change: forget it and re-read the file, which the
                # failed write left as it was.
                self.sig = _STALE
                with contextlib.suppress(StoreError):
                    self.load()
                raise
            finally:
                self.in_tx = False
        finally:
            self._lock.release()

    def _keep_lock_owner(self) -> None:
        """A lock file root created for a user's database would lock its owner out."""
        if self._lock_owner_kept or self.owner is None:
            return
        self._lock_owner_kept = True
        with contextlib.suppress(OSError):
            st = os.stat(self.lock_path)
            if (st.st_uid, st.st_gid) != self.owner:
                os.chown(self.lock_path, *self.owner)

    def _commit(self) -> None:
        """End of a transaction: journal a small change, or write the whole file."""
        doc = self.doc
        if (self.journal and not self._fold and self.sig is not None
                and "meta" not in doc.dirty  # a migration is written whole
                and len(self.wal.pending) < JOURNAL_MAX_ENTRIES
                and (ops := doc.tx_ops(JOURNAL_MAX_OPS)) is not None):
            if ops:
                try:
                    self._check_writable()
                    self.wal.append(doc, ops, self.owner)
                except OSError as exc:
                    raise self._save_error(exc) from None
            return
        if (doc.dirty or self.sig is None or self.wal.pending
                or (self._fold and self.wal.sig is not None)):
            self._write()

    def _check_writable(self) -> None:
        # A file the user made read-only is not replaced behind their back (the rename
        # would succeed in a writable folder and silently drop the read-only mode).
        if self.sig is not None and not os.access(self.file, os.W_OK):
            raise PermissionError(errno.EACCES, "read-only file")

    def _save_error(self, exc: OSError) -> SaveError:
        reason = describe_os_error(exc)
        return SaveError(f"could not save {self.path}: {reason}; nothing was changed", reason)

    def _write(self) -> None:
        chunks = self.doc.chunks(self.wal.applied)
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            self._check_writable()
            files.atomic_write_bytes(self.file, chunks, backup=self.backup_path,
                                     temp_name=self._temp_name, owner=self.owner)
        except OSError as exc:
            raise self._save_error(exc) from None
        self.doc.written()
        self.sig = self._stat()
        self.wal.folded(force=self._fold)
        sidecar.forget(self.file)  # `cockpit today`'s index describes the file before

    def checkpoint(self) -> None:
        """Fold the journal into the main file (one full atomic write); a no-op without one.

        Raises CheckpointError when that fails while saves are waiting in the journal:
        they are safe there, and the next Cockpit to open the database folds them in."""
        if not self.wal.pending and self.wal.sig is None and not self.journal_path.exists():
            return
        self._fold = True
        try:
            with self.transaction():
                pass
        except StoreError as exc:
            pending = len(self.wal.pending)
            if not pending:
                raise
            reason = exc.reason if isinstance(exc, SaveError) else str(exc)
            changes = "change is" if pending == 1 else "changes are"
            raise CheckpointError(
                f"could not bring {self.path} up to date ({reason}); {pending} saved "
                f"{changes} safe in {self.journal_path.name} and will be folded in the "
                "next time Cockpit opens it", pending) from None
        finally:
            self._fold = False

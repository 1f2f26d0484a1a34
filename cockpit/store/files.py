"""File primitives of the store: atomic replacement, the rolling backup, safe reads,
the store's own temp names, and keeping a file's owner.

Nothing here knows the JSON layout; `exporting` uses `atomic_write_bytes` too.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Callable, Sequence
from pathlib import Path

Signature = tuple[int, int, int]
Owner = tuple[int, int]  # (uid, gid)


def signature(st: os.stat_result) -> Signature:
    """Which version of a file this is: a replaced or rewritten file differs."""
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def fsync_dir(directory: Path) -> None:
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
                       backup: Path | None = None, *,
                       temp_name: Callable[[], Path] | None = None,
                       owner: Owner | None = None) -> None:
    """Write `chunks` to `path` atomically; keep the previous file as `backup` (a hard link).

    `temp_name` makes the temp file's path (default `.<name>.<pid>.<random>.tmp` beside
    `path`): a writer that cleans up after crashes passes its own, so that its clean-up
    can never take another writer's temp file for its own. `owner` (uid, gid) is given
    to the new file before any byte goes in, so root rewriting a user's file leaves it
    theirs (best effort: only root may give a file away). The backup gets `mode` too, in
    the same call.

    On any failure the original file is untouched and the temp file is removed.
    """
    tmp = temp_name() if temp_name else path.with_name(
        f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb", buffering=0) as fh:
            if owner is not None:
                with contextlib.suppress(OSError):  # not root, or a filesystem without owners
                    os.fchown(fh.fileno(), *owner)
            for chunk in chunks:
                view = memoryview(chunk)
                while view:
                    written = fh.write(view)
                    view = view[written:]
            os.fsync(fh.fileno())
        linked = backup is not None and path.exists() and link_backup(path, backup, temp_name)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if linked and backup is not None:
        # The old file is the backup alone now: private like the new one, in this save.
        with contextlib.suppress(OSError):
            if stat.S_IMODE(os.stat(backup).st_mode) != mode:
                os.chmod(backup, mode)
    fsync_dir(path.parent)


def link_backup(path: Path, backup: Path,
                temp_name: Callable[[], Path] | None = None) -> bool:
    """Keep the current file as `backup` without copying it: a hard link to the old inode.
    False when there is none (no hard links here, e.g. FAT: go on without a backup)."""
    tmp = temp_name() if temp_name else backup.with_name(f".{backup.name}.{os.getpid()}.tmp")
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
            os.unlink(tmp)
        return False
    return True


# ---------------------------------------------------------------------- the store's temps

def store_temp_name(database: Path) -> Callable[[], Path]:
    """Temp names of every file the store writes for `database` (the file itself, its
    journal, its backup): `.<database name>.store-<pid>-<8 hex>.tmp`, in its folder.

    Nothing else makes names of that shape for that database: another database's temps
    carry its own name, and `atomic_write_bytes`'s default (an export's) ends in
    `.<8 hex>.tmp` where these end in `-<8 hex>.tmp`."""
    def make() -> Path:
        return database.with_name(f".{database.name}.store-{os.getpid()}-"
                                  f"{os.urandom(4).hex()}.tmp")
    return make


def is_store_temp(name: str, database: Path) -> bool:
    """Whether a file name in the database's folder is one of `store_temp_name`'s, or one
    that earlier versions of the store made for the same three files (`.<name>.<pid>.<8 hex>.tmp`,
    `.<name>.journal.<pid>.<8 hex>.tmp`, `.<name>.bak.<pid>.tmp`): a crash may have left
    those behind. Whole names only: an export's `.<name>.ics.<pid>.<8 hex>.tmp` is not."""
    return re.fullmatch(
        re.escape(f".{database.name}.")
        + r"(?:store-[0-9]+-[0-9a-f]{8}|(?:journal\.)?[0-9]+\.[0-9a-f]{8}|bak\.[0-9]+)\.tmp",
        name) is not None


def clean_stale_temps(database: Path) -> None:
    """Remove temp files a crashed writer of this database left (call it under the lock:
    then none of them is in use)."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(database.parent):
            if is_store_temp(entry.name, database):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


# ---------------------------------------------------------------------- reading

class NotAFile(OSError):
    """The path exists but is not a regular file (a folder, a pipe, a device …)."""

    def __init__(self, kind: str):
        super().__init__(f"it is {kind}, not a file")
        self.kind = kind


def describe_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _open_nonblocking(path: str, flags: int) -> int:
    # A FIFO opened for reading would wait for a writer: O_NONBLOCK returns at once (and
    # changes nothing for a regular file), so the check below runs before any read.
    return os.open(path, flags | os.O_NONBLOCK)


def read_regular(path: Path) -> tuple[bytes, os.stat_result] | None:
    """The bytes of a regular file and the stat of what was read (None: no such file).

    Raises NotAFile before reading anything that is not a regular file (a FIFO would
    hang, /dev/zero never ends), OSError when it cannot be read."""
    found = read_in_two(path, None)
    return None if found is None else (found[1], found[2])


PEEK = 1024  # bytes `read_in_two`'s `cut` looks at


def read_in_two(path: Path, cut: Callable[[bytes, int], int | None] | None
                ) -> tuple[bytearray | None, bytes, os.stat_result] | None:
    """A regular file as (head, rest), and the stat of what was read (None: no such
    file); errors as `read_regular`.

    `cut(its first PEEK bytes, its size)` says where to cut the file (None: nowhere;
    then head is None and rest is the whole file). Cut at `at`, head is a bytearray of
    `at + 1` bytes: the file's first `at` bytes and one spare byte for the caller (a
    parser that needs the part closed), and rest the bytes from `at` on. No part is
    ever copied into another buffer, and the head can be freed on its own. A file
    shorter than its size said (rewritten in place meanwhile) is read whole."""
    try:
        fh = open(path, "rb", opener=_open_nonblocking)  # noqa: SIM115 (closed below)
    except FileNotFoundError:
        return None
    with fh:
        # The signature of the file we read comes from the open file itself: a stat() by
        # path after reading could describe a newer file that another writer put in
        # place meanwhile, and we would never re-read it (a lost write).
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise NotAFile(describe_kind(st.st_mode))
        if cut is not None and st.st_size > PEEK:
            first = fh.read(PEEK)
            at = cut(first, st.st_size) if len(first) == PEEK else None
            if at is not None and PEEK <= at < st.st_size:
                head = bytearray(at + 1)
                with memoryview(head) as view:
                    view[:PEEK] = first
                    filled = PEEK
                    while filled < at:
                        n = fh.readinto(view[filled:at])
                        if not n:
                            break
                        filled += n
                if filled == at:
                    return head, fh.read(), st
                del head
            fh.seek(0)
        return None, fh.read(), st


def owner_of(st: os.stat_result | None) -> Owner | None:
    """The owner and group a rewrite of the file `st` describes must keep (None: a new
    file, which belongs to whoever creates it)."""
    return None if st is None else (st.st_uid, st.st_gid)

"""Atomic, private file writes for the calendar layer, with temp names of its own.

Every file this layer writes (the `.ics`, the ledgers) goes through `write_atomic`: a
temp file in the same folder, fsync, rename, fsync of the folder. Its temp files are
named ``.<name>.ics-tmp-<pid>-<random>``: they never end in ``.tmp``, so the store's
clean-up of *its* stale temp files (``.<database name>.*.tmp``) can never take one
while an export is writing it, even when the database is called ``cockpit`` and the
calendar ``cockpit.ics`` (issue 13, item 8). In turn `write_atomic` only removes stale
temp files of its own pattern whose process is gone.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

TEMP_MARK = ".ics-tmp-"


def temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}{TEMP_MARK}{os.getpid()}-{os.urandom(4).hex()}")


def write_atomic(path: Path, chunks: Iterable[bytes], mode: int = 0o600) -> None:
    """Write `chunks` to `path` atomically: on any failure `path` is left as it was."""
    _clean_stale(path)
    tmp = temp_name(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "wb", buffering=0) as fh:
            for chunk in chunks:
                view = memoryview(chunk)
                while view:
                    view = view[fh.write(view):]
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems cannot fsync a folder; the rename is atomic all the same
    finally:
        os.close(fd)


def _clean_stale(path: Path) -> None:
    """Remove temp files of `path` left by a writer that died (its process is gone)."""
    prefix = f".{path.name}{TEMP_MARK}"
    with contextlib.suppress(OSError), os.scandir(path.parent) as entries:
        for entry in entries:
            if not entry.name.startswith(prefix):
                continue
            pid_text = entry.name[len(prefix):].split("-", 1)[0]
            if pid_text.isdigit() and not _alive(int(pid_text)):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # someone else's process, or a number we cannot judge: leave it
    return True

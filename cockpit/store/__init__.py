"""The only code that touches the database file: safe storage over TinyDB's JSON format.

* `records.Store` — the records (contacts, notes, interactions, follow-ups, asks,
  drafts): queries and writes, one atomic transaction each;
* `engine` — the file: load, lock, refresh, atomic write, backup, checkpoint, faults;
* `journal` — the write-ahead journal the TUI saves to first;
* `document`, `layout`, `rawtable`, `migrations` — the JSON layout in memory and on disk;
* `checks` — what every stored record is checked for; `files` — file primitives.

Everything other modules use is importable from `cockpit.store`.
"""

from __future__ import annotations

from typing import Any

from .engine import LOCK_TIMEOUT
from .errors import Ambiguous, CheckpointError, NotFound, SaveError, StoreError
from .errors import describe_os_error as _describe_os_error
from .files import atomic_write_bytes, is_store_temp, store_temp_name
from .journal import JOURNAL_MAX_ENTRIES, JOURNAL_MAX_OPS
from .layout import ALL_TABLES, HEAD_TABLES
from .layout import compact as _compact
from .migrations import SCHEMA_VERSION
from .records import Store, default_path, save_index

__all__ = ["ALL_TABLES", "HEAD_TABLES", "JOURNAL_MAX_ENTRIES", "JOURNAL_MAX_OPS", "LOCK_TIMEOUT",
           "SCHEMA_VERSION", "Ambiguous", "CheckpointError", "NotFound", "SaveError", "Store",
           "StoreError", "_compact", "_describe_os_error", "atomic_write_bytes", "default_path",
           "is_store_temp", "save_index", "store_temp_name"]


def __getattr__(name: str) -> Any:
    """`FileLock` and `Timeout`, imported on first use: filelock costs ~13 ms to import
    and read-only commands (`cockpit today`) never lock."""
    if name in ("FileLock", "Timeout"):
        import filelock
        return getattr(filelock, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

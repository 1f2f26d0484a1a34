"""Keep Python's cycle collector off the keys' path.

A 30k-contact network is millions of long-lived objects (contacts, agenda items, the
search index). Each full collection walks all of them — 50–300 ms at 30k, measured in
bench/keys_bench.py — and one lands, unannounced, on some key press. Once an agenda is
on the screen, what is alive is what the session keeps: `settle()` moves it to the
permanent generation, so later collections only walk what the next keys allocate.

Garbage still goes at once by reference counting; only cycles (a closed dialog's
widgets) that were alive at a settle wait: `tidy_when_quiet` collects them, once the
agenda has not changed for a while (a person reading, not pressing keys).
"""

from __future__ import annotations

import gc
import time

QUIET = 60.0
"""Seconds without a new agenda before the full collection runs."""

_settled_at: float | None = None  # when the last settle left something to tidy


def settle() -> None:
    """Leave everything alive now out of future collections (cheap: no walk)."""
    global _settled_at
    gc.freeze()
    _settled_at = time.monotonic()


def tidy_when_quiet(now: float | None = None) -> bool:
    """The full collection settles put off, if the session has been quiet; True if run."""
    global _settled_at
    now = time.monotonic() if now is None else now
    if _settled_at is None or now - _settled_at < QUIET:
        return False
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    _settled_at = None
    return True


def release() -> None:
    """Hand everything back to the collector (the screen that settled it is gone)."""
    global _settled_at
    gc.unfreeze()
    _settled_at = None

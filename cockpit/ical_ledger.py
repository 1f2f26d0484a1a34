"""What a calendar ledger remembers of each exported event (its fingerprint and version),
and its JSON form, read defensively: a ledger is a cache, a damaged entry never stops an
export. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# RFC 5545 3.3.8: INTEGER is a signed 32-bit value. A ledger entry at the top cannot
# count one more version, so it is forgotten (the event starts again at 0) instead.
MAX_SEQUENCE = 2**31 - 1
# LAST-MODIFIED from a ledger outside these years is a damaged entry, not a date.
LEDGER_YEARS = (1970, 2200)


@dataclass(frozen=True, slots=True)
class Revision:
    """What the ledger remembers of one event: its content fingerprint and version."""

    fingerprint: str
    sequence: int
    modified: dt.datetime  # UTC, whole seconds


Ledger = dict[str, Revision]


# ---------------------------------------------------------------------------- ledger codec

def ledger_to_json(ledger: Mapping[str, Revision]) -> dict[str, Any]:
    """A compact JSON-able form: {"version": 1, "events": {uid: [fingerprint, seq, epoch]}}."""
    return {"version": 1, "events": {
        uid: [r.fingerprint, r.sequence, int(r.modified.timestamp())]
        for uid, r in ledger.items()}}


def ledger_from_json(data: Any) -> Ledger:
    """The inverse of `ledger_to_json`; anything malformed is skipped (a ledger is a cache).

    Skipped too, so that one damaged entry never stops an export: a SEQUENCE that cannot
    count one more version (`MAX_SEQUENCE`) and a LAST-MODIFIED outside `LEDGER_YEARS`.
    """
    events = data.get("events") if isinstance(data, dict) and data.get("version") == 1 else None
    if not isinstance(events, dict):
        return {}
    out: Ledger = {}
    moments: dict[int, dt.datetime] = {}  # most events share a handful of export instants
    for uid, entry in events.items():
        try:
            fingerprint, sequence, epoch = entry
            if not (isinstance(fingerprint, str) and type(sequence) is int
                    and type(epoch) is int and 0 <= sequence < MAX_SEQUENCE):
                continue
            moment = moments.get(epoch)
            if moment is None:
                moment = dt.datetime.fromtimestamp(epoch, dt.UTC)
                if not LEDGER_YEARS[0] <= moment.year <= LEDGER_YEARS[1]:
                    continue
                moments[epoch] = moment
            out[uid] = Revision(fingerprint, sequence, moment)
        except (TypeError, ValueError, OverflowError, OSError):
            continue
    return out

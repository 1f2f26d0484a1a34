"""What every stored record is checked for, in the main file and in the journal alike.

* **Malformed** (a field missing or of the wrong type, a date that is no date): the
  record cannot be read at all; the database is refused with one line naming the record.
* **Out of range** (a date outside 1900–2200, a cadence outside 1–3,650 days: an old file
  or a hand edit): the record is left out of every read, with a warning naming the
  contact, and kept in the file exactly as it is — the rest of the database works.

The bounds are the model's (`model.check_date`, `model.check_days`); they are whole years,
so a stored ISO string is in range exactly when its first four digits are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ..model import (
    DATE_RANGE,
    MAX_CADENCE,
    MAX_DATE,
    MIN_DATE,
    Ask,
    Contact,
    Draft,
    FollowUp,
    Interaction,
    Note,
)

FROM_DICT: dict[str, Callable[[dict[str, Any]], Any]] = {
    "contacts": Contact.from_dict, "notes": Note.from_dict, "followups": FollowUp.from_dict,
    "asks": Ask.from_dict, "drafts": Draft.from_dict, "interactions": Interaction.from_dict,
}
# The field every doc of a table must have for the store itself to work (else contact_id).
LINK = {"contacts": "name"}

_DATES: dict[str, tuple[tuple[str, str], ...]] = {
    "contacts": (("met_on", "met on"), ("created", "created"), ("updated", "updated"),
                 ("birthday", "birthday")),
    "notes": (("date", "date"),),
    "interactions": (("date", "date"),),
    "followups": (("due", "due date"), ("snoozed_until", "snoozed until"),
                  ("closed_on", "closed on")),
    "asks": (("created", "created"),),
    "drafts": (("created", "created"), ("updated", "updated")),
}
_LOW, _HIGH = f"{MIN_DATE.year:04d}", f"{MAX_DATE.year:04d}"
_RECORD = {"contacts": "contact", "notes": "note", "interactions": "interaction",
           "followups": "follow-up", "asks": "ask", "drafts": "draft"}


def _bad_day(value: Any) -> bool:
    """A stored date (or date-time) whose year lies outside 1900–2200. `--02-29` (a
    birthday without its year) and anything that is no date at all are not this check's
    business: the second is malformed."""
    if not isinstance(value, str):
        return False
    year = value[:4]
    return year.isascii() and year.isdigit() and not _LOW <= year <= _HIGH


def out_of_range(table: str, doc: dict[str, Any]) -> str | None:
    """What is out of range in a stored doc of `table`, in words (None: nothing)."""
    for key, word in _DATES[table]:
        value = doc.get(key)
        # Most values are absent or plainly in range ("2026-…" sorts between "1900" and
        # "2200"); only the rest need `_bad_day`. This runs for every record read or written.
        if value is not None and not (value.__class__ is str and _LOW <= value[:4] <= _HIGH) \
                and _bad_day(value):
            return f"{word} {value} is out of range ({DATE_RANGE})"
    if table == "contacts":
        every = doc.get("every")
        if isinstance(every, int) and not isinstance(every, bool) and not (
                1 <= every <= MAX_CADENCE):
            return f"a cadence of {every:,} days is out of range (1 to {MAX_CADENCE:,} days)"
        seen = doc.get("seen")
        if seen and isinstance(seen, dict):
            for kind, value in seen.items():
                if not (value.__class__ is str and _LOW <= value[:4] <= _HIGH) and _bad_day(value):
                    return (f"an interaction ({kind}) dated {value} is out of range "
                            f"({DATE_RANGE})")
    return None


def malformed(table: str, doc: dict[str, Any]) -> str | None:
    """Why a stored doc cannot become a record, in words (None: it can). Ask it of a doc
    `out_of_range` passed: a value out of range is malformed for the model too."""
    try:
        FROM_DICT[table](doc)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        return f"{type(exc).__name__}: {exc}" if isinstance(exc, KeyError) else str(exc)
    return None


def interaction_ok(doc: dict[str, Any]) -> bool:
    """What the store itself relies on in an interaction: string id, contact_id and kind,
    an ISO date."""
    try:
        dt.date.fromisoformat(doc["date"])
    except (KeyError, TypeError, ValueError):
        return False
    return all(isinstance(doc.get(k), str) for k in ("id", "contact_id", "kind"))


def left_out(table: str, doc: dict[str, Any], problem: str, owner: str, file: str) -> str:
    """The warning for a record left out: one line naming the contact (`owner`)."""
    what = f"contact {owner}" if table == "contacts" else f"a {_RECORD[table]} of {owner}"
    return f"left out {what}: {problem}; it is kept in {file} as it is, fix it there"

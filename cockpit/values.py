"""The vocabulary of the domain and its checks: the kinds of things (enums), the bounds
every number and date is held to, the parsers of what users type, and the folding used to
match names. Pure: no I/O, no clock reads. `cockpit.model` re-exports all of it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from enum import StrEnum
from typing import Any, TypeVar


class ValidationError(ValueError):
    """A value the user gave cannot be accepted; the message says why in one line."""


class HowMet(StrEnum):
    IN_PERSON = "in-person"
    ONLINE = "online"
    INTRODUCED = "introduced"


class Tie(StrEnum):
    CLOSE = "close"
    REGULAR = "regular"
    OCCASIONAL = "occasional"


class Relationship(StrEnum):
    COLLEAGUE = "colleague"
    EX_COLLEAGUE = "ex-colleague"
    CLIENT = "client"
    EX_CLIENT = "ex-client"
    PROSPECT = "prospect"
    COLLABORATOR = "collaborator"
    SUPPLIER = "supplier"
    ACQUAINTANCE = "acquaintance"
    FRIEND = "friend"


class Kind(StrEnum):
    """Kinds of interaction. Any of them resets the keep-in-touch clock."""

    MET = "met"
    MESSAGE = "message"
    EMAIL = "email"
    CALL = "call"
    MEETING = "meeting"
    LIKE = "like"
    COMMENT = "comment"
    SHARE = "share"
    INTRO = "intro"
    BIRTHDAY_WISH = "birthday-wish"
    INVITE_SENT = "invite-sent"
    INVITE_ACCEPTED = "invite-accepted"
    INVITE_DECLINED = "invite-declined"
    INVITE_WITHDRAWN = "invite-withdrawn"
    INVITE_RECEIVED = "invite-received"
    ASK = "ask"


class Origin(StrEnum):
    MET_IN_PERSON = "met-in-person"
    CADENCE = "cadence"
    MANUAL = "manual"
    INVITE_PENDING = "invite-pending"
    REVIEW_KEPT = "review-kept"  # kept after a prune review: a done record, not a reminder


class NoteKind(StrEnum):
    """What a note is. A memo is private (never quoted in a draft); the others are
    *mentions*: their text is a topic a draft may bring up, phrased by kind."""

    MEMO = "memo"
    TALK = "talk"
    POST = "post"
    ARTICLE = "article"
    NEWS = "news"
    INTEREST = "interest"
    FAMILY = "family"
    TRAVEL = "travel"
    CONVERSATION = "conversation"


class FollowUpState(StrEnum):
    OPEN = "open"
    DONE = "done"
    SNOOZED = "snoozed"


class AskState(StrEnum):
    WARMING = "warming"
    READY = "ready"
    ASKED = "asked"
    DONE = "done"
    DROPPED = "dropped"


class DraftState(StrEnum):
    DRAFT = "draft"
    SENT = "sent"


DEFAULT_STEPS: tuple[str, ...] = ("like", "comment", "share")
ENGAGEMENT_KINDS = frozenset({Kind.LIKE, Kind.COMMENT, Kind.SHARE, Kind.MESSAGE, Kind.EMAIL,
                              Kind.CALL, Kind.MEETING, Kind.MET, Kind.INTRO})


_CONTROL = re.compile("[\x00-\x1f\x7f]")


def tidy_name(text: str) -> str:
    """A name is one line: line breaks and tabs become spaces, control characters go, and
    so does a byte-order mark (a file's encoding artefact, never part of a name)."""
    return " ".join(_CONTROL.sub(" ", text.replace("\ufeff", "")).split())


def new_id() -> str:
    """A fresh, never-reused record id."""
    return str(uuid.uuid4())


_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


# Zero-width characters and the BOM: invisible, so two names that look the same must match.
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")


def fold(text: str) -> str:
    """Case-, accent- and width-insensitive key: "Núria Ibáñez" -> "nuria ibanez",
    "Ana\u200b Lopez" -> "ana lopez", "ｆｕｌｌ" -> "full" (NFKC), a leading BOM ignored."""
    # NFKD is NFKC's compatibility folding, decomposed so accents can go; NFC then recomposes
    # what remains (Hangul). Case folding comes after NFKD, then accents ("İ" -> "i̇" -> "i").
    text = unicodedata.normalize("NFKD", _INVISIBLE.sub("", text)).casefold()
    text = _COMBINING.sub("", text)
    return unicodedata.normalize("NFC", text).strip()


def fold_many(texts: list[str]) -> list[str]:
    """fold() over many strings in one pass (30,000 names in a few milliseconds)."""
    if not texts:
        return []
    return [part.strip() for part in fold("\x00".join(texts)).split("\x00")]


def parse_enum(enum: type[StrEnum], value: str, what: str) -> Any:
    try:
        return enum(value.strip().lower())
    except ValueError:
        choices = ", ".join(m.value for m in enum)
        raise ValidationError(f"unknown {what} {value!r} (choose from: {choices})") from None


# Every date and number that comes in is bounded, so that no later sum of a date and a
# cadence (or a window) can leave what `datetime` represents: one bad value must never
# stop the agenda, the calendar export or the TUI for the whole database.
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2200, 12, 31)
_MIN_YEAR, _MAX_YEAR = MIN_DATE.year, MAX_DATE.year  # MIN_DATE is 1 January, MAX_DATE 31 December
MAX_CADENCE = 3650  # days: ten years between two contacts
MAX_WINDOW = 366  # days ahead that an agenda or an export looks
DATE_RANGE = f"dates run from {MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}"


_Day = TypeVar("_Day", dt.date, dt.datetime)


def check_date(day: _Day, what: str = "date") -> _Day:
    """`day` itself when it lies between MIN_DATE and MAX_DATE (whole years: 1900–2200),
    else a one-line ValidationError naming `what`."""
    plain = day.date() if isinstance(day, dt.datetime) else day
    if not MIN_DATE <= plain <= MAX_DATE:
        raise ValidationError(f"{what} {plain.isoformat()} is out of range ({DATE_RANGE})")
    return day


def check_days(value: Any, what: str, low: int = 1, high: int = MAX_CADENCE) -> int:
    """A whole number of days between `low` and `high`, else a one-line ValidationError."""
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValidationError(f"{what} must be a whole number of days from {low} to "
                              f"{high:,}, not {value!r}")
    return value


def shift_date(day: dt.date, days: int, what: str = "date") -> dt.date:
    """`day` moved by `days` (a user's "+N"), bounded like every date that comes in: a
    one-line ValidationError instead of an OverflowError."""
    try:
        moved = day + dt.timedelta(days=days)
    except (OverflowError, TypeError):
        raise ValidationError(f"{what} {days:+,} days from {day.isoformat()} is out of range "
                              f"({DATE_RANGE})") from None
    return check_date(moved, what)


def parse_date(text: str, what: str = "date") -> dt.date:
    """Parse YYYY-MM-DD strictly; 2026-02-30 is refused with a clear message, and so is a
    date outside 1900–2200."""
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"invalid {what} {text!r}: expected a real date as YYYY-MM-DD") from None
    return check_date(day, what)


def parse_kind(value: str) -> str:
    return str(parse_enum(Kind, value, "interaction kind"))


def parse_steps(text: str) -> list[str]:
    steps = [s.strip().lower() for s in text.split(",") if s.strip()]
    if not steps:
        raise ValidationError("steps must name at least one interaction kind, e.g. like,comment,share")
    for step in steps:
        parse_kind(step)
    if len(set(steps)) != len(steps):
        raise ValidationError(f"steps repeat a kind: {text!r}")
    return steps


def _d(value: str | None, what: str = "date") -> dt.date | None:
    return _day(value, what) if value else None


def _day(value: str, what: str = "date") -> dt.date:
    """A stored date, bounded like every date that comes in."""
    day = dt.date.fromisoformat(value)
    # The bounds are whole years: the year alone decides (this runs for every stored date).
    return day if _MIN_YEAR <= day.year <= _MAX_YEAR else check_date(day, what)


def _moment(value: str | None, what: str) -> dt.datetime | None:
    if not value:
        return None
    moment = dt.datetime.fromisoformat(value)
    return moment if _MIN_YEAR <= moment.year <= _MAX_YEAR else check_date(moment, what)


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None

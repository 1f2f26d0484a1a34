"""Days as people type them: the one parser for every date a user gives a follow-up,
a snooze or a log ("today", "tomorrow", "yesterday", "+3", "3d", "2w", a weekday name,
or YYYY-MM-DD). Pure: `today` is passed in.
"""

from __future__ import annotations

import datetime as dt
import re

from .model import ValidationError, parse_date, shift_date

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MAX_AHEAD_DAYS = 3650  # ten years: further than any reminder worth keeping
_OFFSET = re.compile(r"^\+?(\d{1,6})\s*(d|day|days|w|week|weeks)?$")

HINT = "YYYY-MM-DD, today, tomorrow, +N days, Nw weeks or a weekday"


def parse_day(text: str, today: dt.date, what: str = "date", *, past: bool = False) -> dt.date:
    """The day `text` names, relative to `today`. A weekday name is the next one, or with
    `past` (logging what happened) the last one. Raises ValidationError in one line."""
    raw = " ".join(text.strip().lower().split())
    if not raw:
        raise ValidationError(f"{what}: type a day ({HINT})")
    if raw in ("today", "tomorrow", "yesterday"):
        return today + dt.timedelta(days={"today": 0, "tomorrow": 1, "yesterday": -1}[raw])
    weekday = raw.removeprefix("next ")
    for index, name in enumerate(WEEKDAYS):
        if len(weekday) >= 3 and name.startswith(weekday):
            if past:
                return today - dt.timedelta(days=(today.weekday() - index) % 7 or 7)
            ahead = (index - today.weekday()) % 7 or 7  # "monday" on a Monday: next week
            return today + dt.timedelta(days=ahead)
    match = _OFFSET.match(raw)
    if match and (raw.startswith("+") or match.group(2)):
        count = int(match.group(1)) * (7 if (match.group(2) or "d").startswith("w") else 1)
        if count > MAX_AHEAD_DAYS:
            raise ValidationError(f"{what} {text.strip()!r} is more than {MAX_AHEAD_DAYS:,} "
                                  "days ahead: out of range")
        return shift_date(today, count, what)
    try:
        dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(f"invalid {what} {text.strip()!r}: use {HINT}") from None
    return parse_date(raw, what)  # a real date: in the range Cockpit keeps, or it says so


def not_before_today(day: dt.date, today: dt.date, what: str = "date") -> dt.date:
    if day < today:
        raise ValidationError(f"{what} {day} is in the past (today is {today})")
    return day


def after_today(day: dt.date, today: dt.date, what: str = "date") -> dt.date:
    if day <= today:
        raise ValidationError(f"{what} {day} is not after today ({today})")
    return day


def not_in_future(day: dt.date, today: dt.date, what: str = "date") -> dt.date:
    if day > today:
        raise ValidationError(f"{what} {day} is in the future; log what already happened")
    return day

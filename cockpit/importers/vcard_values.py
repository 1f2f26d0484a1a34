"""vCard value syntax: escapes, compound values (N, ORG, ADR) and every BDAY form.

Values are unescaped here (RFC 6350 §3.4: `\\\\`, `\\,`, `\\;`, `\\n`), not by vobject's
value behaviours: those cut every unescaped comma in a text value (`NOTE:Met at PyCon,
great talk` becomes "Met at PyCon"; py-vobject/vobject#55), and vCard 2.1 never escapes
commas.
"""

from __future__ import annotations

import re

from ..model import Birthday, ValidationError
from .base import clean

_ESC = re.compile(r"\\(.)", re.S)
_FULL_DATE = re.compile(r"(\d{4})-?(\d\d)-?(\d\d)(?:T[0-9:.,]*(?:Z|[+-]\d\d:?(?:\d\d)?)?)?")
_NO_YEAR = re.compile(r"--(\d\d)-?(\d\d)(?:T[0-9:.,]*(?:Z|[+-]\d\d:?(?:\d\d)?)?)?")
#: Years at or before this are "no year" markers (Apple writes 1604, others 1900 or 0000).
NO_YEAR_UP_TO = 1604
#: Years a birth can have (the house bound on every date that comes in).
MIN_YEAR, MAX_YEAR = 1900, 2200


def _esc(m: re.Match[str]) -> str:
    ch = m.group(1)
    if ch in "nN":
        return "\n"
    if ch in "\\,;:\"":
        return ch
    return m.group(0)  # unknown escape: keep as written


def unescape(value: str) -> str:
    return _ESC.sub(_esc, value) if "\\" in value else value


def split_escaped(value: str, sep: str) -> list[str]:
    """Split on `sep` where it is not backslash-escaped (values stay escaped)."""
    if "\\" not in value:
        return value.split(sep)
    out: list[str] = []
    start = i = 0
    n = len(value)
    while i < n:
        ch = value[i]
        if ch == "\\":
            i += 2
            continue
        if ch == sep:
            out.append(value[start:i])
            start = i + 1
        i += 1
    out.append(value[start:])
    return out


def compound(value: str, size: int, list_sep: str = ",") -> list[str]:
    """An escaped compound value (N, ORG, ADR) as `size` clean fields (more kept for ORG);
    list separators inside a field become `list_sep` (a space for names)."""
    if "\\" not in value:  # nothing escaped (most values): plain splits, same fields
        fields = [clean(f.replace(",", list_sep)) for f in value.split(";")]
    else:
        fields = [clean(list_sep.join(unescape(x) for x in split_escaped(f, ",")))
                  for f in split_escaped(value, ";")]
    return fields + [""] * (size - len(fields))


def org_units(value: str) -> list[str]:
    """ORG as its non-empty units: company first, then departments."""
    if "\\" in value or ";" in value:
        return [u for u in compound(value, 1) if u]
    unit = clean(value)
    return [unit] if unit else []


def parse_bday(value: str, omit_year: str = "", value_type: str = "") -> tuple[Birthday | None, str]:
    """(birthday, problem). Forms: 1990-02-28, 19900228, --0228, --02-28, date-times, and
    Apple's X-APPLE-OMIT-YEAR=1604 (year unknown). Text is not a birthday: (None, "")
    with the caller keeping it as a note; problem says why a non-text value was refused.
    """
    raw = value.strip()
    if not raw:
        return None, ""
    if value_type.lower() == "text":
        return None, ""
    year: int | None
    m = _FULL_DATE.fullmatch(raw)
    if m:
        y, month, day = m.group(1), int(m.group(2)), int(m.group(3))
        year = int(y)
        if y == omit_year.strip() or year <= NO_YEAR_UP_TO:
            year = None
        elif not MIN_YEAR <= year <= MAX_YEAR:
            return None, f"BDAY {raw!r} is not a year between {MIN_YEAR} and {MAX_YEAR}; kept as a note"
    else:
        m = _NO_YEAR.fullmatch(raw)
        if not m:
            return None, f"BDAY {raw!r} is not a date; kept as a note"
        year, month, day = None, int(m.group(1)), int(m.group(2))
    try:
        return Birthday(month, day, year), ""
    except ValidationError:
        return None, f"BDAY {raw!r} is not a real date; kept as a note"

"""Dates as LinkedIn wrote them over the years, and as spreadsheets rewrote them.

* `15 Mar 2024`, `5 March 2024`, `15-Mar-2024` — LinkedIn's export since 2019;
* `12/22/16, 9:55 AM` — LinkedIn's export of 2016–2018 (month/day/year, a time);
* `23-Apr-23`, `4-May-22`, `30-oct-09` — the same dates after Excel re-saved the file
  (two-digit year; month names in the language of the user's Excel);
* `2024-03-15` (ISO, with or without a time);
* month names and abbreviations in the languages LinkedIn exports in — English, Spanish,
  Italian, French, German, Portuguese — with or without a final dot or `de`
  (`15 de marzo de 2024`, `15 mars 2024`, `15. März 2024`, `15 set 2024`, `15 out. 2024`);
* `22/12/2016` or `12/22/2016`: day/month or month/day, settled by the file (see
  `numeric_order`).

Every date is bounded to 1900–2200; anything else is a ValueError with a message.
"""

from __future__ import annotations

import datetime as dt
import re

from ..model import fold

MIN_YEAR, MAX_YEAR = 1900, 2200

_MONTH_WORDS = {
    1: "jan january janv janvier ene enero gen gennaio januar janeiro jän jänner",
    2: "feb february fev fevr fevrier febrero febbraio februar fevereiro",
    3: "mar march mars marzo marz mrz marco",
    4: "apr april avr avril abr abril aprile",
    5: "may mai mayo maggio maio mag",
    6: "jun june juin junio giu giugno juni junho",
    7: "jul july juil juillet julio lug luglio juli julho",
    8: "aug august aou aout ago agosto",
    9: "sep sept september septembre septiembre set sett settembre setembro",
    10: "oct october octobre octubre ott ottobre okt oktober out outubro",
    11: "nov november novembre noviembre novembre novembro",
    12: "dec december decembre dic diciembre dicembre dez dezember dezembro",
}
#: Folded month word (accents and case ignored, final dot dropped) -> month number.
MONTHS = {fold(word): month for month, words in _MONTH_WORDS.items() for word in words.split()}

_TIME = r"(?:[ ,T]+\d{1,2}:\d\d(?::\d\d(?:\.\d+)?)?(?:\s*[ap]\.?m\.?)?(?:\s*(?:Z|UTC|[+-]\d\d:?\d\d))?)?"
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME, re.I)
_NUMERIC = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})(,?)" + _TIME, re.I)
_WORDS = re.compile(r"(\d{1,2})\.?[\s\-/]+(?:de\s+)?([^\W\d_]+)\.?[\s\-/,]+(?:de\s+)?(\d{2}|\d{4})"
                    + _TIME, re.I)
_WORDS_FIRST = re.compile(r"([^\W\d_]+)\.?[\s\-/]+(\d{1,2}),?[\s\-/]+(\d{4})" + _TIME, re.I)
_NUMERIC_ANY = re.compile(r"(?<![\d/.])(\d{1,2})[/.](\d{1,2})[/.](?:\d{2}|\d{4})(?![\d/.])")


def numeric_order(text: str) -> str:
    """"mdy" or "dmy" for the numeric dates of a whole file: a day over 12 in either place
    settles it; LinkedIn's own exports are month/day, which is also the answer when the
    file never says."""
    mdy = dmy = False
    for m in _NUMERIC_ANY.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if a > 12 >= b:
            dmy = True
        elif b > 12 >= a:
            mdy = True
    return "dmy" if dmy and not mdy else "mdy"


def _year(text: str, today: dt.date) -> int:
    year = int(text)
    if len(text) == 2:  # Excel's "23-Apr-23": this century unless that is in the future
        year += 2000 if 2000 + year <= today.year + 1 else 1900
    return year


def _date(year: int, month: int, day: int, raw: str) -> dt.date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"{raw!r} is not a date between {MIN_YEAR} and {MAX_YEAR}")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{raw!r} is not a real date") from None


def parse_connected(text: str, today: dt.date, order: str = "mdy") -> dt.date:
    """A LinkedIn `Connected On` value as a date; ValueError saying why not."""
    raw = " ".join(text.split())
    m = _ISO.fullmatch(raw)
    if m:
        return _date(int(m.group(1)), int(m.group(2)), int(m.group(3)), raw)
    m = _NUMERIC.fullmatch(raw)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        # LinkedIn's "12/22/16, 9:55 AM" is always month first, whatever the file says.
        month, day = (a, b) if order == "mdy" or m.group(4) else (b, a)
        return _date(_year(m.group(3), today), month, day, raw)
    m = _WORDS.fullmatch(raw)
    if m:
        day, word, year = int(m.group(1)), m.group(2), m.group(3)
    else:
        m = _WORDS_FIRST.fullmatch(raw)
        if not m:
            raise ValueError(f"{raw!r} is not a date like '15 Mar 2024'")
        word, day, year = m.group(1), int(m.group(2)), m.group(3)
    found = MONTHS.get(fold(word).rstrip("."))
    if found is None:
        raise ValueError(f"{raw!r}: {word!r} is not a month name")
    return _date(_year(year, today), found, day, raw)

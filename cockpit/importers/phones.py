"""Phone numbers as matching keys, normalised by Google's libphonenumber (`phonenumbers`).

"+34 600 11 12 22", "+34600111222" and "0034 600-111-222" are one number; so is
"600 111 222" when the user's region (`import.default_region`, e.g. "ES") says which
country a number without its international prefix belongs to. Without a region only
numbers written with their country code normalise; the others give no key and never
match (a national number alone is ambiguous across countries).
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Shorter national numbers are extensions and service codes, not a person's phone.
MIN_NATIONAL_DIGITS = 6
#: "+34 600 111 222", "+1-212-555-0100": country code and digits only, nothing to interpret.
#: (A group starting with 0 may be a trunk prefix, "+44 020…": libphonenumber decides.)
_PLAIN_INTERNATIONAL = re.compile(r"\+[1-9]\d*(?:[ \-./]+[1-9]\d*)*")


def valid_region(region: str) -> bool:
    import phonenumbers

    return region.upper() in phonenumbers.SUPPORTED_REGIONS


class PhoneKeys:
    """phone text -> E.164 ("+34600111222"), or "" when it cannot be told for sure."""

    def __init__(self, region: str | None = None) -> None:
        self.region = (region or "").upper() or None
        self._key = lru_cache(maxsize=65536)(self._compute)

    def __call__(self, phone: str) -> str:
        return self._key(phone)

    def _compute(self, phone: str) -> str:
        import phonenumbers  # loaded on the first phone: LinkedIn imports never need it

        text = phone.strip()
        if _PLAIN_INTERNATIONAL.fullmatch(text):
            # Already E.164 but for separators: libphonenumber would give the same digits
            # (a tenth of the time at 30,000 contacts). Only lengths E.164 allows count.
            digits = "".join(ch for ch in text if ch.isdigit())
            return "+" + digits if 8 <= len(digits) <= 15 else ""
        if text.startswith("00") and self.region is None:
            text = "+" + text[2:]  # the international prefix most of the world dials
        try:
            number = phonenumbers.parse(text, self.region)
        except phonenumbers.NumberParseException:
            return ""
        if (len(str(number.national_number)) < MIN_NATIONAL_DIGITS
                or not phonenumbers.is_possible_number(number)):
            return ""
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

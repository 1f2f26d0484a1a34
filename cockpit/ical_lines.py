"""Content lines of iCalendar, as bytes: made and escaped by icalendar, folded by hand
(byte for byte what icalendar does, without its per-character loop), and cleaned of what
RFC 5545 TEXT cannot hold. Pure."""

from __future__ import annotations

import functools
import re
from typing import Any

from icalendar.parser import Contentline, Parameters
from icalendar.prop import vText

from .text import shown_block

# RFC 5545 TEXT admits no control characters but HTAB and (escaped) line breaks.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(text: str) -> str:
    """Other people's text as an event may hold it: C0 controls dropped (TEXT cannot hold
    them), C1 controls, bidi overrides and invisible marks shown escaped, as on screen."""
    if _CONTROLS.search(text):
        text = _CONTROLS.sub("", text)
    return shown_block(text.replace("\r\n", "\n").replace("\r", "\n"))  # a lone CR breaks a line



_NO_PARAMS = Parameters()
_CRLF = b"\r\n"
_FOLD_LIMIT = 74  # icalendar folds lines before they reach 75 octets
_NO_FOLD_AFTER = frozenset(b"\\^")


def _line(name: str, value: Any, params: Parameters | None = None) -> bytes:
    """One content line made and escaped by icalendar, folded, with its CRLF.

    Text is wrapped in `vText` here: `from_parts` would do the same, but through an
    import statement on every call.
    """
    if isinstance(value, str):
        value = vText(value)
    line = Contentline.from_parts(name, params if params is not None else _NO_PARAMS, value)
    return _fold(line.encode("utf-8"))


@functools.lru_cache(maxsize=1 << 16)
def _text_line(name: str, text: str) -> bytes:
    """`_line` of a text property, cleaned, remembered: in a long-lived process (the TUI)
    the next export or push of 20,000 events re-makes only the lines that changed."""
    return _line(name, _clean(text))


def _fold(raw: bytes) -> bytes:
    """`Contentline.to_ical()` + CRLF, byte for byte, without its per-character loop.

    icalendar folds greedily before a line reaches 75 octets, never inside a UTF-8
    sequence, and never right after a backslash or caret (so that escapes such as ``\\n``
    stay on one line); the tests compare this with icalendar's own folding.
    """
    size = len(raw)
    if size <= _FOLD_LIMIT:
        return raw + _CRLF
    parts = []
    start = 0
    while size - start > _FOLD_LIMIT:
        end = start + _FOLD_LIMIT
        while raw[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: cut before its character
            end -= 1
        if raw[end - 1] in _NO_FOLD_AFTER and end - 1 > start:
            end -= 1
        parts.append(raw[start:end])
        start = end
    parts.append(raw[start:])
    return b"\r\n ".join(parts) + _CRLF



"""Showing other people's text safely: plain text, controls made visible.

Names, notes, vCards and CSVs come from other people. They are stored as given, and
shown through `shown()` (one line) or `shown_block()` (line breaks kept): C0/C1 control
characters (ESC, BEL, …) and bidirectional overrides/isolates are written as visible
escapes (`\\x1b`, `\\u202e`), so nothing can drive the terminal (colours, OSC 52
clipboard writes, hyperlinks) or reorder what the reader sees. Markup-like brackets are
left alone here: front-ends never parse markup in data (rich `Text`, Textual `Content`).
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls, line/paragraph separators, bidi embeddings/overrides and
# isolates, and the invisible characters that make two names look the same (ZWJ/ZWNJ stay:
# emoji sequences and Persian script need them).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                     "\u200b\u200e\u200f\u2060\ufeff]")
_UNSAFE_BLOCK = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e"
                           "\u2066-\u2069\u200b\u200e\u200f\u2060\ufeff]")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _SHORT:
        return _SHORT[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: str) -> str:
    """`text` as one printable line: every control or invisible character escaped."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(_escape, text)


def shown_block(text: str) -> str:
    """`text` with its line breaks kept (a note, a draft) and everything else escaped."""
    text = text.replace("\r\n", "\n")
    if not _UNSAFE_BLOCK.search(text):
        return text
    return _UNSAFE_BLOCK.sub(_escape, text)


def clipped(text: str, limit: int) -> str:
    """At most about `limit` characters of `text`, shown as one line (a row, a header): a
    5 MB note costs no more to show than its first screenful; "…" says there is more."""
    if len(text) > limit:
        return shown(text[:limit]) + "…"
    return shown(text)


def clipped_block(text: str, limit: int) -> str:
    """`shown_block` of at most about `limit` characters of `text` ("…" when cut)."""
    if len(text) > limit:
        return shown_block(text[:limit]) + "…"
    return shown_block(text)

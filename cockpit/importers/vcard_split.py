"""A .vcf file cut into cards, at the byte level, before any card is parsed.

Each card keeps the line its BEGIN:VCARD is on, so every problem is reported with a line
number, and a broken card (never closed, undecodable) is skipped without stopping the
others. What real producers write, and how it is read:

* line ends: CR LF, LF, classic Mac's bare CR, and iOS 6's CR CR LF — all read as one;
* nesting: vCard 2.1 puts the card of an assistant inside the person's card (`AGENT:`
  then `BEGIN:VCARD` … `END:VCARD`, or the BEGIN on the AGENT line itself). Each card
  becomes a contact; the inner one records the line of the card it was inside;
* a BEGIN:VCARD inside a card that never closes is not nesting: the open card is
  reported "never closed" and the cards after it are read on their own;
* UTF-16 (some Windows tools) and a UTF-8 byte order mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .base import ImportFailed, RowIssue

_BOUNDARY = re.compile(
    rb"^[ \t]*(?:(?:[A-Za-z0-9-]+\.)?AGENT[^:\r\n]*:[ \t]*)?(BEGIN|END)[ \t]*:[ \t]*VCARD[ \t]*\r?$",
    re.I | re.M)
_CHARSET = re.compile(rb";[ \t]*CHARSET=([-A-Za-z0-9_.]+)", re.I)
_BYTE_FOLD = re.compile(rb"\r?\n[ \t]")
_LONE_CR = re.compile(rb"\r(?!\n)")
#: A nested card's lines are kept as blank lines in its outer card (line numbers stay
#: right) up to this many; a hostile file nesting thousands deep must not cost n² lines.
MAX_BLANK_LINES = 200


@dataclass(slots=True)
class RawCard:
    line: int  # line number of BEGIN:VCARD in the file (1-based)
    data: bytes
    #: Line of the card this one was nested in (vCard 2.1 AGENT), or None.
    parent: int | None = None


@dataclass(slots=True)
class _Open:
    start: int  # byte offset of BEGIN
    line: int
    children: list[_Open]
    end: int = -1


def normalise(data: bytes) -> bytes:
    """UTF-16 re-encoded as UTF-8, a UTF-8 BOM dropped, every line end made LF or CR LF.

    iOS 6 ended lines with CR CR LF and classic Mac OS with a bare CR; a CR that is not
    part of a line end never occurs in a vCard (QUOTED-PRINTABLE writes it as =0D).
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise ImportFailed("the file says it is UTF-16 but is not") from None
    if data[:3] == b"\xef\xbb\xbf":
        data = data[3:]
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        data = _LONE_CR.sub(b"\n", data.replace(b"\r\r\n", b"\r\n"))
    return data


def has_begin(data: bytes) -> bool:
    return any(m.group(1).upper() == b"BEGIN" for m in _BOUNDARY.finditer(data))


def split_cards(data: bytes) -> tuple[list[RawCard], list[RowIssue]]:
    """Cut a (normalised) .vcf file into cards; report cards never closed and stray text."""
    issues: list[RowIssue] = []
    cursor = [0, 1]  # byte offset, its line number (only ever moves forward)

    def line_at(offset: int) -> int:
        cursor[1] += data.count(b"\n", cursor[0], offset)
        cursor[0] = offset
        return cursor[1]

    def stray(start: int, end: int) -> None:
        gap = data[start:end]
        if gap.strip():
            text_at = start + len(gap) - len(gap.lstrip())
            issues.append(RowIssue(line_at(text_at), "text outside BEGIN:VCARD … END:VCARD ignored"))

    cards: list[RawCard] = []
    stack: list[_Open] = []
    last_end = 0
    for m in _BOUNDARY.finditer(data):
        if m.group(1).upper() == b"BEGIN":
            if not stack:
                stray(last_end, m.start())
            stack.append(_Open(m.start(1), line_at(m.start()), []))
            continue
        if not stack:
            stray(last_end, m.start())
            issues.append(RowIssue(line_at(m.start()), "END:VCARD without BEGIN:VCARD; ignored"))
            last_end = m.end()
            continue
        card = stack.pop()
        card.end = m.end()
        if stack:
            stack[-1].children.append(card)
        else:
            if card.children:
                _emit(data, card, None, cards)
            else:  # the common case, kept cheap: 30,000 cards pass here
                cards.append(RawCard(card.line, data[card.start:card.end]))
            last_end = m.end()
    if stack:
        # Unclosed cards: not nesting after all. Each is reported; what was read inside
        # it (closed cards) stands on its own, in file order.
        for i, card in enumerate(stack):
            after = card.children[0].line if card.children else (
                stack[i + 1].line if i + 1 < len(stack) else None)
            why = (f"no END:VCARD before the next BEGIN:VCARD on line {after}" if after
                   else "the file ends before END:VCARD")
            issues.append(RowIssue(card.line, f"card never closed ({why})"))
            for child in card.children:
                _emit(data, child, None, cards)
        cards.sort(key=lambda c: c.line)
    else:
        stray(last_end, len(data))
    return cards, issues


def _emit(data: bytes, top: _Open, parent: int | None, out: list[RawCard]) -> None:
    """The card's bytes with its nested cards blanked out (their lines kept as empty lines,
    so line numbers inside the card stay right), then each nested card, depth first.
    Iterative: a hostile file may nest cards thousands deep."""
    todo: list[tuple[_Open, int | None]] = [(top, parent)]
    while todo:
        card, outer = todo.pop()
        if not card.children:
            out.append(RawCard(card.line, data[card.start:card.end], outer))
            continue
        parts, pos = [], card.start
        for child in card.children:
            parts.append(data[pos:child.start])
            lines = data.count(b"\n", child.start, child.end)
            parts.append(b"\n" * (lines if lines <= MAX_BLANK_LINES else 1))
            pos = child.end
        parts.append(data[pos:card.end])
        out.append(RawCard(card.line, b"".join(parts), outer))
        todo.extend((child, card.line) for child in reversed(card.children))


def decode_card(card: RawCard) -> str:
    """Card bytes as text: UTF-8, or the CHARSET a vCard 2.1 card declares for raw 8-bit text.

    Lines are folded at 75 *octets*, and some writers (ownCloud) fold in the middle of a
    UTF-8 character: the card is then decoded after joining its folded lines.
    """
    try:
        return card.data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = card.line + card.data.count(b"\n", 0, exc.start)
    try:
        return _BYTE_FOLD.sub(b"", card.data).decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = _CHARSET.search(card.data)
    if m:
        charset = m.group(1).decode("ascii")
        try:
            return card.data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            raise ValueError(f"line {bad_line}: text is neither UTF-8 nor the declared "
                             f"CHARSET={charset}") from None
    raise ValueError(f"line {bad_line}: text is not valid UTF-8 (broken encoding)")

"""What LinkedIn's and Google's CSV exports share: the bytes as text, the header row found
after any preamble, and a delimiter that spreadsheets may have changed.

* text: UTF-8 with or without a BOM, UTF-16 (Outlook, Excel "Unicode text"), or, when
  the file has no UTF-8 at all, Windows-1252 as Excel saves it; a row whose bytes are
  not UTF-8 in an otherwise UTF-8 file keeps them as lone surrogates (reported per row);
* header names are compared without case, spaces, `-` or `_`: `First Name`, `FirstName`
  and `first_name` are one column;
* the delimiter is `,`, or `;` / a tab when a spreadsheet in a comma-decimal locale
  re-saved the file; it is whichever one splits the header row into known columns.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator

from .base import ImportFailed, RowIssue

_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")
_HEADER_NOISE = re.compile(r"[\s_\-\ufeff\"']+")
DELIMITERS = (",", ";", "\t")
#: How far into the file the header row may be (LinkedIn's preamble is 3–5 lines).
HEADER_WITHIN = 500

#: Columns that say "Google Contacts" (old and new exports) rather than LinkedIn.
GOOGLE_MARKS = frozenset({"email1value", "phone1value", "groupmembership", "email1type",
                          "email1label", "organization1name", "organizationname",
                          "website1value", "address1formatted"})


def header_key(cell: str) -> str:
    return _HEADER_NOISE.sub("", cell).casefold()


def header_kind(line: str) -> str | None:
    """"google" or "linkedin" when this line, split at any delimiter, is such a header."""
    for delimiter in DELIMITERS:
        if delimiter not in line:
            continue
        keys = {header_key(c) for c in _split(line, delimiter)}
        if keys & GOOGLE_MARKS or ("labels" in keys and "firstname" in keys):
            return "google"
        if "firstname" in keys and keys & {"lastname", "connectedon"}:
            return "linkedin"
    return None


def _split(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return line.split(delimiter)


def _unwrap(cell: str, delimiter: str) -> list[str]:
    """A row Excel quoted whole: its cells (a quote after `, ` still opens a quoted cell)."""
    try:
        return next(csv.reader([cell], delimiter=delimiter, skipinitialspace=True), [cell])
    except csv.Error:
        return [cell]


def decode(data: bytes, notices: list[str]) -> str:
    """The file as text (see the module's docstring)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16").lstrip("\ufeff")
        except UnicodeDecodeError:
            raise ImportFailed("the file says it is UTF-16 but is not") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if not _UTF8_MULTIBYTE.search(data):
        notices.append("the file is not UTF-8; it was read as Windows-1252 (as Excel saves it)")
        return data.decode("cp1252", errors="replace")
    return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="surrogateescape")


def broken(fields: list[str]) -> bool:
    """True when a row kept bytes that are not UTF-8 (lone surrogates)."""
    for value in fields:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
    return False


def find_header(text: str, is_header: Callable[[set[str]], bool]
                ) -> tuple[str, list[str], int, int] | None:
    """(delimiter, header cells, its line number, offset of the text after it) of the first
    line that `is_header` accepts (given the line's normalised column keys), within the
    first HEADER_WITHIN lines. Lines are cut as the csv reader cuts them."""
    offset = 0
    for number, line in enumerate(io.StringIO(text, newline=""), 1):
        if number > HEADER_WITHIN:
            break
        offset += len(line)
        body = line.rstrip("\r\n")
        for delimiter in DELIMITERS:
            if delimiter not in body:
                continue
            cells = _split(body, delimiter)
            if is_header({header_key(c) for c in cells}):
                return delimiter, cells, number, offset
    return None


def rows(text: str, delimiter: str, first_line: int, width: int, issues: list[RowIssue]
         ) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of every row of `text` (what follows the header, whose first
    line is `first_line`), blank rows left out.

    A row Excel wrapped whole in quotes (one cell holding the delimiter while the header
    has many) is unwrapped; a row csv cannot read is reported and skipped.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    base = first_line - 1
    line = 0
    while True:
        start = base + line + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:  # e.g. NUL bytes: report the line and go on
            line = reader.line_num
            issues.append(RowIssue(start, f"unreadable CSV row ({exc})"))
            continue
        line = reader.line_num
        if not row or not any(cell.strip() for cell in row):
            continue
        if len(row) == 1 and width > 1 and delimiter in row[0]:
            row = _unwrap(row[0], delimiter)
        yield start, row

"""LinkedIn's data export, `Connections.csv` -> contact candidates.

The file starts with a "Notes:" preamble of varying length (sometimes none), may carry a
UTF-8 BOM, and its columns changed over the years (older exports have no `URL`, recent
ones leave `Email Address` empty or drop it). The header row is found by its column
names; every later row is one connection. `Connected On` ("15 Mar 2024") becomes an
`invite-accepted` interaction on that day, on the "linkedin" channel.

A row that cannot be trusted — wrong number of fields, no name, a date that is not a
date, bytes that are not text — is skipped and reported with its line number.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from ..model import Contact, HowMet, Interaction, Kind, Relationship
from .base import (
    IMPORT_TIE,
    Candidate,
    IdSource,
    ImportFailed,
    ParseResult,
    Progress,
    RowIssue,
    clean,
)

#: Header name (lower case) -> field. The first two are required to recognise the header.
COLUMNS = {
    "first name": "first", "last name": "last", "url": "url", "profile url": "url",
    "email address": "email", "e-mail address": "email", "email": "email",
    "company": "company", "position": "position", "connected on": "connected",
}
REQUIRED = ("first name", "last name")
MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_DATE = re.compile(r"(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ ,-]*(\d{4})")
_FULL_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
                "september", "sept", "october", "november", "december"}
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")
PROGRESS_EVERY = 1000
#: What a LinkedIn connection is until the user says otherwise.
DEFAULT_RELATIONSHIP = Relationship.ACQUAINTANCE.value


def parse_connected(text: str) -> dt.date:
    """"15 Mar 2024" (LinkedIn's form; also "15 March 2024", "15-Mar-2024") or 2024-03-15."""
    raw = text.strip()
    m = _DATE.fullmatch(raw)
    if m:
        month = MONTHS.get(m.group(2)[:3].lower())
        if month is not None and (len(m.group(2)) == 3 or m.group(2).lower() in _FULL_MONTHS):
            return dt.date(int(m.group(3)), month, int(m.group(1)))  # ValueError if no such day
        raise ValueError(raw)
    return dt.date.fromisoformat(raw)



def decode(data: bytes, notices: list[str]) -> str:
    """The file as text. Rows with bytes that are not UTF-8 keep them as lone surrogates
    (reported per row); a file with no UTF-8 at all is read as Windows-1252 (Excel)."""
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


def _broken(fields: list[str]) -> bool:
    for value in fields:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
    return False


def parse(data: bytes, today: dt.date, progress: Progress | None = None) -> ParseResult:
    """Parse a Connections.csv. Raises ImportFailed when there is no header row."""
    result = ParseResult("linkedin")
    text = decode(data, result.notices)
    total = max(1, text.count("\n"))  # rough: lines, not rows, good enough for progress
    reader = csv.reader(io.StringIO(text, newline=""), strict=False)
    columns: list[str | None] | None = None
    ids = IdSource()
    line = 0  # last physical line consumed
    while True:
        start = line + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # e.g. NUL bytes: report the line and go on
            line = reader.line_num
            result.skipped.append(RowIssue(start, f"unreadable CSV row ({exc})"))
            continue
        line = reader.line_num
        if progress is not None and len(result.candidates) % PROGRESS_EVERY == 0:
            progress(min(line, total), total)
        if not row or not any(cell.strip() for cell in row):
            continue
        if columns is None:
            names = [cell.strip().lstrip("\ufeff").lower() for cell in row]
            if all(r in names for r in REQUIRED):
                columns = [COLUMNS.get(n) for n in names]
            continue  # preamble ("Notes:" …) until the header
        cand = _row(row, columns, start, today, ids, result)
        if cand is not None:
            result.candidates.append(cand)
    if columns is None:
        raise ImportFailed("no LinkedIn header row found (a row with First Name and Last Name)")
    if progress is not None:
        progress(total, total)
    return result


def _row(row: list[str], columns: list[str | None], line: int, today: dt.date, ids: IdSource,
         result: ParseResult) -> Candidate | None:
    if len(row) > len(columns) and any(cell.strip() for cell in row[len(columns):]):
        result.skipped.append(RowIssue(line, f"{len(row)} fields where the header has "
                                             f"{len(columns)} (an unquoted comma?)"))
        return None
    if _broken(row):
        result.skipped.append(RowIssue(line, "not valid UTF-8 text (broken encoding)"))
        return None
    f: dict[str, str] = {}
    for key, value in zip(columns, row, strict=False):
        if key is not None and key not in f:
            f[key] = value.strip()
    name = clean(f"{f.get('first', '')} {f.get('last', '')}")
    if not name:
        result.skipped.append(RowIssue(line, "empty name (no First Name or Last Name)"))
        return None
    connected = None
    if f.get("connected"):
        try:
            connected = parse_connected(f["connected"])
        except ValueError:
            result.skipped.append(RowIssue(line, f"Connected On {f['connected']!r} is not a date "
                                                 "like '15 Mar 2024'", name))
            return None
    email = f.get("email", "")
    url = f.get("url", "")
    contact = Contact(
        id=ids(), name=name, company=clean(f.get("company", "")),
        role=clean(f.get("position", "")), emails=[email] if "@" in email else [],
        handles={"linkedin": url} if url else {}, how_met=HowMet.ONLINE.value,
        met_on=connected, relationship=DEFAULT_RELATIONSHIP, tie=IMPORT_TIE,
    )
    interactions = []
    if connected is not None:
        interactions.append(Interaction(contact.id, Kind.INVITE_ACCEPTED.value, connected,
                                        channel="linkedin", id=ids()))
    return Candidate(line, contact, interactions=interactions)

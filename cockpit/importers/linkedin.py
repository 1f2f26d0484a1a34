"""LinkedIn's data export, `Connections.csv` -> contact candidates.

What LinkedIn has shipped, and what spreadsheets make of it:

* 2016–2018: no preamble; `First Name, Last Name, (Address,) Email Address, Company,
  Position, Connected On (, Websites, Instant Messengers)`; dates `12/22/16, 9:55 AM`;
* 2019–: a `Notes:` preamble of varying length (sometimes none), then `First Name, Last
  Name, (URL,) Email Address, Company, Position, Connected On`, dates `15 Mar 2024`; the
  URL column appeared in 2021, e-mails are mostly empty;
* re-saved by Excel: `FirstName,LastName,…,ConnectedOn`, dates `23-Apr-23` (month names
  in Excel's language), `;` as the delimiter, whole rows wrapped in quotes, Windows-1252.

The header row is found by its column names (`csvtext`); every later row is one
connection. `Connected On` becomes an `invite-accepted` interaction on that day, on the
"linkedin" channel (`dates` reads every form above, bounded to 1900–2200). A row that
cannot be trusted — wrong number of fields, no name, bytes that are not text — is
skipped and reported with its line number; a date that is not a date leaves the person
in without it, reported.
"""

from __future__ import annotations

import datetime as dt
import re

from ..model import Contact, HowMet, Interaction, Kind, Note, Relationship
from .base import (
    IMPORT_TIE,
    Candidate,
    IdSource,
    ImportFailed,
    ParseResult,
    Progress,
    RowIssue,
    Tally,
    clean,
    is_email,
    place_url,
)
from .csvtext import broken, decode, find_header, header_key, rows
from .dates import numeric_order, parse_connected

#: Normalised header name (see csvtext.header_key) -> field.
COLUMNS = {
    "firstname": "first", "lastname": "last", "url": "url", "profileurl": "url",
    "emailaddress": "email", "email": "email", "company": "company", "position": "position",
    "connectedon": "connected", "address": "address", "websites": "websites",
    "instantmessengers": "ims",
}
PROGRESS_EVERY = 1000
#: What a LinkedIn connection is until the user says otherwise.
DEFAULT_RELATIONSHIP = Relationship.ACQUAINTANCE.value
_URLS = re.compile(r"(?:https?://|www\.)\S+", re.I)


def is_linkedin_header(keys: set[str]) -> bool:
    return "firstname" in keys and bool(keys & {"lastname", "connectedon"})


def parse(data: bytes, today: dt.date, progress: Progress | None = None) -> ParseResult:
    """Parse a Connections.csv. Raises ImportFailed when there is no header row."""
    result = ParseResult("linkedin")
    text = decode(data, result.notices)
    found = find_header(text, is_linkedin_header)
    if found is None:
        raise ImportFailed("no LinkedIn header row found (a row with First Name and Last Name)")
    delimiter, header, header_line, offset = found
    columns = [COLUMNS.get(header_key(cell)) for cell in header]
    unread = Tally()
    order = numeric_order(text[offset:offset + 200_000])
    total = max(1, text.count("\n", offset))
    ids = IdSource()
    for n, (line, row) in enumerate(rows(text[offset:], delimiter, header_line + 1, len(columns),
                                         result.skipped)):
        if progress is not None and n % PROGRESS_EVERY == 0:
            progress(min(line - header_line, total), total)
        cand = _row(row, columns, header, line, today, order, ids, result, unread)
        if cand is not None:
            result.candidates.append(cand)
    if progress is not None:
        progress(total, total)
    notice = unread.notice("columns not read")
    if notice:
        result.notices.append(notice)
    result.skipped.sort(key=lambda r: r.line)
    return result


def _row(row: list[str], columns: list[str | None], header: list[str], line: int,
         today: dt.date, order: str, ids: IdSource, result: ParseResult,
         unread: Tally) -> Candidate | None:
    if len(row) > len(columns) and any(cell.strip() for cell in row[len(columns):]):
        result.skipped.append(RowIssue(line, f"{len(row)} fields where the header has "
                                             f"{len(columns)} (an unquoted comma?)"))
        return None
    if broken(row):
        result.skipped.append(RowIssue(line, "not valid UTF-8 text (broken encoding)"))
        return None
    f: dict[str, str] = {}
    for key, title, value in zip(columns, header, row, strict=False):
        value = value.strip()
        if key is None:
            if value:
                unread.add(title.strip() or "(unnamed)")
        elif key not in f:
            f[key] = value
    name = clean(f"{f.get('first', '')} {f.get('last', '')}")
    if not name:
        result.skipped.append(RowIssue(line, "empty name (no First Name or Last Name)"))
        return None
    connected = None
    if f.get("connected"):
        try:
            connected = parse_connected(f["connected"], today, order)
        except ValueError as exc:
            result.doubtful.append(RowIssue(line, f"Connected On {exc}; imported without the "
                                                  "connection date", name))
    handles: dict[str, str] = {}
    websites: list[str] = []
    memos: list[str] = []
    if f.get("url"):
        place_url(f["url"], "linkedin", handles, websites)
    email = f.get("email", "")
    if email and not is_email(email):
        memos.append(f"E-mail (not an address): {email}")
        result.doubtful.append(RowIssue(line, f"Email Address {email!r} is not an e-mail "
                                              "address; kept as a note", name))
    if f.get("websites"):
        found = _URLS.findall(f["websites"])
        for url in found:
            place_url(url.rstrip(",;"), "", handles, websites)
        rest = _URLS.sub("", f["websites"]).strip(" ,;")
        if rest:
            memos.append(f"Websites: {f['websites']}")
    if f.get("ims"):
        memos.append(f"Instant messengers: {f['ims']}")
    contact = Contact(
        id=ids(), name=name, company=clean(f.get("company", "")),
        role=clean(f.get("position", "")), emails=[email] if is_email(email) else [],
        location=clean(f.get("address", "")), handles=handles, websites=websites,
        how_met=HowMet.ONLINE.value, met_on=connected, relationship=DEFAULT_RELATIONSHIP,
        tie=IMPORT_TIE,
    )
    interactions = []
    if connected is not None:
        interactions.append(Interaction(contact.id, Kind.INVITE_ACCEPTED.value, connected,
                                        channel="linkedin", id=ids()))
    notes = [Note(contact.id, memo, today, id=ids()) for memo in memos]
    return Candidate(line, contact, notes=notes, interactions=interactions)

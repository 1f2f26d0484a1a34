"""Google Contacts' CSV export ("Google CSV") -> contact candidates.

Two generations of the same layout are read, told apart by nothing but their columns:

* until 2022: `Name, Given Name, Additional Name, Family Name, …, Birthday, …, Notes,
  Group Membership, E-mail 1 - Type, E-mail 1 - Value, Phone 1 - …, Address 1 - …,
  Organization 1 - Name, Organization 1 - Title, …, Website 1 - Value, …`;
* since 2023: `First Name, Middle Name, Last Name, …, Organization Name, Organization
  Title, Organization Department, Birthday, Notes, Labels, E-mail 1 - Label,
  E-mail 1 - Value, …`.

A cell may hold several values joined by ` ::: ` (two home e-mails, several labels).
`Birthday` is `1980-03-22` or `--03-22` (year unknown). Labels and groups become tags,
without the system ones (`* myContacts`, `* starred`). Notes become memos; a second
organisation, an e-mail that is no address or a phone without a digit too (reported).
Columns Cockpit has no field for (events, relations, custom fields…) are counted in one
notice. Rows with no name at all are skipped and reported with their line number.
"""

from __future__ import annotations

import datetime as dt
import re

from ..model import Contact, Note
from .base import (
    IMPORT_TIE,
    NETWORK_TYPES,
    Candidate,
    IdSource,
    ImportFailed,
    ParseResult,
    Progress,
    RowIssue,
    Tally,
    clean,
    email_key,
    fold_label,
    has_digit,
    is_email,
    is_system_group,
    phone_key,
    place_url,
)
from .csvtext import GOOGLE_MARKS, broken, decode, find_header, header_key, rows
from .vcard_values import parse_bday

SEPARATOR = " ::: "
PROGRESS_EVERY = 1000
_NUMBERED = re.compile(r"(email|phone|address|organization|website|event|relation|customfield|im)"
                       r"(\d+)(.*)")
_READ_GROUPS = frozenset({"email", "phone", "address", "organization", "website"})
_READ_PARTS = frozenset({"value", "type", "label", "name", "title", "department", "city",
                         "region", "country", "formatted"})
#: Single columns read (normalised header keys).
_SINGLE = {
    "name": "name", "givenname": "first", "firstname": "first", "additionalname": "middle",
    "middlename": "middle", "familyname": "last", "lastname": "last", "nameprefix": "prefix",
    "namesuffix": "suffix", "nickname": "nickname", "fileas": "fileas",
    "organizationname": "org", "organizationtitle": "title",
    "organizationdepartment": "department", "birthday": "birthday", "notes": "notes",
    "labels": "labels", "groupmembership": "labels", "location": "location",
}


def is_google_header(keys: set[str]) -> bool:
    return bool(keys & GOOGLE_MARKS) or ("labels" in keys and "firstname" in keys)


def values(cell: str) -> list[str]:
    return [v.strip() for v in cell.split(SEPARATOR) if v.strip()] if cell else []


def parse(data: bytes, today: dt.date, progress: Progress | None = None) -> ParseResult:
    """Parse a Google Contacts CSV. Raises ImportFailed when there is no header row."""
    result = ParseResult("google")
    text = decode(data, result.notices)
    found = find_header(text, is_google_header)
    if found is None:
        raise ImportFailed("no Google Contacts header row found (a row with E-mail 1 - Value, "
                           "Labels or Group Membership)")
    delimiter, header, header_line, offset = found
    keys = [header_key(cell) for cell in header]
    unread, system = Tally(), Tally()
    total = max(1, text.count("\n", offset))
    ids = IdSource()
    for n, (line, row) in enumerate(rows(text[offset:], delimiter, header_line + 1, len(keys),
                                         result.skipped)):
        if progress is not None and n % PROGRESS_EVERY == 0:
            progress(min(line - header_line, total), total)
        if len(row) > len(keys) and any(cell.strip() for cell in row[len(keys):]):
            result.skipped.append(RowIssue(line, f"{len(row)} fields where the header has "
                                                 f"{len(keys)} (an unquoted comma?)"))
            continue
        if broken(row):
            result.skipped.append(RowIssue(line, "not valid UTF-8 text (broken encoding)"))
            continue
        cand = _row(dict(zip(keys, row, strict=False)), header, keys, line, today, ids, result,
                    unread, system)
        if cand is not None:
            result.candidates.append(cand)
    if progress is not None:
        progress(total, total)
    for notice in (system.notice("system groups not kept as tags"),
                   unread.notice("columns not read")):
        if notice:
            result.notices.append(notice)
    result.skipped.sort(key=lambda r: r.line)
    result.doubtful.sort(key=lambda r: r.line)
    return result


def _row(cells: dict[str, str], header: list[str], keys: list[str], line: int,
         today: dt.date, ids: IdSource, result: ParseResult, unread: Tally,
         system: Tally) -> Candidate | None:
    single: dict[str, str] = {}
    numbered: dict[tuple[str, int], dict[str, str]] = {}
    for key, title in zip(keys, header, strict=False):
        value = cells.get(key, "").strip()
        if not value:
            continue
        if key in _SINGLE:
            single.setdefault(_SINGLE[key], value)
            continue
        m = _NUMBERED.fullmatch(key)
        if m and m.group(1) in _READ_GROUPS and m.group(3) in _READ_PARTS:
            numbered.setdefault((m.group(1), int(m.group(2))), {})[m.group(3)] = value
            continue
        unread.add(title.strip() or "(unnamed)")
    name = single.get("name") or clean(" ".join(
        single.get(k, "") for k in ("prefix", "first", "middle", "last", "suffix")))
    name = clean(name or single.get("fileas", "") or single.get("nickname", ""))
    if not name:
        result.skipped.append(RowIssue(line, "no name (Name, First Name, Last Name, File As "
                                             "and Nickname are all empty)"))
        return None
    problems: list[str] = []
    memos: list[str] = []
    emails: list[str] = []
    phones: list[str] = []
    handles: dict[str, str] = {}
    websites: list[str] = []
    company, role = single.get("org", ""), single.get("title", "")
    if single.get("department"):
        memos.append(f"Department: {single['department']}")
    location = single.get("location", "")
    for (kind, _), part in sorted(numbered.items(), key=lambda kv: kv[0][1]):
        if kind == "email":
            for email in values(part.get("value", "")):
                if is_email(email):
                    emails.append(email)
                else:
                    memos.append(f"E-mail (not an address): {email}")
                    problems.append(f"E-mail {email!r} is not an e-mail address; kept as a note")
        elif kind == "phone":
            for phone in values(part.get("value", "")):
                if has_digit(phone):
                    phones.append(phone)
                else:
                    memos.append(f"Phone (no digits): {phone}")
                    problems.append(f"Phone {phone!r} has no digits; kept as a note")
        elif kind == "website":
            hint = fold_label(part.get("type", "") or part.get("label", ""))
            for url in values(part.get("value", "")):
                place_url(url, hint if hint in NETWORK_TYPES else "", handles, websites)
        elif kind == "organization":
            org = [part.get(k, "") for k in ("name", "title", "department")]
            if not company and not role:  # the first organisation is where they work
                company, role = org[0], org[1]
                if org[2]:
                    memos.append(f"Department: {org[2]}")
            else:
                memos.append("Organization: " + " / ".join(x for x in org if x))
        elif kind == "address" and not location:
            location = ", ".join(x for x in (part.get("city") or part.get("region", ""),
                                             part.get("country", "")) if x)
            if not location and part.get("formatted"):
                location = clean(part["formatted"].splitlines()[0])
    birthday = None
    if single.get("birthday"):
        birthday, problem = parse_bday(single["birthday"])
        if birthday is None:
            memos.append(f"Birthday: {single['birthday']}")
            problems.append(problem.replace("BDAY", "Birthday") or
                            f"Birthday {single['birthday']!r} is not a date; kept as a note")
    tags: list[str] = []
    for label in values(single.get("labels", "")):
        if is_system_group(label):
            system.add(label)
        elif label.removeprefix("* ").casefold() not in {t.casefold() for t in tags}:
            tags.append(label.removeprefix("* "))
    notes = [single["notes"].replace("\r\n", "\n")] if single.get("notes") else []
    contact = Contact(
        id=ids(), name=name, company=clean(company), role=clean(role),
        emails=_unique(emails, email_key), phones=_unique(phones, phone_key),
        location=clean(location), handles=handles, websites=websites, tie=IMPORT_TIE,
        birthday=birthday, tags=tags,
    )
    for problem in problems:
        result.doubtful.append(RowIssue(line, problem, name))
    return Candidate(line, contact, notes=[Note(contact.id, text, today, id=ids())
                                           for text in notes + memos])


def _unique(items: list[str], key) -> list[str]:  # type: ignore[no-untyped-def]
    seen: set[str] = set()
    out = []
    for item in items:
        k = key(item) or item
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out

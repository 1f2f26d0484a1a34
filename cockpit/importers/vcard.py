"""vCard 2.1 / 3.0 / 4.0 files (phones, Google, Apple, Outlook) -> contact candidates.

How a file is read:

1. The file is cut into cards here, at the byte level, so each card keeps its starting
   line number and a broken card (never closed, undecodable, unreadable) is reported and
   skipped without stopping the others.
2. Each card is tokenised into properties. vobject's content-line parser
   (`getLogicalLines` + `textLineToContentLine`) is the parser of record: it unfolds lines,
   decodes QUOTED-PRINTABLE with its CHARSET, splits parameters (quoted values, vCard 2.1
   bare `TEL;CELL;VOICE` parameters). Building vobject's objects costs about 230 µs a card,
   so 30,000 cards would take 7 s; plain 3.0/4.0 cards (no ENCODING/CHARSET/quoted
   parameters on the properties we read, no QUOTED-PRINTABLE anywhere) take a fast path
   that tokenises the same way in tens of µs. Anything else goes to vobject. Tests check
   that both build the same contact from every card the fast path accepts (fixtures, the
   generated network, random values).
3. Values are unescaped here (RFC 6350 §3.4: `\\\\`, `\\,`, `\\;`, `\\n`), not by vobject's
   value behaviours: they cut every unescaped comma in a text value (`NOTE:Met at PyCon,
   great talk` becomes "Met at PyCon"; py-vobject/vobject#55), and vCard 2.1 never escapes
   commas.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field

from ..model import Birthday, Contact, Note, ValidationError
from .base import (
    IMPORT_TIE,
    Candidate,
    IdSource,
    ImportFailed,
    ParseResult,
    Progress,
    RowIssue,
    clean,
    email_key,
    handle_for_url,
    is_linkedin,
    phone_key,
)

_BOUNDARY = re.compile(rb"^[ \t]*(BEGIN|END)[ \t]*:[ \t]*VCARD[ \t]*\r?$", re.I | re.M)
_CHARSET = re.compile(rb";[ \t]*CHARSET=([-A-Za-z0-9_.]+)", re.I)
_UNFOLD = re.compile(r"\r?\n[ \t]")
_QP = re.compile("QUOTED-PRINTABLE", re.I)
_ESC = re.compile(r"\\(.)", re.S)
_FULL_DATE = re.compile(r"(\d{4})-?(\d\d)-?(\d\d)(?:T[0-9:.,]*(?:Z|[+-]\d\d:?(?:\d\d)?)?)?")
_NO_YEAR = re.compile(r"--(\d\d)-?(\d\d)(?:T[0-9:.,]*(?:Z|[+-]\d\d:?(?:\d\d)?)?)?")

#: Properties this importer reads; the fast path looks at nothing else.
WANTED = frozenset({
    "VERSION", "FN", "N", "ORG", "TITLE", "ROLE", "EMAIL", "TEL", "URL", "X-SOCIALPROFILE",
    "NOTE", "CATEGORIES", "UID", "BDAY", "ADR", "KIND", "X-ADDRESSBOOKSERVER-KIND",
})
#: System labels some exports put in CATEGORIES that mean nothing to the user.
SYSTEM_CATEGORIES = frozenset({"mycontacts", "starred", "* mycontacts", "* starred"})
PROGRESS_EVERY = 500


#: One content line, NAME;PARAM=a,b;BARE:value, as a plain tuple (30,000 cards make
#: 330,000 of them): (NAME, {PARAM: [values]}, [bare params], escaped value, preferred?).
Prop = tuple[str, dict[str, list[str]], list[str], str, bool]


def prop_types(params: dict[str, list[str]], bare: list[str]) -> set[str]:
    """TYPE values, including vCard 2.1 bare parameters (TEL;CELL;PREF) and TYPE="a,b"."""
    out = {t.strip().upper() for v in params.get("TYPE", ()) for t in v.split(",")}
    out.update(b.strip().upper() for b in bare)
    return out


def make_prop(name: str, params: dict[str, list[str]], bare: list[str], value: str) -> Prop:
    pref = bool(params or bare) and ("PREF" in params or "PREF" in prop_types(params, bare))
    return (name, params, bare, value, pref)


# ---------------------------------------------------------------------------- splitting

@dataclass(slots=True)
class RawCard:
    line: int  # line number of BEGIN:VCARD in the file (1-based)
    data: bytes


def split_cards(data: bytes) -> tuple[list[RawCard], list[RowIssue]]:
    """Cut a .vcf file into cards; report cards never closed and stray text."""
    if b"\n" not in data and b"\r" in data:
        data = data.replace(b"\r", b"\n")  # classic Mac line ends
    cards: list[RawCard] = []
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

    open_at: tuple[int, int] | None = None  # (byte offset, line) of the open BEGIN
    last_end = 0
    for m in _BOUNDARY.finditer(data):
        if m.group(1).upper() == b"BEGIN":
            if open_at is None:
                stray(last_end, m.start())
            line = line_at(m.start())
            if open_at is not None:
                issues.append(RowIssue(open_at[1], "card never closed (no END:VCARD before "
                                                   f"the next BEGIN:VCARD on line {line})"))
            open_at = (m.start(), line)
        elif open_at is None:
            stray(last_end, m.start())
            issues.append(RowIssue(line_at(m.start()), "END:VCARD without BEGIN:VCARD; ignored"))
            last_end = m.end()
        else:
            cards.append(RawCard(open_at[1], data[open_at[0]:m.end()]))
            open_at = None
            last_end = m.end()
    if open_at is not None:
        issues.append(RowIssue(open_at[1], "card never closed (the file ends before END:VCARD)"))
    else:
        stray(last_end, len(data))
    return cards, issues


def decode_card(card: RawCard) -> str:
    """Card bytes as text: UTF-8, or the CHARSET a vCard 2.1 card declares for raw 8-bit text."""
    try:
        return card.data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = card.line + card.data.count(b"\n", 0, exc.start)
        m = _CHARSET.search(card.data)
        if m:
            charset = m.group(1).decode("ascii")
            try:
                return card.data.decode(charset)
            except (LookupError, UnicodeDecodeError):
                raise ValueError(f"line {bad_line}: text is neither UTF-8 nor the declared "
                                 f"CHARSET={charset}") from None
        raise ValueError(f"line {bad_line}: text is not valid UTF-8 (broken encoding)") from None


# ---------------------------------------------------------------------------- tokenising

_LINE = re.compile(
    r'^(?:(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)((?:;[^:\r\n"]*)?):([^\r\n]*)|([^\r\n]+))\r?$', re.M)


def fast_props(text: str) -> list[Prop] | None:
    """Properties of a plain vCard 3.0/4.0 card, or None when the card needs vobject.

    Same grammar as vobject's content-line parser, restricted to what is plain: a line
    with quoted parameters, an odd name or no colon, an ENCODING/CHARSET on a property we
    read, QUOTED-PRINTABLE anywhere, a version other than 3.0/4.0 or nested cards all send
    the card to vobject.
    """
    if _QP.search(text):
        return None
    props: list[Prop] = []
    boundaries = 0
    version_ok = False
    for name, rest, value, odd in _LINE.findall(_UNFOLD.sub("", text)):
        if odd:
            return None
        name = name.upper()
        if name not in WANTED:
            if name == "BEGIN" or name == "END":
                boundaries += 1
            continue
        params: dict[str, list[str]] = {}
        bare: list[str] = []
        pref = False
        if rest:
            for p in rest[1:].split(";"):
                key, eq, val = p.partition("=")
                if not eq:
                    bare.append(p)
                    continue
                key = key.upper()
                if key == "ENCODING" or key == "CHARSET":
                    return None
                params.setdefault(key, []).extend(val.split(","))
            pref = "PREF" in rest.upper() and make_prop(name, params, bare, value)[4]
        if name == "VERSION":
            if value.strip() not in ("3.0", "4.0"):
                return None
            version_ok = True
        props.append((name, params, bare, value, pref))
    if boundaries != 2 or not version_ok:
        return None  # nested cards (2.1 AGENT), no VERSION: let vobject judge
    return props


def vobject_props(text: str, first_line: int, problems: list[str]) -> list[Prop]:
    """Properties through vobject's content-line parser (any version, QP, CHARSET, …).

    A line vobject cannot read is left out and reported, the rest of the card is kept.
    """
    from vobject.base import ParseError, getLogicalLines, textLineToContentLine

    props: list[Prop] = []
    for logical, n in getLogicalLines(io.StringIO(text, newline=""), allowQP=True):
        where = first_line + max(n, 1) - 1
        try:
            cl = textLineToContentLine(logical, n)
        except ParseError:
            shown = logical if len(logical) <= 40 else logical[:37] + "…"
            problems.append(f"line {where}: unreadable line {shown!r} ignored")
            continue
        except (UnicodeError, LookupError, ValueError) as exc:
            name = logical.partition(":")[0].partition(";")[0]
            problems.append(f"line {where}: {name} could not be decoded ({exc}); ignored")
            continue
        name = cl.name.upper()
        if name not in WANTED or not isinstance(cl.value, str):
            continue
        params = {k.upper(): [str(v) for v in vals] for k, vals in cl.params.items()}
        props.append(make_prop(name, params, [str(b) for b in cl.singletonparams], cl.value))
    return props


# ---------------------------------------------------------------------------- values

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
        if y == omit_year.strip() or year <= 1604:  # Apple's and others' "no year" markers
            year = None
    else:
        m = _NO_YEAR.fullmatch(raw)
        if not m:
            return None, f"BDAY {raw!r} is not a date; kept as a note"
        year, month, day = None, int(m.group(1)), int(m.group(2))
    try:
        return Birthday(month, day, year), ""
    except ValidationError:
        return None, f"BDAY {raw!r} is not a real date; kept as a note"


@dataclass(slots=True)
class CardData:
    """What a card says about a person (the shape both tokenisers produce; compound values
    N, ORG and ADR stay escaped until needed: most cards never need their N)."""

    fn: str = ""
    n: str = ""
    org: str = ""
    title: str = ""
    role: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    urls: list[tuple[str, str]] = field(default_factory=list)  # (url, network hint)
    notes: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    uid: str = ""
    bday: tuple[str, str, str] | None = None  # (value, X-APPLE-OMIT-YEAR, VALUE)
    adr: str = ""
    kind: str = ""


_NETWORK_HINTS = ("linkedin", "twitter", "facebook", "github", "instagram")


def card_data(props: list[Prop]) -> CardData:
    out = CardData()
    # Preferred values (PREF / TYPE=pref) first; otherwise the card's order.
    ordered = sorted(props, key=lambda p: not p[4]) if any(p[4] for p in props) else props
    for name, params, bare, value, _pref in ordered:
        if name == "NOTE":
            text = unescape(value).replace("\r\n", "\n").strip()  # QP =0D=0A is CRLF
            if text:
                out.notes.append(text)
        elif name == "EMAIL":
            email = unescape(value).strip()
            if email[:7].lower() == "mailto:":
                email = email[7:]
            if email:
                out.emails.append(email)
        elif name == "TEL":
            phone = unescape(value).strip()
            if phone[:4].lower() == "tel:":
                phone = phone[4:]
            if phone:
                out.phones.append(phone)
        elif name == "URL" or name == "X-SOCIALPROFILE":
            url = unescape(value).strip()
            if name == "X-SOCIALPROFILE" and "://" not in url and not url.startswith("www."):
                url = ""  # Apple's "x-apple:username" names no page
            if url:
                hint = ""
                if params or bare:
                    hint = next((t.lower() for t in prop_types(params, bare)
                                 if t.lower() in _NETWORK_HINTS), "")
                out.urls.append((url, hint))
        elif name == "FN":
            out.fn = out.fn or clean(unescape(value))
        elif name == "N":
            out.n = out.n or value
        elif name == "ORG":
            out.org = out.org or value
        elif name == "TITLE":
            out.title = out.title or clean(unescape(value))
        elif name == "ROLE":
            out.role = out.role or clean(unescape(value))
        elif name == "CATEGORIES":
            out.categories.extend(c for c in (clean(unescape(x)) for x in split_escaped(value, ","))
                                  if c)
        elif name == "UID":
            out.uid = out.uid or unescape(value).strip()
        elif name == "BDAY":
            if out.bday is None:
                out.bday = (unescape(value).strip(), (params.get("X-APPLE-OMIT-YEAR") or [""])[0],
                            (params.get("VALUE") or [""])[0])
        elif name == "ADR":
            out.adr = out.adr or value
        elif name == "KIND" or name == "X-ADDRESSBOOKSERVER-KIND":
            out.kind = unescape(value).strip().lower()
    return out


def compound(value: str, size: int, list_sep: str = ",") -> list[str]:
    """An escaped compound value (N, ORG, ADR) as `size` clean fields (more kept for ORG);
    list separators inside a field become `list_sep` (a space for names)."""
    fields = [clean(list_sep.join(unescape(x) for x in split_escaped(f, ",")))
              for f in split_escaped(value, ";")]
    return fields + [""] * (size - len(fields))


def _dedupe(items: list[str], key) -> list[str]:  # type: ignore[no-untyped-def]
    if len(items) < 2:
        return items
    seen: set[str] = set()
    out = []
    for item in items:
        k = key(item) or item
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def build_candidate(data: CardData, line: int, today: dt.date, problems: list[str],
                    ids: IdSource | None = None) -> Candidate:
    """A Candidate from a card's data; raises ValueError when the card names nobody."""
    if data.kind in ("group", "org", "location"):
        raise ValueError(f"a {data.kind} card, not a person")
    name = data.fn
    if not name and data.n:
        family, given, additional, prefix, suffix = compound(data.n, 5, " ")[:5]
        name = clean(" ".join((prefix, given, additional, family, suffix)))
    if not name:
        hint = f" (e-mail {data.emails[0]})" if data.emails else ""
        raise ValueError(f"card has no name: neither FN nor N{hint}")
    handles: dict[str, str] = {}
    for url, hint in data.urls:
        network = "linkedin" if hint == "linkedin" or is_linkedin(url) else (
            hint or handle_for_url(url))
        handles.setdefault(network, url)
    birthday = None
    note_texts = data.notes
    if data.bday is not None:
        value, omit, vtype = data.bday
        birthday, problem = parse_bday(value, omit, vtype)
        if birthday is None and value:
            note_texts.append(f"Birthday: {value}")
        if problem:
            problems.append(problem)
    company = ""
    if data.org:
        units = compound(data.org, 1) if "\\" in data.org or ";" in data.org else [
            clean(data.org)]
        company = units[0]
        departments = [u for u in units[1:] if u]
        if departments:
            note_texts.append("Department: " + " / ".join(departments))
    location = ""
    if data.adr:
        f = compound(data.adr, 7)
        location = ", ".join(x for x in (f[3] or f[4], f[6]) if x)
    tags = data.categories
    if tags:
        tags = _dedupe([c for c in tags if c.casefold() not in SYSTEM_CATEGORIES], str.casefold)
    ids = ids or IdSource(batch=8)
    contact = Contact(
        id=ids(), name=name, company=company, role=data.title or data.role,
        emails=_dedupe(data.emails, email_key), phones=_dedupe(data.phones, phone_key),
        location=location, handles=handles, tie=IMPORT_TIE, birthday=birthday,
        tags=tags, vcard_uid=data.uid,
    )
    notes = [Note(contact.id, text, today, id=ids()) for text in _dedupe(note_texts, str.casefold)]
    return Candidate(line, contact, notes=notes, problems=problems)


def parse_card(card: RawCard, today: dt.date, ids: IdSource | None = None) -> Candidate:
    """One card -> Candidate; ValueError (with the reason) when it must be skipped."""
    text = decode_card(card)
    problems: list[str] = []
    props = fast_props(text)
    if props is None:
        props = vobject_props(text, card.line, problems)
    return build_candidate(card_data(props), card.line, today, problems, ids)


def parse(data: bytes, today: dt.date, progress: Progress | None = None) -> ParseResult:
    """Parse a whole .vcf file. Broken cards are reported in `skipped`, never raised."""
    data = _as_utf8(data)
    cards, issues = split_cards(data)
    if not cards and not any(m.group(1).upper() == b"BEGIN" for m in _BOUNDARY.finditer(data)):
        raise ImportFailed("no vCards found (no BEGIN:VCARD line)")
    result = ParseResult("vcard", skipped=issues)
    total = len(cards)
    ids = IdSource()
    for i, card in enumerate(cards):
        if progress is not None and i % PROGRESS_EVERY == 0:
            progress(i, total)
        try:
            cand = parse_card(card, today, ids)
        except ValueError as exc:
            result.skipped.append(RowIssue(card.line, str(exc)))
            continue
        except Exception as exc:  # a vobject bug on one card must not stop the import
            result.skipped.append(RowIssue(card.line, f"unreadable card ({type(exc).__name__}: "
                                                      f"{exc})"))
            continue
        result.candidates.append(cand)
        for problem in cand.problems:
            result.doubtful.append(RowIssue(card.line, problem, cand.contact.name))
    if progress is not None:
        progress(total, total)
    result.skipped.sort(key=lambda r: r.line)
    return result


def _as_utf8(data: bytes) -> bytes:
    """UTF-16 files (some Windows tools) re-encoded as UTF-8; a UTF-8 BOM dropped."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise ImportFailed("the file says it is UTF-16 but is not") from None
    if data[:3] == b"\xef\xbb\xbf":
        return data[3:]
    return data

"""vCard 2.1 / 3.0 / 4.0 files (phones, Google, Apple, Outlook, Lotus, Evolution…) -> candidates.

How a file is read:

1. `vcard_split` cuts the file into cards at the byte level (line ends of every producer,
   nested AGENT cards, cards never closed), each with its starting line number.
2. Each card is tokenised into properties. vobject's content-line parser
   (`getLogicalLines` + `textLineToContentLine`) is the parser of record: it unfolds lines,
   decodes QUOTED-PRINTABLE with its CHARSET, splits parameters (quoted values, vCard 2.1
   bare `TEL;CELL;VOICE` parameters). Building vobject's objects costs about 230 µs a card,
   so 30,000 cards would take 7 s; plain 3.0/4.0 cards (no ENCODING/CHARSET/quoted
   parameters on the properties we read, no QUOTED-PRINTABLE anywhere) take a fast path
   that tokenises the same way in tens of µs. Anything else goes to vobject. Tests check
   that both build the same contact from every card the fast path accepts.
3. `card_data` gathers what the card says; `build_candidate` turns it into a contact.
   Nothing the card says about the person is dropped without a line in the report: a
   second ORG, TITLE or ROLE becomes a memo, every URL a handle or a website, an EMAIL
   that is no address and a TEL without a digit become memos (reported), system groups
   ("My Contacts") are left out (reported), and properties Cockpit has no field for
   (PHOTO, NICKNAME…) are counted in one notice.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from dataclasses import dataclass, field

from ..model import Contact, Note, NoteKind, parse_date
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
    has_digit,
    is_email,
    is_system_group,
    phone_key,
    place_url,
)
from .vcard_split import RawCard, decode_card, has_begin, normalise, split_cards
from .vcard_tokens import Prop, fast_props, make_prop, prop_types, vobject_props
from .vcard_values import compound, org_units, parse_bday, split_escaped, unescape

__all__ = ["CardData", "Prop", "RawCard", "build", "build_candidate", "card_data",
           "decode_card", "fast_props", "make_prop", "normalise", "parse", "parse_card",
           "split_cards", "vobject_props"]

_DIGIT = re.compile(r"\d")
_PREF = operator.itemgetter(4)

PROGRESS_EVERY = 500
#: How deep a vCard 3.0 inline AGENT (a card escaped inside a value) is followed.
MAX_AGENT_DEPTH = 3
#: A note kind and date Cockpit's own export writes as NOTE parameters.
KIND_PARAM, DATE_PARAM = "X-COCKPIT-KIND", "X-COCKPIT-DATE"
_NOTE_KINDS = frozenset(k.value for k in NoteKind)
_URL_TYPES = frozenset({"home", "work", "pref", "internet", "other", "x-other", "blog",
                        "profile", "homepage", "ftp", "x-user"})


# ---------------------------------------------------------------------------- card data

@dataclass(slots=True)
class CardData:
    """What a card says about a person (the shape both tokenisers produce; compound values
    N, ORG and ADR stay escaped until needed: most cards never need their N)."""

    fn: str = ""
    n: str = ""
    orgs: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    urls: list[tuple[str, str, str]] = field(default_factory=list)  # (url, network hint, user)
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # (text, kind, date)
    categories: list[str] = field(default_factory=list)
    uid: str = ""
    bdays: list[tuple[str, str, str]] = field(default_factory=list)  # (value, OMIT-YEAR, VALUE)
    adrs: list[str] = field(default_factory=list)
    kind: str = ""
    agents: list[str] = field(default_factory=list)
    langs: list[tuple[str, str]] = field(default_factory=list)  # (language tag, PREF)


def _network_type(params: dict[str, list[str]], bare: list[str]) -> str:
    """The network a URL or X-SOCIALPROFILE names in its TYPE (linkedin, twitter…), or ""."""
    types = sorted(t.lower() for t in prop_types(params, bare))
    known = [t for t in types if t in NETWORK_TYPES]
    if known:
        return known[0]
    # X-SOCIALPROFILE may name any network; URL's own types (home, work…) are not one.
    other = [t for t in types if t not in _URL_TYPES]
    return other[0] if other else ""


def card_data(props: list[Prop]) -> CardData:
    out = CardData()
    # Preferred values (PREF / TYPE=pref) first; otherwise the card's order.
    ordered = sorted(props, key=lambda p: not p[4]) if any(map(_PREF, props)) else props
    # The branches are tried in the order properties are common in real cards (30,000
    # cards make 330,000 properties: each comparison skipped counts).
    for name, params, bare, value, _pref in ordered:
        if name == "VERSION":
            continue
        if name == "FN":
            out.fn = out.fn or clean(unescape(value))
        elif name == "N":
            out.n = out.n or value
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
        elif name == "ORG":
            out.orgs.append(value)
        elif name == "TITLE":
            title = clean(unescape(value))
            if title:
                out.titles.append(title)
        elif name == "UID":
            out.uid = out.uid or unescape(value).strip()
        elif name == "URL" or name == "X-SOCIALPROFILE":
            url = unescape(value).strip()
            hint = _network_type(params, bare) if (params or bare) else ""
            if name == "URL" and hint not in NETWORK_TYPES:
                hint = ""  # a URL's own TYPE (home, work, blog…) names no network
            user = (params.get("X-USER") or [""])[0].strip() if params else ""
            if url[:8].lower() == "x-apple:":  # Apple's "x-apple:username": a name, no page
                user, url = user or url[8:], ""
            if url or user:
                out.urls.append((url, hint, user))
        elif name == "NOTE":
            text = unescape(value).replace("\r\n", "\n")  # QP =0D=0A is CRLF
            kind = (params.get(KIND_PARAM) or [""])[0].lower() if params else ""
            date = (params.get(DATE_PARAM) or [""])[0] if params else ""
            if not kind:  # Cockpit's own export keeps a note exactly; others are tidied
                text = text.strip()
            if text.strip():
                out.notes.append((text, kind, date))
        elif name == "BDAY":
            if value.strip():
                out.bdays.append((unescape(value).strip(),
                                  (params.get("X-APPLE-OMIT-YEAR") or [""])[0],
                                  (params.get("VALUE") or [""])[0]))
        elif name == "CATEGORIES":
            out.categories.extend(c for c in (clean(unescape(x)) for x in split_escaped(value, ","))
                                  if c)
        elif name == "ROLE":
            role = clean(unescape(value))
            if role:
                out.roles.append(role)
        elif name == "ADR":
            if value.strip(" ;"):
                out.adrs.append(value)
        elif name == "KIND" or name == "X-ADDRESSBOOKSERVER-KIND":
            out.kind = unescape(value).strip().lower()
        elif name == "LANG":
            tag = unescape(value).strip()
            if tag:
                out.langs.append((tag, (params.get("PREF") or ["100"])[0] if params else "100"))
        elif name == "AGENT":
            agent = unescape(value).strip()
            if agent:
                out.agents.append(agent)
    return out


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


@dataclass(slots=True)
class Built:
    """A card turned into a candidate, plus what the file-level report needs."""

    candidate: Candidate
    system_groups: list[str] = field(default_factory=list)
    dropped_adrs: int = 0
    dropped_street: int = 0  # the first ADR had a street, P.O. box or postal code
    inline_agents: list[str] = field(default_factory=list)  # vCard 3.0 AGENT:BEGIN:VCARD…


def build_candidate(data: CardData, line: int, today: dt.date, problems: list[str],
                    ids: IdSource | None = None) -> Candidate:
    """A Candidate from a card's data; raises ValueError when the card names nobody."""
    return build(data, line, today, problems, ids).candidate


def build(data: CardData, line: int, today: dt.date, problems: list[str],
          ids: IdSource | None = None) -> Built:
    if data.kind in ("group", "org", "location"):
        raise ValueError(f"a {data.kind} card, not a person")
    name = data.fn
    if not name and data.n:
        family, given, additional, prefix, suffix = compound(data.n, 5, " ")[:5]
        name = clean(" ".join((prefix, given, additional, family, suffix)))
    if not name:
        hint = f" (e-mail {data.emails[0]})" if data.emails else ""
        raise ValueError(f"card has no name: neither FN nor N{hint}")
    memos: list[str] = []
    handles: dict[str, str] = {}
    websites: list[str] = []
    for url, hint, user in data.urls:
        place_url(url, hint, handles, websites, user)
    emails = data.emails
    if not all("@" in e for e in emails):
        emails = []
        for email in data.emails:
            if is_email(email):
                emails.append(email)
            else:
                memos.append(f"E-mail (not an address): {email}")
                problems.append(f"EMAIL {email!r} is not an e-mail address; kept as a note")
    phones = data.phones
    if not all(_DIGIT.search(p) for p in phones):
        phones = []
        for phone in data.phones:
            if has_digit(phone):
                phones.append(phone)
            else:
                memos.append(f"Phone (no digits): {phone}")
                problems.append(f"TEL {phone!r} has no digits; kept as a note")
    birthday = None
    for value, omit, vtype in data.bdays:
        bday, problem = parse_bday(value, omit, vtype)
        if bday is not None and (birthday is None or bday == birthday):
            birthday = birthday or bday
            continue
        memos.append(f"Birthday: {value}")
        if problem:
            problems.append(problem)
    company = ""
    for i, org in enumerate(data.orgs):
        units = org_units(org)
        if not units:
            continue
        if not company and i == 0:
            company = units[0]
            if units[1:]:
                memos.append("Department: " + " / ".join(units[1:]))
        else:
            memos.append("Organization: " + " / ".join(units))
    role = (data.titles or data.roles or [""])[0]
    if len(data.titles) > 1 or data.roles:
        memos += [f"Title: {t}" for t in data.titles[1:]]
        memos += [f"Role: {r}" for r in (data.roles if data.titles else data.roles[1:])]
    inline: list[str] = []
    for agent in data.agents:
        if agent[:11].upper() == "BEGIN:VCARD":
            inline.append(agent)
        else:
            memos.append(f"Agent: {agent}")
    location = ""
    dropped_adr = 0
    if data.adrs:
        f = compound(data.adrs[0], 7)
        location = ", ".join(x for x in (f[3] or f[4], f[6]) if x)
        dropped_adr = int(any(f[:3]) or bool(f[5]) or not location)
    tags: list[str] = []
    system: list[str] = []
    for c in data.categories:
        (system if is_system_group(c) else tags).append(c)
    if tags:
        tags = _dedupe(tags, str.casefold)
    ids = ids or IdSource(batch=8)
    contact = Contact(
        id=ids(), name=name, company=company, role=role,
        emails=_dedupe(emails, email_key), phones=_dedupe(phones, phone_key),
        location=location, handles=handles, websites=websites, tie=IMPORT_TIE,
        birthday=birthday, tags=tags, vcard_uid=data.uid, lang=_language(data.langs, problems),
    )
    notes = data.notes + [(m, "", "") for m in memos] if memos else data.notes
    cand = Candidate(line, contact, notes=_notes(contact.id, notes, today, ids, problems)
                     if notes else [], problems=problems)
    return Built(cand, system, max(0, len(data.adrs) - 1), dropped_adr, inline)


def _language(langs: list[tuple[str, str]], problems: list[str]) -> str:
    """LANG (vCard 4.0): the language to write to them in; the most preferred one Cockpit
    can name (a tag it cannot read is reported, not stored)."""
    if not langs:  # almost every card: no import, no sort
        return ""
    from ..drafting import parse_language

    def pref(entry: tuple[str, str]) -> int:
        return int(entry[1]) if entry[1].isdigit() else 100

    for tag, _pref in sorted(langs, key=pref):
        try:
            return parse_language(tag)
        except ValueError:
            problems.append(f"LANG {tag!r} is not a language Cockpit knows; not kept")
    return ""


def _notes(contact_id: str, notes: list[tuple[str, str, str]], today: dt.date, ids: IdSource,
           problems: list[str]) -> list[Note]:
    """Notes of a card, each once (same text, case and spacing aside). Cockpit's own export
    carries a note's kind and date as parameters; anything else dates the note today."""
    if len(notes) == 1 and not notes[0][1] and not notes[0][2]:  # most cards: one plain NOTE
        return [Note(contact_id, notes[0][0], today, id=ids())]
    out: list[Note] = []
    seen: set[str] = set()
    for text, kind, date in notes:
        key = text.casefold()
        if key in seen:
            continue
        seen.add(key)
        when = today
        if date:
            try:
                when = parse_date(date, "note date")
                if not 1900 <= when.year <= 2200:
                    raise ValueError(date)
            except ValueError:
                problems.append(f"NOTE date {date!r} is not a date between 1900 and 2200; "
                                "the note is dated today")
                when = today
        out.append(Note(contact_id, text, when, id=ids(),
                        kind=kind if kind in _NOTE_KINDS else NoteKind.MEMO.value))
    return out


# ---------------------------------------------------------------------------- the file

def parse_card(card: RawCard, today: dt.date, ids: IdSource | None = None,
               skipped: Tally | None = None) -> Built:
    """One card -> Built; ValueError (with the reason) when it must be skipped."""
    text = decode_card(card)
    problems: list[str] = []
    props = fast_props(text, skipped)
    if props is None:
        props = vobject_props(text, card.line, problems, skipped)
    return build(card_data(props), card.line, today, problems, ids)


def parse(data: bytes, today: dt.date, progress: Progress | None = None) -> ParseResult:
    """Parse a whole .vcf file. Broken cards are reported in `skipped`, never raised."""
    data = normalise(data)
    if not has_begin(data):
        raise ImportFailed("no vCards found (no BEGIN:VCARD line)")
    cards, issues = split_cards(data)
    result = ParseResult("vcard", skipped=issues)
    total = len(cards)
    ids = IdSource()
    skipped, system = Tally(), Tally()
    by_line: dict[int, Candidate] = {}
    queue = [(card, 0) for card in cards]
    i = 0
    while i < len(queue):
        card, depth = queue[i]
        if progress is not None and i % PROGRESS_EVERY == 0:
            progress(min(i, total), total)
        i += 1
        try:
            built = parse_card(card, today, ids, skipped)
        except ValueError as exc:
            result.skipped.append(RowIssue(card.line, str(exc)))
            continue
        except Exception as exc:  # a vobject bug on one card must not stop the import
            result.skipped.append(RowIssue(card.line, f"unreadable card ({type(exc).__name__}: "
                                                      f"{exc})"))
            continue
        cand = built.candidate
        result.candidates.append(cand)
        by_line.setdefault(card.line, cand)
        for group in built.system_groups:
            system.add(group)
        if built.dropped_adrs:
            skipped.add("ADR after the first", built.dropped_adrs)
        if built.dropped_street:
            skipped.add("ADR street and postal code (city and country are the location)")
        if card.parent is not None:
            _link_agent(by_line.get(card.parent), cand, card.parent, today, ids)
        if depth < MAX_AGENT_DEPTH:
            for inline in built.inline_agents:
                body = inline.replace("\r\n", "\n").encode("utf-8")
                queue.append((RawCard(card.line, body, card.line), depth + 1))
        for problem in cand.problems:
            result.doubtful.append(RowIssue(card.line, problem, cand.contact.name))
    if progress is not None:
        progress(total, total)
    for notice in (system.notice("system groups not kept as tags"),
                   skipped.notice("not imported (Cockpit has no field for them)")):
        if notice:
            result.notices.append(notice)
    result.skipped.sort(key=lambda r: r.line)
    result.doubtful.sort(key=lambda r: r.line)
    return result


def _link_agent(outer: Candidate | None, inner: Candidate, outer_line: int, today: dt.date,
                ids: IdSource) -> None:
    """A card nested in another (AGENT): its own contact, named in a memo of the outer one."""
    inner.problems.append(f"card nested inside the card of line {outer_line} (AGENT); "
                          "imported as a contact of its own")
    if outer is not None:
        outer.notes.append(Note(outer.contact.id, f"Agent: {inner.contact.name}", today,
                                id=ids()))

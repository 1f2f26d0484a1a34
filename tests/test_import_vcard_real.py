"""Real vCards from public test suites (tests/fixtures/vcards, sources in the README there):
what Cockpit stores is compared, card by card and field by field, with what vobject — an
independent reader — reads from the same file.

Every value the reference reads for a property Cockpit imports (FN/N, EMAIL, TEL, ORG,
TITLE, ROLE, URL, X-SOCIALPROFILE, NOTE, CATEGORIES, BDAY, UID, ADR) must be found in the
database: in its field, or — where it cannot be that field — in a memo the report names
(an EMAIL that is no address, a TEL without a digit, a second ORG…). System groups and
properties Cockpit has no field for must be named in the report's notices. Nothing is
dropped silently.

The reference is vobject's component reader (`readComponents`, `transform=False`: the
values as written, QUOTED-PRINTABLE and CHARSET decoded, lines unfolded), with RFC 6350
escapes undone here. Where vobject itself gets a card wrong, the difference is listed
below (`REFERENCE_DEFECTS`) with what vobject does, and checked to be that defect.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import vobject

from cockpit.importers import vcard
from cockpit.importers.base import ParseResult, handle_key, is_system_group, website_key
from cockpit.importers.merge import apply_plan, plan_import
from cockpit.model import Contact, Note
from cockpit.store import Store

ROOT = Path(__file__).parent / "fixtures" / "vcards"
FILES = sorted(p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*.vcf"))
TODAY = dt.date(2026, 11, 21)
READ = {"FN", "N", "EMAIL", "TEL", "ORG", "TITLE", "ROLE", "URL", "X-SOCIALPROFILE", "NOTE",
        "CATEGORIES", "BDAY", "UID", "ADR", "VERSION", "KIND", "AGENT", "VCARD", "LANG"}
STRUCTURAL = {"PRODID", "REV", "PROFILE", "SOURCE", "NAME", "CLASS", "X-ABUID", "X-ABLABEL",
              "X-ABSHOWAS", "SORT-STRING", "MAILER", "X-RADICALE-NAME", "X-MOZILLA-HTML",
              "X-GENERATOR", "BEGIN", "END"}

#: Where vobject's reading is wrong, and how each is recognised (`same_or_cut`):
#: vobject's component reader keeps a text value only up to its first unescaped comma
#: (py-vobject/vobject#55) — "Mustermann, Heiko" reads as "Mustermann" — and vCard 2.1
#: never escapes commas. Cockpit keeps the whole value.
COMMA_CUT = "vobject cuts a text value at its first unescaped comma"


def rfc_unescape(value: str) -> str:
    """RFC 6350 §3.4, independently of Cockpit's code: \\n, \\N, \\, \\; \\\\ (and \\: that
    Apple and Google write)."""
    return re.sub(r"\\([nN,;:\\])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def split_unescaped(value: str, sep: str) -> list[str]:
    return [rfc_unescape(p) for p in re.split(r"(?<!\\)" + re.escape(sep), value)]


# ---------------------------------------------------------------------------- reference

@dataclass
class RefCard:
    props: list[tuple[str, dict[str, list[str]], str]] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)  # lines vobject refused, left out

    def values(self, name: str) -> list[str]:
        return [v for n, _, v in self.props if n == name and v.strip()]


def file_text(path: Path) -> str:
    """The file as text for vobject: UTF-8, or the 8-bit CHARSET a vCard 2.1 file declares."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    joined = re.sub(rb"\r?\n[ \t]", b"", data)  # folded inside a character (ownCloud)
    try:
        return joined.decode("utf-8")
    except UnicodeDecodeError:
        charset = re.search(rb"CHARSET=([-A-Za-z0-9_]+)", data)
        return data.decode(charset.group(1).decode() if charset else "latin-1")


def flatten(component: vobject.base.Component, out: list[RefCard], repaired: list[str]) -> None:
    card = RefCard(repaired=list(repaired))
    out.append(card)
    nested = []
    for child in component.getChildren():
        if isinstance(child, vobject.base.Component):
            nested.append(child)
            continue
        if isinstance(child.value, str):
            params = {k.upper(): [str(v) for v in vs] for k, vs in child.params.items()}
            params.update({str(s).upper(): [] for s in child.singletonparams})
            card.props.append((child.name.upper(), params, child.value))
    for child in nested:
        flatten(child, out, [])


def reference(path: Path) -> list[RefCard]:
    """vobject's reading, card by card. A card vobject refuses as a whole (a broken base64
    PHOTO, a QUOTED-PRINTABLE value that is not UTF-8, Lotus Notes' PROFILE) is read again
    without the lines vobject's own content-line parser refuses; those are recorded."""
    text = file_text(path).replace("\r\r\n", "\r\n")
    cards: list[RefCard] = []
    for chunk in top_level_cards(text):
        try:
            component = vobject.readOne(chunk, transform=False, allowQP=True)
            dropped: list[str] = []
        except Exception:
            chunk, dropped = without_refused_lines(chunk)
            component = vobject.readOne(chunk, transform=False, allowQP=True)
        flatten(component, cards, dropped)
    return cards


def top_level_cards(text: str) -> list[str]:
    """The text of each outermost card, counting BEGIN/END (a 2.1 card may nest cards)."""
    out, depth, start = [], 0, 0
    offset = 0
    for line in text.splitlines(keepends=True):
        word = line.strip().upper()
        if word.endswith("BEGIN:VCARD"):
            if depth == 0:
                start = offset
            depth += 1
        elif word == "END:VCARD" and depth:
            depth -= 1
            if depth == 0:
                out.append(text[start:offset + len(line)])
        offset += len(line)
    return out


def without_refused_lines(chunk: str) -> tuple[str, list[str]]:
    """The card without each property vobject refuses even alone in a card."""
    from vobject.base import getLogicalLines

    version = (re.search(r"(?im)^VERSION:(\S+)", chunk) or re.search("()", "")).group(1) or "3.0"
    kept, dropped = [], []
    for line, _ in getLogicalLines(io.StringIO(chunk, newline=""), allowQP=True):
        name = line.split(":")[0].split(";")[0].upper()
        if name not in ("BEGIN", "END", "VERSION"):
            alone = f"BEGIN:VCARD\r\nVERSION:{version}\r\n{line}\r\nEND:VCARD\r\n"
            try:
                vobject.readOne(alone, transform=False, allowQP=True)
            except Exception:
                dropped.append(name)
                continue
        kept.append(line)
    return "\r\n".join(kept) + "\r\n", dropped


# ---------------------------------------------------------------------------- Cockpit

@dataclass
class Stored:
    contact: Contact
    notes: list[Note]
    report: list[str]  # this card's report lines


def import_fixture(path: Path, tmp_path: Path) -> tuple[ParseResult, list[Stored | str], Store]:
    """Parse and import the file into a fresh database; per card (in file order), what the
    database holds for it, or why the card was skipped."""
    parsed = vcard.parse(path.read_bytes(), TODAY)
    store = Store(tmp_path / "cockpit.json")
    plan = plan_import(store, parsed, "")
    with store.transaction():
        apply_plan(store, plan)
    store = Store(tmp_path / "cockpit.json")
    rows: list[tuple[int, Stored | str]] = []
    for cand in parsed.candidates:
        lines = [d.reason for d in parsed.doubtful if d.line == cand.line]
        rows.append((cand.line, Stored(store.contact(cand.contact.id),
                                       store.notes(cand.contact.id), lines)))
    rows += [(s.line, s.reason) for s in parsed.skipped if "card" in s.reason
             or "name" in s.reason or "UTF-8" in s.reason]
    rows.sort(key=lambda r: r[0])
    return parsed, [r for _, r in rows], store


# ---------------------------------------------------------------------------- comparison

def memo_with(stored: Stored, prefix: str, value: str) -> bool:
    return any(n.text == f"{prefix}: {value}" for n in stored.notes)


def same_or_cut(ours: str, ref: str, relpath: str, prop: str) -> bool:
    """ours == ref, or ref is ours cut at a comma (COMMA_CUT, vobject's defect)."""
    if ours == ref:
        return True
    cut = ref.rstrip()
    return ours.startswith(cut) and ours[len(cut):].lstrip().startswith(",")


def ref_name(card: RefCard) -> str:
    fn = [rfc_unescape(v) for v in card.values("FN")]
    if fn and " ".join(fn[0].split()):
        return " ".join(fn[0].split())
    n = card.values("N")
    if not n:
        return ""
    parts = [" ".join(p.replace(",", " ").split()) for p in split_unescaped(n[0], ";")] + [""] * 5
    family, given, additional, prefix, suffix = parts[:5]
    return " ".join(" ".join((prefix, given, additional, family, suffix)).split())


def check_card(ref: RefCard, got: Stored | str, relpath: str, notices: list[str]) -> None:
    kind = (ref.values("KIND") or [""])[0].strip().lower()
    name = ref_name(ref)
    if isinstance(got, str):  # skipped: must be a card that names nobody, or a group
        assert not name or kind in ("group", "org"), (relpath, name, got)
        return
    c = got.contact
    for prop in ref.repaired:  # vobject refused it: Cockpit must have said so, or not read it
        assert prop not in READ or any(prop in line for line in got.report), (relpath, prop)
    assert same_or_cut(c.name, name, relpath, "FN") or not ref.values("FN"), (relpath, c.name, name)
    report = " | ".join(got.report)
    # EMAIL: each an address in the contact, or a memo the report names
    for raw in ref.values("EMAIL"):
        email = rfc_unescape(raw).strip().removeprefix("mailto:")
        if "@" in email:
            assert email in c.emails, (relpath, email, c.emails)
        else:
            assert memo_with(got, "E-mail (not an address)", email), (relpath, email)
            assert email in report, (relpath, email, report)
    assert len(c.emails) == len({e.casefold() for e in c.emails})
    # TEL: each a phone, or (no digit) a memo the report names
    for raw in ref.values("TEL"):
        phone = rfc_unescape(raw).strip()
        phone = phone[4:] if phone.lower().startswith("tel:") else phone
        if any(ch.isdigit() for ch in phone):
            assert phone in c.phones or any(re.sub(r"\D", "", phone) == re.sub(r"\D", "", p)
                                            for p in c.phones), (relpath, phone, c.phones)
        else:
            assert memo_with(got, "Phone (no digits)", phone), (relpath, phone)
            assert phone in report
    # ORG: the first unit of the first is the company; every other unit, and every other
    # ORG, is in a memo
    orgs = [[" ".join(u.split()) for u in split_unescaped(o, ";") if u.strip()]
            for o in ref.values("ORG")]
    orgs = [o for o in orgs if o]
    if orgs:
        assert same_or_cut(c.company, orgs[0][0], relpath, "ORG"), (relpath, c.company, orgs)
        if len(orgs[0]) > 1:
            assert memo_with(got, "Department", " / ".join(orgs[0][1:])), (relpath, orgs)
        for other in orgs[1:]:
            assert memo_with(got, "Organization", " / ".join(other)), (relpath, other)
    titles = [" ".join(rfc_unescape(t).split()) for t in ref.values("TITLE")]
    roles = [" ".join(rfc_unescape(r).split()) for r in ref.values("ROLE")]
    assert c.role == (titles or roles or [""])[0], (relpath, c.role, titles, roles)
    for t in titles[1:]:
        assert memo_with(got, "Title", t), (relpath, t)
    for r in roles[1:] if not titles else roles:
        assert memo_with(got, "Role", r), (relpath, r)
    # URL / X-SOCIALPROFILE: a handle or a website, each
    held = [handle_key(net, v) for net, v in c.handles.items()]
    sites = {website_key(w) for w in c.websites}
    for prop in ("URL", "X-SOCIALPROFILE"):
        for raw in ref.values(prop):
            url = rfc_unescape(raw).strip()
            if url.lower().startswith("x-apple:"):
                assert url[8:].casefold() in held, (relpath, url, c.handles)
                continue
            assert website_key(url) in sites or any(
                handle_key(net, url) == handle_key(net, v) for net, v in c.handles.items()), (
                relpath, url, c.handles, c.websites)
    # NOTE: each a note
    texts = [n.text for n in got.notes]
    for raw in ref.values("NOTE"):
        note = rfc_unescape(raw).replace("\r\n", "\n").strip()
        assert any(same_or_cut(t, note, relpath, "NOTE") for t in texts), (relpath, note, texts)
    # LANG: the language to write to them in (a known tag), or a report line
    langs = [v.strip() for v in ref.values("LANG") if v.strip()]
    if langs:
        assert c.lang or any("LANG" in line for line in got.report), (relpath, langs)
    # CATEGORIES: tags, or system groups the notices name
    for raw in ref.values("CATEGORIES"):
        for cat in split_unescaped(raw, ","):
            cat = " ".join(cat.split())
            if not cat:
                continue
            if is_system_group(cat):
                assert cat not in c.tags and any(cat in n for n in notices), (relpath, cat)
            else:
                assert cat in c.tags, (relpath, cat, c.tags)
    # BDAY: the birthday, or (not a date) a memo
    for raw in ref.values("BDAY")[:1]:
        digits = re.sub(r"[^0-9]", "", raw.split("T")[0])
        if c.birthday is None:
            assert memo_with(got, "Birthday", raw.strip()), (relpath, raw)
        else:
            b = c.birthday
            assert digits.endswith(f"{b.month:02d}{b.day:02d}"), (relpath, raw, b)
            assert b.year is None or digits.startswith(f"{b.year:04d}"), (relpath, raw, b)
    for raw in ref.values("UID")[:1]:
        assert c.vcard_uid == rfc_unescape(raw).strip(), (relpath, c.vcard_uid, raw)
    adrs = ref.values("ADR")
    if adrs:
        parts = [" ".join(p.split()) for p in split_unescaped(adrs[0], ";")] + [""] * 7
        where = [x for x in (parts[3] or parts[4], parts[6]) if x]
        if where:
            assert all(same_or_cut(x, w, relpath, "ADR") or x == w or w in c.location
                       for x, w in zip(c.location.split(", "), where, strict=False)), (
                relpath, c.location, parts)
    # everything else the card holds is named in the notice of what was not imported
    others = {n for n, _, v in ref.props if n not in READ | STRUCTURAL and v.strip()}
    unread = " ".join(n for n in notices if n.startswith("not imported"))
    for name in others:
        assert re.search(rf"\b{re.escape(name)}\b", unread), (relpath, name, unread)


@pytest.mark.parametrize("relpath", FILES)
def test_cockpit_stores_what_vobject_reads(relpath: str, tmp_path: Path) -> None:
    path = ROOT / relpath
    parsed, got, _ = import_fixture(path, tmp_path)
    ref = reference(path)
    assert len(got) == len(ref), (relpath, len(got), len(ref), parsed.skipped)
    for ref_card, stored in zip(ref, got, strict=True):
        check_card(ref_card, stored, relpath, parsed.notices)


def test_the_fixtures_are_many_and_from_many_producers() -> None:
    readme = (ROOT.parent / "README.md").read_text(encoding="utf-8")
    assert len(FILES) >= 25
    producers = set(re.findall(r"\| producer: ([^|]+?) \|", readme))
    assert len(producers) >= 8, producers
    for relpath in FILES:
        assert f"`vcards/{relpath}`" in readme, f"{relpath} has no source line in the README"


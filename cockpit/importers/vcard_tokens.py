"""vCard content lines as property tuples: a fast tokeniser for plain 3.0/4.0 cards and
vobject's content-line parser for everything else (see `vcard`'s docstring for why two)."""

from __future__ import annotations

import io
import re

from .base import Tally

_UNFOLD = re.compile(r"\r?\n[ \t]")
_QP = re.compile("QUOTED-PRINTABLE", re.I)

#: Properties the importer reads; the fast path looks at nothing else.
WANTED = frozenset({
    "VERSION", "FN", "N", "ORG", "TITLE", "ROLE", "EMAIL", "TEL", "URL", "X-SOCIALPROFILE",
    "NOTE", "CATEGORIES", "UID", "BDAY", "ADR", "KIND", "X-ADDRESSBOOKSERVER-KIND", "AGENT",
    "LANG",
})
#: Structure, not content: never worth a mention in the "not imported" notice.
STRUCTURAL = frozenset({"BEGIN", "END", "PRODID", "REV", "PROFILE", "SOURCE", "NAME", "CLASS",
                        "X-ABUID", "X-ABLABEL", "X-ABSHOWAS", "SORT-STRING", "MAILER",
                        "X-RADICALE-NAME", "X-MOZILLA-HTML", "X-GENERATOR"})


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


_LINE = re.compile(
    r'^(?:(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)((?:;[^:\r\n"]*)?):([^\r\n]*)|([^\r\n]+))\r?$', re.M)


def fast_props(text: str, skipped: Tally | None = None) -> list[Prop] | None:
    """Properties of a plain vCard 3.0/4.0 card, or None when the card needs vobject.

    Same grammar as vobject's content-line parser, restricted to what is plain: a line
    with quoted parameters, an odd name or no colon, an ENCODING/CHARSET on a property we
    read, QUOTED-PRINTABLE anywhere, a version other than 3.0/4.0, nested cards or an
    AGENT all send the card to vobject. `skipped` counts the properties not read.
    """
    if _QP.search(text):
        return None
    props: list[Prop] = []
    boundaries = 0
    version_ok = False
    others: list[str] = []
    if "\n " in text or "\n\t" in text:  # most cards have no folded line to join
        text = _UNFOLD.sub("", text)
    for name, rest, value, odd in _LINE.findall(text):
        if odd:
            return None
        name = name.upper()
        if name not in WANTED:
            if name == "BEGIN" or name == "END":
                boundaries += 1
            elif value.strip():
                others.append(name)
            continue
        if name == "AGENT":
            return None
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
    if skipped is not None:
        for name in others:
            if name not in STRUCTURAL:
                skipped.add(name)
    return props


def vobject_props(text: str, first_line: int, problems: list[str],
                  skipped: Tally | None = None) -> list[Prop]:
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
            if (skipped is not None and name not in STRUCTURAL
                    and isinstance(cl.value, str) and cl.value.strip()):
                skipped.add(name)
            continue
        params = {k.upper(): [str(v) for v in vals] for k, vals in cl.params.items()}
        props.append(make_prop(name, params, [str(b) for b in cl.singletonparams], cl.value))
    return props

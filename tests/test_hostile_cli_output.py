"""Hostile text through every command that prints user data (issue #13, items 1–3).

Random text mixing terminal escapes (OSC 52 clipboard writes, colours), BEL, C1 controls,
bidi overrides, zero-width characters and markup-like brackets (`[/]`, `[red]`,
`[link=…]`, `[@click=…]`) goes into every field, then through every command that prints
it, as a table/text and as JSON. The output must hold no ESC, BEL or C1 character (nor a
raw bidi override), show the text as stored in its escaped form (`shown()`: brackets
literally, controls as `\\x1b`), and JSON must give the stored text back exactly.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from pathlib import Path

from conftest import Result
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from cockpit.model import tidy_name
from cockpit.text import shown

TODAY = "2026-11-21"
# What must never reach a terminal: ESC, BEL, the C1 block (CSI/OSC/DCS as one character),
# and bidi overrides/isolates (they reorder what the reader sees).
RAW = re.compile("[\x1b\x07\x80-\x9f\u202a-\u202e\u2066-\u2069]")

PIECES = st.sampled_from([
    "\x1b]52;c;ZWNobyBwd25lZAo=\x1b\\", "\x1b]52;c;cm0gLXJmIH4vKgo=\x07", "\x1b[31m", "\x07",
    "\x9b31m", "\x9d52;c;eA==\x9c", "\x85", "\u202e", "\u2066", "\u200f", "\u200b", "\ufeff",
    "[/]", "[red]", "[/red]", "[link=file:///etc/passwd]Click[/link]",
    "[@click=app.quit]quit[/]", "[she/her]", "\t", "{0}", "%s", "é", "👩‍💻", "شركة",
])
PLAIN = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r\n"),
                max_size=4)
HOSTILE = st.lists(st.one_of(PIECES, PLAIN), min_size=1, max_size=5).map("".join)
_counter = itertools.count()


def clean(out: str, what: str) -> None:
    found = RAW.search(out)
    assert found is None, f"{what}: raw {found.group()!r} in {out!r}"


@hsettings(max_examples=12, deadline=None, phases=[Phase.explicit, Phase.generate],
           suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=HOSTILE, company=HOSTILE, note=HOSTILE, summary=HOSTILE, what=HOSTILE)
def test_every_command_shows_hostile_text_escaped(cli: Callable[..., Result], tmp_path: Path,
                                                  name: str, company: str, note: str,
                                                  summary: str, what: str) -> None:
    db = tmp_path / f"db{next(_counter)}.json"
    # Each field needs some text once stripped (a blank note or ask is refused).
    name, note, what = "N " + name, "note " + note, "ask " + what
    stored = tidy_name(name)

    def run(*args: str, ok: tuple[int, ...] = (0,)) -> str:
        code, out, err = cli(*args, db=db, today=TODAY)
        assert code in ok, (args, code, out, err)
        assert "Traceback" not in err
        clean(out, f"{args[0]} stdout")
        clean(err, f"{args[0]} stderr")
        return out

    run("add", name, "--company", company, "--role", what, "--met-at", summary,
        "--how", "in-person", "--met-on", "2026-11-20", "--tag", "t", "--note", note)
    people = json.loads(run("contacts", "--json"))
    assert [(p["name"], p["company"], p["role"]) for p in people] == [(stored, company.strip(), what.strip())]
    cid = people[0]["id"]
    table = run("contacts")
    assert shown(stored) in table and shown(company.strip()) in table

    run("note", cid, note, "--kind", "talk")
    run("log", cid, "message", "--summary", summary, "--channel", what)
    run("ask", cid, what, "--offer", summary)
    run("followup", cid, "+1", "--reason", summary)
    run("edit", cid, "--location", note)

    agenda = run("today")
    assert shown(stored) in agenda and shown(what.strip()) in agenda
    data = json.loads(run("today", "--json"))
    assert summary.strip() in {f["reason"] for f in data["followups"]}

    text = run("draft", cid, "--template", "reconnect", "--no-save", ok=(0, 1))
    assert shown(stored) in text
    drafted = json.loads(run("draft", cid, "--json", "--no-save", ok=(0, 1)))
    assert drafted["contact"] == stored
    run("intro", cid, "--no-save", ok=(0, 1))
    json.loads(run("intro", cid, "--json", "--no-save", ok=(0, 1)))
    run("snooze", cid, "--days", "2")
    run("done", cid, "--all")

    vcf = tmp_path / f"in{next(_counter)}.vcf"
    one_line = note.replace("\r", " ").replace("\n", " ")
    vcf.write_text(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:V {one_line}\r\nORG:{one_line}\r\n"
                   f"TITLE:CTO{one_line}\r\nNOTE:{one_line}\r\nEND:VCARD\r\n", encoding="utf-8")
    report = run("import", str(vcf), "--dry-run", ok=(0, 1))
    assert "1 added" in report
    run("import", str(vcf), ok=(0, 1))
    assert len(json.loads(run("contacts", "--json"))) == 2
    run("contacts")
    run("today")


def test_markup_in_a_name_prints_literally(cli: Callable[..., Result], db: Path) -> None:
    """`Li [/] Wu` was a MarkupError traceback; `[red]Acme[/red]` printed as "Acme"."""
    for name, company in (("Li [/] Wu", "[red]Acme[/red]"),
                          ("Jane Doe [she/her]", "[link=file:///etc/passwd]Click[/link]")):
        code, out, err = cli("add", name, "--company", company, "--how", "in-person", db=db,
                             today=TODAY)
        assert code == 0, err
    for command in ("today", "contacts"):
        code, out, err = cli(command, db=db, today=TODAY)
        assert code == 0 and not err, err
        assert "Li [/] Wu" in out and "Jane Doe [she/her]" in out
        assert "\x1b]8;" not in out  # no live hyperlink
    code, out, _ = cli("contacts", db=db, today=TODAY)
    assert "[red]Acme[/red]" in out and "[link=file:///etc/passwd]Click[/link]" in out


def test_json_escapes_c1_and_bidi_but_gives_the_text_back(cli: Callable[..., Result],
                                                         db: Path) -> None:
    company = "Co\x9d52;c;eA==\x9c \u202eevil\x85 end"
    assert cli("add", "Zed", "--company", company, db=db)[0] == 0
    code, out, _ = cli("contacts", "--json", db=db)
    assert code == 0
    clean(out, "contacts --json")
    assert "\\u009d" in out and "\\u202e" in out
    assert json.loads(out)[0]["company"] == company

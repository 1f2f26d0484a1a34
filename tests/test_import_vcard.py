"""vCard import: versions 2.1, 3.0 and 4.0 as real exporters write them, every BDAY form,
broken cards reported (with their line) and never fatal, and the fast tokenizer agreeing
with vobject's content-line parser on every card it accepts."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cockpit.importers import vcard
from cockpit.importers.base import ParseResult
from cockpit.model import Birthday

FIXTURES = Path(__file__).parent / "fixtures" / "import"
TODAY = dt.date(2026, 11, 21)
MAKE_NETWORK = Path("/work/shared/data/make_network.py")


def parse_file(name: str) -> ParseResult:
    return vcard.parse((FIXTURES / name).read_bytes(), TODAY)


def card(*lines: str, version: str = "3.0") -> bytes:
    body = ["BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD"]
    return ("\r\n".join(body) + "\r\n").encode("utf-8")


def one(*lines: str, version: str = "3.0"):  # type: ignore[no-untyped-def]
    result = vcard.parse(card(*lines, version=version), TODAY)
    assert not result.skipped, result.skipped
    assert len(result.candidates) == 1
    return result.candidates[0]


# ---------------------------------------------------------------------------- versions

def test_apple_3_0_export() -> None:
    result = parse_file("apple-3.0.vcf")
    assert not result.skipped
    ana, inigo, giulia = (c.contact for c in result.candidates)
    assert ana.name == "Ana María Ruiz"
    assert (ana.company, ana.role) == ("Acme Corp", "Staff Engineer")
    assert ana.emails == ["ana.ruiz@acme.example", "ana@home.example"]  # pref first, both kept
    assert ana.phones == ["+34 600 111 222", "+34 910 000 000"]
    assert ana.handles == {"linkedin": "https://www.linkedin.com/in/ana-ruiz/",
                           "twitter": "https://twitter.com/anaruiz"}
    assert ana.location == "Madrid, Spain"
    assert ana.birthday == Birthday(2, 28, None)  # X-APPLE-OMIT-YEAR=1604
    assert ana.tags == ["python", "speakers", "fin,tech"]  # escaped comma stays in the tag
    assert ana.vcard_uid == "2B0C7E9A-1D5F-4C41-9A3B-ANA-RUIZ"
    notes = [n.text for n in result.candidates[0].notes]
    # folded line joined, \, \; \n \\ unescaped
    assert notes[0] == ("Met at PyCon ES, Bilbao. Runs marathons; training for Valencia.\n"
                        "Two kids. Path C:\\Users\\ana")
    assert notes[1] == "Department: Engineering / Platform"  # ORG units beyond the company
    assert all(n.contact_id == ana.id and n.date == TODAY for n in result.candidates[0].notes)
    # no FN: the name is built from N (prefix given family)
    assert inigo.name == "Dr. Íñigo Núñez"
    assert inigo.company == "Telefónica I+D"
    assert inigo.birthday == Birthday(2, 28, 1990)  # BDAY:19900228
    assert giulia.birthday == Birthday(7, 14, 1985)
    # an unescaped comma in a text value is kept (vobject's behaviours would cut it)
    assert [n.text for n in result.candidates[2].notes] == [
        "Ha appena pubblicato un libro sul design di prodotto, molto bello"]


def test_android_2_1_quoted_printable_and_bare_parameters() -> None:
    result = parse_file("android-2.1.vcf")
    assert not result.skipped
    nuria, chiara = (c.contact for c in result.candidates)
    assert nuria.name == "Núria Ibáñez"  # QUOTED-PRINTABLE + CHARSET=UTF-8
    assert nuria.phones == ["+34 611 222 333", "+34 933 444 555"]  # TEL;CELL;PREF first
    assert nuria.emails == ["nuria@example.org", "nuria.ibanez@globex.example"]
    assert nuria.handles == {"linkedin": "http://linkedin.com/in/NuriaIbanez"}
    assert nuria.birthday == Birthday(11, 3, 1979)
    # soft line break (=CRLF) inside a QP value, commas not escaped (2.1 never does)
    assert [n.text for n in result.candidates[0].notes] == [
        "Le encanta la vela, vive en Menòrca. Hijos: Pau y Laia, 6 y 9 años."]
    assert chiara.name == "Chiara Rossi, PhD"
    assert [n.text for n in result.candidates[1].notes] == [
        "Conosciuta a Codemotion, parla di osservabilità"]


def test_2_1_eight_bit_text_in_its_declared_charset() -> None:
    result = parse_file("latin1-2.1.vcf")
    assert not result.skipped
    joao = result.candidates[0].contact
    assert (joao.name, joao.company) == ("João Gonçalves", "Companhia Açoriana")


def test_nextcloud_4_0_export() -> None:
    result = parse_file("nextcloud-4.0.vcf")
    zoe, sean = (c.contact for c in result.candidates)
    assert zoe.name == "Zoë Van der Berg"
    assert zoe.emails == ["zoe@cyberdyne.example", "zoe.vdb@example.net"]  # PREF=1 first
    assert zoe.phones == ["+31-6-1234-5678"]  # VALUE=uri tel: prefix dropped
    assert zoe.birthday == Birthday(4, 15, None)  # --0415
    assert zoe.tags == ["investors", "alumni"]
    assert (zoe.handles, zoe.websites) == ({}, ["https://cyberdyne.example/team/zoe"])
    assert zoe.vcard_uid == "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"
    assert sean.birthday is None  # BDAY;VALUE=text is kept as a note
    assert [n.text for n in result.candidates[1].notes] == ["Birthday: circa 1960"]
    assert [(s.line, s.reason) for s in result.skipped] == [(18, "a group card, not a person")]
    assert not result.doubtful  # a text birthday is intended, not a problem


def test_social_profiles() -> None:
    got = one("FN:Social", "X-SOCIALPROFILE;type=linkedin;x-user=soc:http://www.linkedin.com/in/soc",
              "X-SOCIALPROFILE;type=twitter:x-apple:soc", "URL:https://github.com/soc")
    # Apple's "x-apple:soc" names a user and no page: the bare name is the handle
    assert got.contact.handles == {"linkedin": "http://www.linkedin.com/in/soc",
                                   "twitter": "soc", "github": "https://github.com/soc"}


def test_folded_lines_split_inside_a_utf8_character_boundary() -> None:
    # make_network folds at 75 octets without splitting characters; fold by hand here too
    long_note = "Ñandú " * 30
    line = "NOTE:" + long_note
    folded = line[:60] + "\r\n " + line[60:120] + "\r\n\t" + line[120:]
    got = one("FN:Long Note", folded)
    assert got.notes[0].text == long_note.strip()


# ---------------------------------------------------------------------------- BDAY forms

@pytest.mark.parametrize(("line", "expected"), [
    ("BDAY:1990-02-28", Birthday(2, 28, 1990)),
    ("BDAY:19900228", Birthday(2, 28, 1990)),
    ("BDAY:--0228", Birthday(2, 28, None)),
    ("BDAY:--02-28", Birthday(2, 28, None)),
    ("BDAY;X-APPLE-OMIT-YEAR=1604:1604-02-28", Birthday(2, 28, None)),
    ("BDAY;X-APPLE-OMIT-YEAR=1604:16040228", Birthday(2, 28, None)),
    ("BDAY:1988-02-29", Birthday(2, 29, 1988)),
    ("BDAY:--0229", Birthday(2, 29, None)),
    ("BDAY:1990-02-28T00:00:00Z", Birthday(2, 28, 1990)),
    ("BDAY:19900228T000000", Birthday(2, 28, 1990)),
    ("BDAY:1953-10-15T23:10:00+01:00", Birthday(10, 15, 1953)),
    ("BDAY;VALUE=date:1985-07-14", Birthday(7, 14, 1985)),
])
@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_bday_forms(line: str, expected: Birthday, version: str) -> None:
    got = one("FN:Someone", line, version=version)
    assert got.contact.birthday == expected
    assert not got.notes


@pytest.mark.parametrize(("line", "note", "doubtful"), [
    ("BDAY;VALUE=text:circa 1800", "Birthday: circa 1800", False),
    ("BDAY;VALUE=TEXT:around Easter", "Birthday: around Easter", False),
    ("BDAY:sometime in May", "Birthday: sometime in May", True),
    ("BDAY:1990-02-30", "Birthday: 1990-02-30", True),
    ("BDAY:1989-02-29", "Birthday: 1989-02-29", True),
    ("BDAY:1990", "Birthday: 1990", True),
])
def test_bday_text_is_a_note_not_a_birthday(line: str, note: str, doubtful: bool) -> None:
    result = vcard.parse(card("FN:Someone", line), TODAY)
    got = result.candidates[0]
    assert got.contact.birthday is None
    assert [n.text for n in got.notes] == [note]
    assert bool(result.doubtful) == doubtful
    if doubtful:
        assert result.doubtful[0].line == 1


def test_quoted_printable_line_breaks_in_a_note() -> None:
    got = one("FN:Outlook", "NOTE;ENCODING=QUOTED-PRINTABLE:First line=0D=0ASecond line, with =",
              "a soft break", version="2.1")
    assert got.notes[0].text == "First line\nSecond line, with a soft break"


def test_bday_in_vcard_2_1() -> None:
    got = one("N:Smith;Grace;;;", "BDAY:19850714", version="2.1")
    assert got.contact.name == "Grace Smith"
    assert got.contact.birthday == Birthday(7, 14, 1985)


# ---------------------------------------------------------------------------- names

def test_name_from_n_when_fn_is_missing_or_empty() -> None:
    assert one("N:García;Ana;;;").contact.name == "Ana García"
    assert one("FN:", "N:García;Ana;Luisa;;Jr.").contact.name == "Ana Luisa García Jr."
    assert one("N:O\\;Brien;Ana\\,Maria;;;").contact.name == "Ana,Maria O;Brien"


def test_card_without_any_name_is_skipped_with_its_line() -> None:
    data = card("FN:First") + card("EMAIL:x@example.com", "N:;;;;") + card("FN:Third")
    result = vcard.parse(data, TODAY)
    assert [c.contact.name for c in result.candidates] == ["First", "Third"]
    assert len(result.skipped) == 1
    assert result.skipped[0].line == 5
    assert "no name" in result.skipped[0].reason
    assert "x@example.com" in result.skipped[0].reason


# ---------------------------------------------------------------------------- broken files

def test_broken_cards_are_reported_and_the_rest_imported() -> None:
    result = parse_file("broken.vcf")
    assert [c.contact.name for c in result.candidates] == [
        "Good One", "Good Two", "Bad Bday", "Good Three"]
    skipped = {s.line: s.reason for s in result.skipped}
    assert set(skipped) == {5, 9, 23}
    assert "no name" in skipped[5]
    assert "never closed" in skipped[9] and "line 12" in skipped[9]
    assert "UTF-8" in skipped[23] and "line 25" in skipped[23]
    doubtful = {d.line: d.reason for d in result.doubtful}
    assert "line 15" in doubtful[12] and "unreadable" in doubtful[12]
    assert "1990-02-30" in doubtful[18]
    # the unreadable line was dropped, the rest of that card kept
    assert [n.text for n in result.candidates[1].notes] == ["still here"]


def test_truncated_file_reports_the_last_card() -> None:
    data = card("FN:Whole") + b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut Off\r\n"
    result = vcard.parse(data, TODAY)
    assert [c.contact.name for c in result.candidates] == ["Whole"]
    assert [(s.line, "never closed" in s.reason) for s in result.skipped] == [(5, True)]


def test_stray_text_and_lone_end_are_reported() -> None:
    data = b"garbage line\r\n" + card("FN:A") + b"\r\nmore garbage\r\nEND:VCARD\r\n" + card("FN:B")
    result = vcard.parse(data, TODAY)
    assert [c.contact.name for c in result.candidates] == ["A", "B"]
    assert [s.line for s in result.skipped] == [1, 7, 8]


def test_bom_lf_line_ends_and_lowercase_keywords() -> None:
    data = b"\xef\xbb\xbfbegin:vcard\nversion:3.0\nfn:Lower Case\nemail;type=work:l@c.example\nend:vcard\n"
    got = vcard.parse(data, TODAY).candidates[0].contact
    assert (got.name, got.emails) == ("Lower Case", ["l@c.example"])


def test_utf16_file() -> None:
    data = card("FN:Wide Chars Ñ").decode().encode("utf-16")
    assert vcard.parse(data, TODAY).candidates[0].contact.name == "Wide Chars Ñ"


def test_progress_is_reported() -> None:
    calls: list[tuple[int, int]] = []
    data = b"".join(card(f"FN:P{i}") for i in range(1200))
    vcard.parse(data, TODAY, lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 1200) and calls[-1] == (1200, 1200)
    assert len(calls) >= 3


# ---------------------------------------------------------------------------- fast path

def both_ways(text: str) -> tuple[object, object]:
    """What the fast tokenizer and vobject's make of a card, as the Contact and notes built."""
    def outcome(props: list[vcard.Prop] | None) -> object:
        if props is None:
            return None
        data = vcard.card_data(props)
        try:
            cand = vcard.build_candidate(data, 1, TODAY, [])
        except ValueError as exc:
            return ("skipped", str(exc))
        contact = cand.contact.to_dict()
        del contact["id"]
        return contact, [n.text for n in cand.notes]

    return outcome(vcard.fast_props(text)), outcome(vcard.vobject_props(text, 1, []))


def test_fast_path_agrees_with_vobject_on_fixture_cards() -> None:
    accepted = 0
    for path in sorted(FIXTURES.glob("*.vcf")):
        cards, _ = vcard.split_cards(path.read_bytes())
        for raw in cards:
            try:
                text = vcard.decode_card(raw)
            except ValueError:
                continue
            fast, slow = both_ways(text)
            if fast is not None:
                accepted += 1
                assert fast == slow, (path.name, raw.line)
    assert accepted >= 6


def test_fast_path_refuses_what_it_does_not_handle() -> None:
    plain = card("FN:Plain", "EMAIL;TYPE=work,internet:p@x.example").decode()
    assert vcard.fast_props(plain) is not None
    for lines, version in [
        (("FN:Old",), "2.1"),
        (("FN;ENCODING=QUOTED-PRINTABLE:Caf=C3=A9",), "3.0"),
        (("FN;CHARSET=UTF-8:Café",), "3.0"),
        (('EMAIL;TYPE="work,internet":q@x.example', "FN:Q"), "4.0"),
        (("FN:No colon", "garbage"), "3.0"),
    ]:
        assert vcard.fast_props(card(*lines, version=version).decode()) is None, lines
    assert vcard.fast_props("BEGIN:VCARD\r\nFN:No version\r\nEND:VCARD\r\n") is None


@pytest.mark.skipif(not MAKE_NETWORK.exists(), reason="make_network.py not available")
def test_fast_path_agrees_with_vobject_on_generated_network() -> None:
    out = subprocess.run([sys.executable, str(MAKE_NETWORK), "--contacts", "400", "--format",
                          "vcard", "--seed", "3"], capture_output=True, check=True).stdout
    cards, issues = vcard.split_cards(out)
    assert len(cards) == 400 and not issues
    for raw in cards:
        fast, slow = both_ways(vcard.decode_card(raw))
        assert fast is not None and fast == slow, raw.line


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(
    list(",;:\\\"\n ")), max_size=120)


def _escape(value: str) -> str:
    return (value.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,")
            .replace(";", "\\;"))


def _fold(line: str) -> str:
    """Fold at 74 octets. A continuation that is only whitespace is avoided: vobject reads
    such a line as a blank line ending the property (RFC 6350 says it continues it; the
    fast path does), so the two would legitimately differ there."""
    out, cur = [], ""
    for ch in line:
        if len((cur + ch).encode()) > 74 and not cur.isspace():
            out.append(cur)
            cur = ""
        cur += ch
    if cur.isspace() and out:
        out[-1] += cur
    else:
        out.append(cur)
    return "\r\n ".join(out)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fn=_text, note=_text, org=st.lists(_text, min_size=1, max_size=3),
       cats=st.lists(_text, max_size=3), raw_note=_text)
def test_fast_path_agrees_with_vobject_on_random_values(fn: str, note: str, org: list[str],
                                                        cats: list[str], raw_note: str) -> None:
    lines = [f"FN:{_escape(fn)}", f"NOTE:{_escape(note)}", f"ORG:{';'.join(map(_escape, org))}",
             f"CATEGORIES:{','.join(map(_escape, cats))}",
             # a sloppy writer: commas and semicolons unescaped, but no newline
             "NOTE:" + raw_note.replace("\n", " ").replace("\\", "/").replace("\r", " ")]
    text = card(*(_fold(line) for line in lines)).decode()
    fast, slow = both_ways(text)
    assert fast is not None
    assert fast == slow

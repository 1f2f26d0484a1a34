"""vCard import on what real producers write (files in tests/fixtures/vcards, sources in
the README there): iOS's CR CR LF, nested AGENT cards, every URL, ORG, TITLE and ROLE,
system groups, values that are no e-mail or phone, folding inside a character — and the
fast tokenizer agreeing with vobject's on every real card it accepts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_import_vcard import both_ways, card, one

from cockpit.importers import vcard
from cockpit.importers.base import ParseResult
from cockpit.model import Birthday

TODAY = dt.date(2026, 11, 21)

REAL = Path(__file__).parent / "fixtures" / "vcards"


def parse_real(name: str) -> ParseResult:
    return vcard.parse((REAL / name).read_bytes(), TODAY)


@pytest.mark.parametrize("name", ["ez-vcard/John_Doe_IPHONE.vcf", "aosp-vcard/v30_ios_613_multiline.vcf"])
def test_ios_lines_ending_cr_cr_lf_are_read_whole(name: str) -> None:
    assert b"END:VCARD\r\r\n" in (REAL / name).read_bytes()  # what iOS 5 and 6 wrote
    result = parse_real(name)
    assert not result.skipped and len(result.candidates) == 1
    c = result.candidates[0].contact
    assert c.emails and c.phones and c.company  # every property after the first line too


def test_ios_card_as_read() -> None:
    c = parse_real("ez-vcard/John_Doe_IPHONE.vcf").candidates[0].contact
    assert c.name == "Mr. John Richter James Doe Sr."
    assert (c.company, c.role, c.emails) == ("IBM", "Money Counter", ["john.doe@ibm.com"])
    assert c.phones[0] == "905-555-1234" and len(c.phones) == 7
    assert c.websites == ["http://www.ibm.com"] and c.birthday == Birthday(6, 6, 2012)


def test_classic_mac_bare_cr_line_ends() -> None:
    data = card("FN:Old Mac", "EMAIL:m@x.example", "NOTE:two\\nlines").replace(b"\r\n", b"\r")
    got = vcard.parse(data, TODAY).candidates[0]
    assert (got.contact.name, got.contact.emails) == ("Old Mac", ["m@x.example"])
    assert got.notes[0].text == "two\nlines"


def test_nested_cards_are_contacts_of_their_own_and_reported() -> None:
    result = parse_real("aosp-vcard/v21_nest.vcf")  # Android's test of 2.1 nesting
    assert not result.skipped
    parent, nest1, nest2 = (c.contact for c in result.candidates)
    assert (parent.name, nest1.name, nest2.name) == ("parent", "nest1", "nest2")
    assert parent.phones == ["1"]  # the line after the nested cards belongs to the parent
    assert [n.text for n in result.candidates[0].notes] == ["Agent: nest1", "Agent: nest2"]
    assert [(d.line, d.name) for d in result.doubtful] == [(4, "nest1"), (8, "nest2")]
    assert all("nested inside the card of line 1" in d.reason for d in result.doubtful)


def test_agent_cards_of_vcard_2_1_nested_twice() -> None:
    # the form ez-vcard's reader tests: AGENT: then the card on the following lines
    data = (b"BEGIN:VCARD\r\nVERSION:2.1\r\nAGENT:\r\nBEGIN:VCARD\r\nVERSION:2.1\r\n"
            b"FN:Agent 007\r\nAGENT:\r\nBEGIN:VCARD\r\nVERSION:2.1\r\nFN:Agent 009\r\n"
            b"END:VCARD\r\nEND:VCARD\r\nFN:John Doe\r\nEND:VCARD\r\n")
    result = vcard.parse(data, TODAY)
    assert not result.skipped
    names = [c.contact.name for c in result.candidates]
    assert names == ["John Doe", "Agent 007", "Agent 009"]
    notes = {c.contact.name: [n.text for n in c.notes] for c in result.candidates}
    assert notes["John Doe"] == ["Agent: Agent 007"] and notes["Agent 007"] == ["Agent: Agent 009"]
    assert {(d.name, d.line) for d in result.doubtful} == {("Agent 007", 4), ("Agent 009", 8)}


def test_agent_card_beginning_on_the_agent_line() -> None:
    data = (b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Boss\r\nAGENT:BEGIN:VCARD\r\nN:Jenny\r\n"
            b"END:VCARD\r\nTEL:+34 600 000 000\r\nEND:VCARD\r\n")
    result = vcard.parse(data, TODAY)
    assert not result.skipped
    boss, jenny = (c.contact for c in result.candidates)
    assert (boss.name, boss.phones, jenny.name) == ("Boss", ["+34 600 000 000"], "Jenny")
    assert [(d.line, d.name) for d in result.doubtful] == [(4, "Jenny")]


def test_agent_card_inline_in_vcard_3_0() -> None:
    data = card("AGENT:BEGIN:VCARD\\nVERSION:3.0\\nFN:Susan Thomas\\nTEL:+1-919-555-1234\\n"
                "EMAIL\\;INTERNET:sthomas@host.com\\nEND:VCARD\\n", "FN:Boss")
    result = vcard.parse(data, TODAY)
    boss, susan = (c.contact for c in result.candidates)
    assert (boss.name, susan.name) == ("Boss", "Susan Thomas")
    assert (susan.phones, susan.emails) == (["+1-919-555-1234"], ["sthomas@host.com"])
    assert [n.text for n in result.candidates[0].notes] == ["Agent: Susan Thomas"]
    assert "nested inside" in result.doubtful[0].reason


def test_agent_that_is_text_is_a_memo() -> None:
    result = parse_real("aosp-vcard/v21_winmo_65.vcf")  # Windows Mobile 6.5
    assert [n.text for n in result.candidates[0].notes] == [
        "Agent: Invalid line which must be handled correctly."]


def test_every_url_is_kept() -> None:
    c = parse_real("ez-vcard/gmail-single2.vcf").candidates[0].contact  # Gmail: six URLs
    assert c.websites == [f"http://www.example{i}.com" for i in range(1, 7)]
    full = parse_real("ez-vcard/fullcontact.vcf").candidates[0].contact
    assert full.websites == ["http://www.homepage.com", "http://www.blog.com",
                             "http://www.other.com", "http://www.custom.com"]
    tb = parse_real("ez-vcard/thunderbird-MoreFunctionsForAddressBook-extension.vcf")
    assert tb.candidates[0].contact.websites == ["http://www.private-webpage.com",
                                                 "http://www.work-webpage.com"]


def test_profiles_become_handles_and_a_second_profile_a_website() -> None:
    got = one("FN:Two Profiles", "URL:https://www.linkedin.com/in/first",
              "URL:https://twitter.com/tw", "URL:https://www.linkedin.com/in/second/",
              "URL:https://LinkedIn.com/in/First/", "URL:https://example.org/me")
    assert got.contact.handles == {"linkedin": "https://www.linkedin.com/in/first",
                                   "twitter": "https://twitter.com/tw"}
    assert got.contact.websites == ["https://www.linkedin.com/in/second/", "https://example.org/me"]


def test_every_org_title_and_role_is_kept() -> None:
    full = parse_real("ez-vcard/fullcontact.vcf").candidates[0]
    assert (full.contact.company, full.contact.role) == ("Organization1", "Title1")
    texts = [n.text for n in full.notes]
    assert "Department: Department1" in texts
    assert "Organization: Organization2 / Department2" in texts and "Title: Title2" in texts
    outlook = parse_real("ez-vcard/John_Doe_MS_OUTLOOK.vcf").candidates[0]
    assert outlook.contact.role == "Money Counter"
    assert "Role: Counting Money" in [n.text for n in outlook.notes]  # ROLE next to TITLE
    android = parse_real("aosp-vcard/v21_pref_handling.vcf").candidates[0]
    assert (android.contact.company, android.contact.role) == ("Company", "Engineer")
    assert {"Organization: Mystery", "Organization: Poetry", "Title: Blogger",
            "Title: Poet"} <= {n.text for n in android.notes}


def test_system_groups_are_not_tags_and_are_reported() -> None:
    result = parse_real("ez-vcard/John_Doe_ANDROID.vcf")
    assert all(c.contact.tags == [] for c in result.candidates)
    assert "system groups not kept as tags: My Contacts ×3" in result.notices
    got = one("FN:Starred", "CATEGORIES:Starred in Android,Friends,* myContacts,System Group: My Contacts")
    assert got.contact.tags == ["Friends"]


def test_values_that_are_no_email_or_phone_become_memos_with_a_report_line() -> None:
    result = parse_real("evolution-data-server/5.vcf")  # TELs of CJK text
    [cand] = result.candidates
    assert cand.contact.phones == [] and cand.contact.emails == ["weird@weird.com"]
    assert [n.text for n in cand.notes].count("Phone (no digits): 十城目管理大型知座") == 1
    assert len([d for d in result.doubtful if "has no digits" in d.reason]) == 4
    result = parse_real("ez-vcard/John_Doe_ANDROID.vcf")
    bob = next(c for c in result.candidates if "bob@company.com" in c.contact.emails)
    assert "E-mail (not an address): ÑÑÑÑÑÑÑÑÑÑÑÑÑÑ" in [n.text for n in bob.notes]
    assert any("is not an e-mail address" in d.reason for d in result.doubtful)
    result = parse_real("ez-vcard/outlook-2003.vcf")
    assert result.candidates[0].contact.phones == []
    assert {"Phone (no digits): BusinessPhone", "Phone (no digits): MobilePhone"} <= {
        n.text for n in result.candidates[0].notes}


def test_what_cockpit_has_no_field_for_is_named_in_one_notice() -> None:
    result = parse_real("kcontacts/vcard5.vcf")
    [notice] = [n for n in result.notices if n.startswith("not imported")]
    for name in ("PHOTO", "LOGO", "SOUND", "NICKNAME", "GEO", "ADR after the first",
                 "X-KADDRESSBOOK-X-ANNIVERSARY"):
        assert name in notice, name


def test_lines_folded_inside_a_utf8_character_are_read() -> None:
    result = parse_real("kcontacts/vcard9.vcf")  # ownCloud cut a character in two
    assert not result.skipped
    assert result.candidates[0].contact.name.startswith("βγδεαβγδ1")
    assert "Длинный комментарий" in result.candidates[0].notes[0].text


def test_fast_path_agrees_with_vobject_on_real_cards() -> None:
    accepted = 0
    for path in sorted(REAL.rglob("*.vcf")):
        cards, _ = vcard.split_cards(vcard.normalise(path.read_bytes()))
        for raw in cards:
            try:
                text = vcard.decode_card(raw)
            except ValueError:
                continue
            fast, slow = both_ways(text)
            if fast is not None:
                accepted += 1
                assert fast == slow, (path.name, raw.line)
    assert accepted >= 8


def test_cards_nested_very_deep_are_read_not_a_crash() -> None:
    depth = 1200  # deeper than Python's recursion limit
    data = b"".join(b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Level %d\r\n" % i for i in range(depth))
    data += b"END:VCARD\r\n" * depth
    result = vcard.parse(data, TODAY)
    assert len(result.candidates) == depth and not result.skipped
    assert [c.contact.name for c in result.candidates[:3]] == ["Level 0", "Level 1", "Level 2"]
    assert len(result.doubtful) == depth - 1  # every nesting reported

"""P8: `draft --tag` as a pure function — one draft per person, each from their own
mention, in their language, worded differently across the batch; who was skipped, why."""

from __future__ import annotations

import datetime as dt

import pytest

from cockpit import demo
from cockpit import drafting as d
from cockpit.model import Ask, Contact, Note, ValidationError

TODAY = dt.date(2026, 11, 22)
UPDATE = "I'm starting a data consultancy for NGOs"


def crowd() -> tuple[list[Contact], list[Note], list[Ask]]:
    people, notes, asks = [], [], []
    for i in range(9):
        c = Contact(name=f"Person {i:02d}", id=f"p{i}", tags=["Alumni"],
                    emails=[f"p{i}@example.com"], lang=("", "es", "it")[i % 3])
        people.append(c)
        notes.append(Note(c.id, f"topic number {i} about sailing", TODAY - dt.timedelta(days=i),
                          id=f"n{i}", kind=("talk", "post", "interest")[i % 3]))
    memo_only = Contact(name="Memo Only", id="memo", tags=["alumni"])
    nothing = Contact(name="Nothing Known", id="none", tags=["alumni"])
    archived = Contact(name="Gone Away", id="gone", tags=["alumni"], archived=True)
    no_mail = Contact(name="No Mail", id="nomail", tags=["alumni"])
    other = Contact(name="Other Tag", id="other", tags=["investors"])
    notes += [Note("memo", "Private: between jobs", TODAY, id="m1"),
              Note("gone", "a talk", TODAY, id="g1", kind="talk"),
              Note("nomail", "a podcast", TODAY, id="x1", kind="conversation"),
              Note("other", "a talk", TODAY, id="o1", kind="talk")]
    asks.append(Ask("p0", "feedback on our deck", TODAY, offer="a pilot"))
    return [*people, memo_only, nothing, archived, no_mail, other], notes, asks


def test_one_personal_draft_each_with_their_own_mention_and_who_was_skipped() -> None:
    people, notes, asks = crowd()
    batch = d.draft_batch(d.BUILTIN_TEMPLATES["update"], "ALUMNI", people, notes, asks=asks,
                          my_update=UPDATE)
    names = [b.contact.name for b in batch.drafts]
    assert names == ["No Mail"] + [f"Person {i:02d}" for i in range(9)]  # by name
    for b in batch.drafts:
        own = next(n for n in notes if n.contact_id == b.contact.id)
        assert b.composed.hook == own and own.text in b.composed.text
        assert b.composed.language == (b.contact.lang or "en")
        others = [n.text for n in notes if n.contact_id != b.contact.id]
        assert not any(t in b.composed.text for t in others if len(t) > 8)
    assert "Private" not in " ".join(b.composed.text for b in batch.drafts)
    skipped = {s.contact.id: s.reason for s in batch.skipped}
    assert set(skipped) == {"memo", "none", "gone"}
    assert skipped["memo"].startswith("no mention to personalise from: only private memos")
    assert skipped["none"].startswith("no mention to personalise from (add one")
    assert skipped["gone"] == "archived"
    assert batch.failed == []
    data = batch.to_json()
    assert list(data) == ["tag", "template", "drafts", "skipped"]
    assert data["skipped"][0] == {"contact": "Gone Away", "contact_id": "gone",
                                  "reason": "archived"}


def test_the_wording_varies_across_the_batch_and_stays_put_for_each_person() -> None:
    people, notes, _ = crowd()
    first = d.draft_batch(d.BUILTIN_TEMPLATES["reconnect"], "alumni", people, notes)
    again = d.draft_batch(d.BUILTIN_TEMPLATES["reconnect"], "alumni", people, notes)
    assert [b.composed.text for b in first.drafts] == [b.composed.text for b in again.drafts]
    openings = {b.composed.text.split(".")[0].split("!")[0].replace(b.contact.name.split()[0],
                                                                     "X")
                for b in first.drafts}
    assert len(openings) >= 3  # not one skeleton sent to everyone
    # A draft of one person is the same as that person's draft in the batch.
    one = first.drafts[0]
    alone = d.compose(d.BUILTIN_TEMPLATES["reconnect"],
                      d.make_context(one.contact, [n for n in notes
                                                   if n.contact_id == one.contact.id]))
    assert alone.text == one.composed.text


def test_channel_asks_and_typed_values() -> None:
    people, notes, asks = crowd()
    by_mail = d.draft_batch(d.BUILTIN_TEMPLATES["reconnect"], "alumni", people, notes,
                            channel="email")
    assert {s.contact.id: s.reason for s in by_mail.skipped}["nomail"] == \
        "no e-mail address for email"
    assert all(b.composed.channel == "email" for b in by_mail.drafts)
    ask = d.draft_batch(d.BUILTIN_TEMPLATES["ask"], "alumni", people, notes, asks=asks)
    assert [b.contact.id for b in ask.drafts] == ["p0"]
    assert "feedback on our deck" in ask.drafts[0].composed.text
    assert ask.drafts[0].ask is asks[0]
    assert {s.reason for s in ask.skipped} >= {"no open ask (plan one: cockpit ask NAME WHAT)"}
    with pytest.raises(ValidationError, match="--my-update"):
        d.draft_batch(d.BUILTIN_TEMPLATES["update"], "alumni", people, notes)
    with pytest.raises(ValidationError, match="cockpit intro"):
        d.draft_batch(d.BUILTIN_TEMPLATES["intro-request"], "alumni", people, notes)
    with pytest.raises(ValidationError, match="no contact is tagged 'nobody'"):
        d.draft_batch(d.BUILTIN_TEMPLATES["update"], "nobody", people, notes, my_update="x")


def test_a_batch_over_the_demo_network_reads_in_each_persons_language() -> None:
    net = demo.generate(today=TODAY, contacts=400, seed=7)
    batch = d.draft_batch(d.BUILTIN_TEMPLATES["reconnect"], "python", net["contacts"],
                          net["notes"], asks=net["asks"], followups=net["followups"])
    assert len(batch.drafts) > 20 and batch.skipped
    langs = {b.composed.language for b in batch.drafts}
    assert langs == {"en", "es", "it"}
    assert all(b.composed.ok for b in batch.drafts)
    skeletons = {b.composed.text.replace(d.values(b.ctx, batch.template)["mention"], "")
                 .replace(d.greeting_name(b.contact), "X") for b in batch.drafts}
    assert len(skeletons) >= 6  # the wordings of three languages, several each
    memos = {n.text for n in net["notes"] if n.kind == "memo"}
    assert not any(m in b.composed.text for b in batch.drafts for m in memos)

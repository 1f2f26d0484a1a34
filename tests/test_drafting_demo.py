"""The demo network drafts well from the first key: people written to in Spanish and
Italian, notes that are mentions of several kinds or private memos, and the draft each of
the curated cast gets (the template that fits them today) ready to send in their language."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from cockpit import demo
from cockpit import drafting as d
from cockpit.settings import Settings

TODAY = dt.date(2026, 11, 22)


def first_draft(net: dict[str, list], contact_id: str) -> tuple[str, d.Composed]:
    """What `w` drafts for a contact: the template that fits today, from their notes."""
    c = next(p for p in net["contacts"] if p.id == contact_id)
    for i in net["interactions"]:  # what the store keeps up to date on each contact
        if i.contact_id == c.id and i.date > c.seen.get(i.kind, dt.date.min):
            c.seen[i.kind] = i.date
    followups = [f for f in net["followups"] if f.contact_id == c.id]
    asks = sorted((a for a in net["asks"] if a.contact_id == c.id), key=lambda a: a.created)
    name, _ = d.suggest_template(c, followups=followups, asks=asks, today=TODAY,
                                 settings=Settings())
    introducer = next((p for p in net["contacts"] if p.id == c.introduced_by), None)
    ctx = d.make_context(c, net["notes"], ask=asks[0] if asks else None, introducer=introducer,
                         followups=followups)
    return name, d.compose(d.BUILTIN_TEMPLATES[name], ctx)


def test_the_demo_speaks_three_languages_with_mentions_and_memos() -> None:
    net = demo.generate(today=TODAY, contacts=60, seed=7)
    langs = Counter(c.lang or "en" for c in net["contacts"])
    assert langs["es"] >= 5 and langs["it"] >= 5 and langs["en"] >= 20
    kinds = Counter(n.kind for n in net["notes"])
    assert set(kinds) == {"memo", *d.MENTION_KINDS}  # every kind appears at 60 contacts
    by_id = {c.id: c for c in net["contacts"]}
    for lang in ("es", "it"):
        mentions = {n.kind for n in net["notes"] if n.kind != "memo"
                    and by_id[n.contact_id].lang == lang}
        assert len(mentions) >= 4, (lang, mentions)


def test_the_cast_gets_a_draft_ready_to_send_in_their_language() -> None:
    net = demo.generate(today=TODAY, contacts=60, seed=7)
    cast = net["contacts"][:13]
    seen: dict[str, list[str]] = {}
    memos = {n.text for n in net["notes"] if n.kind == "memo"}
    for c in cast:
        name, out = first_draft(net, c.id)
        lang = c.lang or "en"
        assert out.language == lang
        assert not any(m in out.text for m in memos), out.text
        if name not in ("update", "ask"):  # these need what you type (news, an offer)
            assert out.ok and out.hook is not None, (c.name, name, out.text, out.problems)
            assert d.NO_HOOK not in {p.code for p in out.problems}
        seen.setdefault(lang, []).append(name)
    # A good first draft in each language, of the kinds the morning shows first.
    assert {"birthday", "nudge"} <= set(seen["es"])
    assert "birthday" in seen["it"]
    assert {"follow-up-after-meeting", "reconnect", "follow-up"} <= set(seen["en"])


def test_the_demo_is_deterministic_and_keeps_its_size() -> None:
    one = demo.generate(today=TODAY, contacts=500, seed=3)
    two = demo.generate(today=TODAY, contacts=500, seed=3)
    assert [(n.id, n.text, n.kind) for n in one["notes"]] == \
        [(n.id, n.text, n.kind) for n in two["notes"]]
    assert [(c.name, c.lang, c.met_at) for c in one["contacts"]] == \
        [(c.name, c.lang, c.met_at) for c in two["contacts"]]
    assert len(one["contacts"]) == 500 and len(one["interactions"]) == 2500
    other = demo.generate(today=TODAY, contacts=500, seed=4)
    assert [c.name for c in other["contacts"]] != [c.name for c in one["contacts"]]

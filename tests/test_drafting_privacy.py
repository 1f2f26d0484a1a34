"""Memos are private: never quoted by any template, channel or language, and a draft that
carries one (pasted by hand) is flagged — an error on a public channel. Family and travel
mentions stay off public channels too."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cockpit import drafting as d
from cockpit.drafting import lang_en, lang_es, lang_it
from cockpit.model import Ask, Contact, FollowUp, Note, fold

TODAY = dt.date(2026, 11, 22)
TOPICS = {"en": "observability at PyCon ES", "es": "observabilidad en PyCon ES",
          "it": "l'osservabilità a PyCon ES"}


def network(lang: str, memos: list[str]) -> tuple[Contact, list[Note], dict]:
    c = Contact(name="Åsa Lefèvre", id=f"asa-{lang}", lang=lang, how_met="in-person",
                met_at="PyCon ES", seen={"like": TODAY, "comment": TODAY, "share": TODAY,
                                         "invite-sent": dt.date(2026, 11, 1)})
    notes = [Note(c.id, TOPICS[lang], TODAY - dt.timedelta(days=3), id="talk", kind="talk")]
    notes += [Note(c.id, text, TODAY - dt.timedelta(days=i), id=f"memo{i}")
              for i, text in enumerate(memos)]
    extra = {"ask": Ask(c.id, "feedback on our pitch deck", TODAY, offer="a free pilot"),
             "target": Contact(name="Chloé Dubois"),
             "followups": [FollowUp(c.id, TODAY, "send the slides")],
             "why": "design systems", "my_update": "we launched"}
    return c, notes, extra


# A template of your own that uses every placeholder there is.
EVERYTHING = d.parse_template("everything", " ".join("{" + p + "}" for p in d.PLACEHOLDERS))


def drafts(lang: str, memos: list[str]):
    """Every built-in template, and one using every placeholder, on every channel, with
    these memos about the person."""
    c, notes, extra = network(lang, memos)
    ctx = d.make_context(c, notes, **extra)
    for template in (*d.BUILTIN_TEMPLATES.values(), EVERYTHING):
        for channel in d.CHANNELS:
            yield template, channel, ctx, d.compose(template, ctx, channel)


# Words no wording uses, so that finding them in a draft can only mean a memo leaked.
_VOCABULARY = {w for module in (lang_en, lang_es, lang_it)
               for text in [t for v in module.TEMPLATES.values() for _, ws in v for t in ws]
               + [t for moods in module.MENTIONS.values() for ws in moods.values() for t in ws]
               for w in re.findall(r"\w+", fold(text))}
_VOCABULARY |= {w for text in (*TOPICS.values(), "Åsa Lefèvre Chloé Dubois feedback on our "
                               "pitch deck a free pilot design systems we launched send the "
                               "slides november noviembre novembre")
                for w in re.findall(r"\w+", fold(text))}

word = st.text(st.characters(categories=("Ll", "Lu")), min_size=1, max_size=10).filter(
    lambda w: fold(w) not in _VOCABULARY and re.fullmatch(r"\w+", fold(w)) is not None)
memo_text = st.lists(word, min_size=1, max_size=12).map(" ".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lang=st.sampled_from(("en", "es", "it")), memos=st.lists(memo_text, min_size=1,
                                                                  max_size=3))
def test_no_draft_of_any_template_channel_or_language_quotes_a_memo(lang: str,
                                                                    memos: list[str]) -> None:
    without = {(t.name, ch): out.text for t, ch, _, out in drafts(lang, [])}
    for template, channel, _, out in drafts(lang, memos):
        text = fold(out.text)
        words = re.findall(r"\w+", text)
        assert out.text == without[(template.name, channel)]  # memos change nothing
        for memo in memos:
            assert not re.search(rf"(?<!\w){re.escape(fold(memo))}(?!\w)", text)
            memo_words = re.findall(r"\w+", fold(memo))
            runs = {tuple(memo_words[i:i + 5]) for i in range(max(1, len(memo_words) - 4))}
            for run in runs:
                n = len(run)
                assert not any(tuple(words[i:i + n]) == run for i in range(len(words))), run
        assert d.MEMO_QUOTED not in {p.code for p in out.problems}


@settings(max_examples=25, deadline=None)
@given(memo=st.lists(word, min_size=2, max_size=12).map(" ".join),
       lang=st.sampled_from(("en", "es", "it")))
def test_a_memo_pasted_into_a_draft_is_flagged(memo: str, lang: str) -> None:
    c, notes, extra = network(lang, [memo])
    ctx = d.make_context(c, notes, **extra)
    template = d.BUILTIN_TEMPLATES["reconnect"]
    text = d.render(template, ctx)
    words = memo.split()
    pasted = " ".join(words[:5]) if len(words) >= 5 else memo
    shouted = pasted.upper()  # case does not hide it (unless upper-casing changes letters,
    if fold(shouted) != fold(pasted):  # as Greek ᾀ → ἈΙ does)
        shouted = pasted
    edited = f"{text} {shouted}"
    private = [p for p in d.check(edited, ctx, template, "email") if p.code == d.MEMO_QUOTED]
    public = [p for p in d.check(edited, ctx, template, "twitter-public")
              if p.code == d.MEMO_QUOTED]
    assert [p.level for p in private] == [d.WARNING]
    assert [p.level for p in public] == [d.ERROR]


def test_the_issue_example_asa_memo_never_reaches_her_ask_or_a_public_birthday() -> None:
    memo = "Asked about our API pricing; follow up with the new tiers"
    c, notes, extra = network("en", [memo])
    ctx = d.make_context(c, notes, **extra)
    ask = d.compose(d.BUILTIN_TEMPLATES["ask"], ctx)
    assert "pricing" not in ask.text and ask.ok
    bday = d.compose(d.BUILTIN_TEMPLATES["birthday"], ctx, "twitter-public")
    assert "pricing" not in bday.text and bday.ok
    # Pasted by hand into the public post: an error naming the memo.
    pasted = bday.text + " Asked about our API pricing; follow up with the new tiers."
    problems = d.check(pasted, ctx, d.BUILTIN_TEMPLATES["birthday"], "twitter-public")
    [leak] = [p for p in problems if p.code == d.MEMO_QUOTED]
    assert leak.level == d.ERROR and "Asked about our API" in leak.message
    # Five words in a row are enough, wherever they sit.
    half = bday.text + " They asked about our API pricing, I think."
    assert d.MEMO_QUOTED in {p.code for p in d.check(half, ctx, d.BUILTIN_TEMPLATES["birthday"],
                                                     "email")}
    # Four are not: "our API pricing" alone is an ordinary phrase.
    four = bday.text + " About our API pricing."
    assert d.MEMO_QUOTED not in {p.code for p in d.check(four, ctx,
                                                         d.BUILTIN_TEMPLATES["birthday"],
                                                         "email")}
    # The same for stored drafts (cockpit sent checks these).
    assert d.MEMO_QUOTED in {p.code for p in d.text_problems(pasted, "twitter-public",
                                                             [n for n in notes
                                                              if n.kind == "memo"])}


def test_a_short_memo_counts_whole_and_one_word_never_does() -> None:
    c, notes, _ = network("en", ["two kids", "Divorced"])
    ctx = d.make_context(c, notes)
    t = d.BUILTIN_TEMPLATES["reconnect"]
    codes = {p.code for p in d.check("Hi Åsa, how are the two kids?", ctx, t, "email")}
    assert d.MEMO_QUOTED in codes
    assert d.MEMO_QUOTED not in {p.code for p in d.check("Hi Åsa, divorced from PyCon?", ctx, t,
                                                         "email")}
    assert d.memo_runs("Divorced") == (0, [])


def test_wording_you_made_public_is_not_a_leak() -> None:
    """A memo that repeats a mention, where you met, or the ask is not flagged for it."""
    c, notes, extra = network("en", ["observability at PyCon ES was great"])
    ctx = d.make_context(c, notes, **extra)
    out = d.compose(d.BUILTIN_TEMPLATES["reconnect"], ctx)
    assert d.MEMO_QUOTED not in {p.code for p in out.problems}


@pytest.mark.parametrize("kind, topic", [("family", "the new baby"),
                                         ("travel", "her move to Berlin")])
def test_family_and_travel_stay_off_public_channels(kind: str, topic: str) -> None:
    c = Contact(name="Ana Ruiz", id="ana", how_met="in-person", met_at="PyCon ES")
    ctx = d.make_context(c, [Note(c.id, topic, TODAY, kind=kind)])
    for name in ("birthday", "reconnect"):
        public = d.compose(d.BUILTIN_TEMPLATES[name], ctx, "facebook-wall")
        [err] = [p for p in public.problems if p.code == d.PRIVATE_MENTION]
        assert err.level == d.ERROR and not public.ok and kind in err.message
        private = d.compose(d.BUILTIN_TEMPLATES[name], ctx, "whatsapp")
        assert d.PRIVATE_MENTION not in {p.code for p in private.problems}
    # Written by hand into a public post, in the words of the note, it is caught too.
    text = f"Happy birthday Ana! All the best with {topic}."
    assert d.PRIVATE_MENTION in {p.code for p in d.check(text, ctx, d.BUILTIN_TEMPLATES[
        "birthday"], "linkedin-post")}
    # A talk on a public channel is fine.
    talk = d.make_context(c, [Note(c.id, "observability", TODAY, kind="talk")])
    assert d.compose(d.BUILTIN_TEMPLATES["birthday"], talk, "twitter-public").ok

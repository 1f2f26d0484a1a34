"""drafting: templates, safe substitution, every problem code (fires / does not fire),
user templates, template suggestion and introduction ranking. Pure: no database.

Languages, privacy, batches and the whole template × language × kind matrix have their
own files (test_drafting_language / _privacy / _batch / _matrix)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cockpit import drafting as d
from cockpit.model import Ask, Birthday, Contact, FollowUp, Note, ValidationError

TODAY = dt.date(2026, 11, 22)


def nuria(**over: object) -> Contact:
    c = Contact(name="Núria Ibáñez", id="c-nuria", company="Telefónica I+D", role="CTO",
                how_met="in-person", met_at="PyCon ES", met_on=TODAY - dt.timedelta(days=1),
                emails=["nuria@example.com"], tags=["python", "madrid"])
    for k, v in over.items():
        setattr(c, k, v)
    return c


def niccolo(**over: object) -> Contact:
    c = Contact(name="Niccolò Di Stefano", id="c-nicco", company="Satispay", role="Founder",
                how_met="online", tags=["fintech"])
    for k, v in over.items():
        setattr(c, k, v)
    return c


def notes_for(c: Contact, *texts: str, kind: str = "talk") -> list[Note]:
    """Mentions newest first: texts[0] is the newest. "kind: text" sets another kind."""
    found = []
    for i, t in enumerate(texts):
        k, sep, rest = t.partition(": ")
        kind_i, text = (k, rest) if sep and k in (*d.MENTION_KINDS, "memo") else (kind, t)
        found.append(Note(c.id, text, TODAY - dt.timedelta(days=i * 10), id=f"n{i}",
                          kind=kind_i))
    return found


NURIA_NOTES = ("talk: observability with OpenTelemetry",
               "interest: running marathons in Valencia")


def ctx_nuria(**kw: object) -> d.DraftContext:
    c = kw.pop("contact", None) or nuria()
    return d.make_context(c, notes_for(c, *NURIA_NOTES), **kw)  # type: ignore[arg-type]


def codes(problems: list[d.Problem]) -> list[str]:
    return [p.code for p in problems]


def by_code(problems: list[d.Problem], code: str) -> list[d.Problem]:
    return [p for p in problems if p.code == code]


# ------------------------------------------------------------------------------ names

@pytest.mark.parametrize("name, expected", [
    ("Núria Ibáñez", "Núria"),
    ("Niccolò Di Stefano", "Niccolò"),
    ("María José de la Fuente", "María José"),
    ("de la Fuente", "de la Fuente"),
    ("De la Fuente", "De la Fuente"),
    ("van der Berg", "van der Berg"),
    ("Van Morrison", "Van"),
    ("Dr. Ana Ruiz", "Ana"),
    ("Ibáñez, Núria", "Núria"),
    ("Ana Ruiz, PhD", "Ana"),
    ("Søren", "Søren"),
    ("田中太郎", "田中太郎"),
    ("  Chloé   Dubois ", "Chloé"),
])
def test_first_name_does_not_assume_english_names(name: str, expected: str) -> None:
    assert d.first_name(name) == expected


# ------------------------------------------------------------------------------ templates render

REALISTIC = {
    "follow-up-after-meeting": {},
    "connection-invite": {},
    "birthday": {},
    "reconnect": {},
    "ask": {"ask": True},
    "intro-request": {"target": True, "why": "their payments roadmap"},
    "update": {"my_update": "I'm starting a data consultancy for NGOs"},
    "nudge": {},
    "follow-up": {"reason": "send her the slides from the workshop"},
}


@pytest.mark.parametrize("name", list(d.BUILTIN_TEMPLATES))
@pytest.mark.parametrize("who", ["nuria", "niccolo"])
def test_every_builtin_template_renders_for_a_realistic_contact(name: str, who: str) -> None:
    assert set(REALISTIC) == set(d.BUILTIN_TEMPLATES)
    c = nuria() if who == "nuria" else niccolo(relationship="ex-colleague", how_met="in-person",
                                               met_at="Codemotion Milano",
                                               birthday=Birthday(11, 24, 1980))
    spec = REALISTIC[name]
    ask = Ask(c.id, "feedback on our pitch deck", TODAY - dt.timedelta(days=30),
              offer="a free pilot of our analytics tool") if spec.get("ask") else None
    if ask or name == "intro-request":  # engaged with them after the ask (P3)
        c.seen = {"like": TODAY - dt.timedelta(days=20), "comment": TODAY - dt.timedelta(days=9),
                  "share": TODAY - dt.timedelta(days=2)}
    if name == "nudge":
        c.seen = {"invite-sent": dt.date(2026, 11, 3)}
    target = Contact(name="Chloé Dubois", id="c-chloe", company="Glovo") if spec.get("target") \
        else None
    followups = [FollowUp(c.id, TODAY, spec["reason"])] if spec.get("reason") else []
    ctx = d.make_context(c, notes_for(c, "travel: sailing in Menorca every August",
                                      "post: remote-first hiring",
                                      "memo: Hiring for the payments team; budget frozen"),
                         ask=ask, target=target, why=spec.get("why"),
                         my_update=spec.get("my_update"), followups=followups,
                         offer="our benchmark data" if name == "intro-request" else None)
    template = d.BUILTIN_TEMPLATES[name]
    out = d.compose(template, ctx)
    assert "{" not in out.text and "}" not in out.text, out.text
    assert out.text.startswith(("Hi ", "Hello ", "Happy birthday", "Many happy returns"))
    assert d.first_name(c.name) in out.text
    assert "sailing in Menorca every August" in out.text  # the newest mention is the hook
    assert out.hook is not None and out.hook.id == "n0" and out.language == "en"
    assert "payments team" not in out.text  # a memo is never quoted
    assert ": " not in out.text  # nothing pasted after a lead-in and a colon
    assert out.ok, out.problems
    # The only problems left for a well-known contact are not about the text.
    assert set(codes(list(out.problems))) <= {d.COLD_INVITE}
    assert template.purpose and template.kind and template.channel in d.CHANNELS
    if target:
        assert "Chloé Dubois" in out.text and "their payments roadmap" in out.text
    if name == "nudge":
        assert "on November 3" in out.text
    if name == "follow-up":
        assert "send you the slides from the workshop" in out.text


def test_drafting_again_gives_the_same_text_and_another_person_may_get_other_words() -> None:
    t = d.BUILTIN_TEMPLATES["reconnect"]
    texts = set()
    for i in range(12):
        c = nuria(id=f"c-{i}")
        first = d.render(t, d.make_context(c, notes_for(c, *NURIA_NOTES)))
        assert first == d.render(t, d.make_context(c, notes_for(c, *NURIA_NOTES)))
        texts.add(first)
    assert len(texts) >= 3  # a batch of twelve does not read as one skeleton


def test_builtin_texts_fit_a_free_linkedin_invitation_note_with_a_typical_hook() -> None:
    for name in ("follow-up-after-meeting", "connection-invite"):
        for i in range(8):  # whatever wording the person gets
            out = d.compose(d.BUILTIN_TEMPLATES[name], ctx_nuria(contact=nuria(id=f"c-{i}")))
            assert out.channel == "linkedin-invite"
            assert len(out.text) <= d.LINKEDIN_INVITE_FREE_LIMIT, out.text


def test_connection_invite_why_line_comes_from_the_link_or_reads_as_a_reason() -> None:
    t = d.BUILTIN_TEMPLATES["connection-invite"]
    intro = Contact(name="Ana Ruiz", id="c-ana")
    introduced = d.render(t, ctx_nuria(contact=nuria(met_at="", how_met="introduced"),
                                       introducer=intro))
    assert "Ana Ruiz" in introduced and ("suggested we connect" in introduced
                                         or "thought we should meet" in introduced)
    met = d.render(t, ctx_nuria())
    assert "met at PyCon ES" in met
    c = niccolo(id="c-alvaro", name="Álvaro Esposito")
    reason = d.render(t, d.make_context(c, why="your work on observability tooling"))
    assert "because of your work on observability tooling." in reason, reason
    sentence = d.render(t, d.make_context(c, why="we both work on delivery logistics"))
    assert "We both work on delivery logistics." in sentence, sentence
    typed = d.render(t, d.make_context(c, why="I liked your post on instant payments."))
    assert "! I liked your post on instant payments. " in typed, typed
    # Nothing to say why and nothing to mention: the why-line is asked for, never blank.
    out = d.compose(t, d.make_context(c))
    assert "{why}" in out.text and not out.ok


def test_hook_is_chosen_by_index_among_mentions_newest_first_whatever_the_input_order() -> None:
    c = nuria()
    notes = list(reversed(notes_for(c, *NURIA_NOTES, "memo: Private: going through a divorce")))
    t = d.BUILTIN_TEMPLATES["reconnect"]
    assert "OpenTelemetry" in d.render(t, d.make_context(c, notes))
    assert "marathons" in d.render(t, d.make_context(c, notes, hook=1))
    with pytest.raises(ValidationError, match="choose 1 to 2"):
        d.make_context(c, notes, hook=2)  # the memo is not a hook
    with pytest.raises(ValidationError, match="no mentions"):
        d.make_context(c, [], hook=1)
    with pytest.raises(ValidationError, match="memos are private"):
        d.make_context(c, [Note(c.id, "Secret", TODAY)], hook=1)
    # Another contact's notes are never used.
    other = Note("someone-else", "Secret about someone else", TODAY, kind="talk")
    assert "Secret" not in d.render(t, d.make_context(c, [other]))
    # updated() moves the hook round the mentions, keeping the rest of the context.
    ctx = d.make_context(c, notes, why="x")
    assert ctx.updated(hook=3).hook == 1 and ctx.updated(hook=3).extra == {"why": "x"}
    assert ctx.updated(hook=3).memos == ctx.memos


def test_hook_label_says_which_mention() -> None:
    c = nuria()
    ctx = d.make_context(c, notes_for(c, *NURIA_NOTES, "memo: private"))
    assert d.hook_label(ctx) == "talk: observability with OpenTelemetry (1/2)"
    assert d.hook_label(ctx.updated(hook=1)) == "interest: running marathons in Valencia (2/2)"
    assert d.hook_label(d.make_context(c, [Note(c.id, "x", TODAY)])) == \
        "no mention (memos stay private)"
    assert d.hook_label(d.make_context(c)) == "no mention"


def test_values_never_re_expand_and_keep_non_ascii_text() -> None:
    c = nuria()
    ctx = d.make_context(c, [Note(c.id, "Escribe sobre {company} y {0.__class__} — ñandú", TODAY,
                                  kind="post")])
    text = d.render(d.BUILTIN_TEMPLATES["reconnect"], ctx)
    assert "Escribe sobre {company} y {0.__class__} — ñandú" in text  # inserted as typed
    assert "Telefónica" not in text


# ------------------------------------------------------------------------------ injection

@pytest.mark.parametrize("evil", ["{0.__class__}", "{contact.__dict__}", "{first_name.__class__}",
                                  "{first_name!r}", "{first_name:>1000000}", "{__import__}",
                                  "{hook.__globals__}", "{values}", "{ctx}", "{NAME}"])
def test_template_injection_renders_harmlessly_and_is_flagged(evil: str) -> None:
    t = d.parse_template("evil", f"Hi {{first_name}}, {evil} about {{hook}}")
    ctx = ctx_nuria()
    text = d.render(t, ctx)
    assert text == f"Hi Núria, {evil} about observability with OpenTelemetry"
    problems = d.check(text, ctx, t, "email")
    unfilled = by_code(problems, d.UNFILLED)
    assert len(unfilled) == 1 and unfilled[0].level == d.ERROR
    assert "not a placeholder" in unfilled[0].message
    assert not d.compose(t, ctx, "email").ok


def test_user_template_file_with_injection_is_loaded_and_harmless(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "sneaky.txt").write_text(
        "Hola {first_name}! {0.__class__} {contact.__dict__} {first_name.__class__} {hook}\n",
        encoding="utf-8")
    t = d.get_template("sneaky", d.all_templates(d.load_user_templates(folder)))
    out = d.compose(t, ctx_nuria(), "email")
    assert out.text.startswith("Hola Núria! {0.__class__} {contact.__dict__} "
                               "{first_name.__class__} observability with")
    assert len(by_code(list(out.problems), d.UNFILLED)) == 3
    assert not out.ok


# ------------------------------------------------------------------------------ problem codes

def test_unfilled_placeholder_for_missing_values_names_the_fix() -> None:
    c = nuria(company="", met_at="")
    ctx = d.make_context(c, [])
    t = d.parse_template("x", "Hi {first_name} at {company}, {hook}, {my_update}, {target}")
    text = d.render(t, ctx)
    assert text == "Hi Núria at {company}, {hook}, {my_update}, {target}"  # never blanked
    msgs = [p.message for p in by_code(d.check(text, ctx, t, "email"), d.UNFILLED)]
    assert len(msgs) == 4
    assert any("{hook}" in m and "add a mention" in m for m in msgs)
    assert any("{my_update}" in m and "--my-update" in m for m in msgs)


@pytest.mark.parametrize("blank", ["Dear ___,", "Hi [name],", "Hola [nombre],", "Hi <name>,",
                                   "Ciao XXX,", "Dear _____ ___"])
def test_unfilled_placeholder_catches_blanks(blank: str) -> None:
    ctx = ctx_nuria()
    t = d.BUILTIN_TEMPLATES["reconnect"]
    problems = d.check(f"{blank} about OpenTelemetry", ctx, t, "email")
    assert d.UNFILLED in codes(problems)
    assert all(p.level == d.ERROR for p in by_code(problems, d.UNFILLED))


@pytest.mark.parametrize("fine", [
    "Write to <nuria@example.com> about OpenTelemetry",
    "See <https://example.com/talk> about OpenTelemetry",
    "As I said [1], OpenTelemetry rocks",
    "Read [my post](https://example.com) on OpenTelemetry",
    "OpenTelemetry xxx",  # kisses, not a blank
    "snake_case_name and OpenTelemetry",
])
def test_unfilled_placeholder_does_not_fire_on_ordinary_text(fine: str) -> None:
    assert d.UNFILLED not in codes(d.check(fine, ctx_nuria(), d.BUILTIN_TEMPLATES["reconnect"],
                                           "email"))


def test_no_hook_fires_without_anything_specific_and_not_with_a_note_or_event() -> None:
    t = d.BUILTIN_TEMPLATES["reconnect"]
    ctx = ctx_nuria()
    generic = "Hi Núria, it's been a while! How are things at Telefónica I+D as CTO? Let's catch up."
    p = by_code(d.check(generic, ctx, t, "email"), d.NO_HOOK)
    assert p and p[0].level == d.WARNING  # name, company and role are mail-merge, not personal
    # Any distinctive word from any note counts (accent- and case-insensitively).
    assert not by_code(d.check("Hi Núria! How was VALENCIA?", ctx, t, "email"), d.NO_HOOK)
    assert not by_code(d.check("Hi Núria, how is opentelemetry going?", ctx, t, "email"),
                       d.NO_HOOK)
    # Where you met counts too.
    assert not by_code(d.check("Hi Núria, since PyCon I wanted to write", ctx, t, "email"),
                       d.NO_HOOK)
    # Common words shared by a note and the text do not.
    assert by_code(d.check("Hi Núria, that was great", ctx, t, "email"), d.NO_HOOK)
    # A contact you know nothing about: the message says so.
    bare = d.make_context(niccolo())
    msg = by_code(d.check("Hi Niccolò", bare, t, "email"), d.NO_HOOK)[0].message
    assert "--kind conversation" in msg  # which kind of mention would make it personal


def test_no_hook_ignores_words_from_the_template_wording() -> None:
    c = nuria(met_at="")
    ctx = d.make_context(c, [Note(c.id, "Great chat about catching up more often", TODAY)])
    t = d.BUILTIN_TEMPLATES["reconnect"]  # "…I'd love to catch up." — "catch" is template wording
    text = "Hi Núria, it's been a while! How are things with you? I'd love to catch up."
    assert by_code(d.check(text, ctx, t, "email"), d.NO_HOOK)


def test_no_offer_for_ask_and_intro_request() -> None:
    c = nuria(seen={"like": TODAY, "comment": TODAY, "share": TODAY})
    ask = Ask(c.id, "feedback on our deck", TODAY - dt.timedelta(days=5))
    ctx = d.make_context(c, notes_for(c, *NURIA_NOTES), ask=ask)
    for name in ("ask", "intro-request"):
        out = d.compose(d.BUILTIN_TEMPLATES[name], ctx)
        warn = by_code(list(out.problems), d.NO_OFFER)
        assert warn and warn[0].level == d.WARNING
    with_offer = d.make_context(c, notes_for(c, *NURIA_NOTES), ask=ask,
                                offer="an intro to our Madrid investors")
    out = d.compose(d.BUILTIN_TEMPLATES["ask"], with_offer)
    assert not by_code(list(out.problems), d.NO_OFFER)
    # Editing the offer out of the text brings the warning back.
    edited = out.text.replace("an intro to our Madrid investors", "something")
    assert by_code(d.check(edited, with_offer, d.BUILTIN_TEMPLATES["ask"]), d.NO_OFFER)
    # Other templates never ask for an offer.
    assert not by_code(list(d.compose(d.BUILTIN_TEMPLATES["reconnect"], ctx).problems),
                       d.NO_OFFER)


def test_too_long_is_an_error_over_a_hard_limit_and_a_warning_over_a_soft_one() -> None:
    ctx = ctx_nuria()
    t = d.BUILTIN_TEMPLATES["connection-invite"]
    base = "Hi Núria, about OpenTelemetry: "
    assert not by_code(d.check(base + "x" * 100, ctx, t, "linkedin-invite"), d.TOO_LONG)
    soft = by_code(d.check(base + "y" * 200, ctx, t, "linkedin-invite"), d.TOO_LONG)
    assert soft and soft[0].level == d.WARNING and "free LinkedIn" in soft[0].message
    hard = by_code(d.check(base + "y" * 300, ctx, t, "linkedin-invite"), d.TOO_LONG)
    assert hard and hard[0].level == d.ERROR and "at most 300" in hard[0].message
    sms = by_code(d.check(base + "z" * 150, ctx, t, "sms"), d.TOO_LONG)
    assert sms and sms[0].level == d.WARNING
    assert by_code(d.check(base + "z" * 300, ctx, t, "twitter-public"), d.TOO_LONG)[0].level \
        == d.ERROR
    assert not by_code(d.check(base + "z" * 1400, ctx, t, "email"), d.TOO_LONG)


def test_public_channel_refuses_asks_and_intro_requests_only() -> None:
    c = nuria(seen={"like": TODAY, "comment": TODAY, "share": TODAY})
    ask = Ask(c.id, "feedback on our deck", TODAY, offer="a pilot")
    ctx = d.make_context(c, notes_for(c, *NURIA_NOTES), ask=ask, why="payments",
                         target=niccolo())
    for public in ("linkedin-post", "twitter-public", "facebook-wall"):
        for name in ("ask", "intro-request"):
            out = d.compose(d.BUILTIN_TEMPLATES[name], ctx, public)
            err = by_code(list(out.problems), d.PUBLIC_CHANNEL)
            assert err and err[0].level == d.ERROR and not out.ok
        # A birthday wish on someone's wall is fine.
        bday = d.compose(d.BUILTIN_TEMPLATES["birthday"], ctx, public)
        assert not by_code(list(bday.problems), d.PUBLIC_CHANNEL)
    for private in ("linkedin-message", "email", "whatsapp", "sms"):
        out = d.compose(d.BUILTIN_TEMPLATES["ask"], ctx, private)
        assert not by_code(list(out.problems), d.PUBLIC_CHANNEL)


def test_ask_before_engaging_names_the_next_step_and_counts_only_after_the_ask() -> None:
    created = TODAY - dt.timedelta(days=10)
    c = nuria(seen={"like": TODAY - dt.timedelta(days=40),  # before the ask: does not count
                    "comment": TODAY - dt.timedelta(days=3)})
    ask = Ask(c.id, "feedback on our deck", created, offer="a pilot")
    ctx = d.make_context(c, notes_for(c, *NURIA_NOTES), ask=ask)
    warn = by_code(list(d.compose(d.BUILTIN_TEMPLATES["ask"], ctx).problems),
                   d.ASK_BEFORE_ENGAGING)
    assert warn and warn[0].level == d.WARNING
    assert "next step: like" in warn[0].message and "to do: like, share" in warn[0].message
    # The same day as the ask counts (seen >= created, the agenda rule).
    c.seen = {"like": created, "comment": created, "share": TODAY}
    assert not by_code(list(d.compose(d.BUILTIN_TEMPLATES["ask"], ctx).problems),
                       d.ASK_BEFORE_ENGAGING)
    # A custom ladder.
    c.seen = {"like": TODAY}
    short = Ask(c.id, "coffee", created, offer="coffee's on me", steps=["like"])
    ctx2 = d.make_context(c, notes_for(c, *NURIA_NOTES), ask=short)
    assert not by_code(list(d.compose(d.BUILTIN_TEMPLATES["ask"], ctx2).problems),
                       d.ASK_BEFORE_ENGAGING)
    # Not an ask: no ladder check.
    c.seen = {}
    assert not by_code(list(d.compose(d.BUILTIN_TEMPLATES["reconnect"], ctx).problems),
                       d.ASK_BEFORE_ENGAGING)


def test_ask_before_engaging_without_a_recorded_ask_uses_the_default_ladder_at_any_time() -> None:
    c = nuria(seen={"like": TODAY - dt.timedelta(days=400)})
    ctx = d.make_context(c, notes_for(c, *NURIA_NOTES), what="a coffee", offer="a pilot")
    warn = by_code(list(d.compose(d.BUILTIN_TEMPLATES["ask"], ctx).problems),
                   d.ASK_BEFORE_ENGAGING)
    assert "next step: comment" in warn[0].message
    c.seen = {"like": TODAY, "comment": TODAY, "share": TODAY - dt.timedelta(days=700)}
    assert not by_code(list(d.compose(d.BUILTIN_TEMPLATES["ask"], ctx).problems),
                       d.ASK_BEFORE_ENGAGING)


@pytest.mark.parametrize("link", [
    {"how_met": "in-person"}, {"how_met": "introduced"}, {"introduced_by": "c-ana"},
    {"met_at": "ESADE alumni"}, {"relationship": "ex-colleague"}, {"relationship": "client"},
])
def test_cold_invite_does_not_fire_with_a_recorded_link(link: dict) -> None:
    c = niccolo(**link)
    ctx = d.make_context(c, notes_for(c, "Podcast on instant payments"), why="Loved the podcast.")
    assert not by_code(list(d.compose(d.BUILTIN_TEMPLATES["connection-invite"], ctx).problems),
                       d.COLD_INVITE)


def test_cold_invite_fires_for_an_invitation_to_a_stranger_only() -> None:
    c = niccolo(relationship="prospect", tags=["fintech", "investors"])
    ctx = d.make_context(c, notes_for(c, "Podcast on instant payments"), why="Loved the podcast.")
    warn = by_code(list(d.compose(d.BUILTIN_TEMPLATES["connection-invite"], ctx).problems),
                   d.COLD_INVITE)
    assert warn and warn[0].level == d.WARNING and "cockpit intro" in warn[0].message
    assert not by_code(list(d.compose(d.BUILTIN_TEMPLATES["reconnect"], ctx).problems),
                       d.COLD_INVITE)


def test_every_problem_code_is_covered() -> None:
    assert set(d.PROBLEM_CODES) == {"unfilled-placeholder", "no-hook", "no-offer", "too-long",
                                    "public-channel", "ask-before-engaging", "cold-invite",
                                    "memo-quoted", "private-mention", "language"}


def test_errors_come_first_and_problems_serialise() -> None:
    ctx = d.make_context(niccolo())
    out = d.compose(d.BUILTIN_TEMPLATES["ask"], ctx, "facebook-wall")
    levels = [p.level for p in out.problems]
    assert levels == sorted(levels, key=lambda lv: lv != d.ERROR)
    j = out.to_json(ctx.contact)
    assert list(j) == ["contact", "contact_id", "template", "channel", "text", "problems",
                       "language", "hook"]
    assert j["language"] == "en" and j["hook"] is None  # Niccolò has no mention
    assert all(set(p) == {"level", "code", "message"} for p in j["problems"])


def test_text_problems_need_only_text_and_channel() -> None:
    assert codes(d.text_problems("Hi {first_name}", "email")) == [d.UNFILLED]
    assert codes(d.text_problems("x" * 301, "linkedin-invite")) == [d.TOO_LONG]
    assert d.text_problems("Hi Núria, about Valencia", "email") == []


# ------------------------------------------------------------------------------ user templates

def test_user_templates_override_and_add(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "birthday.txt").write_text("¡Feliz cumpleaños, {first_name}! {hook} 🎂\n",
                                         encoding="utf-8")
    (folder / "caffè.txt").write_text(
        "# channel: whatsapp\n# purpose: invito a un caffè\n"
        "Ciao {first_name}, prendiamo un caffè? Penso a: {hook}\n# not a header any more\n",
        encoding="utf-8")
    (folder / "notes.md").write_text("ignored", encoding="utf-8")
    user = d.load_user_templates(folder)
    assert set(user) == {"birthday", "caffè"}
    available = d.all_templates(user)
    assert set(d.BUILTIN_TEMPLATES) | {"caffè"} == set(available)

    bday = d.get_template("birthday", available)
    assert bday.source.endswith("birthday.txt")
    assert bday.kind == "birthday-wish" and bday.channel == "whatsapp"  # inherited
    c = nuria()
    ctx = d.make_context(c, notes_for(c, "Corre maratones"))
    assert d.render(bday, ctx) == "¡Feliz cumpleaños, Núria! Corre maratones 🎂"

    caffe = d.get_template("Caffè", available)  # case-insensitive
    assert caffe.channel == "whatsapp" and caffe.purpose == "invito a un caffè"
    assert caffe.kind == "message" and not caffe.private
    assert d.render(caffe, ctx).endswith("Penso a: Corre maratones\n# not a header any more")


def test_user_template_based_on_a_builtin_gets_its_checks(tmp_path: Path) -> None:
    t = d.parse_template("coffee-ask", "# based-on: ask\nHi {first_name}, coffee? {what}")
    assert t.private and t.needs_offer and t.engage_first and t.kind == "ask"
    out = d.compose(t, ctx_nuria(), "facebook-wall")
    assert d.PUBLIC_CHANNEL in codes(list(out.problems))


@pytest.mark.parametrize("text, message", [
    ("# channel: fax\nHi", "unknown channel 'fax'"),
    ("# kind: smoke-signal\nHi", "unknown kind"),
    ("# based-on: nothing\nHi", "not a built-in"),
    ("# channel: email\n\n  \n", "no text"),
])
def test_bad_user_templates_are_clear_errors(tmp_path: Path, text: str, message: str) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "bad.txt").write_text(text, encoding="utf-8")
    with pytest.raises(d.TemplateError, match=message) as err:
        d.load_user_templates(folder)
    assert "bad.txt" in str(err.value)


def test_unreadable_user_template_names_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "latin1.txt").write_bytes("Hola se\xf1or".encode("latin-1"))
    with pytest.raises(d.TemplateError, match=r"latin1\.txt"):
        d.load_user_templates(folder)


def test_missing_template_folder_means_none_and_config_dir_is_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert d.load_user_templates(tmp_path / "nope") == {}
    monkeypatch.setenv("COCKPIT_CONFIG_DIR", str(tmp_path))
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "mine.txt").write_text("Hi {first_name}", encoding="utf-8")
    assert set(d.load_user_templates()) == {"mine"}


def test_unknown_template_lists_the_available_ones() -> None:
    with pytest.raises(d.TemplateError) as err:
        d.get_template("thank-you", d.all_templates({}))
    assert "thank-you" in str(err.value)
    for name in d.BUILTIN_TEMPLATES:
        assert name in str(err.value)

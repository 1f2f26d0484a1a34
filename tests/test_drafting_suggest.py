"""drafting: channels (privacy, limits, reaching the contact), which template fits a
contact today, what sending logs, and who can introduce you (P2). Pure: no database."""

from __future__ import annotations

import datetime as dt

import pytest
from test_drafting import TODAY, niccolo, notes_for, nuria

from cockpit import drafting as d
from cockpit.model import Ask, Birthday, Contact, FollowUp, Note, Origin, ValidationError

NURIA_NOTES = ("talk: observability with OpenTelemetry",
               "interest: running marathons in Valencia")


# ------------------------------------------------------------------------------ channels

def test_channels_have_privacy_and_limits() -> None:
    public = {n for n, c in d.CHANNELS.items() if c.public}
    assert public == {"linkedin-post", "twitter-public", "facebook-wall"}
    assert {"linkedin-message", "linkedin-invite", "email", "whatsapp", "sms"} <= set(d.CHANNELS)
    assert d.CHANNELS["linkedin-invite"].hard_limit == 300
    assert d.CHANNELS["sms"].soft_limit == 160 and d.CHANNELS["sms"].hard_limit is None
    with pytest.raises(ValidationError, match="choose from"):
        d.get_channel("carrier-pigeon")


def test_choose_channel_falls_back_when_the_contact_cannot_be_reached() -> None:
    birthday = d.BUILTIN_TEMPLATES["birthday"]  # whatsapp by default
    assert d.choose_channel(birthday, nuria()) == "linkedin-message"  # no phone
    assert d.choose_channel(birthday, nuria(phones=["+34 600"])) == "whatsapp"
    update = d.BUILTIN_TEMPLATES["update"]  # email by default
    assert d.choose_channel(update, nuria()) == "email"
    assert d.choose_channel(update, niccolo()) == "linkedin-message"


def test_sent_kind_follows_template_and_channel() -> None:
    t = d.BUILTIN_TEMPLATES
    assert d.sent_kind(t["follow-up-after-meeting"], "linkedin-invite") == "invite-sent"
    assert d.sent_kind(t["follow-up-after-meeting"], "email") == "email"
    assert d.sent_kind(t["connection-invite"], "linkedin-invite") == "invite-sent"
    assert d.sent_kind(t["birthday"], "whatsapp") == "birthday-wish"
    assert d.sent_kind(t["birthday"], "linkedin-invite") == "invite-sent"
    assert d.sent_kind(t["reconnect"], "linkedin-message") == "message"
    assert d.sent_kind(t["ask"], "email") == "ask"
    assert d.sent_kind(t["intro-request"], "linkedin-message") == "ask"
    assert d.interaction_channel("linkedin-invite") == "linkedin"


# ------------------------------------------------------------------------------ suggestion

def test_suggest_template_follows_the_contacts_situation() -> None:
    c = nuria()
    met = FollowUp(c.id, TODAY, origin=Origin.MET_IN_PERSON.value)
    assert d.suggest_template(c, followups=[met], today=TODAY)[0] == "follow-up-after-meeting"
    done = FollowUp(c.id, TODAY, origin=Origin.MET_IN_PERSON.value, state="done")
    c.seen = {"met": TODAY - dt.timedelta(days=1)}
    assert d.suggest_template(c, followups=[done], today=TODAY)[0] == "update"

    c.birthday = Birthday(11, 25, 1980)
    name, reason = d.suggest_template(c, today=TODAY)
    assert name == "birthday" and "3 days" in reason
    c.birthday = Birthday(12, 25, 1980)  # outside the 14-day window
    assert d.suggest_template(c, today=TODAY)[0] == "update"

    ask = Ask(c.id, "feedback", TODAY)
    assert d.suggest_template(c, asks=[ask], today=TODAY)[0] == "ask"
    ask.state = "asked"
    assert d.suggest_template(c, asks=[ask], today=TODAY)[0] == "update"

    c.seen = {"message": TODAY - dt.timedelta(days=200)}
    name, reason = d.suggest_template(c, today=TODAY)
    assert name == "reconnect" and "90 days" in reason

    stranger = niccolo()
    assert d.suggest_template(stranger, today=TODAY)[0] == "connection-invite"


def test_suggest_birthday_on_29_february_in_a_common_year() -> None:
    c = nuria(birthday=Birthday(2, 29, 1988))
    assert d.suggest_template(c, today=dt.date(2027, 2, 28))[0] == "birthday"


# ------------------------------------------------------------------------------ introductions

def test_introducers_ranked_best_first_with_reasons() -> None:
    target = Contact(name="Chloé Dubois", id="t", company="Glovo", met_at="BcnJS",
                     tags=["design", "madrid"], introduced_by="intro")
    introducer = Contact(name="Ana Ruiz", id="intro", company="Acme", tie="occasional")
    colleague = Contact(name="Íñigo Núñez", id="col", company="glovo ", tie="close")
    same_event = Contact(name="Søren Åberg", id="ev", met_at="bcnjs")
    tagged = Contact(name="Zoë Smith", id="tag", tags=["Design", "python"],
                     seen={"like": TODAY - dt.timedelta(days=3)})
    introduced_by_target = Contact(name="Pilar Puig", id="ibt", introduced_by="t")
    stranger = Contact(name="Björn Nagy", id="x", company="Hooli", tags=["python"])
    archived = Contact(name="Ezio Rossi", id="arch", company="Glovo", archived=True)
    people = [stranger, tagged, same_event, colleague, introducer, introduced_by_target,
              archived, target]
    ranked = d.introducers(target, people, TODAY)
    assert [k.contact.id for k in ranked] == ["intro", "ibt", "col", "ev", "tag"]
    assert ranked[0].reasons[0] == "introduced you to Chloé Dubois"
    assert "works at Glovo too" in ranked[2].reasons
    assert ranked[2].score == 50 + 15  # close tie bonus
    assert any("shares tag Design" in r for r in ranked[4].reasons)
    assert any("in touch recently" in r for r in ranked[4].reasons)
    assert len(d.introducers(target, people, TODAY, limit=2)) == 2


def test_introducers_ignore_generic_companies() -> None:
    target = Contact(name="A B", id="t", company="Freelance")
    other = Contact(name="C D", id="o", company="freelance")
    assert d.introducers(target, [target, other], TODAY) == []


def test_intro_request_draft_names_the_target() -> None:
    target = Contact(name="Chloé Dubois", id="t", company="Glovo")
    via = nuria(seen={"like": TODAY, "comment": TODAY, "share": TODAY})
    ctx = d.make_context(via, notes_for(via, *NURIA_NOTES), target=target,
                         why="design systems", offer="our component library")
    out = d.compose(d.BUILTIN_TEMPLATES["intro-request"], ctx)
    assert ("introduce me to Chloé Dubois" in out.text
            or "put me in touch with Chloé Dubois" in out.text), out.text
    assert "with Chloé about design systems" in out.text
    assert out.problems == ()


def test_no_doubled_punctuation_after_a_value_ending_a_sentence() -> None:
    c = nuria()
    t = d.parse_template("mine", "Hi {first_name}, {hook}. How are things?")
    ctx = d.make_context(c, [Note(c.id, "Rust — did you see the replies?", TODAY, kind="post")])
    assert "did you see the replies? How are things" in d.render(t, ctx)
    ctx = d.make_context(c, [Note(c.id, "the move to Berlin.", TODAY, kind="travel")])
    assert "the move to Berlin. How are things" in d.render(t, ctx)
    # Built-ins too: a typed --my-update that ends its own sentence.
    upd = d.make_context(c, my_update="We shipped it!")
    text = d.render(d.BUILTIN_TEMPLATES["update"], upd)
    assert "We shipped it! " in text and "!." not in text


def test_braces_in_the_persons_own_note_do_not_block_the_draft():
    """A note that happens to contain "{x}" or "___" is their words, not a placeholder."""
    c = Contact("Núria Ibáñez", company="Acme")
    notes = [Note(c.id, "a slide reading {0.__class__} and ___ as a joke", dt.date(2026, 11, 1),
                  kind="talk")]
    ctx = d.make_context(c, notes)
    composed = d.compose(d.get_template("reconnect", d.all_templates()), ctx)
    assert "{0.__class__}" in composed.text  # inserted as typed, never expanded
    assert "unfilled-placeholder" not in {p.code for p in composed.problems}
    # The same token written into the template itself is still flagged.
    bad = d.Template("bad", "Hi {first_name} {contact.__dict__}", purpose="x",
                            channel="email", kind="message")
    assert "unfilled-placeholder" in {p.code for p in d.compose(bad, ctx).problems}


def test_suggest_nudge_for_a_pending_invitation_and_follow_up_for_your_own() -> None:
    c = niccolo(seen={"invite-sent": TODAY - dt.timedelta(days=20)})
    name, reason = d.suggest_template(c, today=TODAY)
    assert name == "nudge" and "let it go" in reason
    c.seen["invite-sent"] = TODAY - dt.timedelta(days=5)  # not pending for long yet
    assert d.suggest_template(c, today=TODAY)[0] != "nudge"
    c.seen = {"invite-sent": TODAY - dt.timedelta(days=20),
              "invite-accepted": TODAY - dt.timedelta(days=2)}
    assert d.suggest_template(c, today=TODAY)[0] != "nudge"
    slides = FollowUp(c.id, TODAY + dt.timedelta(days=2), "send the slides")
    name, reason = d.suggest_template(c, followups=[slides], today=TODAY)
    assert name == "follow-up" and "send the slides" in reason
    later = FollowUp(c.id, TODAY + dt.timedelta(days=60), "send the slides")
    assert d.suggest_template(c, followups=[later], today=TODAY)[0] != "follow-up"
    t = d.BUILTIN_TEMPLATES
    assert d.sent_kind(t["nudge"], "email") == "email"
    assert d.sent_kind(t["follow-up"], "linkedin-message") == "message"
    assert t["follow-up"].closes == Origin.MANUAL.value

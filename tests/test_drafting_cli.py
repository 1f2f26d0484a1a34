"""`cockpit draft / intro / sent / templates` and sending.mark_sent, on a small network."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from cockpit import drafting
from cockpit.actions.sending import mark_sent
from cockpit.model import (
    Ask,
    Birthday,
    Contact,
    Draft,
    FollowUp,
    Interaction,
    Note,
    Origin,
    ValidationError,
)
from cockpit.store import Store

TODAY = dt.date(2026, 11, 22)
DAY = dt.timedelta(days=1)
T = "2026-11-22"


@pytest.fixture
def net(db: Path) -> Store:
    store = Store(db, clock=lambda: dt.datetime(2026, 11, 22, 9, 0))
    ana = Contact(name="Ana Ruiz", id="ana", company="Acme", tie="close", how_met="in-person",
                  met_at="a client dinner", tags=["design"])
    nuria = Contact(name="Núria Ibáñez", id="nuria", company="Telefónica I+D", how_met="in-person",
                    met_at="PyCon ES", met_on=TODAY - DAY, tags=["alumni"],
                    handles={"linkedin": "https://www.linkedin.com/in/nuria"})
    nicco = Contact(name="Niccolò Di Stefano", id="nicco", company="Satispay", how_met="online",
                    tags=["alumni", "fintech"], emails=["nicco@example.com"])
    chloe = Contact(name="Chloé Dubois", id="chloe", company="Glovo", how_met="introduced",
                    introduced_by="ana", tags=["design"])
    soren = Contact(name="Søren Åberg", id="soren", tags=["alumni"], how_met="online",
                    birthday=Birthday(11, 24, 1980))
    iker = Contact(name="Iker de la Fuente", id="iker", company="Glovo", how_met="online")
    store.insert_many(
        contacts=[ana, nuria, nicco, chloe, soren, iker],
        notes=[Note("nuria", "Rust in embedded", TODAY, id="n1", kind="conversation"),
               Note("nuria", "running marathons in Valencia", TODAY - 9 * DAY, id="n2",
                    kind="interest"),
               Note("nuria", "Thinking of leaving Telefónica before the summer", TODAY - 2 * DAY,
                    id="m1"),  # a memo: private, never in a draft
               Note("nicco", "the podcast on instant payments", TODAY - 5 * DAY, id="n3",
                    kind="conversation"),
               Note("ana", "the Madrid design systems meetup", TODAY - 30 * DAY,
                    id="n4", kind="interest"),
               Note("soren", "Owes us an answer on the contract", TODAY - 3 * DAY, id="m2")],
        followups=[FollowUp("nuria", TODAY, "thank them and send a personal invitation",
                            origin=Origin.MET_IN_PERSON.value, id="fu1"),
                   FollowUp("nuria", TODAY + 5 * DAY, "send the slides", id="fu2")],
        asks=[Ask("nicco", "advice on entering the Italian market", TODAY - 10 * DAY, id="ask1")],
        interactions=[Interaction("nicco", "like", TODAY - 5 * DAY, id="i1"),
                      Interaction("ana", "like", TODAY - 20 * DAY, id="i2"),
                      Interaction("ana", "comment", TODAY - 15 * DAY, id="i3"),
                      Interaction("ana", "share", TODAY - 3 * DAY, id="i4")],
    )
    return store


Run = Callable[..., tuple[int, str, str]]


def run_json(cli: Run, db: Path, *args: str) -> tuple[int, dict, str]:
    code, out, err = cli(*args, "--json", db=db, today=T)
    return code, json.loads(out), err


def reopen(db: Path) -> Store:
    return Store(db)


# ------------------------------------------------------------------------------ draft

def test_draft_json_has_exactly_the_contract_keys_and_is_saved(cli: Run, db: Path, net: Store) -> None:
    code, data, err = run_json(cli, db, "draft", "nuria")
    assert code == 0, err
    assert list(data) == ["contact", "contact_id", "template", "channel", "text", "problems",
                          "language", "hook"]
    assert data["contact"] == "Núria Ibáñez" and data["contact_id"] == "nuria"
    assert data["template"] == "follow-up-after-meeting"  # open met-in-person follow-up
    assert data["channel"] == "linkedin-invite"
    assert data["text"].startswith(("Hi Núria", "Hello Núria")) and "PyCon ES" in data["text"]
    assert "our chat about Rust in embedded" in data["text"] or \
        "conversation about Rust in embedded" in data["text"]  # the newest mention
    assert "Telefónica" not in data["text"]  # the memo is newer, but private
    assert data["language"] == "en"
    assert data["hook"] == {"note_id": "n1", "kind": "conversation"}
    assert data["problems"] == []
    drafts = reopen(db).drafts("nuria")
    assert [(d.template, d.state, d.text) for d in drafts] == \
        [("follow-up-after-meeting", "draft", data["text"])]
    # The same draft again is not stored twice; --no-save stores nothing.
    run_json(cli, db, "draft", "nuria")
    code, other, _ = run_json(cli, db, "draft", "nuria", "--hook", "2", "--no-save")
    assert code == 0 and "marathons" in other["text"]
    assert len(reopen(db).drafts("nuria")) == 1


def test_draft_text_output_shows_text_problems_and_how_to_mark_sent(cli: Run, db: Path,
                                                                    net: Store) -> None:
    code, out, err = cli("draft", "Núria", db=db, today=T)
    assert code == 0 and err == ""
    assert "Núria, " in out and "Rust in embedded" in out
    assert "hook: conversation: Rust in embedded (1/2)" in out
    assert "why this template" in out and 'cockpit sent "Núria Ibáñez"' in out


def test_draft_exit_codes_errors_vs_warnings(cli: Run, db: Path, net: Store) -> None:
    # Open ask, no offer recorded: {offer} stays unfilled → error → exit 1, one stderr line.
    code, data, err = run_json(cli, db, "draft", "Niccolò")
    assert code == 1
    assert data["template"] == "ask" and "{offer}" in data["text"]
    assert {p["code"] for p in data["problems"]} >= {"unfilled-placeholder", "no-offer",
                                                     "ask-before-engaging"}
    assert len(err.strip().splitlines()) == 1 and "not ready" in err
    # With an offer only warnings remain (engage first: comment is next) → exit 0.
    code, data, _ = run_json(cli, db, "draft", "Niccolò", "--offer", "an intro to our Milan partners")
    assert code == 0
    assert [p["code"] for p in data["problems"]] == ["ask-before-engaging"]
    assert "next step: comment" in data["problems"][0]["message"]
    assert all(p["level"] == "warning" for p in data["problems"])
    # Same ask on a public wall: refused (P4).
    code, data, _ = run_json(cli, db, "draft", "Niccolò", "--offer", "x", "--channel",
                             "facebook-wall")
    assert code == 1 and "public-channel" in {p["code"] for p in data["problems"]}


def test_draft_user_mistakes_are_one_line_errors(cli: Run, db: Path, net: Store) -> None:
    code, _, err = cli("draft", "nuria", "--template", "thank-you", db=db, today=T)
    assert code == 1 and "unknown template 'thank-you'" in err and "follow-up-after-meeting" in err
    code, _, err = cli("draft", "nuria", "--channel", "fax", db=db, today=T)
    assert code == 1 and "unknown channel" in err
    code, _, err = cli("draft", "nuria", "--hook", "9", db=db, today=T)
    assert code == 1 and "choose 1 to 2" in err  # two mentions; the memo is not one
    code, _, err = cli("draft", "nobody-here", db=db, today=T)
    assert code == 2
    code, _, err = cli("draft", db=db, today=T)
    assert code != 0 and "NAME or --tag" in err
    for e in (err,):
        assert "Traceback" not in e


def test_draft_suggests_birthday_and_connection_invite(cli: Run, db: Path, net: Store) -> None:
    code, data, _ = run_json(cli, db, "draft", "Søren")
    assert data["template"] == "birthday"  # in 2 days
    assert data["channel"] == "linkedin-message"  # no phone for whatsapp
    # No mention of Søren (only a memo): still a wish you can send, with a warning saying
    # which kind of note would make it personal.
    assert code == 0 and data["text"].startswith(("Happy birthday, Søren!",
                                                  "Many happy returns, Søren!"))
    assert "contract" not in data["text"] and data["hook"] is None
    [warning] = data["problems"]
    assert warning["code"] == "no-hook" and "--kind interest" in warning["message"]
    code, data, _ = run_json(cli, db, "draft", "Iker", "--why", "We both work on delivery logistics.")
    assert data["template"] == "connection-invite" and data["text"].startswith("Hi Iker")
    assert "cold-invite" in {p["code"] for p in data["problems"]}


def test_draft_ask_choice(cli: Run, db: Path, net: Store) -> None:
    net.save_ask(Ask("nicco", "a coffee in Milan", TODAY - DAY, offer="the coffee", id="ask2"))
    _, data, _ = run_json(cli, db, "draft", "nicco", "--ask", "2", "--no-save")
    assert "a coffee in Milan" in data["text"] and "the coffee" in data["text"]
    _, data, _ = run_json(cli, db, "draft", "nicco", "--ask", "ask1", "--offer", "x", "--no-save")
    assert "Italian market" in data["text"]
    code, _, err = cli("draft", "nicco", "--ask", "7", db=db, today=T)
    assert code == 1 and "a coffee in Milan" in err


def test_user_template_override_and_injection_via_the_cli(cli: Run, db: Path, net: Store,
                                                          isolated_env: dict[str, str]) -> None:
    folder = Path(isolated_env["COCKPIT_CONFIG_DIR"]) / "templates"
    folder.mkdir(parents=True)
    (folder / "follow-up-after-meeting.txt").write_text(
        "Ciao {first_name}! Piacere di averti conosciuto a {met_at}. Parlavamo di {hook}.\n",
        encoding="utf-8")
    (folder / "evil.txt").write_text("Hi {first_name} {0.__class__} {contact.__dict__} {hook}",
                                     encoding="utf-8")
    code, data, _ = run_json(cli, db, "draft", "nuria")
    assert code == 0
    assert data["text"] == ("Ciao Núria! Piacere di averti conosciuto a PyCon ES. "
                            "Parlavamo di Rust in embedded.")
    code, data, _ = run_json(cli, db, "draft", "nuria", "--template", "evil", "--no-save")
    assert code == 1
    assert data["text"].startswith("Hi Núria {0.__class__} {contact.__dict__} Rust in")
    assert sum(p["code"] == "unfilled-placeholder" for p in data["problems"]) == 2
    code, out, _ = cli("templates", "--json", db=db, today=T)
    rows = {r["name"]: r for r in json.loads(out)}
    assert rows["evil"]["source"].endswith("evil.txt")
    assert rows["follow-up-after-meeting"]["source"].endswith("follow-up-after-meeting.txt")
    assert rows["ask"]["source"] == "built-in"


# ------------------------------------------------------------------------------ batch (P8)

def test_batch_by_tag_gives_each_their_own_hook_and_lists_those_without_notes(
        cli: Run, db: Path, net: Store) -> None:
    code, data, err = run_json(cli, db, "draft", "--tag", "alumni", "--template", "update",
                               "--my-update", "I'm starting a data consultancy for NGOs")
    assert code == 0, err
    assert [d["contact"] for d in data["drafts"]] == ["Niccolò Di Stefano", "Núria Ibáñez"]
    texts = {d["contact_id"]: d["text"] for d in data["drafts"]}
    assert "instant payments" in texts["nicco"] and "Rust in embedded" in texts["nuria"]
    assert all("data consultancy" in t for t in texts.values())
    assert all(list(d) == ["contact", "contact_id", "template", "channel", "text", "problems",
                           "language", "hook"] for d in data["drafts"])
    [skipped] = data["skipped"]
    assert (skipped["contact"], skipped["contact_id"]) == ("Søren Åberg", "soren")
    assert skipped["reason"].startswith("no mention to personalise from: only private memos")
    store = reopen(db)
    assert {d.contact_id for d in store.drafts()} == {"nicco", "nuria"}
    assert not store.drafts("soren")


def test_batch_text_output_and_exit_code(cli: Run, db: Path, net: Store) -> None:
    code, out, err = cli("draft", "--tag", "ALUMNI", db=db, today=T)  # template: update
    assert code == 1 and out == ""  # no --my-update: said once, nothing written
    assert "--my-update" in err and len(err.strip().splitlines()) == 1
    code, out, err = cli("draft", "--tag", "ALUMNI", "--my-update", "we launched", db=db,
                         today=T)
    assert code == 0, err
    assert "Søren Åberg: no mention to personalise from" in out
    assert "2 draft(s) for tag 'ALUMNI', 1 skipped" in out
    code, _, err = cli("draft", "--tag", "nobody", db=db, today=T)
    assert code == 1 and "no contact is tagged" in err
    code, _, err = cli("draft", "--tag", "alumni", "--hook", "2", db=db, today=T)
    assert code == 1 and "--hook" in err


# ------------------------------------------------------------------------------ intro (P2)

def test_intro_ranks_candidates_and_drafts_to_the_best(cli: Run, db: Path, net: Store) -> None:
    code, data, err = run_json(cli, db, "intro", "Chloé", "--why", "design systems",
                               "--offer", "our component library")
    assert code == 0, err
    assert data["target"] == "Chloé Dubois"
    assert [k["contact_id"] for k in data["candidates"]] == ["ana", "iker"]
    assert data["candidates"][0]["reasons"][0] == "introduced you to Chloé Dubois"
    assert "works at Glovo too" in data["candidates"][1]["reasons"]
    assert data["via"] == "Ana Ruiz"
    draft = data["draft"]
    assert draft["template"] == "intro-request" and draft["contact"] == "Ana Ruiz"
    assert "Chloé Dubois" in draft["text"] and "about design systems" in draft["text"]
    assert "the Madrid design systems meetup" in draft["text"]  # the mention of Ana
    assert draft["problems"] == []  # Ana liked, commented and shared: engaged
    assert [d.template for d in reopen(db).drafts("ana")] == ["intro-request"]


def test_intro_via_someone_else_and_missing_why(cli: Run, db: Path, net: Store) -> None:
    code, data, _ = run_json(cli, db, "intro", "Chloé", "--via", "nuria", "--no-save")
    assert data["via_id"] == "nuria" and data["draft"]["contact_id"] == "nuria"
    assert code == 1  # no --why and no ask about Chloé: {why} is unfilled
    codes = {p["code"] for p in data["draft"]["problems"]}
    assert {"unfilled-placeholder", "no-offer", "ask-before-engaging"} <= codes
    code, out, _ = cli("intro", "Chloé", "--no-save", db=db, today=T)
    assert "Who can introduce you to Chloé Dubois (Glovo)" in out and "Ana Ruiz" in out


def test_intro_uses_the_targets_open_ask_for_why_and_offer(cli: Run, db: Path, net: Store) -> None:
    net.save_ask(Ask("chloe", "feedback on our design tokens", TODAY, offer="early access"))
    code, data, _ = run_json(cli, db, "intro", "Chloé", "--no-save")
    assert code == 0
    assert "about feedback on our design tokens" in data["draft"]["text"]
    assert "early access" in data["draft"]["text"]


def test_intro_errors(cli: Run, db: Path, net: Store) -> None:
    code, _, err = cli("intro", "Zaha Hadid", db=db, today=T)
    assert code == 2 and "cockpit add" in err
    net.add_contact(Contact(name="Björn Nagy", id="bjorn", company="Hooli"))
    code, data, err = run_json(cli, db, "intro", "Björn")  # nobody linked to Björn
    assert code == 1 and data["candidates"] == [] and data["draft"] is None
    assert "--via" in err


# ------------------------------------------------------------------------------ sent

def test_sent_logs_the_kind_and_closes_the_met_in_person_followup(cli: Run, db: Path,
                                                                  net: Store) -> None:
    assert cli("draft", "nuria", db=db, today=T)[0] == 0
    code, out, err = cli("sent", "nuria", db=db, today=T)
    assert code == 0, err
    assert "logged invite-sent" in out and "closed 1 follow-up" in out
    store = reopen(db)
    [inter] = store.interactions("nuria")
    assert (inter.kind, inter.date, inter.channel) == ("invite-sent", TODAY, "linkedin")
    fus = {f.id: f for f in store.followups("nuria", open_only=False)}
    assert fus["fu1"].state == "done" and fus["fu1"].closed_on == TODAY
    assert fus["fu2"].state == "open"  # the manual follow-up stays
    assert [d.state for d in store.drafts("nuria")] == ["sent"]
    code, _, err = cli("sent", "nuria", db=db, today=T)
    assert code == 1 and "no unsent draft" in err


def test_mark_sent_kinds_ask_state_and_refusal(net: Store) -> None:
    bday = net.save_draft(Draft("soren", "birthday", "whatsapp", "Happy birthday, Søren!"))
    result = mark_sent(net, bday, TODAY)
    assert result.interaction.kind == "birthday-wish" and result.interaction.channel == "whatsapp"
    assert result.closed == []

    ask = net.save_draft(Draft("nicco", "ask", "email", "Could I ask … a pilot", ask_id="ask1"))
    result = mark_sent(net, ask, TODAY)
    assert result.interaction.kind == "ask" and result.ask_marked
    assert [a.state for a in net.asks("nicco", open_only=False)] == ["asked"]

    upd = net.save_draft(Draft("ana", "update", "email", "Hi Ana, news…"))
    assert mark_sent(net, upd, TODAY).interaction.kind == "email"

    blank = net.save_draft(Draft("ana", "reconnect", "linkedin-message", "Dear ___, {hook}"))
    with pytest.raises(ValidationError, match="not marked sent"):
        mark_sent(net, blank, TODAY)
    assert mark_sent(net, blank, TODAY, force=True).interaction.kind == "message"
    with pytest.raises(ValidationError, match="already"):
        mark_sent(net, blank, TODAY)

    long_invite = net.save_draft(Draft("iker", "connection-invite", "linkedin-invite", "x" * 301))
    with pytest.raises(ValidationError, match="at most 300"):
        mark_sent(net, long_invite, TODAY)

    kinds = sorted(i.kind for i in Store(net.path).interactions())
    assert kinds.count("birthday-wish") == 1 and "ask" in kinds and "email" in kinds


def test_mark_sent_with_a_user_template_keeps_the_builtin_behaviour(net: Store) -> None:
    t = drafting.parse_template("follow-up-after-meeting", "Ciao {first_name}!")
    draft = net.save_draft(Draft("nuria", "follow-up-after-meeting", "email", "Ciao Núria!"))
    result = mark_sent(net, draft, TODAY, template=t)
    assert result.interaction.kind == "email" and [f.id for f in result.closed] == ["fu1"]


def test_save_composed_reuses_an_identical_unsent_draft_and_links_asks(net: Store) -> None:
    from cockpit.actions.sending import save_composed

    c = net.contact("nicco")
    ask = net.asks("nicco")[0]
    ctx = drafting.make_context(c, net.notes("nicco"), ask=ask, offer="a pilot")
    composed = drafting.compose(drafting.BUILTIN_TEMPLATES["ask"], ctx)
    first = save_composed(net, "nicco", composed, ask)
    again = save_composed(net, "nicco", composed, ask)
    assert first.id == again.id and first.ask_id == "ask1"
    other = drafting.compose(drafting.BUILTIN_TEMPLATES["reconnect"], ctx)
    assert save_composed(net, "nicco", other, ask).ask_id is None  # not an ask template
    assert len(Store(net.path).drafts("nicco")) == 2


def test_real_program_drafts_and_marks_sent(run_cli: Run, db: Path, net: Store) -> None:
    code, out, err = run_cli("draft", "nuria", "--json", db=db, today=T)
    assert code == 0, err
    assert json.loads(out)["template"] == "follow-up-after-meeting"
    code, out, err = run_cli("sent", "nuria", db=db, today=T)
    assert code == 0 and "invite-sent" in out, err

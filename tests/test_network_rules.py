"""The pure rules of the network review: invitation outcomes and rates (P12), health against
the 200–300 base, bridges and growth (P13), network days (P15), the prune list (P11) and
the incoming-request checklist (P13)."""

from __future__ import annotations

import datetime as dt

import pytest

from cockpit import agenda, network
from cockpit.incoming import Facts, Request, suggest
from cockpit.model import Contact, Interaction, ValidationError
from cockpit.review import keep_record, kept_days, prune_list
from cockpit.settings import Settings

TODAY = dt.date(2026, 11, 22)  # a Sunday
D = dt.timedelta


def person(name: str, **over) -> Contact:
    over.setdefault("created", dt.datetime(2024, 1, 1, 9, 0))
    return Contact(name=name, **over)


def inv(c: Contact, kind: str, ago: int, channel: str = "linkedin", summary: str = "") -> Interaction:
    return Interaction(c.id, kind, TODAY - D(days=ago), channel=channel, summary=summary)


# ------------------------------------------------------------------------ invitations

def outcomes(events: list[Interaction], *people: Contact, settings: Settings | None = None):
    by_id = {c.id: c for c in people}
    return network.invitations(events, by_id.get, TODAY, settings or Settings())


def test_each_invitation_gets_the_first_answer_after_it_or_waits_then_goes_unanswered() -> None:
    ana, bo, cy, di, ed = (person(n) for n in ("Ana", "Bo", "Cy", "Di", "Ed"))
    events = [
        inv(ana, "invite-sent", 30, summary="sent connection-invite draft"),
        inv(ana, "invite-accepted", 28),
        inv(bo, "invite-sent", 20), inv(bo, "invite-declined", 19),
        inv(cy, "invite-sent", 40), inv(cy, "invite-withdrawn", 10),
        inv(di, "invite-sent", 15),  # past the 14-day wait: no answer
        inv(ed, "invite-sent", 3, channel="twitter"),  # still waiting
    ]
    found = {i.contact.name: i for i in outcomes(events, ana, bo, cy, di, ed)}
    assert {n: i.outcome for n, i in found.items()} == {
        "Ana": "accepted", "Bo": "declined", "Cy": "withdrawn", "Di": "no answer", "Ed": "waiting"}
    assert found["Ana"].template == "connection-invite" and found["Ana"].note
    assert found["Bo"].template == network.BY_HAND and not found["Bo"].note
    assert found["Ana"].answered == TODAY - D(days=28)
    assert found["Ed"].channel == "twitter"


def test_a_second_invitation_after_a_refusal_is_counted_on_its_own() -> None:
    ana = person("Ana")
    events = [inv(ana, "invite-sent", 100), inv(ana, "invite-declined", 99),
              inv(ana, "invite-sent", 30, summary="met at PyCon, short note"),
              inv(ana, "invite-accepted", 30)]  # the same day as the second one
    found = outcomes(events, ana)
    assert [(i.sent, i.outcome, i.note) for i in found] == [
        (TODAY - D(days=30), "accepted", True), (TODAY - D(days=100), "declined", False)]


def test_the_wait_comes_from_the_settings_and_an_answer_alone_is_no_invitation() -> None:
    ana, bo = person("Ana"), person("Bo")
    events = [inv(ana, "invite-sent", 10), inv(bo, "invite-accepted", 5)]
    assert [i.outcome for i in outcomes(events, ana, bo)] == ["waiting"]
    assert [i.outcome for i in outcomes(events, ana, bo,
                                        settings=Settings(pending_invite_days=7))] == ["no answer"]


def test_a_summary_saying_no_note_is_without_one() -> None:
    ana = person("Ana")
    for summary, note in (("sent without a note", False), ("no note", False),
                          ("with a personal note about her talk", True), ("", False)):
        assert outcomes([inv(ana, "invite-sent", 2, summary=summary)], ana)[0].note is note


def test_the_report_says_the_comparison_that_matters_in_words() -> None:
    people = [person(f"P{n}", relationship="colleague" if n < 9 else "prospect")
              for n in range(15)]
    events = []
    for n, c in enumerate(people[:9]):  # with a note: 7 of 9 accepted
        events.append(inv(c, "invite-sent", 40, summary="sent connection-invite draft"))
        events.append(inv(c, "invite-accepted" if n < 7 else "invite-declined", 35))
    for n, c in enumerate(people[9:]):  # without: 1 of 6
        events.append(inv(c, "invite-sent", 40))
        if n == 0:
            events.append(inv(c, "invite-accepted", 30))
    report = network.report(outcomes(events, *people))
    lines = report.comparisons()
    assert lines[0] == ("With a personal note: 7 of 9 accepted (78%); "
                        "without: 1 of 6 accepted (17%).")
    assert any(line.startswith("By relationship: colleague works best, 7 of 9") for line in lines)
    assert report.total.counts == {"accepted": 8, "declined": 2, "no answer": 5}
    best = report.by["template"][0]
    assert (best.group, best.accepted, best.decided) == ("connection-invite", 7, 9)
    data = report.to_json()
    assert data["total"]["rate"] == round(8 / 15, 3)
    assert data["by"]["note"][1]["no_answer"] == 5


def test_waiting_invitations_are_not_counted_as_refused() -> None:
    ana, bo = person("Ana"), person("Bo")
    report = network.report(outcomes([inv(ana, "invite-sent", 2), inv(bo, "invite-sent", 50),
                                      inv(bo, "invite-accepted", 45)], ana, bo))
    assert (report.total.accepted, report.total.decided, report.total.sent) == (1, 1, 2)
    assert report.total.words() == "1 of 1 accepted (100%)"


# ------------------------------------------------------------------------ health

def network_of(n: int, **over) -> list[Contact]:
    return [person(f"C{i}", handles={"linkedin": f"https://linkedin.com/in/c{i}"}, **over)
            for i in range(n)]


@pytest.mark.parametrize(("n", "words"), [
    (143, "below the 200–300 base the articles recommend: 57 to go"),
    (250, "within the 200–300 base the articles recommend"),
    (301, "past the 200–300 base: now quality matters more than quantity")])
def test_the_professional_network_is_measured_against_the_base(n: int, words: str) -> None:
    health = network.health(network_of(n), TODAY)
    assert health.professional is not None
    assert health.professional.connections == n
    assert health.professional.verdict() == words


def test_networks_split_by_tie_and_relationship_archived_left_out() -> None:
    people = [person("A", handles={"linkedin": "a", "twitter": "@a"}, tie="close",
                     relationship="friend"),
              person("B", handles={"twitter": "@b"}, tie="occasional"),
              person("C", handles={"linkedin": "c"}, archived=True)]
    health = network.health(people, TODAY)
    assert health.total == 2
    assert [(n.network, n.connections) for n in health.networks] == [("linkedin", 1),
                                                                      ("twitter", 2)]
    twitter = health.networks[1]
    assert twitter.by_tie == {"close": 1, "occasional": 1}
    assert twitter.by_relationship == {"friend": 1, "unknown": 1}
    assert twitter.verdict() == "" and twitter.to_json()["base"] is None


def test_bridges_rank_introducers_first_then_what_they_share() -> None:
    hub = person("Hub", tie="occasional")
    close = person("Close", tie="close", company="Globex")
    others = [person(f"I{n}", introduced_by=hub.id) for n in range(3)]
    mates = [person(f"G{n}", company="Globex", met_at="PyCon ES") for n in range(2)]
    lone = person("Lone", company="Freelance")
    health = network.health([hub, close, lone, *others, *mates], TODAY)
    names = [b.contact.name for b in health.bridges]
    assert names[:2] == ["Hub", "Close"]
    assert "Lone" not in names  # freelance is not a shared company
    assert health.bridges[0].reasons() == "introduced you to 3 people"
    assert health.bridges[1].reasons() == "2 of your contacts at Globex"


def test_growth_counts_connections_per_month_from_acceptance_meeting_or_creation() -> None:
    people = [person("Old", created=dt.datetime(2020, 1, 1)),
              person("Acc", seen={"invite-accepted": dt.date(2026, 10, 3)}),
              person("Met", met_on=dt.date(2026, 11, 2)),
              person("New", created=dt.datetime(2026, 11, 20, 8))]
    health = network.health(people, TODAY)
    assert len(health.growth) == 12
    assert health.growth[-1] == network.Month("2026-11", 2)
    assert health.growth[-2] == network.Month("2026-10", 1)
    assert sum(m.added for m in health.growth) == 3
    assert health.growth_line() == "+2 in Nov 2026 · 3 in the last 12 months"


def test_network_day_names_todays_networks() -> None:
    settings = Settings(network_days={"linkedin": "sunday", "twitter": "monday"})
    assert network.network_day_label(TODAY, settings) == "LinkedIn day"
    assert network.network_day_label(TODAY + D(days=1), settings) == "X/Twitter day"
    assert network.network_day_label(TODAY + D(days=2), settings) == ""
    both = Settings(network_days={"linkedin": "sunday", "facebook": "sunday"})
    assert network.network_day_label(TODAY, both) == "Facebook and LinkedIn day"


# ------------------------------------------------------------------------ prune

def test_prune_lists_the_longest_silence_first_and_keeps_are_out_for_a_period() -> None:
    settings = Settings(prune_after_days=365)
    a = person("A", seen={"call": TODAY - D(days=400)})
    b = person("B", seen={"like": TODAY - D(days=900), "met": TODAY - D(days=800)})
    c = person("C", seen={"message": TODAY - D(days=30)})
    never = person("Never", created=dt.datetime(2023, 1, 1))
    gone = person("Gone", seen={"call": TODAY - D(days=999)}, archived=True)
    items = prune_list([a, b, c, never, gone], {}, TODAY, settings)
    assert [i.contact.name for i in items] == ["Never", "B", "A"]
    assert items[1].last_kind == "met" and items[1].silent_days == 800
    assert items[1].last_words() == "met on 13 Sep 2024"
    assert items[0].last_words() == "added 1 Jan 2023, never in touch"
    assert [c.name for c in agenda.review([a, b, c, never, gone], TODAY, settings)] == [
        "Never", "B", "A"]
    kept = kept_days([keep_record(b.id, TODAY - D(days=100), 700)])
    assert [i.contact.name for i in prune_list([a, b], kept, TODAY, settings)] == ["A"]
    later = TODAY + D(days=266)  # a period after keeping: back in the review
    assert [i.contact.name for i in prune_list([a, b], kept, later, settings)] == ["B", "A"]


# ------------------------------------------------------------------------ requests

def req(**over) -> Request:
    over.setdefault("name", "Laura Vidal")
    return Request(received=TODAY, **over)


@pytest.mark.parametrize(("answers", "mutual", "facts", "verdict", "first"), [
    ({"know": True}, None, Facts(), "yes", "you know them"),
    ({"goals": True}, None, Facts(), "yes", "connecting serves your goals"),
    ({}, 3, Facts(), "yes", "you share connections or experience"),
    ({}, None, Facts(colleagues=4), "yes", "you share connections or experience"),
    ({}, None, Facts(contact_name="Laura Vidal"), "yes", "you know them"),
    ({"fake": True, "know": True}, 10, Facts(), "no", "signs of a fake or spam profile"),
    ({"competitor": True}, 5, Facts(), "no", "a competitor"),
    ({"competitor": True, "know": True}, None, Facts(), "yes", "you know them"),
    ({"unrelated": True}, 2, Facts(), "no", "an unrelated region or industry"),
    ({"unrelated": True, "goals": True}, None, Facts(), "yes", "connecting serves your goals"),
    ({}, 0, Facts(), "no", "nothing in common"),
    ({}, 4, Facts(declined_on=dt.date(2026, 9, 1)), "no", "you declined this profile on 1 Sep 2026"),
])
def test_the_checklist_suggests_yes_or_no_with_reasons(answers, mutual, facts, verdict,
                                                        first) -> None:
    suggestion, reasons = suggest(req(answers=answers, mutual=mutual), facts)
    assert suggestion == verdict
    assert reasons[0].startswith(first)


def test_a_request_is_bounded_and_round_trips() -> None:
    r = req(network=" LinkedIn ", company="Globex", mutual=3, note="Hola <b>", answers={"know": True})
    assert r.network == "linkedin"
    assert Request.from_dict(r.to_dict()) == r
    with pytest.raises(ValidationError, match="shared connections"):
        req(mutual=-1)
    with pytest.raises(ValidationError, match="name"):
        req(name=" \n ")
    with pytest.raises(ValidationError, match="checklist"):
        req(answers={"rich": True})


def test_the_same_profile_is_the_url_or_else_the_name_and_company() -> None:
    a = req(profile="https://linkedin.com/in/laura/")
    assert a.same_profile(req(name="Someone Else", profile="https://LinkedIn.com/in/laura"))
    assert not a.same_profile(req(profile="https://linkedin.com/in/other"))
    assert req(company="Globex").same_profile(req(name="laura vidal"))
    assert not req(company="Globex").same_profile(req(company="Initech"))
    assert not req().same_profile(req(network="twitter"))

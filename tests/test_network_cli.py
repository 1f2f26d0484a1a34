"""`cockpit stats`, `invitations`, `review`, `request`, `requests`: the --json outputs (the keys
the README documents) and what each decision writes."""

from __future__ import annotations

import datetime as dt
import json
import stat
from pathlib import Path

import pytest

from cockpit import request_book
from cockpit.demo import build_demo
from cockpit.model import Origin
from cockpit.store import NotFound, Store

TODAY = "2026-11-22"
DAY = dt.date(2026, 11, 22)


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "cockpit.json"
    path.parent.mkdir()
    build_demo(path, today=DAY, contacts=240)  # room for the whole demo history
    return path


def run_json(cli, demo: Path, *args: str):
    code, out, err = cli(*args, "--json", db=demo, today=TODAY)
    assert code == 0, err
    return json.loads(out)


def test_stats_json(cli, demo: Path, tmp_path: Path) -> None:
    config = tmp_path / "home" / "config" / "cockpit"
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text('[calendar]\nnetwork_days = {linkedin = "sunday"}\n')
    data = run_json(cli, demo, "stats")
    assert data.keys() == {"contacts", "networks", "by_tie", "by_relationship", "bridges",
                           "growth", "network_day", "network_days"}
    store = Store(demo)
    people = store.contacts()
    assert data["contacts"] == len(people)
    linkedin = data["networks"][0]
    assert linkedin.keys() == {"network", "name", "connections", "base", "verdict", "by_tie",
                               "by_relationship"}
    assert linkedin["network"] == "linkedin" and linkedin["base"] == [200, 300]
    assert linkedin["connections"] == sum(1 for c in people if c.handles.get("linkedin"))
    assert sum(linkedin["by_tie"].values()) == linkedin["connections"]
    assert {n["network"] for n in data["networks"]} == {"linkedin", "twitter"}
    assert data["network_day"] == "LinkedIn day" and data["network_days"] == {"linkedin": "sunday"}
    top = data["bridges"][0]
    assert top.keys() == {"contact", "contact_id", "introduced", "same_company", "same_event",
                          "reach", "why"}
    assert top["introduced"] == sum(1 for c in people if c.introduced_by == top["contact_id"])
    assert top["introduced"] == 4  # the demo history's busiest introducer
    assert len(data["growth"]) == 12 and data["growth"][-1]["month"] == "2026-11"
    assert all(m.keys() == {"month", "added"} for m in data["growth"])


def test_invitations_json_and_an_outcome_logged_by_name(cli, demo: Path) -> None:
    data = run_json(cli, demo, "invitations")
    assert data.keys() == {"total", "by", "comparisons", "invitations"}
    assert data["by"].keys() == {"template", "channel", "relationship", "how_met", "note"}
    total = data["total"]
    assert total.keys() == {"group", "sent", "decided", "accepted", "rate", "declined", "withdrawn", "no_answer", "waiting"}
    sent = sum(1 for i in Store(demo).interactions() if i.kind == "invite-sent")
    assert total["sent"] == len(data["invitations"]) == sent >= 49  # 48 of the history + the cast
    assert total["accepted"] == sum(1 for i in data["invitations"] if i["outcome"] == "accepted")
    assert data["comparisons"][0].startswith("With a personal note: ")
    first = data["invitations"][0]
    assert first.keys() == {"contact", "contact_id", "sent", "channel", "template", "note",
                            "relationship", "how_met", "outcome", "answered"}
    waiting = [i for i in data["invitations"] if i["outcome"] == "waiting"]
    assert waiting
    code, _out, err = cli("log", waiting[0]["contact_id"], "invite-withdrawn", db=demo, today=TODAY)
    assert code == 0, err
    after = run_json(cli, demo, "invitations")
    mine = [i for i in after["invitations"] if i["contact_id"] == waiting[0]["contact_id"]]
    assert mine[0]["outcome"] == "withdrawn" and mine[0]["answered"] == TODAY
    assert after["total"]["withdrawn"] == total["withdrawn"] + 1
    # …and the pending-invitation follow-up is gone from the morning.
    today = run_json(cli, demo, "today")
    assert not [f for f in today["followups"] if f["contact_id"] == waiting[0]["contact_id"]
                and f["origin"] == "invite-pending"]


def test_review_json_and_each_decision(cli, demo: Path) -> None:
    items = run_json(cli, demo, "review")
    assert len(items) == 12
    assert items[0].keys() == {"contact", "contact_id", "company", "tie", "relationship",
                               "last_interaction", "last_kind", "silent_days", "kept_on"}
    assert [i["silent_days"] for i in items] == sorted((i["silent_days"] for i in items),
                                                       reverse=True)
    keep, again, drop = items[0], items[1], items[2]
    seen_before = Store(demo).contact(keep["contact_id"]).seen

    code, out, err = cli("review", keep["contact_id"], "keep", db=demo, today=TODAY)
    assert code == 0, err
    assert "out of the review until 22 Nov 2027" in out
    store = Store(demo)
    assert store.contact(keep["contact_id"]).seen == seen_before  # not an interaction
    kept = [f for f in store.followups(keep["contact_id"], open_only=False)
            if f.origin == Origin.REVIEW_KEPT.value]
    assert len(kept) == 1 and kept[0].closed_on == DAY

    code, out, err = cli("review", again["contact_id"], "re-engage", db=demo, today=TODAY)
    assert code == 0, err
    store = Store(demo)
    open_ = store.followups(again["contact_id"])
    assert [(f.origin, f.due) for f in open_] == [("manual", DAY)]
    assert [d.template for d in store.drafts(again["contact_id"])] == ["reconnect"]

    code, out, err = cli("review", drop["contact_id"], "archive", db=demo, today=TODAY)
    assert code == 0, err
    archived = run_json(cli, demo, "contacts", "--archived")
    assert [c["id"] for c in archived] == [drop["contact_id"]]

    after = run_json(cli, demo, "review")
    assert {i["contact_id"] for i in after}.isdisjoint(
        {keep["contact_id"], drop["contact_id"]})
    assert again["contact_id"] in {i["contact_id"] for i in after}  # silent until you write
    code, out, err = cli("restore", drop["contact_id"], db=demo, today=TODAY)
    assert code == 0, err
    assert drop["contact_id"] in {i["contact_id"] for i in run_json(cli, demo, "review")}


def test_review_mistakes_are_one_line(cli, demo: Path) -> None:
    code, _, err = cli("review", "Nobody At All", "keep", db=demo, today=TODAY)
    assert code == 2 and err.count("\n") == 1
    code, _, err = cli("review", "Pablo Roca Conti", db=demo, today=TODAY)
    assert code == 2 and "keep|re-engage|archive" in err
    code, _out, err = cli("review", "Pablo Roca Conti", "delete", db=demo, today=TODAY)
    assert code == 2 and "delete" in err


def test_requests_record_decide_and_remember(cli, demo: Path) -> None:
    pending = run_json(cli, demo, "requests")
    assert [r["name"] for r in pending] == ["Davide Ferri", "Crypto Growth Hacker",
                                            "Olga Petrenko"]
    assert pending[0].keys() == {"id", "name", "received", "network", "company", "role",
                                 "profile", "note", "mutual", "answers", "suggestion",
                                 "reasons", "decision", "decided_on", "contact_id"}
    crypto = pending[1]
    assert crypto["suggestion"] == "no"
    assert crypto["reasons"] == ["you declined this profile on 24 Sep 2026"]

    data = run_json(cli, demo, "request", "Laura Vidal", "--company", "Globex", "--mutual", "4",
                    "--note", "Loved your talk <b>[red]", "--goals")
    assert data["suggestion"] == "yes" and data["decision"] is None
    assert "4 shared connections" in data["facts"]
    assert "connecting serves your goals" in data["reasons"]
    assert [r["name"] for r in run_json(cli, demo, "requests")][-1] == "Laura Vidal"

    code, out, err = cli("request", "Laura Vidal", "--accept", db=demo, today=TODAY)
    assert code == 0, err
    assert "Accepted Laura Vidal" in out
    store = Store(demo)
    laura = store.resolve("Laura Vidal")
    assert (laura.how_met, laura.company) == ("online", "Globex")
    assert [(n.text, n.kind) for n in store.notes(laura.id)] == [("Loved your talk <b>[red]", "memo")]
    assert [i.kind for i in store.interactions(laura.id)] == ["invite-received"]
    assert "Laura Vidal" not in [r["name"] for r in run_json(cli, demo, "requests")]

    data = run_json(cli, demo, "request", "Spam Bot", "--company", "Moonshot", "--fake",
                    "--decline")
    assert data["decision"] == "declined" and data["suggestion"] == "no"
    again = run_json(cli, demo, "request", "Spam Bot", "--company", "Moonshot", "--mutual", "2")
    assert again["suggestion"] == "no"
    assert again["reasons"] == ["you declined this profile on 22 Nov 2026"]
    book = request_book.path(Store(demo))
    assert stat.S_IMODE(book.stat().st_mode) == 0o600
    with pytest.raises(NotFound):
        Store(demo).resolve("Spam Bot")


def test_a_request_twice_updates_the_pending_one(cli, demo: Path) -> None:
    run_json(cli, demo, "request", "Ada Byron", "--company", "Analytical", "--note", "Hi!")
    data = run_json(cli, demo, "request", "Ada Byron", "--know")
    assert data["updated"] is True and data["note"] == "Hi!" and data["company"] == "Analytical"
    assert [r["name"] for r in run_json(cli, demo, "requests")].count("Ada Byron") == 1


def test_request_mistakes_are_one_line_and_write_nothing(cli, demo: Path) -> None:
    book = request_book.path(Store(demo))
    before = book.read_bytes()
    code, _, err = cli("request", "Ada", "--mutual", "-3", db=demo, today=TODAY)
    assert code == 2 and err.count("\n") == 1
    code, _, err = cli("request", "  ", db=demo, today=TODAY)
    assert code == 1 and "needs the name" in err and err.count("\n") == 1
    assert book.read_bytes() == before
    book.write_text("{not json")
    code, _out, err = cli("requests", db=demo, today=TODAY)
    assert code == 1 and "not valid JSON" in err and err.count("\n") == 1
    assert book.read_text() == "{not json"


def test_text_output_is_plain_and_readable(cli, demo: Path) -> None:
    for args, expected in ((("stats",), "first-degree"),
                           (("invitations",), "With a personal note"),
                           (("review",), "to review"), (("requests",), "3 pending request(s)")):
        code, out, err = cli(*args, db=demo, today=TODAY)
        assert code == 0, err
        assert expected in out
        assert "\x1b" not in out

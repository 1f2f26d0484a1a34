"""The command-line contract of DESIGN.md: add, note, log, ask, followup, done, contacts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cockpit.store import Store

TODAY = "2026-11-21"
CONTACT_KEYS = {"id", "name", "company", "role", "emails", "phones", "tags", "tie",
                "relationship", "how_met", "met_at", "met_on", "linkedin", "birthday",
                "notes", "last_interaction"}


def contacts_json(cli, db: Path) -> dict[str, dict]:
    code, out, err = cli("contacts", "--json", db=db)
    assert code == 0, err
    rows = json.loads(out)
    assert isinstance(rows, list)
    for row in rows:
        assert row.keys() >= CONTACT_KEYS
    return {row["name"]: row for row in rows}


def ok(result) -> str:
    code, out, err = result
    assert code == 0, err
    assert err == ""
    return out


def test_add_with_every_option(cli, db: Path) -> None:
    ok(cli("add", "Ana Ruiz", db=db, today=TODAY))
    out = ok(cli("add", "Núria Ibáñez", "--email", "n@x.es", "--email", "nuria@y.com",
                 "--company", "Globex", "--role", "CTO", "--how", "in-person",
                 "--met-at", "PyCon ES", "--met-on", "2026-11-19", "--birthday", "1988-02-29",
                 "--tie", "close", "--every", "21", "--relationship", "ex-colleague",
                 "--introduced-by", "ana", "--linkedin", "https://linkedin.com/in/nuria",
                 "--twitter", "@nuria", "--tag", "python", "--tag", "madrid",
                 "--note", "runs marathons", db=db, today=TODAY))
    assert "Núria Ibáñez" in out
    rows = contacts_json(cli, db)
    nuria = rows["Núria Ibáñez"]
    assert nuria["id"] in out  # the confirmation names the new id
    assert {k: nuria[k] for k in ("company", "role", "emails", "phones", "tie", "relationship",
                                  "how_met", "met_at", "met_on", "linkedin", "birthday",
                                  "notes", "last_interaction")} == {
        "company": "Globex", "role": "CTO", "emails": ["n@x.es", "nuria@y.com"], "phones": [],
        "tie": "close", "relationship": "ex-colleague", "how_met": "in-person",
        "met_at": "PyCon ES", "met_on": "2026-11-19", "linkedin": "https://linkedin.com/in/nuria",
        "birthday": "1988-02-29", "notes": 1, "last_interaction": None}
    assert sorted(nuria["tags"]) == ["madrid", "python"]
    stored = Store(db).contact(nuria["id"])
    assert stored.every == 21
    assert stored.handles["twitter"] == "@nuria"
    assert stored.introduced_by == rows["Ana Ruiz"]["id"]
    assert [n.text for n in Store(db).notes(nuria["id"])] == ["runs marathons"]
    [fu] = Store(db).followups(nuria["id"])
    assert (fu.due, fu.origin) == (dt.date(2026, 11, 20), "met-in-person")  # day after --met-on


def test_contacts_json_for_a_bare_contact(cli, db: Path) -> None:
    ok(cli("add", "Ana Ruiz", db=db, today=TODAY))
    ana = contacts_json(cli, db)["Ana Ruiz"]
    assert isinstance(ana["id"], str) and len(ana["id"]) == 36
    assert (ana["emails"], ana["phones"], ana["tags"]) == ([], [], [])
    assert (ana["birthday"], ana["met_on"], ana["linkedin"]) == (None, None, None)
    assert (ana["notes"], ana["last_interaction"]) == (0, None)
    assert Store(db).followups(ana["id"]) == []  # not met in person: no follow-up


def test_met_in_person_without_met_on_is_due_tomorrow(cli, db: Path) -> None:
    """Met today (no --met-on): follow up tomorrow, as the TUI's form does (one rule)."""
    ok(cli("add", "Bea Soto", "--how", "in-person", db=db, today=TODAY))
    [fu] = Store(db).followups()
    assert (fu.due.isoformat(), fu.origin, fu.state) == ("2026-11-22", "met-in-person", "open")
    [bea] = Store(db).contacts()
    assert bea.met_on == dt.date(2026, 11, 21)


@pytest.mark.parametrize("given, shown", [
    ("1988-02-29", "1988-02-29"), ("02-29", "--02-29"), ("--02-29", "--02-29"),
    ("1990-07-04", "1990-07-04"), ("12-31", "--12-31"),
])
def test_birthday_forms(cli, db: Path, given: str, shown: str) -> None:
    ok(cli("add", "Ana Ruiz", "--birthday", given, db=db))
    assert contacts_json(cli, db)["Ana Ruiz"]["birthday"] == shown


def test_note_log_counts_and_last_interaction(cli, db: Path) -> None:
    ok(cli("add", "Ana Ruiz", db=db, today=TODAY))
    ok(cli("note", "Ana", "two kids, sails in Menorca", db=db, today=TODAY))
    ok(cli("note", "Ana", "hiring backend engineers", db=db, today=TODAY))
    ok(cli("log", "Ana", "like", "--channel", "linkedin", "--date", "2026-11-02",
           "--summary", "liked her post", db=db, today=TODAY))
    ok(cli("log", "Ana", "call", "--date", "2026-11-10", db=db, today=TODAY))
    ok(cli("log", "Ana", "comment", "--date", "2026-11-05", db=db, today=TODAY))
    ana = contacts_json(cli, db)["Ana Ruiz"]
    assert ana["notes"] == 2
    assert ana["last_interaction"] == "2026-11-10"
    store = Store(db)
    assert {n.date.isoformat() for n in store.notes(ana["id"])} == {TODAY}
    like = next(i for i in store.interactions(ana["id"]) if i.kind == "like")
    assert (like.channel, like.summary, like.date) == ("linkedin", "liked her post",
                                                        dt.date(2026, 11, 2))


def test_log_defaults_to_today(cli, db: Path) -> None:
    ok(cli("add", "Ana Ruiz", db=db, today=TODAY))
    out = ok(cli("log", "Ana", "birthday-wish", db=db, today="2026-12-24"))
    assert "2026-12-24" in out
    assert contacts_json(cli, db)["Ana Ruiz"]["last_interaction"] == "2026-12-24"


def test_ask_with_offer_and_steps(cli, db: Path) -> None:
    ok(cli("add", "Ana Ruiz", db=db, today=TODAY))
    ok(cli("ask", "Ana", "an intro to their CTO", "--offer", "a free pilot",
           "--steps", "like,comment", db=db, today=TODAY))
    ok(cli("ask", "Ana", "feedback on the deck", db=db, today=TODAY))
    asks = {a.what: a for a in Store(db).asks()}
    intro = asks["an intro to their CTO"]
    assert (intro.offer, intro.steps, intro.state, intro.created.isoformat()) == (
        "a free pilot", ["like", "comment"], "warming", TODAY)
    assert asks["feedback on the deck"].steps == ["like", "comment", "share"]


def test_followup_then_done(cli, db: Path) -> None:
    ok(cli("add", "Ana Ruiz", db=db, today=TODAY))
    ok(cli("followup", "Ana", "2026-11-25", "--reason", "send the slides", db=db, today=TODAY))
    [fu] = Store(db).followups()
    assert (fu.due, fu.reason, fu.origin, fu.state) == (dt.date(2026, 11, 25), "send the slides",
                                                        "manual", "open")
    ok(cli("done", "Ana", db=db, today="2026-11-25"))
    [closed] = Store(db).followups(open_only=False)
    assert (closed.id, closed.state, closed.closed_on) == (fu.id, "done", dt.date(2026, 11, 25))
    assert Store(db).followups() == []


def test_done_closes_the_met_in_person_followup(cli, db: Path) -> None:
    ok(cli("add", "Bea Soto", "--how", "in-person", "--met-on", "2026-11-20", db=db, today=TODAY))
    ok(cli("done", "Bea", db=db, today=TODAY))
    [fu] = Store(db).followups(open_only=False)
    assert (fu.origin, fu.state) == ("met-in-person", "done")


def test_today_moves_relative_followups(cli, db: Path) -> None:
    ok(cli("add", "Ana Ruiz", db=db, today=TODAY))
    ok(cli("followup", "Ana", "+3", db=db, today="2026-12-30"))
    assert [f.due for f in Store(db).followups()] == [dt.date(2027, 1, 2)]


# ---------------------------------------------------------------- global options

@pytest.mark.parametrize("where", ["before", "after-command", "at-the-end", "split"])
def test_global_options_before_or_after_the_command(cli, db: Path, where: str) -> None:
    ok(cli("add", "Ana Ruiz", db=db, today=TODAY))
    opts = ["--db", str(db), "--today", "2026-10-01"]
    args = {
        "before": [*opts, "log", "Ana", "like"],
        "after-command": ["log", *opts, "Ana", "like"],
        "at-the-end": ["log", "Ana", "like", *opts],
        "split": ["--db", str(db), "log", "Ana", "like", "--today", "2026-10-01"],
    }[where]
    ok(cli(*args))
    assert [i.date for i in Store(db).interactions()] == [dt.date(2026, 10, 1)]


def test_cockpit_db_environment_variable(cli, db: Path, tmp_path: Path) -> None:
    ok(cli("add", "Ana Ruiz", env={"COCKPIT_DB": str(db)}))
    assert [c.name for c in Store(db).contacts()] == ["Ana Ruiz"]
    other = tmp_path / "other.json"
    for args in (["--db", str(other), "add", "Bea Soto"], ["add", "Carla Puig", "--db", str(other)]):
        ok(cli(*args, env={"COCKPIT_DB": str(db)}))  # an explicit --db wins over COCKPIT_DB
    assert sorted(c.name for c in Store(other).contacts()) == ["Bea Soto", "Carla Puig"]
    assert [c.name for c in Store(db).contacts()] == ["Ana Ruiz"]


def test_default_location_is_the_user_data_folder(run_cli, isolated_env) -> None:
    code, _out, err = run_cli("add", "Ana Ruiz")
    assert code == 0, err
    expected = Path(isolated_env["XDG_DATA_HOME"]) / "cockpit" / "cockpit.json"
    assert [c.name for c in Store(expected).contacts()] == ["Ana Ruiz"]


def test_real_process_round_trip(run_cli, db: Path) -> None:
    """The same contract through a real process (exit codes, stdout, JSON)."""
    assert run_cli("add", "Núria Ibáñez", "--birthday", "02-29", db=db, today=TODAY)[0] == 0
    assert run_cli("log", "nuria", "like", db=db, today=TODAY)[0] == 0
    code, out, err = run_cli("contacts", "--json", db=db)
    assert code == 0 and err == ""
    [row] = json.loads(out)
    assert (row["name"], row["birthday"], row["last_interaction"]) == ("Núria Ibáñez", "--02-29",
                                                                       TODAY)


def test_contacts_tag_filter_and_table(cli, db: Path) -> None:
    ok(cli("add", "Ana Ruiz", "--tag", "python", db=db))
    ok(cli("add", "Bea Soto", "--tag", "design", db=db))
    out = ok(cli("contacts", "--tag", "python", "--json", db=db))
    assert [r["name"] for r in json.loads(out)] == ["Ana Ruiz"]
    table = ok(cli("contacts", db=db))
    assert "Ana Ruiz" in table and "Bea Soto" in table


def test_archived_contacts_are_not_listed_nor_matched_by_name(cli, db: Path) -> None:
    ok(cli("add", "Ana Ruiz", db=db))
    ok(cli("add", "Ana Soto", db=db))
    store = Store(db)
    soto = store.resolve("Ana Soto")
    soto.archived = True
    store.update_contact(soto)
    assert list(contacts_json(cli, db)) == ["Ana Ruiz"]
    ok(cli("log", "ana", "like", db=db))  # no longer ambiguous
    ok(cli("note", soto.id, "still reachable by id", db=db))
    assert [n.contact_id for n in Store(db).notes()] == [soto.id]

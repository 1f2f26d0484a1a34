"""Values out of range: refused at input with one line; already stored (an old file, a
hand edit), left out with a warning naming the contact — never a crash of the whole
agenda, export or TUI, and never rewritten away."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import one_error_line, snapshot

from cockpit.model import (
    Ask,
    Birthday,
    Contact,
    FollowUp,
    Interaction,
    Note,
    ValidationError,
    check_days,
    parse_date,
    shift_date,
)
from cockpit.store import NotFound, Store

DAY = dt.date(2026, 11, 20)
TODAY = "2026-11-21"


# ---------------------------------------------------------------- at input

@pytest.mark.parametrize("text", ["1899-12-31", "2201-01-01", "9999-12-31", "0001-01-01"])
def test_dates_outside_1900_to_2200_are_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="out of range") as info:
        parse_date(text, "--today")
    assert "\n" not in str(info.value) and "1900-01-01" in str(info.value)


def test_the_date_range_is_inclusive() -> None:
    assert parse_date("1900-01-01") == dt.date(1900, 1, 1)
    assert parse_date("2200-12-31") == dt.date(2200, 12, 31)
    assert shift_date(DAY, 30) == dt.date(2026, 12, 20)
    with pytest.raises(ValidationError, match="out of range"):
        shift_date(DAY, 3_000_000, "follow-up date")  # `followup Kim +3000000`
    with pytest.raises(ValidationError, match="out of range"):
        shift_date(DAY, 10**20)


@pytest.mark.parametrize("every", [0, -1, 3651, 1_000_000_000, 10**20, True, 2.5])
def test_cadences_outside_1_to_3650_days_are_refused(every) -> None:
    with pytest.raises(ValidationError, match="cadence"):
        Contact("Kim Lee", every=every)


def test_cadence_bounds_are_inclusive() -> None:
    assert Contact("Kim Lee", every=1).every == 1
    assert Contact("Kim Lee", every=3650).every == 3650
    assert check_days(366, "--days", 0, 366) == 366
    with pytest.raises(ValidationError, match="--days must be a whole number of days from 0"):
        check_days(367, "--days", 0, 366)


def test_a_birthday_year_outside_the_range_is_refused() -> None:
    with pytest.raises(ValidationError, match="out of range"):
        Birthday.parse("1850-02-03")
    assert Birthday.parse("1900-02-03").year == 1900
    assert Birthday.parse("--02-29").year is None


def test_the_store_refuses_a_record_out_of_range_and_writes_nothing(db: Path) -> None:
    store = Store(db)
    kim = store.add_contact(Contact("Kim Lee"))
    before = snapshot(db)
    far = dt.date(9999, 12, 20)
    for write in (lambda: store.log(Interaction(kim.id, "like", far)),
                  lambda: store.save_followup(FollowUp(kim.id, far)),
                  lambda: store.save_note(Note(kim.id, "from the future", far)),
                  lambda: store.save_ask(Ask(kim.id, "an intro", dt.date(1, 1, 1))),
                  lambda: store.add_contact(Contact("Lea", met_on=far))):
        with pytest.raises(ValidationError, match="out of range"):
            write()
    assert snapshot(db) == before
    assert Store(db).interaction_count() == 0


@pytest.mark.parametrize("args", [
    ["add", "Kim Lee", "--every", "1000000000"],
    ["add", "Kim Lee", "--every", "100000000000000000000"],
    ["--today", "9999-12-20", "log", "Ana", "like"],
    ["--today", "9999-12-31", "today"],
    ["--today", "0001-01-01", "today"],
    ["followup", "Ana", "9999-12-01"],
])
def test_cli_inputs_out_of_range_are_one_line(cli, db: Path, args: list[str]) -> None:
    Store(db).add_contact(Contact("Ana Ruiz"))
    before = snapshot(db)
    code, out, err = cli(*args, db=db, today=None if "--today" in args else TODAY)
    assert code != 0
    assert "out of range" in one_error_line(err) or "3,650" in err
    assert out == ""
    assert snapshot(db) == before


# ---------------------------------------------------------------- already stored

def hand_edited(db: Path) -> dict[str, str]:
    """Ana (a follow-up due), and three people whose records a hand edit (with stock
    TinyDB) put out of range: Kim's cadence, an interaction of Lea's in 9999, a note of
    Mo's in 9999. Returns name -> id."""
    from tinydb import TinyDB, where

    store = Store(db)
    people = {name: store.add_contact(Contact(name, tie="close")).id
              for name in ("Ana Ruiz", "Kim Lee", "Lea Park", "Mo Diaz")}
    store.save_followup(FollowUp(people["Ana Ruiz"], DAY, "thank her"))
    store.save_note(Note(people["Mo Diaz"], "a fine note", DAY))
    with TinyDB(db) as plain:
        plain.table("contacts").update({"every": 1_000_000_000}, where("id") == people["Kim Lee"])
        plain.table("interactions").insert({"id": "i-far", "contact_id": people["Lea Park"],
                                            "kind": "met", "date": "9999-12-20"})
        plain.table("notes").insert({"id": "n-far", "contact_id": people["Mo Diaz"],
                                     "text": "from the future", "date": "9999-12-20"})
    return people


def raw_records(db: Path) -> dict[str, dict]:
    data = json.loads(db.read_bytes())
    return {doc["id"]: doc for table in ("contacts", "notes", "interactions")
            for doc in data[table].values()}


def test_the_agenda_and_the_export_work_around_a_record_out_of_range(cli, db: Path) -> None:
    people = hand_edited(db)
    code, out, err = cli("today", "--json", db=db, today=TODAY)
    assert code == 0, err
    agenda = json.loads(out)
    assert [f["contact"] for f in agenda["followups"]] == ["Ana Ruiz"]
    code, _, err = cli("export-ics", db=db, today=TODAY)
    assert code == 0, err
    code, out, err = cli("contacts", "--json", db=db, today=TODAY)
    assert code == 0, err
    assert sorted(c["name"] for c in json.loads(out)) == ["Ana Ruiz", "Mo Diaz"]
    store = Store(db)
    assert {c.name for c in store.contacts()} == {"Ana Ruiz", "Mo Diaz"}
    assert [n.text for n in store.notes(people["Mo Diaz"])] == ["a fine note"]
    assert [i.id for i in store.interactions()] == []
    warnings = store.warnings
    assert len(warnings) == 4
    assert all("\n" not in w and "kept in cockpit.json" in w for w in warnings)
    assert any("Kim Lee" in w and "cadence of 1,000,000,000 days" in w for w in warnings)
    assert any("contact Lea Park" in w and "9999-12-20" in w for w in warnings)
    assert any("interaction of Lea Park" in w and "9999-12-20" in w for w in warnings)
    assert any("note of Mo Diaz" in w and "9999-12-20" in w for w in warnings)


def test_a_contact_left_out_is_named_when_asked_for(cli, db: Path) -> None:
    hand_edited(db)
    with pytest.raises(NotFound, match=r"Kim Lee.*cadence"):
        Store(db).resolve("Kim")
    code, _, err = cli("note", "Kim", "hello", db=db, today=TODAY)
    assert code != 0
    assert "Kim Lee" in one_error_line(err)


def test_records_out_of_range_are_never_rewritten_away(cli, db: Path) -> None:
    people = hand_edited(db)
    before = raw_records(db)
    code, _, err = cli("add", "Zed Zed", db=db, today=TODAY)  # a save of the whole file
    assert code == 0, err
    code, _, err = cli("log", "Ana", "call", db=db, today=TODAY)
    assert code == 0, err
    after = raw_records(db)
    assert after[people["Kim Lee"]]["every"] == 1_000_000_000
    assert after["n-far"] == before["n-far"]
    assert after["i-far"] == before["i-far"]
    assert after[people["Lea Park"]]["seen"] == {"met": "9999-12-20"}
    journaled = Store(db, journal=True)  # and through the journal
    journaled.log(Interaction(people["Mo Diaz"], "like", DAY))
    journaled.checkpoint()
    assert raw_records(db)[people["Kim Lee"]]["every"] == 1_000_000_000


def test_check_lists_every_record_left_out(db: Path) -> None:
    hand_edited(db)
    store = Store(db)
    assert store.warnings == []  # nothing read yet
    assert len(store.check()) == 4  # Kim, Lea, Lea's interaction, Mo's note


async def test_the_tui_opens_on_a_database_with_a_record_out_of_range(db: Path) -> None:
    from tui_support import make_app, screen_text, settle

    hand_edited(db)
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "loading" not in text.lower()
        assert "Ana Ruiz" in text and "Kim Lee" not in text

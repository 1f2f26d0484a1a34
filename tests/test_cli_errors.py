"""Every user mistake: one line on stderr, non-zero exit, no traceback, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import one_error_line, snapshot, temp_files

from cockpit.model import Contact, FollowUp
from cockpit.store import Store

TODAY = "2026-11-21"


@pytest.fixture
def ana_db(db: Path) -> Path:
    store = Store(db)
    ana = store.add_contact(Contact("Ana Ruiz"))
    bea = store.add_contact(Contact("Bea Soto"))
    import datetime as dt
    store.save_followup(FollowUp(bea.id, dt.date(2026, 11, 30), "a later one"))
    _ = ana
    return db


MISTAKES = {
    "log-bad-date": (["log", "Ana", "like", "--date", "2026-02-30"], "2026-02-30"),
    "log-not-a-date": (["log", "Ana", "like", "--date", "yesterday-ish"], "yesterday-ish"),
    "log-future-date": (["log", "Ana", "like", "--date", "2026-11-22"], "future"),
    "log-unknown-kind": (["log", "Ana", "hug"], "hug"),
    "add-bad-met-on": (["add", "Carla", "--met-on", "2026-02-30"], "2026-02-30"),
    "add-future-met-on": (["add", "Carla", "--met-on", "2026-12-01"], "future"),
    "add-birthday-02-30": (["add", "Carla", "--birthday", "02-30"], "02-30"),
    "add-birthday-year-02-30": (["add", "Carla", "--birthday", "2026-02-30"], "02-30"),
    "add-birthday-29-feb-common-year": (["add", "Carla", "--birthday", "1990-02-29"], "02-29"),
    "add-birthday-month-13": (["add", "Carla", "--birthday", "13-01"], "13-01"),
    "add-birthday-garbage": (["add", "Carla", "--birthday", "soon"], "soon"),
    "add-unknown-tie": (["add", "Carla", "--tie", "bestie"], "bestie"),
    "add-unknown-relationship": (["add", "Carla", "--relationship", "nemesis"], "nemesis"),
    "add-unknown-how": (["add", "Carla", "--how", "telepathy"], "telepathy"),
    "add-zero-cadence": (["add", "Carla", "--every", "0"], "0"),
    "add-empty-name": (["add", "  "], "name"),
    "note-empty": (["note", "Ana", "  "], "note"),
    "ask-unknown-step": (["ask", "Ana", "an intro", "--steps", "like,wink"], "wink"),
    "ask-empty-what": (["ask", "Ana", " "], "ask"),
    "followup-bad-date": (["followup", "Ana", "2026-02-30"], "2026-02-30"),
    "done-nothing-open": (["done", "Ana"], "Ana Ruiz"),
    "today-bad-date": (["--today", "2026-02-30", "log", "Ana", "like"], "2026-02-30"),
    "missing-argument": (["log", "Ana"], "KIND"),
    "unknown-option": (["add", "Carla", "--favourite-colour", "blue"], "favourite-colour"),
}


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_user_mistake(cli, ana_db: Path, name: str) -> None:
    args, mention = MISTAKES[name]
    before = snapshot(ana_db)
    today = None if "--today" in args else TODAY
    code, out, err = cli(*args, db=ana_db, today=today)
    assert code != 0
    line = one_error_line(err)
    assert mention in line
    assert out == ""
    assert snapshot(ana_db) == before
    assert temp_files(ana_db.parent) == []


def test_impossible_birthday_says_no_such_day(cli, ana_db: Path) -> None:
    """The message must not claim a wrong format when the format was right."""
    for given in ("2026-02-30", "1990-02-29", "02-30"):
        code, _, err = cli("add", "Carla", "--birthday", given, db=ana_db)
        assert code != 0
        assert "no such day" in one_error_line(err), given


def test_mistakes_on_a_new_db_create_no_file(cli, db: Path) -> None:
    for args in (["add", "Carla", "--birthday", "02-30"], ["log", "Ana", "like"],
                 ["add", "Carla", "--tie", "bestie"]):
        code, _, _ = cli(*args, db=db)
        assert code != 0
        assert not db.exists()


def test_real_process_mistakes_have_no_traceback(run_cli, ana_db: Path) -> None:
    before = snapshot(ana_db)
    for args in (["log", "Ana", "like", "--date", "2026-02-30"], ["add", "X", "--birthday", "02-30"],
                 ["log", "Ana", "hug"], ["add", "X", "--relationship", "nemesis"]):
        code, _out, err = run_cli(*args, db=ana_db, today=TODAY)
        assert code != 0, args
        one_error_line(err)
    assert snapshot(ana_db) == before


@pytest.mark.parametrize("given", ["02-29", "--02-29", "2000-02-29", "1988-02-29"])
def test_29_february_is_accepted(cli, db: Path, given: str) -> None:
    code, _, err = cli("add", "Carla", "--birthday", given, db=db)
    assert code == 0, err
    [carla] = Store(db).contacts()
    assert (carla.birthday.month, carla.birthday.day) == (2, 29)
    assert carla.birthday.year == (int(given[:4]) if given[0] != "-" and len(given) == 10 else None)

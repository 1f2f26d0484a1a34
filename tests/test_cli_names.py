"""A contact is named by id, exact name, or an unambiguous case/accent-insensitive prefix."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from conftest import one_error_line, snapshot

from cockpit.model import Contact
from cockpit.store import Store


@pytest.fixture
def people(db: Path) -> dict[str, str]:
    store = Store(db)
    names = ["Núria Ibáñez", "Ana Ruiz", "Ana Soto", "José Ángel Núñez", "Bea", "Bea Martín",
             "Søren Nørgaard"]
    return {n: store.add_contact(Contact(n)).id for n in names}


def logged_with(db: Path) -> list[str]:
    store = Store(db)
    return [store.contact(i.contact_id).name for i in store.interactions()]


@pytest.mark.parametrize("query, expected", [
    ("nuria", "Núria Ibáñez"),
    ("NÚRIA", "Núria Ibáñez"),
    ("Nuria Iba", "Núria Ibáñez"),
    (unicodedata.normalize("NFD", "Núria"), "Núria Ibáñez"),  # decomposed accents typed
    ("ibanez", "Núria Ibáñez"),  # a surname prefix, when nothing else matches
    ("jose angel", "José Ángel Núñez"),
    ("ana r", "Ana Ruiz"),
    ("Bea", "Bea"),  # exact name wins over being a prefix of "Bea Martín"
    ("bea", "Bea"),  # so does an exact name typed without care for case
    ("bea m", "Bea Martín"),
    ("søren", "Søren Nørgaard"),
])
def test_name_resolution(cli, db: Path, people, query: str, expected: str) -> None:
    code, out, err = cli("log", query, "like", db=db, today="2026-11-21")
    assert code == 0, err
    assert expected in out
    assert logged_with(db) == [expected]


def test_resolution_by_id(cli, db: Path, people) -> None:
    code, _, err = cli("note", people["Ana Soto"], "met at PyCon", db=db)
    assert code == 0, err
    assert [n.contact_id for n in Store(db).notes()] == [people["Ana Soto"]]


def test_ambiguous_name_exits_2_listing_candidates_on_one_line(cli, db: Path, people) -> None:
    before = snapshot(db)
    code, out, err = cli("log", "ana", "like", db=db)
    assert code == 2
    line = one_error_line(err)
    assert "Ana Ruiz" in line and "Ana Soto" in line
    assert "Núria" not in line
    assert out == ""
    assert snapshot(db) == before


def test_namesakes_are_ambiguous_even_when_exact(cli, db: Path, people) -> None:
    Store(db).add_contact(Contact("Ana Ruiz", company="Globex"))
    code, _, err = cli("log", "Ana Ruiz", "like", db=db)
    assert code == 2
    assert one_error_line(err).count("Ana Ruiz (") == 2  # both listed, told apart


@pytest.mark.parametrize("command", [("log", "{}", "like"), ("note", "{}", "hello"),
                                     ("ask", "{}", "an intro"), ("followup", "{}", "2026-12-01"),
                                     ("add", "Carla", "--introduced-by", "{}")])
def test_unknown_name_exits_2(cli, db: Path, people, command) -> None:
    before = snapshot(db)
    args = [a.replace("{}", "Zacarías") for a in command]
    code, _out, err = cli(*args, db=db, today="2026-11-21")
    assert code == 2
    assert "Zacarías" in one_error_line(err)
    assert snapshot(db) == before


def test_ambiguous_introducer_exits_2(cli, db: Path, people) -> None:
    before = snapshot(db)
    code, _, err = cli("add", "Carla", "--introduced-by", "ana", db=db)
    assert code == 2 and "Ana Ruiz" in one_error_line(err)
    assert snapshot(db) == before


def test_real_process_ambiguous_and_unknown(run_cli, db: Path, people) -> None:
    code, _, err = run_cli("log", "ana", "like", db=db)
    assert code == 2 and "Ana Soto" in one_error_line(err)
    code, _, err = run_cli("log", "nobody", "like", db=db)
    assert code == 2 and "nobody" in one_error_line(err)

"""Find (actions.search): notes are searched too, and a typo is forgiven."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cockpit.actions import Workspace
from cockpit.actions.search import search
from cockpit.model import Contact, Note
from cockpit.store import Store

TODAY = dt.date(2026, 11, 21)


def workspace(db: Path) -> Workspace:
    store = Store(db)
    store.add_contact(Contact("Ana Ruiz", company="Glovo", role="Engineer"))
    store.add_contact(Contact("Bea Soto", company="Glovo"))
    carla = store.add_contact(Contact("Carla Mendes", company="Cabify"))
    store.save_note(Note(carla.id, "Talked about sourdough baking at PyCon", TODAY))
    store.add_contact(Contact("Dario Madrid", company="Acme"))
    return Workspace(Store(db), TODAY)


def names(ws: Workspace, query: str) -> list[str]:
    return [m.contact.name for m in search(ws, query)]


def test_find_searches_notes(db: Path) -> None:
    ws = workspace(db)
    assert names(ws, "sourdough") == ["Carla Mendes"]


def test_a_typo_finds_the_people_at_glovo(db: Path) -> None:
    ws = workspace(db)
    assert sorted(names(ws, "glvoo")) == ["Ana Ruiz", "Bea Soto"]
    assert sorted(names(ws, "glvoo engineer")) == ["Ana Ruiz"]
    assert names(ws, "sourdouhg") == ["Carla Mendes"]
    assert names(ws, "madird") == ["Dario Madrid"]


def test_exact_matches_come_first_and_nonsense_finds_nothing(db: Path) -> None:
    ws = workspace(db)
    assert names(ws, "ana")[0] == "Ana Ruiz"
    assert names(ws, "zzzzqqq") == []


def test_a_new_note_is_found_at_once(db: Path) -> None:
    from cockpit.actions.contacts import save_note

    ws = workspace(db)
    assert names(ws, "kitesurfing") == []
    save_note(ws, ws.resolve("Bea Soto").id, "Goes kitesurfing in Tarifa")
    assert names(ws, "kitesurfing") == ["Bea Soto"]

"""Undo of a triage action (actions.undo) and deleting a logged interaction (triage):
the database comes back exactly as it was, the morning agenda (its incremental path
included) shows the row again, and an undo never overwrites a later write."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from tui_support import TODAY, make_db

from cockpit.actions import Workspace, contacts, triage, undo
from cockpit.actions import morning as morning_actions
from cockpit.agenda import FollowUpItem
from cockpit.model import Contact, Interaction, ValidationError
from cockpit.settings import Settings
from cockpit.store import NotFound, Store


def everything(db: Path) -> dict[str, Any]:
    """Every record, as a fresh process reads the file (the journal replayed)."""
    s = Store(db)
    return {"contacts": sorted(s.contacts(include_archived=True), key=lambda c: c.id),
            "followups": sorted(s.followups(open_only=False), key=lambda f: f.id),
            "asks": sorted(s.asks(open_only=False), key=lambda a: a.id),
            "interactions": sorted(s.interactions(), key=lambda i: i.id),
            "notes": sorted(s.notes(), key=lambda n: n.id)}


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace.open(make_db(tmp_path), TODAY, Settings())


def rows(ws: Workspace) -> list[tuple[str, str, dt.date]]:
    return [(i.contact.id, i.origin, i.due) for i in morning_actions.morning(ws).agenda.followups]


def item_of(ws: Workspace, origin: str) -> FollowUpItem:
    return next(i for i in morning_actions.morning(ws).agenda.followups if i.origin == origin)


def undone_exactly(ws: Workspace, cid: str, action: Any) -> str:
    """Run `action` undoably: it changes the file; the undo puts every record back and
    the incremental agenda equals the one before."""
    before, agenda_before = everything(ws.path), rows(ws)
    message, taken = undo.undoable(ws, [cid], action)
    assert everything(ws.path) != before, "the action changed nothing: the test proves nothing"
    morning_actions.morning_after(ws, [cid])
    assert undo.still_undoable(ws, taken)
    line = undo.apply(ws, taken)
    assert line == f"Undone: {message}"
    after = morning_actions.morning_after(ws, [cid])  # the live, incremental path
    assert [(i.contact.id, i.origin, i.due) for i in after.agenda.followups] == agenda_before
    assert everything(ws.path) == before
    ws.checkpoint()
    assert everything(ws.path) == before
    return message


@pytest.mark.parametrize("origin", ["cadence", "met-in-person", "manual"])
def test_done_is_undone_exactly(ws: Workspace, origin: str) -> None:
    item = next((i for i in morning_actions.morning(ws).agenda.followups
                 if i.origin == origin), None)
    if item is None:  # a manual follow-up is two days ahead in the demo: bring one today
        cid = rows(ws)[0][0]
        triage.schedule_followup(ws, cid, "today", "send the deck")
        item = next(i for i in morning_actions.morning(ws).agenda.followups
                    if i.origin == origin)
    assert undone_exactly(ws, item.contact.id, lambda w: triage.done(w, item)).startswith("Done")


def test_snooze_is_undone_exactly(ws: Workspace) -> None:
    item = item_of(ws, "met-in-person")
    until = TODAY + dt.timedelta(days=3)
    undone_exactly(ws, item.contact.id, lambda w: triage.snooze(w, item, until))


def test_a_wish_and_a_log_are_undone_with_the_contacts_dates(ws: Workspace) -> None:
    wish = morning_actions.morning(ws).agenda.birthdays[0]
    undone_exactly(ws, wish.contact.id, lambda w: triage.wish(w, wish))
    assert morning_actions.morning(ws).agenda.birthdays[0] == wish  # not "wished" any more
    lapsed = item_of(ws, "cadence")
    undone_exactly(ws, lapsed.contact.id,
                   lambda w: triage.log(w, lapsed.contact.id, "call", "phone", "caught up"))


def test_logging_the_ask_on_an_asks_row_is_undone_with_the_ask(ws: Workspace) -> None:
    engage = next(e for e in morning_actions.morning(ws).agenda.engage if e.ready)
    cid, state = engage.contact.id, engage.ask.state
    undone_exactly(ws, cid, lambda w: triage.log(w, cid, "ask", ask=engage.ask))
    assert next(a for a in ws.store.asks(cid) if a.id == engage.ask.id).state == state


def test_archive_is_undone_with_the_records_own_timestamps(ws: Workspace) -> None:
    item = item_of(ws, "cadence")
    undone_exactly(ws, item.contact.id, lambda w: contacts.archive(w, item.contact.id))
    assert not ws.store.contact(item.contact.id).archived


def test_an_undo_never_overwrites_a_later_write(ws: Workspace) -> None:
    item = item_of(ws, "met-in-person")
    _, taken = undo.undoable(ws, [item.contact.id], lambda w: triage.done(w, item))
    contacts.save_note(ws, item.contact.id, "a later note")  # another write
    assert not undo.still_undoable(ws, taken)
    with pytest.raises(ValidationError, match="Nothing to undo"):
        undo.apply(ws, taken)
    assert not any(i.contact.id == item.contact.id and i.origin == "met-in-person"
                   for i in morning_actions.morning(ws).agenda.followups)  # still done


def test_another_process_writing_meanwhile_also_stops_the_undo(ws: Workspace) -> None:
    item = item_of(ws, "met-in-person")
    _, taken = undo.undoable(ws, [item.contact.id], lambda w: triage.done(w, item))
    ws.checkpoint()
    other = Store(ws.path)
    other.log(Interaction(item.contact.id, "like", TODAY))
    with pytest.raises(ValidationError, match="Nothing to undo"):
        undo.apply(ws, taken)


def test_delete_interaction_moves_the_keep_in_touch_clock_back(ws: Workspace) -> None:
    lapsed = item_of(ws, "cadence")
    cid = lapsed.contact.id
    triage.log(ws, cid, "call", "phone", "caught up")
    assert cid not in {r[0] for r in rows(ws)}  # the call reset the clock
    newest = ws.store.interactions(cid)[0]
    line = triage.delete_interaction(ws, newest.id)
    assert line == f"Deleted the call with {lapsed.contact.name} of Sun 22 Nov 2026"
    assert (cid, "cadence", lapsed.due) in rows(ws)  # due again, as before the call
    with pytest.raises(NotFound, match="not in the database any more"):
        triage.delete_interaction(ws, newest.id)


def test_unlog_deletes_the_latest_or_the_one_named(ws: Workspace) -> None:
    ana = ws.store.add_contact(Contact("Ana Unlog"))
    first = ws.store.log(Interaction(ana.id, "like", TODAY, summary="first"))
    ws.store.log(Interaction(ana.id, "call", TODAY - dt.timedelta(days=3)))
    ws.store.log(Interaction(ana.id, "email", TODAY, summary="logged last"))
    assert triage.unlog(ws, "Ana Unlog") == "Deleted the email with Ana Unlog of Sun 22 Nov 2026"
    assert triage.unlog(ws, "Ana Unlog", first.id).startswith("Deleted the like")
    assert [i.kind for i in ws.store.interactions(ana.id)] == ["call"]
    with pytest.raises(ValidationError, match="no interaction with id 'zzz'"):
        triage.unlog(ws, "Ana Unlog", "zzz")
    triage.unlog(ws, "Ana Unlog")
    with pytest.raises(ValidationError, match="has no logged interaction"):
        triage.unlog(ws, "Ana Unlog")

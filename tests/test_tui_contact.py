"""Pilot tests of the contact screen: notes, log, done, edit, archive, draft, history."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_support import TODAY, fresh, go_to, make_app, make_db, screen_text, settle

from cockpit.screens.contact import ContactScreen
from cockpit.screens.morning import MorningScreen
from cockpit.widgets.contact_panes import HistoryList, NotesList
from cockpit.widgets.drafter import DraftPane
from cockpit.widgets.followups import FollowupsPane

SIZE = (120, 36)
NAME = "Dvořák Adeyemi Schäfer"  # met in person 2 days ago: a follow-up and two notes


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_db(tmp_path)


async def open_contact(pilot, name: str = NAME) -> ContactScreen:
    await settle(pilot)
    await go_to(pilot, pilot.app.screen.query_one(FollowupsPane), name)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ContactScreen)
    return screen


async def test_the_contact_screen_shows_fields_notes_open_items_and_history(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contact(pilot)
        text = screen_text(app)
        contact = fresh(db).resolve(NAME)
        assert contact.company in text
        assert "in person at Web Summit Lisboa" in text
        assert "thank them and send a personal invitation" in text
        assert "Rust" in text  # a note: the conversation mention (what you talked about)
        history = screen.query_one(HistoryList)
        first = str(history.get_option_at_index(0).prompt)
        assert "19 Nov 2026" in first and "met" in first  # newest first: met 3 days ago
        assert history.border_subtitle == str(len(fresh(db).interactions(contact.id)))


async def test_n_adds_a_note_enter_edits_it_delete_removes_it(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contact(pilot)
        cid = screen.contact_id
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Loves jazz", "ctrl+s")
        await settle(pilot)
        assert "Loves jazz" in screen_text(app)
        assert fresh(db).notes(cid)[0].text == "Loves jazz"
        notes = screen.query_one(NotesList)
        notes.focus()
        await pilot.press("home", "enter")
        await settle(pilot)
        await pilot.press(*" and vinyl", "ctrl+s")
        await settle(pilot)
        assert fresh(db).notes(cid)[0].text == "Loves jazz and vinyl"
        assert len(fresh(db).notes(cid)) == 3
        notes.focus()
        await pilot.press("home", "delete")
        await settle(pilot)
        assert "Delete the note" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert "Loves jazz" not in screen_text(app)
    texts = [n.text for n in fresh(db).notes(cid)]
    assert len(texts) == 2 and not any("jazz" in t for t in texts)


async def test_an_empty_note_is_refused_in_place(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contact(pilot)
        await pilot.press("n", "ctrl+s")
        await settle(pilot)
        assert "a note needs some text" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
    assert len(fresh(db).notes(screen.contact_id)) == 2


async def test_l_and_d_on_the_contact_screen(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contact(pilot)
        cid = screen.contact_id
        await pilot.press("l")
        await settle(pilot)
        await pilot.press(*"coffee", "enter")
        await settle(pilot)
        assert "coffee" in screen_text(app)  # the history reloaded, newest first
        await pilot.press("d")  # the follow-up list has the focus
        await settle(pilot)
        text = screen_text(app)
        assert "thank them and send a personal invitation" not in text
        assert "keep in touch (every 90 days)" in text  # the next one, from today's message
    store = fresh(db)
    latest = store.interactions(cid)[0]
    assert (latest.kind, latest.summary, latest.date) == ("message", "coffee", TODAY)
    assert [f.state for f in store.followups(cid, open_only=False)] == ["done"]


async def test_e_edits_the_fields_with_validation(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contact(pilot)
        cid = screen.contact_id
        await pilot.press("e")
        await settle(pilot)
        company = app.screen.query_one("#company")
        company.value = "Pied Piper"
        birthday = app.screen.query_one("#birthday")
        birthday.focus()
        await pilot.press(*"13-40", "enter")
        await settle(pilot)
        assert "use YYYY-MM-DD, or MM-DD" in screen_text(app)
        assert fresh(db).contact(cid).company != "Pied Piper"
        await pilot.press(*["backspace"] * 5, *"03-14", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert "Pied Piper" in screen_text(app)
    saved = fresh(db).contact(cid)
    assert (saved.company, saved.birthday.iso() if saved.birthday else None) == (
        "Pied Piper", "--03-14")
    assert saved.how_met == "in-person" and saved.met_at == "Web Summit Lisboa"


async def test_A_archives_after_confirmation_and_the_agenda_drops_them(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contact(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert "Archive Dvořák Adeyemi Schäfer?" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert "archived" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MorningScreen)
        assert NAME not in [i.contact.name for i in app.screen.query_one(FollowupsPane).items]
    assert fresh(db).contact(screen.contact_id).archived


async def test_w_on_the_contact_screen_drafts_in_the_draft_pane(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_contact(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, MorningScreen)
        pane = app.screen.query_one(DraftPane)
        assert pane.session is not None and pane.session.contact.name == NAME
        assert pane.session.template.name == "follow-up-after-meeting"
        assert app.focused is pane.query_one("#draft-text")

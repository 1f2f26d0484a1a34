"""The TUI on hostile data, past midnight, and on a huge contact (issue #13, items 1, 2,
11 and 12).

* Names, companies, notes and asks holding terminal escapes (OSC 52 clipboard writes),
  C1 controls, bidi overrides and markup-like brackets: the agenda, the contact screen,
  the Draft pane, a toast and the command palette show them as plain text, escaped, and
  nothing crashes or acts (`[/nope]` was a MarkupError that closed the app).
* Left running past midnight, the header, the agenda and new records move to the new day
  (the injected clock drives it).
* 20,000 notes and a 5 MB note: the panes page and cut, the screen opens.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

from conftest import Result
from textual.widgets import TextArea
from tui_support import TODAY, fresh, go_to, screen_text, settle

from cockpit.app import CockpitApp
from cockpit.model import Contact, Interaction, Note
from cockpit.screens.contact import ContactScreen
from cockpit.settings import Settings
from cockpit.store import Store
from cockpit.text import shown
from cockpit.widgets.contact_panes import MAX_NOTES, HistoryList, NotesList
from cockpit.widgets.drafter import DRAFT_SHOWN, DraftPane
from cockpit.widgets.followups import FollowupsPane
from cockpit.widgets.summary import SummaryHeader

SIZE = (140, 40)
RAW = re.compile("[\x1b\x07\x80-\x9f\u202a-\u202e\u2066-\u2069]")
NAME = "Ann [/nope] Close [@click=app.quit]q[/]"
COMPANY = "Co\x1b]52;c;ZWNobyBwd25lZAo=\x1b\\ [link=https://evil.example]Click me[/link]"
NOTE = "pwn \x1b]52;c;cm0gLXJmIH4vKgo=\x1b\\ talk [red]x[/red] \x9b31m \u202eevil"
ASK = "intro \x1b[31m[bold]to Bo\x07"


def clean(text: str, where: str) -> None:
    found = RAW.search(text)
    assert found is None, f"{where}: raw {found.group()!r}"


def hostile_db(cli: Callable[..., Result], folder: Path) -> Path:
    db = folder / "cockpit.json"
    today = TODAY.isoformat()
    code, _, err = cli("add", NAME, "--company", COMPANY, "--role", NOTE, "--how", "in-person",
                       "--met-on", (TODAY - dt.timedelta(days=1)).isoformat(), "--note", NOTE,
                       db=db, today=today)
    assert code == 0, err
    cid = json.loads(cli("contacts", "--json", db=db)[1])[0]["id"]
    assert cli("note", cid, NOTE, "--kind", "talk", db=db, today=today)[0] == 0
    assert cli("ask", cid, ASK, "--offer", NOTE, db=db, today=today)[0] == 0
    assert cli("log", cid, "message", "--summary", NOTE, db=db, today=today)[0] == 0
    return db


def app_on(db: Path, clock: Callable[[], dt.datetime] | None = None) -> CockpitApp:
    return CockpitApp(db, today=TODAY, settings=Settings(),
                      clock=clock or (lambda: dt.datetime(2026, 11, 22, 9, 0)),
                      scratch_dir=db.parent / "scratch")


async def test_hostile_text_shows_escaped_in_every_pane_toast_and_the_palette(
        cli: Callable[..., Result], tmp_path: Path) -> None:
    db = hostile_db(cli, tmp_path)
    app = app_on(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        text = screen_text(app)
        clean(text, "morning screen")
        assert "Ann [/nope] Close" in text

        # A toast naming them (logging): plain text, no crash, no action.
        await go_to(pilot, app.screen.query_one(FollowupsPane), NAME)
        await pilot.press("s")  # the snooze popup names them: as given, no markup
        await settle(pilot)
        assert "Show the follow-up with Ann [/nope] Close" in screen_text(app)
        clean(screen_text(app), "snooze dialog")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert f"With {NAME}" in screen_text(app), screen_text(app)
        clean(screen_text(app), "log dialog")
        await pilot.press("ctrl+s")  # the log dialog saves with ctrl+s (enter picks the kind)
        await settle(pilot)
        assert app.is_running
        toasts = [n.message for n in app._notifications]
        assert any(NAME in m for m in toasts), toasts
        assert all(not n.markup for n in app._notifications)
        clean(screen_text(app), "toast")

        # The contact screen: card, notes, asks, history.
        await go_to(pilot, app.screen.query_one(FollowupsPane), NAME)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        text = screen_text(app)
        clean(text, "contact screen")
        assert shown(NOTE)[:30] in text and "[link=https://evil.example]" in text
        assert shown(COMPANY)[:20] in text

        # The Draft pane (its text area too).
        await pilot.press("w")
        await settle(pilot)
        pane = app.screen.query_one(DraftPane)
        assert pane.session is not None
        clean(screen_text(app), "draft pane")
        clean(pane.query_one(TextArea).text, "draft text area")

        # The command palette.
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*"Ann")
        await settle(pilot)
        text = screen_text(app)
        clean(text, "palette")
        assert "Ann [/nope] Close" in text
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running


async def test_a_toast_with_markup_in_it_is_plain_text(tmp_path: Path) -> None:
    app = app_on(tmp_path / "cockpit.json")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.notify("Logged for [@click=app.quit]quit[/] and [/nope] \x1b]52;c;eA==\x07",
                   title="[b]Li [/] Wu")
        await settle(pilot)
        assert app.is_running
        text = screen_text(app)
        clean(text, "toast")
        flat = "".join(line.strip(" ▌▐▊▎") for line in text.splitlines())
        assert "[@click=app.quit]quit[/]" in flat and "[b]Li [/] Wu" in flat, text


async def test_at_midnight_the_header_agenda_and_new_records_move_to_the_new_day(
        cli: Callable[..., Result], tmp_path: Path) -> None:
    db = hostile_db(cli, tmp_path)
    now = [dt.datetime(2026, 11, 22, 23, 59, 45)]
    app = app_on(db, clock=lambda: now[0])
    app.DAY_CHECK_EVERY = 0.05
    new_day = TODAY + dt.timedelta(days=1)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        header = app.screen.query_one(SummaryHeader)
        assert header.day == TODAY
        assert app.morning is not None and app.morning.agenda.date == TODAY
        now[0] = dt.datetime(2026, 11, 23, 0, 0, 5)
        await pilot.pause(0.3)
        await settle(pilot)
        assert header.day == new_day and app.today == new_day
        assert app.service is not None and app.service.today == new_day
        assert app.morning is not None and app.morning.agenda.date == new_day
        assert f"{new_day:%a %d %b %Y}" in screen_text(app)
        await go_to(pilot, app.screen.query_one(FollowupsPane), NAME)
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("ctrl+s")  # the log dialog saves with ctrl+s (enter picks the kind)
        await settle(pilot)
    store = fresh(db)
    dates = sorted(i.date for i in store.interactions(store.contacts()[0].id))
    assert dates == [TODAY, new_day]


async def test_a_contact_with_many_notes_and_a_huge_one_opens_paged(tmp_path: Path) -> None:
    db = tmp_path / "cockpit.json"
    store = Store(db)
    person = Contact(name="Many Notes")
    huge = "word " * 1_000_000  # 5 MB
    notes = [Note(person.id, f"note {n}", TODAY - dt.timedelta(days=n % 3000 + 1))
             for n in range(20_000)]
    notes.append(Note(person.id, huge, TODAY, kind="conversation"))  # a mention: quoted
    history = [Interaction(person.id, "message", TODAY - dt.timedelta(days=n % 3000 + 1),
                           summary=f"chat {n}") for n in range(1000)]
    store.insert_many(contacts=[person], notes=notes, interactions=history)
    app = app_on(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.open_contact(person.id)
        await settle(pilot)
        notes_pane = app.screen.query_one(NotesList)
        assert notes_pane.option_count == MAX_NOTES + 1
        last = notes_pane.get_option_at_index(MAX_NOTES)
        assert last.disabled and f"{20_001 - MAX_NOTES:,} older" in str(last.prompt)
        first = notes_pane.get_option_at_index(0)  # the 5 MB note, newest: its start only
        assert len(str(first.prompt)) < 1000 and str(first.prompt).endswith("…")
        history_pane = app.screen.query_one(HistoryList)
        assert history_pane.option_count == 201
        assert notes_pane.notes[first.id or ""].text == huge  # what enter opens to edit
        # Drafting from it: the pane shows the start of the draft, y copies all of it.
        await pilot.press("w")
        await settle(pilot)
        pane = app.screen.query_one(DraftPane)
        assert pane.session is not None and len(pane.session.text) > DRAFT_SHOWN
        area = pane.query_one(TextArea)
        assert len(area.text) < DRAFT_SHOWN + 200 and "cut here" in area.text
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard == pane.session.text

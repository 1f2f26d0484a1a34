"""Pilot tests of the morning screen: real keys, and both the screen and the file checked.

Every database assertion re-opens a fresh Store on the path, so it sees what is on disk.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tui_support import (
    TODAY,
    counts,
    fresh,
    go_to,
    make_app,
    make_db,
    plural,
    screen_text,
    settle,
    summary,
)

from cockpit.screens.contact import ContactScreen
from cockpit.screens.help import HelpScreen
from cockpit.screens.morning import MorningScreen
from cockpit.widgets.agenda_list import MORE_ID, PAGE
from cockpit.widgets.birthdays import BirthdaysPane
from cockpit.widgets.engage import EngagePane
from cockpit.widgets.followups import QUIET, FollowupsPane

SIZE = (120, 36)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_db(tmp_path)


def contact_id(path: Path, name: str) -> str:
    return fresh(path).resolve(name).id


async def test_first_screen_shows_date_summary_and_what_is_due(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MorningScreen)
        text = screen_text(app)
        assert "Sun 22 Nov 2026" in text
        assert summary(db) in text  # e.g. "5 follow-ups · 3 birthdays · 1 ready to ask · …"
        assert "follow-ups ·" in text and "birthdays ·" in text
        assert "45d overdue" in text and "Mateus Bianchi García" in text
        assert "Álvaro Esposito Müller" in text and "turns 41" in text
        assert "ask now" in text and "next: comment" in text
        assert app.focused is app.screen.query_one(FollowupsPane)


async def test_d_marks_the_followup_done(db: Path) -> None:
    due = counts(db)["follow-up"]
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(FollowupsPane)
        await go_to(pilot, pane, "Dvořák Adeyemi Schäfer")
        following = pane.items[pane.highlighted + 1].contact.name
        await pilot.press("d")
        await settle(pilot)
        names = [i.contact.name for i in pane.items]
        assert "Dvořák Adeyemi Schäfer" not in names
        assert plural(due - 1, "follow-up") + " ·" in screen_text(app)
        # the cursor stays where it was: on the next row
        assert pane.selected_contact is not None
        assert pane.selected_contact.name == following
    cid = contact_id(db, "Dvořák Adeyemi Schäfer")
    stored = fresh(db).followups(cid, open_only=False)
    assert [(f.origin, f.state, f.closed_on) for f in stored] == [
        ("met-in-person", "done", TODAY)]


def _answer_pending_invitations(db: Path) -> None:
    from cockpit import agenda
    from cockpit.model import Interaction
    from cockpit.store import Store

    store = Store(db)
    for c in store.contacts():
        if agenda.pending_invite_since(c) is not None:
            store.log(Interaction(c.id, "invite-accepted", TODAY - dt.timedelta(days=1)))


async def test_d_pressed_quickly_three_times_does_three_rows(db: Path, monkeypatch) -> None:
    """A triage key moves on: three presses before any save lands do three follow-ups,
    never the same one twice."""
    import threading

    from cockpit.actions import triage

    gate = threading.Event()  # the saves wait here: the keys come faster than the disk
    real_done = triage.done

    def slow_done(ws, item):
        gate.wait(10)
        return real_done(ws, item)

    monkeypatch.setattr(triage, "done", slow_done)
    # `d` on a pending invitation asks what became of it (tests/test_network_tui.py): the
    # demo's one is answered first, so the top rows are all plain follow-ups.
    _answer_pending_invitations(db)
    due = counts(db)["follow-up"]
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(FollowupsPane)
        first = [i.contact.name for i in pane.items[:4]]
        await pilot.press("d", "d", "d")
        assert pane.selected_contact is not None
        assert pane.selected_contact.name == first[3]  # the cursor already moved on
        gate.set()
        await settle(pilot)
        names = [i.contact.name for i in pane.items]
        assert not set(first[:3]) & set(names)
        assert names[0] == first[3]
        assert plural(due - 3, "follow-up") + " ·" in screen_text(app)
    assert counts(db)["follow-up"] == due - 3  # on disk too


async def test_d_on_a_cadence_followup_records_it_done(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(FollowupsPane)
        await go_to(pilot, pane, "Mateus Bianchi García")
        await pilot.press("d")
        await settle(pilot)
        assert "Mateus Bianchi García" not in [i.contact.name for i in pane.items]
    done = [f for f in fresh(db).followups(contact_id(db, "Mateus Bianchi García"),
                                           open_only=False)]
    assert [(f.origin, f.state) for f in done] == [("cadence", "done")]


async def test_d_on_a_birthday_logs_a_birthday_wish(db: Path) -> None:
    birthdays = counts(db)["birthday"]
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(BirthdaysPane)
        await go_to(pilot, pane, "Álvaro Esposito Müller")
        await pilot.press("d")
        await settle(pilot)
        item = next(b for b in pane.items if b.contact.name == "Álvaro Esposito Müller")
        assert item.wished
        text = screen_text(app)
        assert "✓ today" in text
        assert plural(birthdays - 1, "birthday") + " ·" in text
    store = fresh(db)
    wishes = [i for i in store.interactions(contact_id(db, "Álvaro Esposito Müller"))
              if i.kind == "birthday-wish"]
    assert [(w.date, w.kind) for w in wishes] == [(TODAY, "birthday-wish")]


async def test_s_snoozes_for_the_chosen_time(db: Path) -> None:
    due = counts(db)["follow-up"]
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(FollowupsPane)
        await go_to(pilot, pane, "Íñigo Ibáñez")
        await pilot.press("s")
        await settle(pilot)
        assert "Show the follow-up with Íñigo Ibáñez again in" in screen_text(app)
        await pilot.press("down", "enter")  # "3 days"
        await settle(pilot)
        assert isinstance(app.screen, MorningScreen)
        row = next(i for i in pane.items if i.contact.name == "Íñigo Ibáñez")
        assert row.due == TODAY + dt.timedelta(days=3)
        assert plural(due - 1, "follow-up") + " ·" in screen_text(app)
    stored = fresh(db).followups(contact_id(db, "Íñigo Ibáñez"), open_only=False)
    assert [(f.origin, f.state, f.snoozed_until) for f in stored] == [
        ("invite-pending", "snoozed", TODAY + dt.timedelta(days=3))]


async def test_s_with_a_typed_date_and_a_bad_one(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(FollowupsPane)
        await go_to(pilot, pane, "Dvořák Adeyemi Schäfer")
        await pilot.press("s", "end", "enter")  # "a date…"
        await pilot.press(*"2026-11-20", "enter")
        assert "is not after today" in screen_text(app)
        await pilot.press(*["backspace"] * 10, *"someday", "enter")
        assert "invalid snooze until 'someday'" in screen_text(app)
        await pilot.press(*["backspace"] * 7, *"friday", "enter")  # the CLI's date words
        await settle(pilot)
        assert isinstance(app.screen, MorningScreen)
    stored = fresh(db).followups(contact_id(db, "Dvořák Adeyemi Schäfer"), open_only=False)
    assert [(f.state, f.snoozed_until) for f in stored] == [("snoozed", dt.date(2026, 11, 27))]


async def test_l_on_an_ask_row_defaults_to_its_next_step_and_advances_it(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(EngagePane)
        await go_to(pilot, pane, "Ramón Adeyemi Rossi")
        assert pane.selected_item.next_step == "comment"
        await pilot.press("l")
        await settle(pilot)
        assert "Log an interaction" in screen_text(app)
        assert app.screen.query_one("#kind").value == "comment"
        assert app.focused is app.screen.query_one("#kind")  # the kind first
        await pilot.press("tab", "tab", "tab", *"great post", "enter")  # when, channel, summary
        await settle(pilot)
        item = next(e for e in pane.items if e.contact.name == "Ramón Adeyemi Rossi")
        assert item.next_step == "share"
        assert "next: share" in screen_text(app)
    logged = fresh(db).interactions(contact_id(db, "Ramón Adeyemi Rossi"))[0]
    assert (logged.date, logged.kind, logged.channel, logged.summary) == (
        TODAY, "comment", "linkedin", "great post")


async def test_l_choosing_another_kind_in_the_dialog(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(FollowupsPane)
        await go_to(pilot, pane, "João García")
        await pilot.press("l")
        await settle(pilot)
        # the kind has the focus: enter opens the list, pick "call"
        await pilot.press("enter", *"call", "enter")
        await pilot.press("tab", "tab", "tab", *"new job", "enter")  # when, channel, summary
        await settle(pilot)
        assert "João García" not in [i.contact.name for i in pane.items]  # clock reset
    logged = fresh(db).interactions(contact_id(db, "João García"))[0]
    assert (logged.kind, logged.channel, logged.summary) == ("call", "phone", "new job")


async def test_escape_in_a_dialog_changes_nothing(db: Path) -> None:
    before = db.read_bytes()
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MorningScreen)
    assert db.read_bytes() == before


async def test_l_ask_on_a_ready_ask_marks_it_asked(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(EngagePane)
        await go_to(pilot, pane, "Åsa Lefèvre")
        await pilot.press("l", "ctrl+s")
        await settle(pilot)
        assert "Åsa Lefèvre" not in [e.contact.name for e in pane.items]
    store = fresh(db)
    cid = contact_id(db, "Åsa Lefèvre")
    assert [a.state for a in store.asks(cid, open_only=False)] == ["asked"]
    assert store.interactions(cid)[0].kind == "ask"


async def test_enter_opens_the_contact_and_escape_returns_to_the_same_row(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(FollowupsPane)
        await go_to(pilot, pane, "João García")
        row = pane.highlighted
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        text = screen_text(app)
        assert "João García" in text and "History" in text and "Notes" in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MorningScreen)
        assert app.focused is pane
        assert pane.highlighted == row
        assert pane.selected_contact.name == "João García"


async def test_tab_and_shift_tab_move_between_panes(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        order = []
        for _ in range(4):
            focused = app.focused
            pane = focused if focused.has_class("pane") else focused.parent
            order.append(pane.id)
            await pilot.press("tab")
        assert order == ["followups", "birthdays", "engage", "draft"]
        assert app.focused.id == "followups"
        await pilot.press("shift+tab")
        assert app.focused.id == "draft-text"


async def test_slash_finds_a_contact_by_fuzzy_name(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*"asa l")
        await settle(pilot)
        assert "Åsa Lefèvre" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        assert app.screen.card is not None
        assert app.screen.card.contact.name == "Åsa Lefèvre"


async def test_ctrl_p_finds_by_company_or_tag(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        company = fresh(db).resolve("Chiara Ferrer").company
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*company.lower())
        await settle(pilot)
        assert company in screen_text(app)


async def test_question_mark_lists_every_key(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "Everywhere" in screen_text(app)
        text = "\n".join(f"{key} {desc}" for _title, rows in app.screen.sections
                         for key, desc in rows)
        for words in ("Snooze", "Done", "Wished", "Log", "Draft", "Copy", "Sent", "Find",
                      "Help", "Quit", "New", "Open", "Back", "Edit", "Archive", "Note",
                      "Template", "Hook", "Editor", "Export", "tab / shift+tab", "ctrl+p"):
            assert words in text, words
        await pilot.press("escape")
        assert isinstance(app.screen, MorningScreen)


async def test_n_new_contact_shows_errors_next_to_fields_then_saves(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        # no name, a bad e-mail: both reported, nothing saved
        app.screen.query_one("#email").focus()
        await pilot.press(*"ana@x", "enter")
        await settle(pilot)
        text = screen_text(app)
        assert "a contact needs a name" in text
        assert "does not look like an e-mail address" in text
        assert app.focused.id == "name"
        assert fresh(db).contacts() == fresh(db).contacts()  # readable
        assert not any(c.name == "Ana Ruiz" for c in fresh(db).contacts())
        # fix both, tick "met in person today", save
        await pilot.press(*"Ana Ruiz", "tab", *"Globex", "tab", "tab", "space", "tab")
        assert app.focused.id == "met_at"
        await pilot.press(*"PyCon")
        app.screen.query_one("#email").value = "ana@example.com"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MorningScreen)
        assert any(i.contact.name == "Ana Ruiz" for i in app.screen.query_one(FollowupsPane).items)
    store = fresh(db)
    ana = store.resolve("Ana Ruiz")
    assert (ana.company, ana.emails, ana.how_met, ana.met_at, ana.met_on) == (
        "Globex", ["ana@example.com"], "in-person", "PyCon", TODAY)
    assert [(f.origin, f.due) for f in store.followups(ana.id)] == [
        ("met-in-person", TODAY + dt.timedelta(days=1))]


async def test_a_plans_an_ask_for_the_selected_contact(db: Path) -> None:
    warming = counts(db)["warming"]
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to(pilot, app.screen.query_one(FollowupsPane), "Chidi Esposito")
        await pilot.press("a")
        await settle(pilot)
        assert "Chidi Esposito" in screen_text(app)
        await pilot.press("enter")  # nothing typed: "what" is required
        await settle(pilot)
        assert "say what you want to ask for" in screen_text(app)
        await pilot.press(*"a grant ref", "tab", *"a deck review", "enter")
        await settle(pilot)
        engage = app.screen.query_one(EngagePane)
        assert app.focused is engage
        assert "Chidi Esposito" in [e.contact.name for e in engage.items]
        assert plural(warming + 1, "ask") + " warming" in screen_text(app)
    asks = fresh(db).asks(contact_id(db, "Chidi Esposito"))
    assert [(a.what, a.offer, a.steps, a.created) for a in asks] == [
        ("a grant ref", "a deck review", ["like", "comment", "share"],
         TODAY)]


async def test_a_failed_write_says_so_and_loses_nothing(db: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from cockpit.store import Store, StoreError

    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(FollowupsPane)
        await go_to(pilot, pane, "Dvořák Adeyemi Schäfer")
        await pilot.press("d")  # this one is saved
        await settle(pilot)

        def broken(self, record):
            raise StoreError(f"could not save {self.path}: the disk is full; nothing was changed")

        monkeypatch.setattr(Store, "save_followup", broken)
        await go_to(pilot, pane, "Ngozi Di Stefano Núñez")
        await pilot.press("d")
        await settle(pilot)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors and "the disk is full" in errors[-1].message
        assert errors[-1].title == "Not saved"
        assert "Ngozi Di Stefano Núñez" in [i.contact.name for i in pane.items]
    store = fresh(db)
    assert [f.state for f in store.followups(contact_id(db, "Dvořák Adeyemi Schäfer"),
                                             open_only=False)] == ["done"]
    assert [f.state for f in store.followups(contact_id(db, "Ngozi Di Stefano Núñez"),
                                             open_only=False)] == ["open"]


async def test_quiet_morning_suggests_people_to_engage(tmp_path: Path) -> None:
    from cockpit.model import Contact, Interaction
    from cockpit.store import Store

    path = tmp_path / "quiet.json"
    store = Store(path, clock=lambda: dt.datetime(2026, 1, 1, 9, 0))
    old = Contact(name="Pilar Ferrer", tie="occasional")
    recent = Contact(name="Bianca Rossi", tie="occasional")
    store.insert_many(contacts=[old, recent], interactions=[
        Interaction(old.id, "call", TODAY - dt.timedelta(days=150)),
        Interaction(recent.id, "call", TODAY - dt.timedelta(days=10))])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert QUIET[:40] in text  # "Nothing due — a good day to engage with…"
        assert "Bianca Rossi" not in text  # spoke 10 days ago: not a suggestion
        assert "0 follow-ups · 0 birthdays · 0 asks warming" in text
        pane = app.screen.query_one(FollowupsPane)
        assert pane.selected_contact.name == "Pilar Ferrer"  # longest silence first
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)


async def test_a_huge_list_renders_a_page_and_offers_more(tmp_path: Path) -> None:
    from cockpit.model import Contact, FollowUp
    from cockpit.store import Store

    path = tmp_path / "many.json"
    people = [Contact(name=f"Person {n:04d}") for n in range(450)]
    Store(path, clock=lambda: dt.datetime(2026, 11, 20)).insert_many(
        contacts=people, followups=[FollowUp(p.id, TODAY, "call back") for p in people])
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(FollowupsPane)
        assert len(pane.items) == 450
        assert pane.option_count == PAGE + 1  # a page of rows and "… more"
        assert pane.get_option_at_index(PAGE).id == MORE_ID
        assert f"… {450 - PAGE} more" in screen_text(app) or PAGE > 30
        await pilot.press("end", "enter")
        assert pane.option_count == 2 * PAGE + 1
        assert pane.highlighted == PAGE  # the first of the new rows


async def test_x_exports_the_calendar_next_to_the_database(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        calendar = db.with_suffix(".ics")
        messages = [n.message for n in app._notifications]
        assert any(str(calendar) in m for m in messages), messages
    text = calendar.read_text(encoding="utf-8")
    assert text.startswith("BEGIN:VCALENDAR") and "Álvaro Esposito Müller" in text


VCARD = """BEGIN:VCARD
VERSION:3.0
FN:Zoë Ferrer Puig
N:Ferrer Puig;Zoë;;;
ORG:Cabify
EMAIL:zoe@example.com
END:VCARD
"""


async def test_I_imports_a_vcard_with_progress_and_a_report(db: Path, tmp_path: Path) -> None:
    card = tmp_path / "phone.vcf"
    card.write_text(VCARD, encoding="utf-8")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("I")
        await settle(pilot)
        assert "Import contacts" in screen_text(app)
        await pilot.press(*"nowhere.vcf", "enter")
        await settle(pilot)
        assert "no such file" in screen_text(app)
        app.screen.query_one("#import-path").value = str(card)
        await pilot.press("enter")
        await settle(pilot)
        assert "✓ 1 added, 0 merged, 0 unchanged, 0 skipped" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("slash", *"zoe f")
        await settle(pilot)
        assert "Zoë Ferrer Puig" in screen_text(app)  # the finder knows the new person
    zoe = fresh(db).resolve("Zoë Ferrer Puig")
    assert (zoe.company, zoe.emails) == ("Cabify", ["zoe@example.com"])


async def test_q_quits(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0 or app.return_code is None
    assert not app.is_running


async def test_a_change_made_by_another_process_shows_up(db: Path) -> None:
    from cockpit.model import Interaction

    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(FollowupsPane)
        assert "João García" in [i.contact.name for i in pane.items]
        other = fresh(db)  # e.g. `cockpit log "João García" call` from a script
        other.log(Interaction(other.resolve("João García").id, "call", TODAY))
        app.screen.watch_file()  # what the screen's timer does every few seconds
        await settle(pilot)
        assert "João García" not in [i.contact.name for i in pane.items]


async def test_a_first_start_on_an_empty_database_says_how_to_begin(tmp_path: Path) -> None:
    path = tmp_path / "new" / "cockpit.json"
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        assert "No one here yet. Press n to add someone you met" in text
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Ana", "enter")
        await settle(pilot)
        assert "No one here yet" not in screen_text(app)
    assert [c.name for c in fresh(path).contacts()] == ["Ana"]


async def test_a_save_reaches_the_file_other_tools_read_and_quitting_leaves_no_journal(
        db: Path) -> None:
    """Saves are journaled first (fast), then folded into the file once saves pause;
    whatever is still journaled when the app closes is folded on the way out."""
    import tinydb

    from cockpit.model import Interaction

    journal = db.with_name(db.name + ".journal")
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(EngagePane)
        await go_to(pilot, pane, "Ramón Adeyemi Rossi")
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("tab", "tab", "tab", *"great post", "enter")
        await settle(pilot)
        assert app.service is not None
        fold = app.service._fold_timer  # the fold waits for a pause between saves
        assert fold is not None and journal.exists()
        fold.join()
        assert not journal.exists()
        with tinydb.TinyDB(db) as tdb:
            assert "great post" in [d.get("summary") for d in tdb.table("interactions").all()]
        # a write still in the journal when the user quits (as after a failed fold)
        assert app.service is not None
        store = app.service.store
        store.log(Interaction(store.resolve("João García").id, "call", TODAY, summary="last"))
        assert journal.exists()
        await pilot.press("q")
        await pilot.pause()
    assert not journal.exists()
    with tinydb.TinyDB(db) as tdb:
        assert "last" in [d.get("summary") for d in tdb.table("interactions").all()]

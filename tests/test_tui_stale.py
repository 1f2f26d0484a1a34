"""A screen opened before another process wrote never undoes that write: the edit form
applies only the fields you changed, archive changes one field of the fresh record, and a
stale agenda row does not bring a closed follow-up back."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_tui_contact import NAME, open_contact
from tui_support import fresh, make_app, make_db, screen_text, settle

from cockpit.widgets.followups import FollowupsPane


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_db(tmp_path)


def add_email_elsewhere(db: Path, name: str, email: str) -> None:
    """What `cockpit import merge.vcf` does from another process: a new e-mail."""
    other = fresh(db)
    contact = other.resolve(name)
    contact.emails = [*contact.emails, email]
    other.update_contact(contact)


async def test_the_edit_form_keeps_what_another_process_added(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_contact(pilot, NAME)
        cid = screen.contact_id
        await pilot.press("e")
        await settle(pilot)
        add_email_elsewhere(db, NAME, "new@example.com")
        app.screen.query_one("#company").value = "Pied Piper"
        await pilot.press("ctrl+s")
        await settle(pilot)
    saved = fresh(db).contact(cid)
    assert saved.company == "Pied Piper"
    assert "new@example.com" in saved.emails


async def test_archive_keeps_what_another_process_added(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_contact(pilot, NAME)
        cid = screen.contact_id
        add_email_elsewhere(db, NAME, "late@example.com")
        await pilot.press("A")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    saved = fresh(db).contact(cid)
    assert saved.archived and "late@example.com" in saved.emails


async def test_a_stale_row_does_not_reopen_a_closed_followup(db: Path, cli) -> None:
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(FollowupsPane)
        pane.focus()
        item = next(i for i in pane.items if getattr(i, "followup", None) is not None)
        code, _out, err = cli("done", item.contact.name, "--all", db=db, today="2026-11-22")
        assert code == 0, err
        from cockpit.actions import triage

        app.save(lambda ws: triage.snooze(ws, item, ws.today.replace(day=28)),
                 contacts=[item.contact.id])
        await settle(pilot)
        assert any("changed meanwhile" in n.message for n in app._notifications)
    record = next(f for f in fresh(db).followups(open_only=False) if f.id == item.followup.id)
    assert record.state == "done"


async def test_a_card_arriving_after_escape_is_ignored(db: Path) -> None:
    """Escape pressed before the contact's card loaded: the late card must not crash."""
    from cockpit.actions.morning import card
    from cockpit.screens.contact import ContactScreen

    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_contact(pilot, NAME)
        await pilot.press("escape")
        await settle(pilot)
        assert screen not in app.screen_stack  # kept (installed) for the next contact
        assert app.service is not None
        shown = screen.card
        late = ContactScreen.CardLoaded(card(app.service, screen.contact_id))
        screen.on_contact_screen_card_loaded(late)  # raised NoMatches before
        assert app.is_running and screen.card is shown


async def test_the_contact_screen_shows_each_contact_and_drops_late_loads(db: Path) -> None:
    """One contact screen serves every contact: the next one never shows the last one's
    card or history, even when the last one's arrives late."""
    from cockpit.actions.morning import card, history
    from cockpit.screens.contact import ContactScreen
    from cockpit.widgets.contact_panes import HistoryList

    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        first = await open_contact(pilot, NAME)
        first_id = first.contact_id
        await pilot.press("escape")
        await settle(pilot)
        assert app.service is not None
        other = next(c for c in app.service.store.contacts() if c.id != first_id
                     and app.service.store.interactions(c.id))
        app.open_contact(other.id)
        await settle(pilot)
        second = app.screen
        assert second is first and second.contact_id == other.id
        assert second.card is not None and second.card.contact.id == other.id
        assert other.name in screen_text(app) and NAME not in screen_text(app)
        shown = second.query_one(HistoryList)._shown
        assert shown is not None
        # The first contact's card and history, arriving now, are dropped.
        second.on_contact_screen_card_loaded(
            ContactScreen.CardLoaded(card(app.service, first_id)))
        second.on_contact_screen_history_loaded(
            ContactScreen.HistoryLoaded(history(app.service, first_id), first_id))
        assert second.card.contact.id == other.id
        assert second.query_one(HistoryList)._shown is shown

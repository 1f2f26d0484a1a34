"""The key bar: what it shows follows the keys that apply, without rebuilding each time."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets._footer import FooterKey
from tui_support import TODAY, make_app, make_db, settle

from cockpit.model import Contact, FollowUp
from cockpit.store import Store
from cockpit.widgets.agenda_list import MORE_ID, PAGE
from cockpit.widgets.drafter import DraftPane
from cockpit.widgets.followups import FollowupsPane
from cockpit.widgets.footer import KeysFooter

SIZE = (120, 36)


def keys(app) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    """Description → lit, as the footer shows them now."""
    return {k.description: not k._disabled for k in footer_keys(app)}


def footer_keys(app) -> list[FooterKey]:  # type: ignore[no-untyped-def]
    """The keys on screen (other rows are kept, hidden, for when their keys apply again)."""
    row = app.screen.query_one(KeysFooter).shown_row
    assert row is not None
    return list(row.query(FooterKey))


def many(tmp_path: Path) -> Path:
    path = tmp_path / "many.json"
    people = [Contact(name=f"Person {n:04d}") for n in range(PAGE + 20)]
    Store(path, clock=lambda: dt.datetime(2026, 11, 20)).insert_many(
        contacts=people, followups=[FollowUp(p.id, TODAY, "call back") for p in people])
    return path


async def test_moving_along_rows_keeps_the_same_keys_without_rebuilding(tmp_path: Path) -> None:
    app = make_app(many(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(FollowupsPane)
        before = footer_keys(app)
        assert keys(app)["Log"] and keys(app)["Draft"]
        await pilot.press("j", "j", "k")
        await settle(pilot)
        assert footer_keys(app) == before  # the very same widgets: nothing recomposed
        await pilot.press("d")
        await settle(pilot)
        assert len(pane.items) == PAGE + 19  # the follow-up is done
        assert footer_keys(app) == before


async def test_row_keys_dim_on_the_more_row_and_light_again(tmp_path: Path) -> None:
    app = make_app(many(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(FollowupsPane)
        before = footer_keys(app)
        await pilot.press("end")
        await settle(pilot)
        assert pane.highlighted_key == MORE_ID
        assert not keys(app)["Log"] and not keys(app)["Draft"]  # dimmed, still listed
        assert footer_keys(app) == before
        await pilot.press("up")
        await settle(pilot)
        assert keys(app)["Log"] and keys(app)["Draft"]


async def test_other_keys_rebuild_the_bar(tmp_path: Path) -> None:
    app = make_app(make_db(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = footer_keys(app)
        assert "Template" not in keys(app)
        app.screen.query_one(DraftPane).query_one("#draft-text").focus()
        await settle(pilot)
        assert "Template" in keys(app)  # the Draft pane's own keys
        assert "Log" not in keys(app)
        draft_keys = footer_keys(app)
        app.screen.query_one(FollowupsPane).focus()
        await settle(pilot)
        assert "Log" in keys(app) and "Template" not in keys(app)
        assert footer_keys(app) == before  # the row shown before, not composed again
        app.screen.query_one(DraftPane).query_one("#draft-text").focus()
        await settle(pilot)
        assert footer_keys(app) == draft_keys


async def test_a_key_rebuilds_only_the_pane_it_changed(tmp_path: Path) -> None:
    from cockpit.widgets.birthdays import BirthdaysPane
    from cockpit.widgets.engage import EngagePane

    app = make_app(many(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        others = [app.screen.query_one(EngagePane), app.screen.query_one(BirthdaysPane)]
        options = [list(p.options) for p in others]
        followups = app.screen.query_one(FollowupsPane)
        first = followups.get_option_at_index(0)
        await pilot.press("d")
        await settle(pilot)
        assert followups.get_option_at_index(0) is not first  # rebuilt: the row is gone
        assert [list(p.options) for p in others] == options
        assert all(a is b for p, before in zip(others, options, strict=True)
                   for a, b in zip(p.options, before, strict=True))  # untouched


async def test_the_contact_screen_dims_its_keys_only_when_the_card_cannot_be_read(
        tmp_path: Path) -> None:
    from cockpit.screens.contact import ContactScreen

    app = make_app(make_db(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen) and app.screen.card is not None
        assert keys(app)["Log"] and keys(app)["Note"]
        await pilot.press("escape")
        await settle(pilot)
        app.open_contact("no-such-contact")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen) and app.screen.card is None
        assert not keys(app)["Log"] and not keys(app)["Note"]  # nothing to act on
        assert "Cannot show the contact" in [n.title for n in app._notifications]

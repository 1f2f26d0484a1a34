"""Notes have a kind in the TUI too: a private memo by default, or a mention (a talk, a
post…) that the Draft pane turns into a sentence and names as the hook."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_tui_contact import open_contact
from tui_support import fresh, make_app, make_db, screen_text, settle

from cockpit.widgets.drafter import DraftPane

SIZE = (120, 36)
NAME = "Dvořák Adeyemi Schäfer"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_db(tmp_path)


async def test_a_note_is_a_memo_unless_you_pick_a_kind(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contact(pilot, NAME)
        cid = screen.contact_id
        await pilot.press("n")
        await settle(pilot)
        assert "memo — private, never quoted in a draft" in screen_text(app)
        await pilot.press(*"owes me a call back", "ctrl+s")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"observability at PyCon ES", "shift+tab", "enter")
        await pilot.press("down", "enter", "ctrl+s")  # memo → talk
        await settle(pilot)
    kinds = {n.text: n.kind for n in fresh(db).notes(cid)}
    assert kinds["owes me a call back"] == "memo"
    assert kinds["observability at PyCon ES"] == "talk"
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_contact(pilot, NAME)
        await pilot.press("w")
        await settle(pilot)
        draft = app.screen.query_one(DraftPane)
        assert draft.session is not None
        for _ in range(4):  # h cycles the mentions only
            if "observability" in draft.session.hook_label:
                break
            await pilot.press("h")
            await settle(pilot)
        text = draft.session.text
        assert "observability at PyCon ES" in text and "owes me" not in text
        assert "talk" in screen_text(app)


async def test_the_contact_form_sets_their_language_and_what_you_call_them(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contact(pilot, NAME)
        cid = screen.contact_id
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#lang").value = "it"
        app.screen.query_one("#call_name").value = "Dvo"
        await pilot.press("ctrl+s")
        await settle(pilot)
    saved = fresh(db).contact(cid)
    assert (saved.lang, saved.call_name) == ("it", "Dvo")


def test_c_offers_only_channels_the_contact_can_receive() -> None:
    """No e-mail without an address, no WhatsApp or SMS without a phone."""
    from cockpit import drafting
    from cockpit.actions.draft_session import DraftSession
    from cockpit.model import Contact

    ana = Contact("Ana Ruiz")  # no e-mail, no phone
    ctx = drafting.make_context(ana, [], hook=0)
    available = drafting.all_templates({})
    session = DraftSession(ana, ctx, available, available["reconnect"], "linkedin-message")
    session.recompose()
    seen = set()
    for _ in range(len(drafting.CHANNELS) + 1):
        session.next_channel()
        seen.add(session.channel)
    assert not seen & {"email", "whatsapp", "sms"}
    assert "linkedin-message" in seen and "linkedin-invite" in seen

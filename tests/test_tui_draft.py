"""Pilot tests of the Draft pane: w, h, t, i (live checks), y, e, S."""

from __future__ import annotations

import datetime as dt
import os
import stat
import sys
from pathlib import Path

import pytest
from tui_support import TODAY, counts, fresh, go_to, make_app, make_db, plural, screen_text, settle

from cockpit.widgets.drafter import DraftPane
from cockpit.widgets.engage import EngagePane
from cockpit.widgets.followups import FollowupsPane

SIZE = (120, 36)
MET = "Dvořák Adeyemi Schäfer"  # met in person at Web Summit Lisboa; two notes


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_db(tmp_path)


async def draft_for(pilot, name: str = MET) -> DraftPane:
    await settle(pilot)
    await go_to(pilot, pilot.app.screen.query_one(FollowupsPane), name)
    await pilot.press("w")
    await settle(pilot)
    pane = pilot.app.screen.query_one(DraftPane)
    assert pane.session is not None
    return pane


async def test_w_drafts_the_follow_up_after_meeting_from_the_notes(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        pane = await draft_for(pilot)
        session = pane.session
        assert app.focused is pane.query_one("#draft-text")
        assert session.template.name == "follow-up-after-meeting"
        assert session.channel == "linkedin-invite"
        assert "Web Summit Lisboa" in session.text and session.text.startswith(("Hi Dvořák", "Hello Dvořák"))
        text = screen_text(app)
        assert "To Dvořák Adeyemi Schäfer · conversation: Rust (1/2)" in text
        assert "ready ✓" in text


async def test_h_picks_another_note_and_t_another_template(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        pane = await draft_for(pilot)
        first = pane.session.text
        await pilot.press("h")
        assert pane.session.hook_label == "travel: the move to Berlin (2/2)"
        assert pane.session.text != first
        assert "the move to Berlin" in pane.session.text
        await pilot.press("t")
        assert pane.session.template.name != "follow-up-after-meeting"
        assert pane.session.text in pane.query_one("#draft-text").text


async def test_i_edits_here_with_live_checks_and_escape_keeps_the_text(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        pane = await draft_for(pilot)
        await pilot.press("i", *" Dear ___")
        assert pane.editing
        codes = [p.code for p in pane.session.problems]
        assert "unfilled-placeholder" in codes
        assert "to fix" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert not pane.editing
    drafts = fresh(db).drafts(fresh(db).resolve(MET).id)
    assert len(drafts) == 1 and drafts[0].text.endswith("Dear ___")
    assert drafts[0].state == "draft"


async def test_y_copies_with_osc52_and_a_file_fallback(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        pane = await draft_for(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.clipboard == pane.session.text
        copied = app.scratch_dir / "draft.txt"
        assert copied.read_text(encoding="utf-8") == pane.session.text + "\n"
        if os.name == "posix":  # it holds what you know of someone: private
            assert stat.S_IMODE(copied.stat().st_mode) == 0o600
            assert stat.S_IMODE(copied.parent.stat().st_mode) == 0o700
        messages = [n.message for n in app._notifications]
        assert any(str(copied) in m for m in messages)
    assert [d.state for d in fresh(db).drafts(fresh(db).resolve(MET).id)] == ["draft"]


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script as $EDITOR")
async def test_e_edits_in_the_editor_and_reads_the_text_back(db: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nprintf 'Hi Dvořák, lovely to meet you at Web Summit Lisboa.'"
                      " > \"$1\"\n", encoding="utf-8")
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("VISUAL", str(editor))
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        pane = await draft_for(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert pane.session.text == "Hi Dvořák, lovely to meet you at Web Summit Lisboa."
        assert pane.query_one("#draft-text").text == pane.session.text
        assert pane.session.edited
    drafts = fresh(db).drafts(fresh(db).resolve(MET).id)
    assert [d.text for d in drafts] == ["Hi Dvořák, lovely to meet you at Web Summit Lisboa."]


async def test_S_marks_sent_logs_the_invitation_and_closes_the_follow_up(db: Path) -> None:
    due = counts(db)["follow-up"]
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        pane = await draft_for(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert pane.session.sent
        text = screen_text(app)
        assert "sent ✓" in text
        assert plural(due - 1, "follow-up") + " ·" in text
        left = [(i.origin, i.due) for i in app.screen.query_one(FollowupsPane).items
                if i.contact.name == MET]
        # the met-in-person follow-up is closed; the invitation now waits for an answer
        assert left == [("invite-pending", TODAY + dt.timedelta(days=14))]
    store = fresh(db)
    cid = store.resolve(MET).id
    assert [(d.template, d.state) for d in store.drafts(cid)] == [
        ("follow-up-after-meeting", "sent")]
    latest = store.interactions(cid)[0]
    assert (latest.kind, latest.date, latest.channel) == ("invite-sent", TODAY, "linkedin")
    assert [(f.origin, f.state) for f in store.followups(cid, open_only=False)] == [
        ("met-in-person", "done")]


async def test_S_is_refused_while_a_blank_is_left(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        pane = await draft_for(pilot)
        await pilot.press("i", *" ___", "escape")
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert not pane.session.sent
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors and "not marked sent" in errors[-1].message
    store = fresh(db)
    cid = store.resolve(MET).id
    assert [d.state for d in store.drafts(cid)] == ["draft"]
    assert store.interactions(cid)[0].kind == "met"


async def test_w_on_an_ask_drafts_the_ask_and_warns_before_engaging(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to(pilot, app.screen.query_one(EngagePane), "Ramón Adeyemi Rossi")
        await pilot.press("w")
        await settle(pilot)
        pane = app.screen.query_one(DraftPane)
        assert pane.session.template.name == "ask"
        assert "an intro to their CTO" in pane.session.text
        assert "ask-before-engaging" in [p.code for p in pane.session.problems]
        assert "next step: comment" in " ".join(screen_text(app).split())


async def test_at_80_columns_w_gives_the_draft_the_screen_and_escape_gives_it_back(
        db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await draft_for(pilot)
        assert app.screen.maximized is pane
        await pilot.press("escape")
        assert app.screen.maximized is None
        assert os.path.basename(str(app.focused.id)) == "draft-text"


async def test_f_fills_in_whom_to_meet_for_an_intro_request(db: Path) -> None:
    """An intro request needs a target: `f` asks for it (and why), reports an unknown name
    under its field, then re-writes the draft and stores it."""
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        pane = await draft_for(pilot)
        for _ in range(20):
            if pane.session.template.name == "intro-request":
                break
            await pilot.press("t")
        assert pane.session.template.name == "intro-request"
        assert any("{target}" in p.message for p in pane.session.problems)
        await pilot.press("f")
        await settle(pilot)
        assert "Fill in the draft" in screen_text(app)
        assert app.focused is app.screen.query_one("#target")
        await pilot.press(*"Nobody Atall", "enter")
        await settle(pilot)
        assert "no contact matches 'Nobody Atall'" in screen_text(app)
        assert "{target}" in pane.session.text  # nothing changed yet
        target = app.screen.query_one("#target")
        target.value = ""
        assert [i.id for i in app.screen.query("Input")] == ["target", "why", "offer"]
        await pilot.press(*"João García", "tab", *"their data platform", "tab",
                          *"a free pilot", "enter")
        await settle(pilot)
        assert "Fill in the draft" not in screen_text(app)
        session = pane.session
        assert "João García" in session.text and "their data platform" in session.text
        assert "a free pilot" in session.text
        assert not [p for p in session.problems if p.level == "error"], session.problems
    stored = fresh(db).drafts(fresh(db).resolve(MET).id)
    assert any("João García" in d.text and d.template == "intro-request" for d in stored)


async def test_f_on_a_template_with_nothing_to_type_says_so(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        pane = await draft_for(pilot)
        assert pane.session.template.name == "follow-up-after-meeting"
        await pilot.press("f")
        await settle(pilot)
        assert any("needs nothing typed" in n.message for n in app._notifications)
        assert "Fill in the draft" not in screen_text(app)

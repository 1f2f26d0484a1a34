"""What only the CLI had, in the TUI, driven by keys (Pilot): batch drafts for a tag (`B`),
who can introduce me (`i` on a contact), and find showing archived people, whom `A` on
their screen restores (the archive dialog's promise)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_support import TODAY, fresh, make_app, make_db, screen_text, settle

from cockpit import drafting
from cockpit.actions import Workspace, contacts, draft_lists
from cockpit.model import Contact, DraftState, fold
from cockpit.screens.batch_drafts import BatchDraftScreen, BatchPickScreen
from cockpit.screens.contact import ContactScreen
from cockpit.screens.fill_draft import FillDraftScreen
from cockpit.screens.introducers import IntroducersScreen
from cockpit.widgets.draft_steps import StepDraftPane

SIZE = (120, 36)
NEWS = "I started a climbing-gym software company"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_db(tmp_path)


def tagged(db: Path, tag: str) -> list[Contact]:
    return sorted((c for c in fresh(db).contacts() if any(fold(t) == fold(tag) for t in c.tags)),
                  key=lambda c: (fold(c.name), c.id))


async def open_contact(pilot, name: str) -> ContactScreen:
    await settle(pilot)
    await pilot.press("slash")
    await settle(pilot)
    await pilot.press(*name)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ContactScreen) and screen.card is not None
    assert screen.card.contact.name == name
    return screen


async def test_batch_drafts_for_a_tag_step_copy_and_mark_sent(db: Path) -> None:
    top_tag = draft_lists.tags(Workspace(fresh(db), TODAY))[0][0]
    people = tagged(db, top_tag)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("B")
        await settle(pilot)
        assert isinstance(app.screen, BatchPickScreen)
        assert f"{top_tag}  {len(people)} people" in screen_text(app)
        await pilot.press("enter")  # the update tells your news: asked for first
        await settle(pilot)
        assert isinstance(app.screen, BatchPickScreen)
        assert "say what you are working on" in screen_text(app)
        assert app.focused is not None and app.focused.id == "my_update"
        await pilot.press(*NEWS, "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BatchDraftScreen)
        batch = screen.tag_batch
        drafted = [s.contact for s in batch.sessions]
        skipped = [c for c, _ in batch.skipped]
        assert sorted(c.id for c in drafted + skipped) == sorted(c.id for c in people)
        assert drafted, "the demo gives some of them a mention to write from"
        text = screen_text(app)
        for c in drafted:
            assert c.name in text
        for c in skipped:
            assert f"{c.name}  skipped:" in text
        # Each person's own draft, saved (as `cockpit draft --tag`), with the news.
        store = fresh(db)
        for c in drafted:
            [saved] = [d for d in store.drafts(c.id) if d.template == "update"]
            assert NEWS in saved.text and saved.state == DraftState.DRAFT.value
        pane = screen.query_one(StepDraftPane)
        assert pane.session is not None and pane.session.contact.id == drafted[0].id
        await pilot.press("y")  # copy: kept in a file too
        await settle(pilot)
        assert NEWS in (app.scratch_dir / "draft.txt").read_text()
        await pilot.press("S")
        await settle(pilot)
        store = fresh(db)
        assert [d.state for d in store.drafts(drafted[0].id)] == [DraftState.SENT.value]
        assert store.interactions(drafted[0].id)[0].kind == "message"
        assert "1 sent" in screen_text(app) and "✓ sent" in screen_text(app)
        if len(drafted) > 1:
            await pilot.press("n")  # skip on to the next person
            await settle(pilot)
            assert pane.session is not None and pane.session.contact.id == drafted[1].id
            assert drafted[1].name.split()[0] in screen_text(app)
            assert [d.state for d in fresh(db).drafts(drafted[1].id)] == [
                DraftState.DRAFT.value]
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, BatchDraftScreen)


def best_target(db: Path) -> tuple[Contact, list[drafting.Candidate]]:
    """The contact with the most people who could introduce you."""
    store = fresh(db)
    everyone = store.contacts()
    ranked = [(c, drafting.introducers(c, everyone, TODAY)) for c in everyone]
    return max(ranked, key=lambda pair: (len(pair[1]), pair[0].name))


async def test_who_can_introduce_me_ranked_then_w_drafts_the_request(db: Path) -> None:
    target, candidates = best_target(db)
    assert candidates
    best = candidates[0].contact
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_contact(pilot, target.name)
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IntroducersScreen)
        text = screen_text(app)
        assert f"{len(candidates)} could introduce you" in text
        assert len(candidates) > 1  # the best first, then the next
        assert text.index(best.name) < text.index(candidates[1].contact.name)
        assert candidates[0].reasons[0].split()[0] in text  # why, next to each name
        await pilot.press("w")
        await settle(pilot)
        pane = screen.query_one(StepDraftPane)
        assert pane.session is not None and pane.session.contact.id == best.id
        assert pane.session.template.name == "intro-request"
        assert target.name in pane.session.text
        assert "intro-request" in screen_text(app)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FillDraftScreen)
        for field, value in (("why", "her work on payments"), ("offer", "an intro to my CTO")):
            app.screen.query_one(f"#{field}").value = value  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, IntroducersScreen)
        session = pane.session
        assert "her work on payments" in session.text and "{why}" not in session.text
        assert not [p for p in session.problems if p.code == "unfilled-placeholder"]
        await pilot.press("S")
        await settle(pilot)
        store = fresh(db)
        [sent] = [d for d in store.drafts(best.id) if d.template == "intro-request"]
        assert sent.state == DraftState.SENT.value and "her work on payments" in sent.text
        assert store.interactions(best.id)[0].date == TODAY
        assert "✓ sent" in screen_text(app)


async def test_find_shows_archived_people_and_a_on_their_screen_restores_them(db: Path) -> None:
    store = fresh(db)
    person = sorted(store.contacts(), key=lambda c: c.name)[3]
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contact(pilot, person.name)
        assert "A Archive" not in screen_text(app)  # archiving is there, not in the footer
        await pilot.press("A")
        await settle(pilot)
        await pilot.press("y")  # "Archive …? (A again on their screen restores them)"
        await settle(pilot)
        assert fresh(db).contact(person.id).archived
        assert "archived (A restores)" in screen_text(app) and "A Restore" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        # Find still finds them, marked.
        await pilot.press("slash")
        await settle(pilot)
        await pilot.press(*person.name)
        await settle(pilot)
        assert f"{person.name}  (archived)" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ContactScreen) and screen.card is not None
        assert screen.card.contact.id == person.id
        await pilot.press("A")
        await settle(pilot)
        assert not fresh(db).contact(person.id).archived
        assert "A Restore" not in screen_text(app)
        assert "archived (A restores)" not in screen_text(app)


async def test_search_finds_archived_people_only_when_asked(db: Path) -> None:
    ws = Workspace(fresh(db), TODAY)
    first = sorted(ws.store.contacts(), key=lambda c: c.name)[0]
    contacts.archive(ws, first.id)
    from cockpit.actions import search

    ws.search_index = None
    found = search.search(ws, first.name, include_archived=True)
    assert found[0].contact.id == first.id and found[0].contact.archived
    assert all(m.contact.id != first.id for m in search.search(ws, first.name))

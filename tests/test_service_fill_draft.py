"""`actions.drafts.fill_draft`: the values typed for a draft's template (the Draft pane's `f`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cockpit.actions import FormErrors, Workspace, drafts
from cockpit.model import Ask, Contact, Note
from cockpit.store import Store

DAY = dt.date(2026, 11, 22)


@pytest.fixture
def service(db: Path) -> Workspace:
    store = Store(db)
    ana, bea = Contact("Ana Ruiz", company="Acme"), Contact("Bea Soto", company="Initech")
    store.insert_many(contacts=[ana, bea, Contact("Bea Sotomayor")],
                      notes=[Note(ana.id, "runs the Madrid Python meetup", DAY)],
                      asks=[Ask(bea.id, "advice on hiring data engineers", DAY)])
    return Workspace(Store(db), DAY)


def intro_session(service: Workspace):
    ana = service.store.resolve("Ana Ruiz")
    return drafts.draft_for(service, ana.id, template="intro-request")


def test_a_target_fills_the_intro_and_its_why_comes_from_their_ask(service: Workspace) -> None:
    session = intro_session(service)
    assert session.template.fillable() == ["target", "why", "offer"]
    drafts.fill_draft(service, session, "Bea Soto", offer="a pilot of our tool")
    assert session.ctx.target is not None and session.ctx.target.name == "Bea Soto"
    assert "Bea Soto" in session.text
    assert "advice on hiring data engineers" in session.text  # her oldest open ask
    assert "a pilot of our tool" in session.text
    assert not [p for p in session.problems if p.code == "unfilled-placeholder"]


def test_a_typed_why_wins_and_blank_fields_are_ignored(service: Workspace) -> None:
    session = intro_session(service)
    drafts.fill_draft(service, session, "Bea Soto", why="  her talk on data teams ", offer="   ")
    assert "her talk on data teams" in session.text
    assert "advice on hiring" not in session.text
    assert "offer" not in session.ctx.extra


@pytest.mark.parametrize(("name", "message"), [
    ("Nobody", "no contact matches 'Nobody'"),
    ("Bea Sot", "several contacts match (Bea Soto, Bea Sotomayor…)"),
    ("Ana Ruiz", "Ana Ruiz is who you are writing to"),
])
def test_a_bad_target_is_a_field_error_and_changes_nothing(service: Workspace, name: str,
                                                            message: str) -> None:
    session = intro_session(service)
    before = session.text
    with pytest.raises(FormErrors) as caught:
        drafts.fill_draft(service, session, name, why="anything")
    assert list(caught.value.errors) == ["target"]
    assert caught.value.errors["target"].startswith(message)
    assert session.text == before


def test_templates_say_which_values_they_need() -> None:
    from cockpit import drafting

    templates = drafting.all_templates({})
    assert templates["update"].fillable() == ["my_update"]
    assert templates["follow-up-after-meeting"].fillable() == []

"""On a network day (P15) the Follow-ups pane leads with what that network needs: pending
invitations on it to nudge come before older follow-ups; other days keep the usual order.
The rule is the agenda's (pure); the incremental agenda keeps it too (test_live_agenda)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tui_support import CLOCK, TODAY, fresh, make_app, make_db, settle

from cockpit import agenda
from cockpit.app import CockpitApp
from cockpit.model import Contact, Origin
from cockpit.settings import Settings
from cockpit.widgets.followups import FollowupsPane

DAY = dt.date(2026, 11, 24)  # a Tuesday
TUESDAY_LINKEDIN = Settings(network_days={"linkedin": "tuesday"})


def person(name: str, **seen: dt.date) -> Contact:
    return Contact(name, tie="close", handles={"linkedin": f"in/{name.lower()}"},
                   seen={k.replace("_", "-"): v for k, v in seen.items()})


def people() -> list[Contact]:
    return [
        person("Ana", message=DAY - dt.timedelta(days=90)),  # 60 days late on a 30-day cadence
        person("Bo", invite_sent=DAY - dt.timedelta(days=15), message=DAY - dt.timedelta(days=3)),
        Contact("Cy", tie="close", handles={"twitter": "@cy"},  # an invitation on X
                seen={"invite-sent": DAY - dt.timedelta(days=15), "message": DAY}),
        Contact("Di", tie="close", seen={"invite-sent": DAY - dt.timedelta(days=15),
                                         "message": DAY}),  # no handle: LinkedIn, the default
    ]


def names(items: list[agenda.FollowUpItem]) -> list[tuple[str, str]]:
    return [(i.contact.name, i.origin) for i in items if i.due <= DAY]


def test_on_the_linkedin_day_its_pending_invitations_lead() -> None:
    items = agenda.followups(people(), [], DAY, TUESDAY_LINKEDIN)
    invite = Origin.INVITE_PENDING.value
    assert names(items)[:2] == [("Bo", invite), ("Di", invite)]
    assert names(items)[2][0] == "Ana"  # then by how late, as every day
    assert ("Cy", invite) in names(items)[3:]  # an invitation on X waits for X's day


def test_on_another_day_the_most_overdue_leads() -> None:
    monday = Settings(network_days={"linkedin": "monday"})
    assert names(agenda.followups(people(), [], DAY, monday))[0][0] == "Ana"
    assert names(agenda.followups(people(), [], DAY, Settings()))[0][0] == "Ana"
    x_day = Settings(network_days={"twitter": "tuesday"})
    assert names(agenda.followups(people(), [], DAY, x_day))[0] == ("Cy", "invite-pending")


async def test_the_follow_ups_pane_leads_with_the_network_day_work(tmp_path: Path) -> None:
    db = make_db(tmp_path)
    sunday = Settings(network_days={"linkedin": "sunday"})  # 22 Nov 2026 is a Sunday
    app = CockpitApp(db, today=TODAY, settings=sunday, clock=lambda: CLOCK,
                     scratch_dir=db.parent / "scratch")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(FollowupsPane)
        assert pane.items[0].origin == Origin.INVITE_PENDING.value
        assert app.focused is pane and pane.selected_contact == pane.items[0].contact
        first = pane.items[0].contact.name
        pane_first_id = pane.items[0].contact.id
        # d asks for the outcome; accepted (a) ends it, and the usual order resumes.
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert all(i.contact.name != first for i in pane.items[:1])
        assert not [i for i in pane.items if i.origin == Origin.INVITE_PENDING.value
                    and i.contact.name == first]
        assert fresh(db).interactions(pane_first_id)[0].kind == "invite-accepted"
    plain = make_app(db)
    async with plain.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        pane = plain.screen.query_one(FollowupsPane)
        assert pane.items[0].origin != Origin.INVITE_PENDING.value


def test_on_the_linkedin_day_warm_ups_there_lead_the_engage_pane() -> None:
    from cockpit.model import Ask

    on_x = Contact("Xe", handles={"twitter": "@xe"})
    on_li = Contact("Li", handles={"linkedin": "in/li"})
    ready = Contact("Re", handles={"twitter": "@re"},
                    seen={"like": DAY, "comment": DAY, "share": DAY})
    asks = [Ask(on_x.id, "an intro", DAY - dt.timedelta(days=30)),  # older: leads on other days
            Ask(on_li.id, "feedback", DAY - dt.timedelta(days=2)),
            Ask(ready.id, "a referral", DAY - dt.timedelta(days=1))]
    everyone = [on_x, on_li, ready]
    tuesday = agenda.morning(everyone, [], asks, DAY, TUESDAY_LINKEDIN).engage
    monday = agenda.morning(everyone, [], asks, DAY - dt.timedelta(days=1),
                            TUESDAY_LINKEDIN).engage
    assert [e.contact.name for e in monday] == ["Re", "Xe", "Li"]  # ready, then oldest
    assert [e.contact.name for e in tuesday] == ["Li", "Re", "Xe"]  # a LinkedIn warm-up leads


async def test_on_the_network_day_requests_to_answer_lead_and_enter_opens_them(
        tmp_path: Path) -> None:
    from textual.widgets import TabbedContent

    from cockpit.actions import Workspace, requests
    from cockpit.screens.network import NetworkScreen
    from cockpit.store import Store
    from cockpit.widgets.followups import REQUESTS_ID

    db = make_db(tmp_path)
    sunday_linkedin = Settings(network_days={"linkedin": WEEKDAY_OF_TODAY})
    ws = Workspace(Store(db, clock=lambda: CLOCK), TODAY, sunday_linkedin)
    requests.record(ws, requests.RequestForm(name="Zoltan Recruiter", note="hi"))
    requests.record(ws, requests.RequestForm(name="Xu on X", network="twitter"))
    requests.record(ws, requests.RequestForm(name="Eve \u202eevil [b]x[/b]"))

    app = CockpitApp(db, today=TODAY, settings=sunday_linkedin, clock=lambda: CLOCK,
                     scratch_dir=tmp_path / "scratch")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(FollowupsPane)
        first = pane.get_option_at_index(0)
        assert first.id == REQUESTS_ID and pane.highlighted == 0
        # Oldest first, then by name; other people's text shown escaped, brackets as typed.
        assert "2 connection requests to answer: Eve \\u202eevil [b]x[" in str(first.prompt)
        assert "\u202e" not in str(first.prompt)
        assert pane.requests == ("Eve \u202eevil [b]x[/b]", "Zoltan Recruiter")
        assert "Xu on X" not in str(first.prompt)  # on X: X's day
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NetworkScreen)
        assert app.screen.query_one(TabbedContent).active == "requests"

    ordinary = make_app(db)  # another day's settings: no row
    async with ordinary.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        pane = ordinary.screen.query_one(FollowupsPane)
        assert all(o.id != REQUESTS_ID for o in pane.options)


WEEKDAY_OF_TODAY = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                    "sunday")[TODAY.weekday()]


def test_cockpit_today_names_the_requests_to_answer_on_the_network_day(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from cockpit.actions import Workspace, requests
    from cockpit.cli import cli
    from cockpit.store import Store

    db = make_db(tmp_path)
    ws = Workspace(Store(db, clock=lambda: CLOCK), TODAY, Settings())
    requests.record(ws, requests.RequestForm(name="Zoltan [b]Recruiter[/b]"))
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir()
    config.write_text(f'[calendar]\nnetwork_days = {{linkedin = "{WEEKDAY_OF_TODAY}"}}\n')
    args = ["--db", str(db), "--today", TODAY.isoformat()]
    runner = CliRunner()
    on_day = runner.invoke(cli, [*args, "today", "--json"], env={"COCKPIT_CONFIG_DIR": str(config.parent)})
    assert on_day.exit_code == 0, on_day.output
    assert json.loads(on_day.output)["requests_to_answer"] == ["Zoltan [b]Recruiter[/b]"]
    plain = runner.invoke(cli, [*args, "today"], env={"COCKPIT_CONFIG_DIR": str(config.parent)})
    assert "1 connection request to answer: Zoltan [b]Recruiter[/b]" in plain.output  # as typed
    other = runner.invoke(cli, [*args, "today", "--json"],
                          env={"COCKPIT_CONFIG_DIR": str(tmp_path / "none")})
    assert json.loads(other.output)["requests_to_answer"] == []

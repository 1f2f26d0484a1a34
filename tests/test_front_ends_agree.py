"""The same morning, once through the command line and once through the TUI (keys
pressed in a Pilot), leaves the same records in the database, field by field: both
front-ends call the one application layer, so neither applies a rule of its own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from tui_support import go_to, settle

from cockpit.app import CockpitApp
from cockpit.settings import Settings
from cockpit.store import Store
from cockpit.widgets.followups import FollowupsPane

D1 = dt.date(2026, 11, 20)
D2 = D1 + dt.timedelta(days=1)
SIZE = (120, 36)


def records(path: Path) -> dict[str, Any]:
    """What a user cares about, without ids and clock stamps."""
    store = Store(path)
    [ana] = store.contacts()
    return {
        "contact": {k: v for k, v in ana.to_dict().items()
                    if k not in ("id", "created", "updated")},
        "notes": sorted((n.text, n.date, n.kind) for n in store.notes()),
        "followups": sorted((f.due, f.reason, f.origin, f.state, f.closed_on)
                            for f in store.followups(open_only=False)),
        "asks": sorted((a.what, a.offer, tuple(a.steps), a.state, a.created)
                       for a in store.asks(open_only=False)),
    }


def app_on(path: Path, day: dt.date) -> CockpitApp:
    return CockpitApp(path, today=day, settings=Settings(),
                      clock=lambda: dt.datetime.combine(day, dt.time(9)),
                      scratch_dir=path.parent / "scratch")


def by_cli(cli, path: Path) -> None:
    def ok(*args: str, today: dt.date) -> None:
        code, _out, err = cli(*args, db=path, today=today.isoformat())
        assert code == 0, err
    ok("add", "Ana Ruiz", "--company", "Globex", "--met-at", "PyCon ES", "--how", "in-person",
       "--email", "ana@example.com", "--tag", "python", "--tag", "madrid",
       "--note", "Talked about Rust at the sprint", today=D1)
    ok("done", "Ana", today=D2)
    ok("ask", "Ana", "feedback on our pitch deck", "--offer", "a free pilot", today=D2)


async def by_tui(path: Path) -> None:
    app = app_on(path, D1)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        for field, value in (("name", "Ana Ruiz"), ("company", "Globex"),
                             ("met_at", "PyCon ES"), ("email", "ana@example.com"),
                             ("tags", "python, madrid"),
                             ("note", "Talked about Rust at the sprint")):
            form.query_one(f"#{field}").value = value
        form.query_one("#met_in_person_today").value = True
        form.query_one("#name").focus()
        await pilot.press("enter")
        await settle(pilot)
    app = app_on(path, D2)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to(pilot, app.screen.query_one(FollowupsPane), "Ana Ruiz")
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        form.query_one("#who").value = "Ana Ruiz"
        form.query_one("#what").value = "feedback on our pitch deck"
        form.query_one("#offer").value = "a free pilot"
        form.query_one("#what").focus()
        await pilot.press("enter")
        await settle(pilot)


async def test_the_cli_and_the_tui_leave_the_same_records(cli, tmp_path: Path) -> None:
    (tmp_path / "cli").mkdir()
    (tmp_path / "tui").mkdir()
    by_cli(cli, tmp_path / "cli" / "cockpit.json")
    await by_tui(tmp_path / "tui" / "cockpit.json")
    from_cli, from_tui = records(tmp_path / "cli" / "cockpit.json"), records(
        tmp_path / "tui" / "cockpit.json")
    for key in from_cli:
        assert from_tui[key] == from_cli[key], key
    # …and the rules were applied: met in person on D1 → due on D2, closed on D2.
    assert from_cli["followups"] == [(D2, "thank them and send a personal invitation",
                                      "met-in-person", "done", D2)]
    assert from_cli["contact"]["met_on"] == D1.isoformat()

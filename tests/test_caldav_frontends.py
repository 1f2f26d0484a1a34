"""`cockpit push-calendar` and the TUI's push (after `x`, and when quitting), against a
real Radicale server on 127.0.0.1, checked with the caldav library's own reads."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from caldav_support import TODAY, Radicale, Reader, caldav_settings, network
from tui_support import settle

from cockpit.app import CockpitApp


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    server = Radicale.start_in(tmp_path_factory.mktemp("radicale-frontends"))
    yield server
    server.stop()


def configure(url: str, user: str, extra: str = "") -> None:
    folder = Path(os.environ["COCKPIT_CONFIG_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(
        f'[calendar.caldav]\nurl = "{url}"\nusername = "{user}"\n{extra}', encoding="utf-8")


def test_push_calendar_from_the_command_line(cli, db: Path, radicale: Radicale) -> None:
    network(db)
    configure(radicale.url, "cli-user")
    env = {"COCKPIT_CALDAV_PASSWORD": "x"}
    code, out, err = cli("push-calendar", "--dry-run", db=db, today=TODAY.isoformat(), env=env)
    assert code == 0, err
    assert "5 new" in out
    assert "Cockpit" not in Reader(radicale.url, "cli-user").calendars()  # dry: nothing made
    code, out, err = cli("push-calendar", db=db, today=TODAY.isoformat(), env=env)
    assert code == 0, err
    assert "5 new, 0 updated, 0 removed, 0 failed" in out
    assert len(Reader(radicale.url, "cli-user").events()) == 5
    code, out, err = cli("done", "Ana", db=db, today=TODAY.isoformat())
    assert code == 0, err
    code, out, err = cli("push-calendar", db=db, today=TODAY.isoformat(), env=env)
    assert code == 0 and "1 removed" in out, out + err
    assert len(Reader(radicale.url, "cli-user").events()) == 4


def test_a_server_that_is_down_is_one_line_and_exit_1(cli, db: Path) -> None:
    from caldav_support import free_port

    network(db)
    configure(f"http://127.0.0.1:{free_port()}/", "nobody")
    before = db.read_bytes()
    code, _out, err = cli("push-calendar", db=db, today=TODAY.isoformat(),
                         env={"COCKPIT_CALDAV_PASSWORD": "x"})
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err, err
    assert db.read_bytes() == before


async def test_x_pushes_and_quitting_pushes_and_rewrites_the_file(
        db: Path, radicale: Radicale, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    monkeypatch.setenv("COCKPIT_CALDAV_PASSWORD", "x")
    network(db)
    base = caldav_settings(radicale.url, "tui-user")
    settings = dataclasses.replace(base, caldav=dataclasses.replace(base.caldav, auto_push=True),
                                   export_path=tmp_path / "synced" / "cockpit.ics")
    (tmp_path / "synced").mkdir()
    app = CockpitApp(db, today=TODAY, settings=settings,
                     clock=lambda: dt.datetime.combine(TODAY, dt.time(9)),
                     scratch_dir=tmp_path / "scratch")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert len(Reader(radicale.url, "tui-user").events()) == 5
        assert any("CalDAV" in n.message and "5 new" in n.message for n in app._notifications)
        network_changed = app.service
        assert network_changed is not None
        from cockpit.actions import triage
        from cockpit.actions.morning import contact_items

        ana = network_changed.resolve("Ana Ruiz")
        triage.done(network_changed, contact_items(network_changed, ana.id)[0])
        await pilot.press("q")
        await settle(pilot)
    assert len(Reader(radicale.url, "tui-user").events()) == 4  # the done follow-up is gone
    assert (tmp_path / "synced" / "cockpit.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")

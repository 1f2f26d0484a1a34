"""Quitting when the file cannot be brought up to date (a full disk): the saves are safe
in the journal; the TUI says exactly that and the process exits 1, never "nothing was
changed" with exit 0."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_support import make_app, make_db, settle

from cockpit.store import CheckpointError


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_db(tmp_path)


async def test_a_failed_fold_on_quit_is_said_and_fails_the_exit(
        db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        ws = app.service
        assert ws is not None

        def full_disk() -> None:
            raise CheckpointError("could not bring cockpit.json up to date (the disk is full);"
                                  " 5 saved changes are safe in cockpit.json.journal and will"
                                  " be folded in the next time Cockpit opens it", 5)

        monkeypatch.setattr(ws, "checkpoint", full_disk)
        await pilot.press("q")
        await settle(pilot)
    assert app.quit_failed
    err = capsys.readouterr().err
    assert "safe in cockpit.json.journal" in err and "nothing was changed" not in err


def test_run_tui_exits_1_when_the_quit_failed(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    import datetime as dt

    import cockpit.app as app_module
    from cockpit.settings import Settings
    from cockpit.tui_entry import run_tui

    def run(self) -> None:  # the app ran and could not fold the journal on quit
        self.quit_failed = True

    monkeypatch.setattr(app_module.CockpitApp, "run", run)
    with pytest.raises(SystemExit) as exit_info:
        run_tui(tmp_path / "cockpit.json", dt.date(2026, 11, 22), Settings(),
                dt.datetime.now)
    assert exit_info.value.code == 1

"""What a newcomer trips over on the command line (issue #16): a typo in --db, completion,
the --json outputs against their published schemas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import one_error_line

TODAY = "2026-11-21"


@pytest.mark.parametrize("command", [["today"], ["contacts"],
                                     ["today", "--json"], ["export-ics"]])
def test_reading_a_mistyped_db_path_says_so(cli, tmp_path: Path, command: list[str]) -> None:
    typo = tmp_path / "x" / "typo.json"
    code, out, err = cli(*command, db=typo, today=TODAY)
    assert code == 1
    assert one_error_line(err) == f"cockpit: error: no database at {typo}"
    assert out == ""
    assert not typo.parent.exists()


def test_a_mistyped_cockpit_db_is_caught_too(cli, tmp_path: Path) -> None:
    typo = tmp_path / "typo.json"
    code, _out, err = cli("today", env={"COCKPIT_DB": str(typo)}, today=TODAY)
    assert code == 1
    assert "no database at" in one_error_line(err)
    assert not typo.exists()


def test_writing_never_creates_missing_folders_of_an_explicit_path(cli, tmp_path: Path) -> None:
    target = tmp_path / "nonexistent" / "x.json"
    code, out, err = cli("add", "Yolanda Ruiz", db=target, today=TODAY)
    assert code == 1
    assert "no folder" in one_error_line(err)
    assert out == ""
    assert not target.parent.exists()


def test_writing_to_a_new_file_in_an_existing_folder_works(cli, db: Path) -> None:
    code, out, _err = cli("add", "Yolanda Ruiz", db=db, today=TODAY)
    assert code == 0 and "Yolanda Ruiz" in out
    assert db.exists()


def test_the_default_data_folder_is_still_created(cli, isolated_env: dict[str, str]) -> None:
    code, _out, _err = cli("add", "Yolanda Ruiz", today=TODAY)
    assert code == 0
    found = list(Path(isolated_env["XDG_DATA_HOME"]).rglob("*.json"))
    assert found, "the default database was not created"
    code, out, _err = cli("contacts", "--json", today=TODAY)
    assert code == 0 and json.loads(out)[0]["name"] == "Yolanda Ruiz"


@pytest.mark.slow
@pytest.mark.parametrize("signum", ["SIGTERM", "SIGHUP"])
def test_demo_killed_by_a_signal_removes_its_folder(isolated_env: dict[str, str],
                                                   tmp_path: Path, signum: str) -> None:
    """`cockpit demo` in a real terminal (a pty), ended by `kill` or a closed window."""
    import os
    import pty
    import signal
    import subprocess
    import sys
    import time

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    main_fd, sub_fd = pty.openpty()
    env = {**isolated_env, "TMPDIR": str(scratch), "TERM": "xterm-256color",
           "COLUMNS": "120", "LINES": "36"}
    proc = subprocess.Popen([sys.executable, "-m", "cockpit.cli", "--today", TODAY, "demo"],
                            stdin=sub_fd, stdout=sub_fd, stderr=sub_fd, env=env,
                            start_new_session=True)
    os.close(sub_fd)
    try:
        deadline = time.monotonic() + 30
        seen = b""
        os.set_blocking(main_fd, False)
        while time.monotonic() < deadline and b"Follow" not in seen:
            try:
                seen += os.read(main_fd, 65536)
            except (BlockingIOError, OSError):
                time.sleep(0.05)
        assert list(scratch.glob("cockpit-demo-*")), "the demo did not start"
        proc.send_signal(getattr(signal, signum))
        deadline = time.monotonic() + 20
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                os.read(main_fd, 65536)
            except (BlockingIOError, OSError):
                time.sleep(0.05)
        assert proc.poll() is not None, "the demo did not end"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(main_fd)
    assert list(scratch.glob("cockpit-demo-*")) == []

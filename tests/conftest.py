"""Shared fixtures: a throw-away database path and two ways to run the command line.

* `run_cli(*args, db=..., today=...)` runs the real program in a subprocess
  (`python -m cockpit.cli`), returning (code, stdout, stderr).
* `cli(*args, db=..., today=...)` calls `cockpit.cli.main` in this process (fast),
  catching its SystemExit, returning the same triple.

Both isolate the user's real data and config folders (XDG_* and COCKPIT_CONFIG_DIR
point into tmp_path) and never inherit COCKPIT_DB unless a test sets it.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

CLI = [sys.executable, "-m", "cockpit.cli"]
Result = tuple[int, str, str]


def cli_args(args: tuple[str, ...], db: Path | str | None, today: str | None) -> list[str]:
    """Global options first (the contract also accepts them after the command name)."""
    front: list[str] = []
    if db is not None:
        front += ["--db", str(db)]
    if today is not None:
        front += ["--today", today]
    return front + [str(a) for a in args]


@pytest.fixture
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Environment for the program under test: no real user folders, no inherited COCKPIT_DB."""
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "COCKPIT_CONFIG_DIR": str(home / "config" / "cockpit"),
        "HOME": str(home),
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("COCKPIT_DB", raising=False)
    full = dict(os.environ)
    full["PYTHONDONTWRITEBYTECODE"] = "1"
    return full


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Path of a database that does not exist yet, in its own folder."""
    folder = tmp_path / "data"
    folder.mkdir()
    return folder / "cockpit.json"


@pytest.fixture
def run_cli(isolated_env: dict[str, str]) -> Callable[..., Result]:
    def run(*args: str, db: Path | str | None = None, today: str | None = None,
            env: dict[str, str] | None = None, timeout: float = 60) -> Result:
        proc = subprocess.run(CLI + cli_args(args, db, today), capture_output=True, text=True,
                              env={**isolated_env, **(env or {})}, timeout=timeout)
        return proc.returncode, proc.stdout, proc.stderr
    return run


@pytest.fixture
def cli(isolated_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """In-process twin of run_cli (same arguments, same result)."""
    from cockpit.cli import main

    def run(*args: str, db: Path | str | None = None, today: str | None = None,
            env: dict[str, str] | None = None) -> Result:
        with monkeypatch.context() as m:
            for key, value in (env or {}).items():
                m.setenv(key, value)
            out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
            err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
            m.setattr(sys, "stdout", out)
            m.setattr(sys, "stderr", err)
            code: int | str | None = 0
            gc_was_enabled = gc.isenabled()  # main() turns the GC off for its short life
            with contextlib.suppress(SystemExit):
                try:
                    main(cli_args(args, db, today))
                except SystemExit as exc:
                    code = exc.code
                    raise
                finally:
                    if gc_was_enabled:
                        gc.enable()
            out.flush()
            err.flush()
            texts = [s.buffer.getvalue().decode("utf-8") for s in (out, err)]  # type: ignore[attr-defined]
        return (code if isinstance(code, int) else 1 if code else 0), texts[0], texts[1]
    return run


def snapshot(path: Path) -> tuple[bytes, int]:
    """Bytes and mtime of a file: what "left untouched" means."""
    return path.read_bytes(), path.stat().st_mtime_ns


def temp_files(folder: Path) -> list[str]:
    """Leftover temp files of the atomic writer in a folder."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def one_error_line(stderr: str) -> str:
    """Assert stderr is exactly one line with no traceback; return it."""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one stderr line, got: {stderr!r}"
    assert "Traceback" not in stderr
    return lines[0]

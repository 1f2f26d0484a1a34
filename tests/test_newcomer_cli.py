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


SCHEMAS = Path(__file__).parent.parent / "docs" / "schema"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import datetime as dt

    from cockpit.demo import build_demo

    path = tmp_path_factory.mktemp("schema") / "demo.json"
    build_demo(path, today=dt.date.fromisoformat(TODAY), contacts=60, seed=7)
    return path


def valid(name: str, out: str) -> object:
    import jsonschema

    schema = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(out)
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER).validate(data)
    return data


def test_every_json_output_matches_its_published_schema(cli, demo_db: Path) -> None:
    def run(*args: str) -> str:
        code, out, err = cli(*args, db=demo_db, today=TODAY)
        assert code in (0, 1), err  # 1: a draft that still has an error
        return out

    today = valid("today", run("today", "--json"))
    assert today["followups"] and today["birthdays"] and today["engage"]
    people = valid("contacts", run("contacts", "--json"))
    assert len(people) == 60
    valid("contacts", run("contacts", "--json", "--archived"))
    valid("templates", run("templates", "--json"))
    someone = people[0]["name"]
    draft = valid("draft", run("draft", someone, "--json", "--no-save"))
    assert draft["contact"] == someone
    tag = next(t for p in people for t in p["tags"])
    batch = valid("draft-tag", run("draft", "--tag", tag, "--json", "--no-save",
                                   "--my-update", "a new analytics product"))
    assert batch["drafts"] or batch["skipped"]
    target = next(p for p in people if p["company"])["name"]
    intro = valid("intro", run("intro", target, "--json", "--no-save"))
    assert intro["target"] == target


def test_docs_json_names_every_schema() -> None:
    text = (SCHEMAS.parent / "json.md").read_text(encoding="utf-8")
    for schema in SCHEMAS.glob("*.json"):
        assert f"schema/{schema.name}" in text


def complete(run_cli, words: str, db: Path | None = None, env: dict[str, str] | None = None
             ) -> list[str]:
    """What bash would offer for the last word of `words` (click's bash protocol)."""
    args = words.split(" ")
    full = {"_COCKPIT_COMPLETE": "bash_complete", "COMP_WORDS": " ".join(["cockpit", *args]),
            "COMP_CWORD": str(len(args)), **(env or {})}
    code, out, err = run_cli(db=None, env=full)
    assert code == 0, err
    return [line.split(",", 1)[1] for line in out.splitlines() if line.startswith("plain,")]


def test_shell_completion_offers_contact_names(run_cli, demo_db: Path) -> None:
    from cockpit.store import Store

    names = [c.name for c in Store(demo_db).contacts()]
    first = sorted(names)[0]
    prefix = first.split()[0][:3]
    offered = complete(run_cli, f"--db {demo_db} done {prefix}")
    assert first in offered
    assert len(offered) < len(names)  # only the names that start so
    assert complete(run_cli, f"draft {prefix}", env={"COCKPIT_DB": str(demo_db)}) == offered
    assert complete(run_cli, f"--db {demo_db} intro x --via {prefix}") == offered
    assert "done" in complete(run_cli, "do")  # commands still complete


def test_shell_completion_never_creates_a_database(run_cli, tmp_path: Path) -> None:
    missing = tmp_path / "none.json"
    assert complete(run_cli, f"--db {missing} done A") == []
    assert not missing.exists()


def test_help_says_practices_in_words(cli) -> None:
    import re

    from cockpit.cli import cli as group

    for name in ["", *group.commands]:
        code, out, _err = cli(*([name] if name else []), "--help")
        assert code == 0
        assert not re.search(r"\bP\d{1,2}\b", out), (name, out)

"""The layers hold: the import-linter contracts in pyproject.toml (front-ends over the
application layer over the domain; no UI library in the domain; screens and widgets never
import the app or the store; the CLI never imports the store; no cycles)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept() -> None:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    run = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "0 broken" in run.stdout


def test_no_module_is_too_big_to_live_in() -> None:
    """Small files with one clear job: none over 500 lines, the app over 300."""
    sizes = {p.relative_to(ROOT).as_posix(): len(p.read_text().splitlines())
             for p in (ROOT / "cockpit").rglob("*.py")}
    assert sizes["cockpit/app.py"] <= 300
    too_big = {name: n for name, n in sizes.items() if n > 500}
    assert not too_big, too_big


def test_every_command_is_found_by_name_and_loads_only_its_module() -> None:
    """The CLI loads a command's module only when it runs (a quick `cockpit today`); the
    name → module table must name every command of every module, and nothing else."""
    import importlib

    from cockpit.cli.base import COMMAND_MODULES

    found = {}
    for module in set(COMMAND_MODULES.values()):
        for command in importlib.import_module(f"cockpit.cli.{module}").COMMANDS:
            found[command.name] = module
    assert found == COMMAND_MODULES
    probe = ("import sys; from cockpit.cli import cli; import click; "
             "cli.get_command(click.Context(cli), 'today'); "
             "print(sorted(m for m in sys.modules if m.startswith(('cockpit.drafting', "
             "'cockpit.importers', 'cockpit.network', 'cockpit.calendar'))))")
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         cwd=ROOT, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_screens_use_the_quick_footer_and_dialog() -> None:
    """Textual's own Footer recomposes on every key and its ModalScreen re-tints the whole
    screen below on every repaint (see widgets/footer.py, screens/dialog.py): screens use
    KeysFooter and Dialog instead."""
    root = Path(__file__).resolve().parents[1] / "cockpit"
    offenders = []
    for path in sorted(root.rglob("*.py")):
        if path.name in ("footer.py", "dialog.py"):
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bFooter\(|\(ModalScreen\[", text):
            offenders.append(path.relative_to(root).as_posix())
    assert offenders == []

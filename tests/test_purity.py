"""The domain and storage layers import no UI: each import runs in a fresh interpreter."""

from __future__ import annotations

import importlib.util
import json
import pkgutil
import subprocess
import sys

import pytest

PROBE = r"""
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""

# Pure modules of DESIGN.md ("agenda, drafting and ical are pure functions of model objects")
# and the importers: none may pull in the UI. Checked when they exist.
OTHER_PURE = ["cockpit.agenda", "cockpit.drafting", "cockpit.ical", "cockpit.settings",
              "cockpit.demo", "cockpit.importers", "cockpit.exporters", "cockpit.live_agenda",
              "cockpit.dates", "cockpit.text"]


def top_level_modules_after_import(*names: str) -> set[str]:
    proc = subprocess.run([sys.executable, "-c", PROBE, *names], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stdout))


def existing(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def importer_modules() -> list[str]:
    if not existing("cockpit.importers"):
        return []
    spec = importlib.util.find_spec("cockpit.importers")
    assert spec is not None and spec.submodule_search_locations is not None
    return [f"cockpit.importers.{m.name}"
            for m in pkgutil.iter_modules(spec.submodule_search_locations)]


def test_model_and_store_import_neither_textual_nor_rich() -> None:
    loaded = top_level_modules_after_import("cockpit.model", "cockpit.store")
    assert "cockpit" in loaded  # the probe really imported something
    assert "textual" not in loaded
    assert "rich" not in loaded


def test_model_alone_imports_no_storage_either() -> None:
    loaded = top_level_modules_after_import("cockpit.model")
    assert not loaded & {"textual", "rich", "tinydb", "orjson", "filelock"}


@pytest.mark.parametrize("name", OTHER_PURE + importer_modules())
def test_pure_modules_do_not_import_textual(name: str) -> None:
    if not existing(name):
        pytest.skip(f"{name} does not exist yet")
    assert "textual" not in top_level_modules_after_import(name)


def test_command_line_does_not_load_the_tui() -> None:
    """`cockpit log …` from a script must not pay for Textual."""
    assert "textual" not in top_level_modules_after_import("cockpit.cli")

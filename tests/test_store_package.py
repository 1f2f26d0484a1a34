"""The store package stays in rooms one can live in, and keeps the names others import."""

from __future__ import annotations

import ast
from pathlib import Path

import cockpit.store

PACKAGE = Path(cockpit.store.__file__).parent


def test_no_module_over_500_lines_and_no_class_over_300() -> None:
    too_big = []
    for path in sorted(PACKAGE.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > 500:
            too_big.append(f"{path.name}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > 300:
                    too_big.append(f"{path.name}: class {node.name} {size} lines")
    assert too_big == []


def test_the_names_other_modules_import_from_cockpit_store() -> None:
    for name in ("Store", "StoreError", "NotFound", "Ambiguous", "CheckpointError",
                 "SCHEMA_VERSION", "JOURNAL_MAX_ENTRIES", "LOCK_TIMEOUT", "default_path",
                 "atomic_write_bytes", "_describe_os_error", "_compact", "FileLock", "Timeout"):
        assert getattr(cockpit.store, name) is not None, name
    assert issubclass(cockpit.store.CheckpointError, cockpit.store.StoreError)
    assert issubclass(cockpit.store.NotFound, cockpit.store.StoreError)

"""Helpers shared by the single-purpose bench scripts (run as `python bench/<name>.py`)."""

from __future__ import annotations

import statistics
import sys
from pathlib import Path


def cockpit_command() -> list[str]:
    """The installed `cockpit` script next to this interpreter, else `python -m cockpit.cli`."""
    script = Path(sys.executable).with_name("cockpit")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cockpit.cli"]


def show(label: str, values: list[float], target: float | None = None, digits: int = 2) -> None:
    """One result line: median (min–max, n) and whether the median meets the target."""
    med = statistics.median(values)
    verdict = ""
    if target is not None:
        verdict = f"  target ≤ {target:.0f} s: {'met' if med <= target else 'NOT MET'}"
    print(f"{label:<44} {med:6.{digits}f} s  ({min(values):.{digits}f}–{max(values):.{digits}f}, "
          f"n={len(values)}){verdict}")

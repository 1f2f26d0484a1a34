"""bench/caldav_bench.py works end to end on tiny networks (a smoke test: no timing asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_caldav_bench_runs_and_writes_its_figures(tmp_path: Path) -> None:
    out = tmp_path / "caldav.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "caldav_bench.py"), "--contacts", "120",
         "--interactions", "600", "--first", "40", "--first-runs", "1", "--runs", "2",
         "--workdir", str(tmp_path / "work"), "--json", str(out)],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]  # 1: a target not met, not a crash
    figures = json.loads(out.read_text())
    first = figures["first_push"]["40"]
    assert first["events"] > 0 and first["runs"] == 1
    scale = figures["at_scale"]
    assert scale["events"] > 0
    for key in ("no_change_in_process", "incremental_in_process", "incremental_whole_process"):
        assert scale[key]["runs"] == 2 and scale[key]["median"] > 0

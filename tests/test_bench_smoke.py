"""bench/run.py works end to end on a tiny network (a smoke test: no timing is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_bench_runs_and_writes_results(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--contacts", "200", "--interactions",
         "1000", "--runs", "1", "--writes", "10", "--presses", "2", "--cli-runs", "2", "--out",
         str(out), "--workdir", str(tmp_path / "work"), "--today", "2026-11-22"],
        capture_output=True, text=True, timeout=300,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},  # no khard: that row says n/a
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "| cockpit today --json" in proc.stdout
    report = json.loads(out.read_text())
    metrics = report["metrics"]
    for key in ("today", "log_cli", "write_p50", "write_p95", "ui_stall", "fuzzy_find",
                "textual_import", "tui_first_paint", "tui_first_paint_no_index"):
        assert metrics[key]["available"], (key, metrics[key]["note"])
        assert metrics[key]["median"] > 0
        assert metrics[key]["peak_rss_mb"] > 0
    assert metrics["tui_ready"]["median"] >= metrics["tui_first_paint"]["median"] > 0
    for key in ("done", "snooze", "wish", "log", "open_contact", "draft", "find"):
        m = metrics[f"key_{key}"]  # each key pressed in the running app, timed
        assert m["available"] and len(m["runs"]) >= 2 and m["median"] > 0, (key, m["note"])
    # bench/sections.py: every import format, the vCard export, the CalDAV push against a
    # real Radicale, the Network screen and the CLI, each with its reference and ratio.
    for key in ("import_vcard", "import_linkedin", "import_google", "export_vcf",
                "caldav_first", "caldav_incremental", "caldav_command", "caldav_no_change",
                "network_figures", "network_invitations", "cli_today", "cli_today_json",
                "cli_log", "cli_done", "cli_import_floor"):
        m = metrics[key]
        assert m["available"] and m["median"] > 0 and m["p95"] >= m["median"], (key, m["note"])
    for key in ("import_vcard_vs_ref", "import_linkedin_vs_ref", "import_google_vs_ref",
                "export_vcf_vs_open", "caldav_vs_no_change", "network_vs_paint",
                "cli_today_vs_floor"):
        assert metrics[key]["available"] and metrics[key]["median"] > 0, key
    assert "200 contacts in the new db" in metrics["import_google"]["note"]
    assert "changes sent per push: [1]" in metrics["caldav_incremental"]["note"]
    assert not metrics["khard_birthdays"]["available"]
    assert "n/a" in metrics["khard_birthdays"]["note"]
    for key, m in metrics.items():  # every section ran or says why not; none crashed
        assert m["available"] or m["note"].startswith("n/a"), (key, m["note"])

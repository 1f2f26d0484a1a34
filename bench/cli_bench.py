#!/usr/bin/env python3
"""Time the CLI as a person runs it: `cockpit today` and a write, whole processes.

    python bench/cli_bench.py [--contacts 30000] [--interactions 300000] [--runs 20]
                              [--db PATH] [--workdir DIR] [--today YYYY-MM-DD] [--json]

Builds the network with `cockpit demo --save` (or takes `--db`, left untouched: the
writes run on a copy), then runs each command `--runs` times, one fresh process each
(interpreter start-up included), and reports per command the median and p95 of the wall
time and of the CPU time the process used (user + system, from `wait4`): on a machine
shared with other work the CPU time says what the command itself costs. Also the floor:
`python -c "import cockpit.cli"`, and the load average before and after.

Commands: `today`, `today --json`, `log ID call` (a different follow-up's contact each
run), `done ID` (closes a due follow-up: a different contact each run). Targets
(issue 19): today <= 0.2 s and a write <= 0.25 s at 30k / 300k; today <= 0.6 s at
100k / 1M. Run by hand or from bench/run.py (section `cli`); never part of pytest.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import cockpit_command  # bench/ is on sys.path when a script here runs

TODAY = "2026-11-21"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timed(cmd: list[str]) -> tuple[float, float, bytes]:
    """Wall time and the CPU time (user + system) of one whole process, from the
    rusage of the children (one child at a time)."""
    before = os.times()
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = os.times()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: "
                           f"{proc.stderr.decode(errors='replace').strip()[-300:]}")
    cpu = (after.children_user - before.children_user
           + after.children_system - before.children_system)
    return wall, cpu, proc.stdout


def summary(walls: list[float], cpus: list[float]) -> dict[str, Any]:
    return {"wall_p50": statistics.median(walls), "wall_p95": pct(walls, 0.95),
            "cpu_p50": statistics.median(cpus), "cpu_p95": pct(cpus, 0.95),
            "wall": walls, "cpu": cpus}


def run(db: Path, work: Path, today: str, runs: int) -> dict[str, Any]:
    """Every command `runs` times; the writes on a copy of `db` in `work`."""
    cockpit = cockpit_command()
    base = [*cockpit, "--db", str(db), "--today", today]
    results: dict[str, Any] = {"load_before": os.getloadavg()}
    floor_w, floor_c = [], []
    for _ in range(runs):
        w, c, _out = timed([sys.executable, "-c", "import cockpit.cli"])
        floor_w.append(w)
        floor_c.append(c)
    results["import_floor"] = summary(floor_w, floor_c)
    for key, extra in (("today", ["today"]), ("today_json", ["today", "--json"])):
        walls, cpus = [], []
        for _ in range(runs):
            w, c, _out = timed([*base, *extra])
            walls.append(w)
            cpus.append(c)
        results[key] = summary(walls, cpus)
    # The writes change the network: on a copy, each run on another contact with a
    # follow-up due (so `done` really closes one, and `log` really moves a clock).
    copy = work / "cli-writes.json"
    for old in work.glob(copy.name + "*"):
        old.unlink()
    shutil.copyfile(db, copy)
    wbase = [*cockpit, "--db", str(copy), "--today", today]
    _, _, out = timed([*wbase, "today", "--json"])
    due = list(dict.fromkeys(item["contact_id"] for item in json.loads(out)["followups"]))
    if len(due) < 2 * runs:
        raise RuntimeError(f"only {len(due)} contacts with a follow-up due; need {2 * runs}")
    for key, ids, extra in (("log", due[:runs], ["call"]), ("done", due[runs:2 * runs], [])):
        walls, cpus = [], []
        for cid in ids:
            w, c, _out = timed([*wbase, key, cid, *extra])
            walls.append(w)
            cpus.append(c)
        results[key] = summary(walls, cpus)
    results["db_mb"] = db.stat().st_size / 1e6
    results["load_after"] = os.getloadavg()
    return results


LABELS = {"import_floor": "python -c 'import cockpit.cli' (floor)",
          "today": "cockpit today", "today_json": "cockpit today --json",
          "log": "cockpit log ID call (write)", "done": "cockpit done ID (write)"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--contacts", type=int, default=30_000)
    ap.add_argument("--interactions", type=int, default=300_000)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--db", type=Path, default=None, help="an existing network (not changed)")
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--today", default=TODAY)
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    args = ap.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="cockpit-cli-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    db = args.db
    if db is None:
        db = work / "network.json"
        for old in work.glob("network.json*"):
            old.unlink()
        subprocess.run([*cockpit_command(), "--today", args.today, "demo", "--save", str(db),
                        "--contacts", str(args.contacts), "--interactions",
                        str(args.interactions)], check=True, capture_output=True)
    results = run(db, work, args.today, args.runs)
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(results))
        return 0
    print(f"cockpit CLI, {db.name} ({results['db_mb']:.0f} MB), {args.runs} runs each, whole "
          f"processes; load average {results['load_before'][0]:.2f} before, "
          f"{results['load_after'][0]:.2f} after ({os.cpu_count()} CPUs)")
    for key, label in LABELS.items():
        r = results[key]
        print(f"{label:<40} wall p50 {r['wall_p50'] * 1000:6.0f} ms  p95 "
              f"{r['wall_p95'] * 1000:6.0f} ms   CPU p50 {r['cpu_p50'] * 1000:6.0f} ms  p95 "
              f"{r['cpu_p95'] * 1000:6.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

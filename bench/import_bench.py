#!/usr/bin/env python3
"""Time `cockpit import` at LinkedIn scale: 30,000 vCards and 30,000 LinkedIn rows.

    python bench/import_bench.py [--contacts 30000] [--runs 3] [--generator PATH]
                                 [--workdir DIR]

Generates both files with `../shared/data/make_network.py` (the issue's generator), then
times whole processes (`cockpit --db NEW import FILE`, subprocess + time.perf_counter,
interpreter start-up included), each on a fresh database, `--runs` times, and prints the
median (min–max). Also timed, for information: the LinkedIn file imported over the vCards
(30,000 merges) and the vCards imported again (30,000 unchanged, nothing written).
Target (issue 7): ≤ 5 s for each fresh import. Run by hand; never part of pytest.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import cockpit_command, show  # bench/ is on sys.path when a script here runs

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT.parent / "shared" / "data" / "make_network.py"
TARGET_S = 5.0



def timed(cmd: list[str], expect: str) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0 or expect not in proc.stdout:
        raise SystemExit(f"unexpected result from {' '.join(cmd)}:\n{proc.stdout}{proc.stderr}")
    return elapsed


def fresh(db: Path) -> None:
    for p in db.parent.glob(db.name + "*"):
        p.unlink()




def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--contacts", type=int, default=30_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--generator", type=Path, default=GENERATOR)
    ap.add_argument("--workdir", type=Path, default=None,
                    help="Where to put the inputs and databases (default: a temp folder).")
    args = ap.parse_args(argv)
    if not args.generator.exists():
        raise SystemExit(f"generator not found: {args.generator} (use --generator PATH)")
    work = args.workdir or Path(tempfile.mkdtemp(prefix="cockpit-import-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    n = args.contacts
    files = {"vcard": work / f"network-{n}.vcf", "linkedin": work / f"Connections-{n}.csv"}
    for fmt, path in files.items():
        with open(path, "wb") as out:
            subprocess.run([sys.executable, str(args.generator), "--contacts", str(n),
                            "--format", fmt], stdout=out, check=True)
    db = work / "db" / "cockpit.json"
    db.parent.mkdir(exist_ok=True)
    base = [*cockpit_command(), "--db", str(db), "import"]
    env_note = f"{os.cpu_count()} CPU(s), Python {sys.version.split()[0]}"
    print(f"cockpit import, {n} contacts, {args.runs} runs each, whole process ({env_note})")
    print(f"inputs: {files['vcard'].name} ({files['vcard'].stat().st_size / 1e6:.1f} MB), "
          f"{files['linkedin'].name} ({files['linkedin'].stat().st_size / 1e6:.1f} MB) in {work}")
    results: dict[str, list[float]] = {k: [] for k in ("vcard", "linkedin", "merge", "again")}
    for _ in range(args.runs):
        for fmt, path in files.items():
            fresh(db)
            results[fmt].append(timed([*base, str(path)], f"{n} added"))
        # the LinkedIn file over the vCards (30k merges), then the vCards again (no change)
        fresh(db)
        timed([*base, str(files["vcard"])], f"{n} added")
        results["merge"].append(timed([*base, str(files["linkedin"])], f"{n} merged"))
        results["again"].append(timed([*base, str(files["vcard"])], f"{n} unchanged"))
    show(f"{n} vCards, fresh database", results["vcard"], TARGET_S)
    show(f"{n} LinkedIn rows, fresh database", results["linkedin"], TARGET_S)
    show(f"{n} LinkedIn rows over the vCards (merge)", results["merge"])
    show(f"{n} vCards again (all unchanged)", results["again"])
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)
    met = all(statistics.median(results[k]) <= TARGET_S for k in ("vcard", "linkedin"))
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())

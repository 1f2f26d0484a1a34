#!/usr/bin/env python3
"""Time `cockpit import` at LinkedIn scale: 30,000 vCards, LinkedIn rows and Google rows.

    python bench/import_bench.py [--contacts 30000] [--runs 5] [--generator PATH]
                                 [--workdir DIR]

Generates the vCard and LinkedIn files with `../shared/data/make_network.py` (the issue's
generator) and a Google Contacts CSV of the same people (its `people()`, written here in
Google's layout: ` ::: ` joined values, `* myContacts` labels, `--MM-DD` birthdays), then
times whole processes (`cockpit --db NEW import FILE`, subprocess + time.perf_counter,
interpreter start-up included), each on a fresh database, `--runs` times, and prints the
median (min–max). Also timed, for information: the LinkedIn file imported over the vCards
(30,000 merges), the Google file over both (30,000 merges, by e-mail, LinkedIn URL or
phone) and the vCards imported again (30,000 unchanged, nothing written).
Target (issue 17): ≤ 3 s for each fresh import. Run by hand; never part of pytest.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import os
import resource
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
TARGET_S = 3.0



CPU: dict[str, list[float]] = {}


def timed(cmd: list[str], expect: str, key: str = "") -> float:
    """Wall time of the whole process; its CPU time (user + system) is kept under `key`
    (on a loaded machine the CPU time says what the import itself costs)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if key:
        CPU.setdefault(key, []).append(after.ru_utime - before.ru_utime
                                       + after.ru_stime - before.ru_stime)
    if proc.returncode != 0 or expect not in proc.stdout:
        raise SystemExit(f"unexpected result from {' '.join(cmd)}:\n{proc.stdout}{proc.stderr}")
    return elapsed


def fresh(db: Path) -> None:
    for p in db.parent.glob(db.name + "*"):
        p.unlink()


GOOGLE_HEADER = ["Name", "Given Name", "Family Name", "Birthday", "Notes", "Group Membership",
                 "E-mail 1 - Type", "E-mail 1 - Value", "Phone 1 - Type", "Phone 1 - Value",
                 "Organization 1 - Name", "Organization 1 - Title", "Website 1 - Type",
                 "Website 1 - Value"]


def write_google(generator: Path, n: int, path: Path, seed: int = 7) -> None:
    """The generator's people as Google Contacts writes them (its CSV of until 2022)."""
    spec = importlib.util.spec_from_file_location("make_network", generator)
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(GOOGLE_HEADER)
    for p in gen.people(n, seed):
        bday = ""
        if p["bday"]:
            y, m, d = p["bday"]
            bday = f"{y}-{m}-{d}" if y else f"--{m}-{d}"
        w.writerow([f"{p['first']} {p['last']}", p["first"], p["last"], bday, p["note"],
                    "* myContacts ::: Network", "* Work" if p["email"] else "", p["email"],
                    "Mobile" if p["phone"] else "", p["phone"], p["company"], p["role"],
                    "Profile", p["url"]])
    path.write_bytes(("\ufeff" + buf.getvalue()).encode("utf-8"))




def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--contacts", type=int, default=30_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--generator", type=Path, default=GENERATOR)
    ap.add_argument("--workdir", type=Path, default=None,
                    help="Where to put the inputs and databases (default: a temp folder).")
    args = ap.parse_args(argv)
    if not args.generator.exists():
        raise SystemExit(f"generator not found: {args.generator} (use --generator PATH)")
    work = args.workdir or Path(tempfile.mkdtemp(prefix="cockpit-import-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    n = args.contacts
    files = {"vcard": work / f"network-{n}.vcf", "linkedin": work / f"Connections-{n}.csv",
             "google": work / f"google-contacts-{n}.csv"}
    for fmt in ("vcard", "linkedin"):
        with open(files[fmt], "wb") as out:
            subprocess.run([sys.executable, str(args.generator), "--contacts", str(n),
                            "--format", fmt], stdout=out, check=True)
    write_google(args.generator, n, files["google"])
    db = work / "db" / "cockpit.json"
    db.parent.mkdir(exist_ok=True)
    base = [*cockpit_command(), "--db", str(db), "import"]
    env_note = f"{os.cpu_count()} CPU(s), Python {sys.version.split()[0]}"
    print(f"cockpit import, {n} contacts, {args.runs} runs each, whole process ({env_note})")
    print("inputs: " + ", ".join(f"{p.name} ({p.stat().st_size / 1e6:.1f} MB)"
                                 for p in files.values()) + f" in {work}")
    results: dict[str, list[float]] = {k: [] for k in ("vcard", "linkedin", "google", "merge",
                                                       "google-merge", "again")}
    for _ in range(args.runs):
        for fmt, path in files.items():
            fresh(db)
            results[fmt].append(timed([*base, str(path)], f"{n} added", fmt))
        # the LinkedIn file over the vCards (30k merges), then the vCards again (no change)
        fresh(db)
        timed([*base, str(files["vcard"])], f"{n} added")
        results["merge"].append(timed([*base, str(files["linkedin"])], f"{n} merged", "merge"))
        results["google-merge"].append(timed([*base, str(files["google"])], ": 0 added",
                                             "google-merge"))
        results["again"].append(timed([*base, str(files["vcard"])], f"{n} unchanged", "again"))
    show(f"{n} vCards, fresh database", results["vcard"], TARGET_S)
    show(f"{n} LinkedIn rows, fresh database", results["linkedin"], TARGET_S)
    show(f"{n} Google Contacts rows, fresh database", results["google"], TARGET_S)
    show(f"{n} LinkedIn rows over the vCards (merge)", results["merge"])
    show(f"{n} Google rows over both (merge)", results["google-merge"])
    show(f"{n} vCards again (all unchanged)", results["again"])
    print("CPU time of the same processes (user + system), median: " + ", ".join(
        f"{key} {statistics.median(values):.2f} s" for key, values in CPU.items()))
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)
    met = all(statistics.median(results[k]) <= TARGET_S for k in ("vcard", "linkedin", "google"))
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Time the vCard export at LinkedIn scale: 30,000 contacts to one .vcf file.

    python bench/vcf_bench.py [--contacts 30000] [--interactions 300000] [--runs 5]
                              [--version 4.0] [--with-memos] [--workdir DIR]

Builds the network with `cockpit demo --save` (as bench/run.py does), opens it, then times,
in this process, `--runs` times: the pure exporter (`cockpit.exporters.export_vcards` over
every non-archived contact and their notes) plus the file written as the command writes it
(`cockpit.store.atomic_write_bytes`: temp file, fsync, rename, mode 0600). Prints the
median (min–max) of each part and of the whole (wall time, and the CPU time this process
used: on a loaded machine that says what the export itself costs), the file's size and
card count, and — for information — how long importing that file into a fresh database
takes.
Target (issue 17): export ≤ 3 s. Run by hand; never part of pytest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import cockpit_command, show  # bench/ is on sys.path when a script here runs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cockpit.exporters import export_vcards, select_for_export  # noqa: E402
from cockpit.model import Note  # noqa: E402
from cockpit.store import Store, atomic_write_bytes  # noqa: E402

TARGET_S = 3.0
TODAY = "2026-11-21"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--contacts", type=int, default=30_000)
    ap.add_argument("--interactions", type=int, default=300_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--version", choices=["3.0", "4.0"], default="4.0")
    ap.add_argument("--with-memos", action="store_true")
    ap.add_argument("--workdir", type=Path, default=None)
    args = ap.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="cockpit-vcf-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "network.json"
    if not db.exists():
        subprocess.run([*cockpit_command(), "--today", TODAY, "demo", "--save", str(db),
                        "--contacts", str(args.contacts), "--interactions",
                        str(args.interactions)], check=True, capture_output=True)
    store = Store(db)
    out = work / "network.vcf"
    exporting, writing, total, cpu = [], [], [], []
    text = ""
    for _ in range(args.runs):
        c0 = time.process_time()
        t0 = time.perf_counter()
        contacts = select_for_export(store.contacts())
        notes: dict[str, list[Note]] = {}
        for note in store.notes():
            notes.setdefault(note.contact_id, []).append(note)
        text = export_vcards(contacts, notes, version=args.version, with_memos=args.with_memos)
        t1 = time.perf_counter()
        atomic_write_bytes(out, [text.encode("utf-8")], mode=0o600)
        t2 = time.perf_counter()
        cpu.append(time.process_time() - c0)
        exporting.append(t1 - t0)
        writing.append(t2 - t1)
        total.append(t2 - t0)
    cards = text.count("BEGIN:VCARD")
    print(f"vCard {args.version} export, {cards} cards, {out.stat().st_size / 1e6:.1f} MB, "
          f"mode {oct(out.stat().st_mode & 0o777)}, {args.runs} runs ({dt.date.today()})")
    show("select + export_vcards (pure)", exporting, digits=3)
    show("atomic write (temp, fsync, rename)", writing, digits=3)
    show("export + write", total, TARGET_S, digits=3)
    show("  the same, CPU time of this process", cpu, digits=3)
    fresh = work / "reimport.json"
    start = time.perf_counter()
    proc = subprocess.run([*cockpit_command(), "--db", str(fresh), "--today", TODAY, "import",
                           str(out)], capture_output=True, text=True)
    took = time.perf_counter() - start
    print(f"(for information) importing it into a fresh database: {took:.2f} s — "
          f"{proc.stdout.splitlines()[0] if proc.stdout else proc.stderr.strip()}")
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if statistics.median(total) <= TARGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())

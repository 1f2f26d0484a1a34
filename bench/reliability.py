#!/usr/bin/env python3
"""Cockpit's reliability harness, full run (by hand; CI runs the short form in pytest).

    python bench/reliability.py [--kills 500] [--writers 2,4] [--per-writer 50]
                                [--max-delay 0.25] [--seed 1] [--workdir DIR] [--keep]

1. kill -9 loop: a writer process mixes every kind of write — contacts added with a first
   note and follow-up, notes, interactions, asks, follow-ups, drafts, and imports of a
   small generated vCard or LinkedIn CSV (one transaction each) — and is SIGKILLed after a
   random delay, `--kills` times. After each kill the database must parse, open, and hold
   every acknowledged write exactly once; a write killed before its acknowledgement must be
   all there or not there at all (never half an import). It runs twice: with a writer
   that rewrites the file on every save (as the CLI does), then with a journaling writer
   (as the TUI saves: journal, then a checkpoint now and then), where the check reads the
   file plus the journal.
2. `--writers` concurrent processes (2, then 4) each run `--per-writer` real CLI writes
   (`python -m cockpit.cli log|note|add|ask|followup`, a unique text each): none lost,
   none duplicated.

Prints the counts; exits 1 when anything was lost, duplicated, torn or left behind.
The drills live in tests/reliability_support.py (shared with tests/test_store_killloop.py
and tests/test_store_concurrency.py). Runs in a temporary folder with its own HOME and XDG
folders: your real database is never touched.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from reliability_support import Tally, concurrent_cli, kill_loop  # noqa: E402


def isolated_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "COCKPIT_DB"}
    env.update({"HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
                "XDG_CONFIG_HOME": str(home / "config"),
                "COCKPIT_CONFIG_DIR": str(home / "config" / "cockpit")})
    return env


def show_problems(tally: Tally) -> None:
    for line in tally.problems[:20]:
        print(f"    ! {line}")


def kill_drill(work: Path, args: argparse.Namespace, journal: bool, start: float) -> int:
    """One kill -9 loop, printed; returns how many problems it found."""
    mode = ("a journaling writer, as the TUI saves (journal, checkpoint now and then)"
            if journal else "a writer rewriting the file on every save, as the CLI does")
    print(f"kill -9 loop: {args.kills} kills, up to {args.max_delay:g} s each, seed "
          f"{args.seed}, {mode} ({work})", flush=True)
    folder = work / ("killloop-journal" if journal else "killloop")
    folder.mkdir()
    step = max(1, args.kills // 10)

    def progress(t: Tally) -> None:
        if t.kills % step == 0:
            print(f"  … {t.kills} kills, {t.acked} writes acknowledged, "
                  f"{len(t.problems)} problems, {time.monotonic() - start:.0f} s", flush=True)

    db = folder / "cockpit.json"
    k = kill_loop(db, args.kills, args.max_delay, args.seed, progress, journal=journal)
    size = db.stat().st_size if db.exists() else 0
    kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(k.acked_by_kind.items()))
    print(f"  kills: {k.kills}")
    print(f"  kills that landed mid-write (between begin and ack): {k.mid_write}")
    print(f"  kills inside the atomic write (temp file left, cleaned by next write): "
          f"{k.inside_atomic_write}")
    if journal:
        print(f"  kills that left acknowledged writes only in the journal: {k.journal_pending}")
    print(f"  writes begun: {k.begun}; acknowledged: {k.acked} ({kinds})")
    print(f"  unacknowledged writes found complete (killed after commit, before ack): "
          f"{k.unacked_applied}")
    print(f"  write checks (each write re-checked after every later kill): {k.checks}")
    print(f"  lost: {k.lost}  duplicated: {k.duplicated}  half-written: {k.half_applied}  "
          f"torn files: {k.torn}  stray temp files: {k.stray_temps}")
    print(f"  final database: {size / 1e6:.1f} MB; elapsed {k.elapsed:.1f} s", flush=True)
    show_problems(k)
    return len(k.problems)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kills", type=int, default=500, help="kill -9 rounds (default 500)")
    ap.add_argument("--max-delay", type=float, default=0.25,
                    help="longest wait before each kill, seconds (default 0.25)")
    ap.add_argument("--writers", default="2,4",
                    help="concurrent CLI writer counts, comma-separated (default 2,4; '' skips)")
    ap.add_argument("--per-writer", type=int, default=50,
                    help="CLI writes per concurrent writer (default 50)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", type=Path, help="where to work (default: a temp folder)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    args = ap.parse_args(argv)
    writer_counts = [int(w) for w in args.writers.split(",") if w.strip()]

    work = Path(tempfile.mkdtemp(prefix="cockpit-reliability-", dir=args.workdir))
    home = work / "home"
    home.mkdir()
    env = isolated_env(home)
    os.environ.update(env)  # the kill-loop writer inherits it too
    os.environ.pop("COCKPIT_DB", None)
    start = time.monotonic()
    bad = 0
    try:
        for journal in (False, True):
            bad += kill_drill(work, args, journal, start)

        for n in writer_counts:
            folder = work / f"writers-{n}"
            folder.mkdir()
            print(f"{n} concurrent CLI writers x {args.per_writer} writes "
                  "(log, note, add, ask, followup)", flush=True)
            c = concurrent_cli(folder / "cockpit.json", n, args.per_writer, env=env)
            print(f"  writes acknowledged: {c.acked} of {c.begun}; checked: {c.checks}; "
                  f"failed: {c.failed}")
            print(f"  lost: {c.lost}  duplicated: {c.duplicated}  "
                  f"stray temp files: {c.stray_temps}; elapsed {c.elapsed:.1f} s", flush=True)
            show_problems(c)
            bad += len(c.problems)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"total elapsed {time.monotonic() - start:.1f} s — "
          f"{'OK' if not bad else f'{bad} PROBLEM(S)'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

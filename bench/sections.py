"""bench/run.py's sections for address books, the calendar push, the network review and
the CLI, each timed by its own bench script and reported as run.py's rows (median, p95,
a reference measured in the same run, and the ratio to it).

* imports: `cockpit import` of N vCards, LinkedIn rows and Google Contacts rows into a
  fresh database, whole process; references: vobject reading the same .vcf (the parser
  the tests compare with), Python's csv reading the same CSV (the floor of any CSV import).
* export: `cockpit export-vcf` of the network, whole process; reference: `cockpit today
  --json` on the same database (opening the network).
* caldav: bench/caldav_bench.py against a local Radicale — the first push of a small
  network (whole process), and at N the incremental push (one change) in process (as the
  TUI pushes) and as the whole command; reference: a push with no change.
* network: bench/network_bench.py — from `N` to the Network screen's figures and to the
  invitation outcomes; reference: TUI first paint in the same run.
* cli: bench/cli_bench.py — `cockpit today`, `today --json`, `log`, `done`, whole
  processes, wall and CPU; reference: `python -c "import cockpit.cli"`.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
VOBJECT_READ = ("import sys, vobject\n"
                "text = open(sys.argv[1], encoding='utf-8', newline='').read()\n"
                "print(sum(1 for _ in vobject.readComponents(text)))\n")
CSV_READ = ("import csv, sys\n"
            "with open(sys.argv[1], encoding='utf-8-sig', newline='') as fh:\n"
            "    print(sum(1 for _ in csv.reader(fh)))\n")


@dataclass
class Ctx:
    """What a section needs from run.py (passed in: run.py runs as a script)."""

    args: Any
    work: Path
    db: Path  # the network, read only here
    pristine: Path  # a copy of it as built; sections that write take their own copy
    today: str
    cockpit: list[str]
    metric: Callable[..., Any]  # Metric(key, label, unit, target=…) added to the report
    find: Callable[[str], Any]  # an earlier metric by key (None when absent)
    unavailable: Callable[..., None]
    guarded: Callable[[Any, Callable[[], None]], None]
    run_proc: Callable[..., Any]
    check: Callable[..., Any]
    pct: Callable[[list[float], float], float]
    say: Callable[[str], None]

    @property
    def n(self) -> int:
        return int(self.args.contacts)

    @property
    def runs(self) -> int:
        return int(self.args.runs)

    def copy(self, name: str) -> Path:
        path = self.work / name
        for old in self.work.glob(name + "*"):
            old.unlink()
        shutil.copyfile(self.pristine, path)
        return path


def _cpu_note(ctx: Ctx, cpus: list[float]) -> str:
    return (f"CPU (user+sys) p50 {statistics.median(cpus):.2f} s, p95 "
            f"{ctx.pct(cpus, 0.95):.2f} s")


def _ratio(ctx: Ctx, key: str, label: str, num: Any, den: Any, target: str = "",
           met: Callable[[float], bool] | None = None) -> None:
    m = ctx.metric(key, label, "x", target=target)
    if num is None or den is None or not num.values or not den.values:
        ctx.unavailable(m, "n/a (a side is missing)")
        return
    m.values = [num.median / den.median]
    m.met = met(m.values[0]) if met else None


def _repeat(ctx: Ctx, m: Any, runs: int, cmd: list[str], fresh: Path | None = None) -> list[float]:
    """Run `cmd` `runs` times (on a fresh database at `fresh` each time); CPU times back."""
    cpus = []
    for _ in range(runs):
        if fresh is not None:
            for old in fresh.parent.glob(fresh.name + "*"):
                old.unlink()
        p = ctx.check(ctx.run_proc(cmd), m.label)
        m.values.append(p.wall)
        m.peak_rss_mb = max(m.peak_rss_mb or 0.0, p.rss_mb)
        cpus.append(p.cpu)
    return cpus


# ---------------------------------------------------------------------------- imports

def imports(ctx: Ctx, inputs: dict[str, Path]) -> None:
    names = {"vcard": "vCards", "linkedin": "LinkedIn rows", "google": "Google Contacts rows"}
    for fmt, path in inputs.items():
        m = ctx.metric(f"import_{fmt}", f"cockpit import {ctx.n:,} {names[fmt]} (fresh db)",
                       "s", target="<= 3 s")
        ref = ctx.metric(f"import_{fmt}_ref", "  vobject reads the same .vcf (reference)"
                         if fmt == "vcard" else "  csv reads the same file (floor)", "s")
        ctx.say(f"cockpit import {fmt} …")

        def run(m: Any = m, fmt: str = fmt, path: Path = path) -> None:
            fresh = ctx.work / f"import-{fmt}.json"
            cpus = _repeat(ctx, m, ctx.runs, [*ctx.cockpit, "--db", str(fresh), "--today",
                                              ctx.today, "import", str(path), "--format", fmt],
                           fresh=fresh)
            from cockpit.store import Store
            m.note = (f"{len(Store(fresh).contacts()):,} contacts in the new db; "
                      f"{_cpu_note(ctx, cpus)}")
            m.met = m.median <= 3.0
        ctx.guarded(m, run)

        def run_ref(ref: Any = ref, fmt: str = fmt, path: Path = path) -> None:
            code, runs = (VOBJECT_READ, min(ctx.runs, 2)) if fmt == "vcard" else (CSV_READ,
                                                                                 ctx.runs)
            cpus = _repeat(ctx, ref, runs, [sys.executable, "-c", code, str(path)])
            ref.note = _cpu_note(ctx, cpus)
        ctx.guarded(ref, run_ref)
        if fmt == "vcard":
            _ratio(ctx, "import_vcard_vs_ref", "  vobject / cockpit import", ref, m)
        else:
            _ratio(ctx, f"import_{fmt}_vs_ref", "  cockpit import / csv floor", m, ref)


# ---------------------------------------------------------------------------- export

def export(ctx: Ctx) -> None:
    m = ctx.metric("export_vcf", f"cockpit export-vcf ({ctx.n:,} contacts, vCard 4.0)", "s",
                   target="<= 3 s")
    ctx.say("export-vcf …")

    def run() -> None:
        out = ctx.work / "export.vcf"
        cpus = _repeat(ctx, m, ctx.runs, [*ctx.cockpit, "--db", str(ctx.db), "--today",
                                          ctx.today, "export-vcf", str(out), "--version", "4.0"])
        m.note = (f"{out.read_bytes().count(b'BEGIN:VCARD'):,} cards, "
                  f"{out.stat().st_size / 1e6:.1f} MB; {_cpu_note(ctx, cpus)}")
        m.met = m.median <= 3.0
    ctx.guarded(m, run)
    _ratio(ctx, "export_vcf_vs_open", "  export / cockpit today --json (opening it)", m,
           ctx.find("today"))


# ---------------------------------------------------------------------------- caldav

def caldav(ctx: Ctx) -> None:
    first = ctx.metric("caldav_first", "CalDAV first push (small network), whole process",
                       "s")
    inc = ctx.metric("caldav_incremental", f"CalDAV push of one change at {ctx.n:,}, in "
                     "process (TUI)", "s", target="p95 <= 2 s")
    cmd = ctx.metric("caldav_command", "  the same, whole command (push-calendar)", "s",
                     target="p95 <= 2 s")
    none = ctx.metric("caldav_no_change", "  a push with no change, in process (reference)",
                      "s")
    if importlib.util.find_spec("radicale") is None or importlib.util.find_spec("caldav") is None:
        for m in (first, inc, cmd, none):
            ctx.unavailable(m, "n/a (radicale or caldav not installed: the test extra)")
        ctx.unavailable(ctx.metric("caldav_vs_no_change", "  incremental / no change", "x"),
                        "n/a (no radicale)")
        return
    ctx.say("CalDAV push against a local Radicale …")

    def run() -> None:
        folder = ctx.work / "caldav"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        shutil.copyfile(ctx.pristine, folder / "scale.json")  # caldav_bench's network at N
        size = min(300, ctx.n)
        out = folder / "results.json"
        p = ctx.run_proc([sys.executable, str(BENCH / "caldav_bench.py"), "--contacts",
                          str(ctx.n), "--interactions", str(ctx.args.interactions), "--runs",
                          str(ctx.runs), "--first", str(size), "--first-runs",
                          str(min(ctx.runs, 3)), "--today", ctx.today, "--workdir",
                          str(folder), "--json", str(out)], timeout=3600)
        if not out.exists():  # exit 1 only says the target was missed; no file is a failure
            ctx.check(p, "caldav_bench")
        data = json.loads(out.read_text())
        f = data["first_push"][str(size)]
        first.values = f["values"]
        first.note = (f"{size} contacts, {f['events']:,} events, a new calendar; Cockpit's "
                      f"CPU p50 {f['cpu_median']:.2f} s (the rest is Radicale)")
        scale = data["at_scale"]
        inc.values = scale["incremental_in_process"]["values"]
        inc.met = scale["incremental_in_process"]["p95"] <= 2.0
        inc.note = (f"{scale['events']:,} events in the calendar; changes sent per push: "
                    f"{scale['changes']}; p95 {scale['incremental_in_process']['p95']:.2f} s; "
                    f"CPU p50 {scale['incremental_in_process_cpu']['median']:.2f} s")
        cmd.values = scale["incremental_whole_process"]["values"]
        cmd.met = scale["incremental_whole_process"]["p95"] <= 2.0
        cmd.note = (f"p95 {scale['incremental_whole_process']['p95']:.2f} s; CPU p50 "
                    f"{scale['incremental_whole_process_cpu']['median']:.2f} s")
        none.values = scale["no_change_in_process"]["values"]
        for m in (first, inc, cmd, none):
            m.peak_rss_mb = p.rss_mb
    ctx.guarded(inc, run)
    for m in (first, cmd, none):
        if not inc.available:
            ctx.unavailable(m, "n/a (the CalDAV bench failed: see above)")
    _ratio(ctx, "caldav_vs_no_change", "  incremental / no change", inc, none)


# ---------------------------------------------------------------------------- network

def network(ctx: Ctx) -> None:
    figures = ctx.metric("network_figures", "N -> Network screen figures (worker)", "s",
                         target="<= 1 s")
    outcomes = ctx.metric("network_invitations", "  N -> invitation outcomes", "s")
    stall = ctx.metric("network_stall", "  longest event-loop stall meanwhile", "ms",
                       target="<= 50 ms")
    if importlib.util.find_spec("cockpit.screens.network") is None:
        for m in (figures, outcomes, stall):
            ctx.unavailable(m, "n/a (no Network screen)")
        return
    ctx.say("Network screen …")

    def run() -> None:
        db = ctx.copy("network-review.json")
        p = ctx.check(ctx.run_proc([sys.executable, str(BENCH / "network_bench.py"), str(db),
                                    "--add-history", "--today", ctx.today, "--runs",
                                    str(ctx.runs), "--json"], timeout=3600), "network_bench")
        data = json.loads(p.out.decode().strip().splitlines()[-1])
        figures.values, outcomes.values = data["figures"], data["invitations"]
        stall.values = [x * 1000 for x in data["blocked"]]
        for m in (figures, outcomes, stall):
            m.peak_rss_mb = p.rss_mb
        outcomes.note = f"p95 {ctx.pct(outcomes.values, 0.95):.2f} s (reads every interaction)"
        figures.note = (f"p95 {ctx.pct(figures.values, 0.95):.2f} s; demo network history "
                        "added (cockpit.demo_history); each run a fresh app")
        figures.met = figures.median <= 1.0
        stall.met = max(stall.values) <= 50
    ctx.guarded(figures, run)
    _ratio(ctx, "network_vs_paint", "  figures / TUI first paint", figures,
           ctx.find("tui_first_paint"))


# ---------------------------------------------------------------------------- cli

CLI_ROWS = (("today", "cockpit today", "today"), ("today_json", "cockpit today --json", "today"),
            ("log", "cockpit log ID call (a write)", "write"),
            ("done", "cockpit done ID (a write)", "write"),
            ("import_floor", "python -c 'import cockpit.cli' (floor)", ""))


def cli(ctx: Ctx) -> None:
    runs = int(ctx.args.cli_runs)
    big = ctx.n >= 100_000
    targets = {"today": 0.6 if big else 0.2, "write": None if big else 0.25}
    rows = {}
    for key, label, kind in CLI_ROWS:
        goal = targets.get(kind)
        rows[key] = ctx.metric(f"cli_{key}", label + f", p50 ({runs} runs)", "s",
                               target=f"p95 <= {goal} s" if goal else "")
    ctx.say(f"CLI start-up and writes, {runs} runs each …")

    def run() -> None:
        folder = ctx.work / "cli"
        folder.mkdir(exist_ok=True)
        db = ctx.copy("cli.json")
        p = ctx.check(ctx.run_proc([sys.executable, str(BENCH / "cli_bench.py"), "--db",
                                    str(db), "--workdir", str(folder), "--runs", str(runs),
                                    "--today", ctx.today, "--json"], timeout=3600), "cli_bench")
        data = json.loads(p.out.decode().strip().splitlines()[-1])
        for key, _label, kind in CLI_ROWS:
            m, r = rows[key], data[key]
            m.values = r["wall"]
            m.note = (f"p95 {r['wall_p95'] * 1000:.0f} ms; CPU p50 {r['cpu_p50'] * 1000:.0f} ms, "
                      f"p95 {r['cpu_p95'] * 1000:.0f} ms")
            goal = targets.get(kind)
            if goal:
                m.met = r["wall_p95"] <= goal
        rows["today"].note += (f"; load average {data['load_before'][0]:.2f} before, "
                               f"{data['load_after'][0]:.2f} after")
    ctx.guarded(rows["today"], run)
    for key, m in rows.items():
        if key != "today" and not rows["today"].available:
            ctx.unavailable(m, "n/a (the CLI bench failed: see above)")
    _ratio(ctx, "cli_today_vs_floor", "  today / import floor", rows["today"],
           rows["import_floor"])

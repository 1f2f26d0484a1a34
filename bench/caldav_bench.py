#!/usr/bin/env python3
"""Time `push_calendar` against a local Radicale: first pushes, and one change at 30,000.

    python bench/caldav_bench.py [--contacts 30000] [--interactions 300000] [--runs 7]
                                 [--first 300,1000] [--first-runs 3] [--today 2026-11-22]
                                 [--workdir DIR] [--json OUT]

Starts Radicale (`python -m radicale`, the test extra) on 127.0.0.1 with a temporary
storage folder and no login, then:

1. **First push** (calendar made, every event created) of demo networks of `--first`
   contacts, `--first-runs` times each, each time into a new account: whole process
   (interpreter start, store load, build, MKCALENDAR, one PUT per event).
2. **Incremental push at scale** on the `--contacts` / `--interactions` demo network
   (`cockpit demo --save`), one change each time (an interaction logged with one more
   contact: its follow-up and description change), `--runs` times: in process (the
   store already loaded, as in the TUI) and as a whole process (as `cockpit
   push-calendar` runs), with a push of no change for reference.

Radicale checks every new event's UID against every object already in the calendar
(`has_uid` loads them all), so a first push to Radicale slows down as the calendar
fills: about 20,000 creates would take hours there, and first pushes are measured on
smaller networks (servers with a UID index, as Nextcloud and Fastmail have, are bound
by the round trip instead). To time the incremental push at 30,000, the bench fills
the calendar the way a first push would leave it by writing Radicale's storage folder
(one ``<UID>.ics`` per event, what Cockpit uploads), then runs one push with no ledger:
Cockpit's own recovery path for a lost ledger (``If-None-Match`` answered 412, the
server's copy read and recognised as Cockpit's), timed too, which builds the ledger.

Target (issue 18): incremental push ≤ 2 s. Run by hand; never part of pytest.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import math
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import cockpit_command  # bench/ is on sys.path when a script here runs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGET_S = 2.0
PASSWORD_ENV = {"COCKPIT_CALDAV_PASSWORD": "bench"}

PUSH = r"""
import datetime as dt, gc, json, sys, time
start = time.perf_counter()
gc.disable()  # as cockpit's main() does for every command
from cockpit.calendar.push import push_calendar
from cockpit.settings import CaldavSettings, Settings
from cockpit.store import Store
db, url, user, today = sys.argv[1:5]
settings = Settings(caldav=CaldavSettings(url=url, username=user, timeout=120))
summary = push_calendar(Store(db), dt.date.fromisoformat(today), settings)
print(json.dumps({"seconds": time.perf_counter() - start, "message": summary.message(),
                  "created": summary.created, "updated": summary.updated,
                  "removed": summary.removed, "failed": summary.failed}))
"""


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (with 7 runs, p95 is the slowest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def show(label: str, values: list[float], target: float | None = None) -> dict[str, float]:
    med, p95 = statistics.median(values), percentile(values, 0.95)
    verdict = ""
    if target is not None:
        verdict = f"  target ≤ {target:.0f} s: {'met' if p95 <= target else 'NOT MET'} (p95)"
    print(f"{label:<52} median {med:7.3f} s  p95 {p95:7.3f} s  (n={len(values)}){verdict}",
          flush=True)
    return {"median": round(med, 4), "p95": round(p95, 4), "runs": len(values),
            "values": [round(v, 4) for v in values]}


class Radicale:
    """A throw-away Radicale on 127.0.0.1, no login (any user name is an account)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        remembered = folder / "port"  # a kept folder keeps its port: ledgers name the URL
        if remembered.exists():
            self.port = int(remembered.read_text())
        else:
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                self.port = s.getsockname()[1]
            remembered.write_text(str(self.port))
        self.url = f"http://127.0.0.1:{self.port}/"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "config").write_text(
            f"[server]\nhosts = 127.0.0.1:{self.port}\n[auth]\ntype = none\n"
            f"[storage]\nfilesystem_folder = {folder / 'storage'}\n[logging]\nlevel = warning\n")
        self.proc = subprocess.Popen([sys.executable, "-m", "radicale", "--config",
                                      str(folder / "config")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(400):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port),
                                                                        0.2):
                return
            time.sleep(0.05)
        raise SystemExit("radicale did not start")

    def collection(self, user: str, calendar_url: str) -> Path:
        path = calendar_url.split(f":{self.port}/", 1)[1].strip("/")
        return self.folder / "storage" / "collection-root" / path

    def index(self, calendar_url: str) -> None:
        """Have Radicale read every item once (it caches them), with no time limit."""
        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=None)
        body = '<?xml version="1.0"?><propfind xmlns="DAV:"><prop><getetag/></prop></propfind>'
        path = calendar_url.split(f":{self.port}", 1)[1]
        conn.request("PROPFIND", path, body, {"Depth": "1", "Content-Type": "application/xml",
                                              "Authorization": "Basic c2NhbGU6YmVuY2g="})
        answer = conn.getresponse()
        answer.read()
        conn.close()
        if answer.status != 207:
            raise SystemExit(f"Radicale did not list {path}: {answer.status}")

    def stop(self) -> None:
        self.proc.kill()
        self.proc.wait()


SESSION_FIRST = r"""
import datetime as dt, gc, json, sys, time
gc.disable()
from cockpit.store import Store
from cockpit.settings import CaldavSettings, Settings
db, url, today = sys.argv[1:4]
store = Store(db)
store.contacts()
start = time.perf_counter()
from cockpit.calendar.push import push_calendar
push_calendar(store, dt.date.fromisoformat(today),
              Settings(caldav=CaldavSettings(url=url, username="scale", timeout=120)))
print(json.dumps({"seconds": time.perf_counter() - start}))
"""


def run_session_first(db: Path, url: str, today: str) -> float:
    """A push in a process that has the store loaded but has not pushed yet (the TUI's
    first push of a session)."""
    proc = subprocess.run([sys.executable, "-c", SESSION_FIRST, str(db), url, today],
                          capture_output=True, text=True, env={**os.environ, **PASSWORD_ENV})
    if proc.returncode != 0:
        raise SystemExit(f"push failed: {proc.stderr.strip()}")
    return float(json.loads(proc.stdout)["seconds"])


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_push(db: Path, url: str, user: str, today: str) -> dict:
    """One push as its own process; also its CPU time (Cockpit's side, not the server's)."""
    cpu = children_cpu()
    proc = subprocess.run([sys.executable, "-c", PUSH, str(db), url, user, today],
                          capture_output=True, text=True, env={**os.environ, **PASSWORD_ENV})
    if proc.returncode != 0:
        raise SystemExit(f"push failed: {proc.stderr.strip()}")
    result = json.loads(proc.stdout)
    result["cpu"] = children_cpu() - cpu
    return result


def demo(db: Path, contacts: int, interactions: int, today: str) -> None:
    if db.exists():
        return
    print(f"building demo database: {contacts:,} contacts, {interactions:,} interactions …",
          flush=True)
    subprocess.run([*cockpit_command(), "--today", today, "demo", "--save", str(db),
                    "--contacts", str(contacts), "--interactions", str(interactions)],
                   check=True, capture_output=True)


def first_pushes(server: Radicale, work: Path, sizes: list[int], runs: int,
                 today: str) -> dict:
    out = {}
    for size in sizes:
        db = work / f"first-{size}.json"
        demo(db, size, size * 10, today)
        times, cpus, events = [], [], 0
        for run in range(runs):
            # A new account each time (the server may be kept from an earlier run).
            result = run_push(db, server.url, f"first{size}x{run}p{os.getpid()}", today)
            times.append(result["seconds"])
            cpus.append(result["cpu"])
            events = result["created"]
            for ledger in work.glob(db.name + "-caldav-*"):
                ledger.unlink()
        stats = show(f"first push, {size:,} contacts ({events:,} events), whole process", times)
        stats["events"] = events
        stats["cpu_values"] = [round(c, 4) for c in cpus]
        stats["ms_per_event"] = round(statistics.median(times) / max(events, 1) * 1000, 2)
        stats["cpu_median"] = round(statistics.median(cpus), 3)
        stats["cpu_ms_per_event"] = round(statistics.median(cpus) / max(events, 1) * 1000, 2)
        print(f"{'':<52} {stats['ms_per_event']:.1f} ms per event; Cockpit's CPU "
              f"{stats['cpu_median']:.2f} s ({stats['cpu_ms_per_event']:.2f} ms per event; "
              "the rest is the server)", flush=True)
        out[str(size)] = stats
    return out


def at_scale(server: Radicale, work: Path, contacts: int, interactions: int, runs: int,
             today_text: str) -> dict:
    from cockpit.calendar import ledger, source
    from cockpit.settings import CaldavSettings, Settings
    from cockpit.store import Store

    today = dt.date.fromisoformat(today_text)
    db = work / "scale.json"
    demo(db, contacts, interactions, today_text)
    user = "scale"
    settings = Settings(caldav=CaldavSettings(url=server.url, username=user, timeout=120))
    store = Store(db)
    built = source.build(store, today, settings, stamp=dt.datetime.now(dt.UTC))
    book = ledger.caldav_ledger_path(store, ledger.caldav_key(server.url, user, "Cockpit"))
    if book.exists():
        print("reusing the calendar filled by an earlier run, and its ledger", flush=True)
        adoption = None
    else:
        adoption = fill(server, store, settings, built, today)
    return {"events": len(built.events), "adoption_seconds": adoption,
            **incremental(server, db, store, settings, built, runs, today_text)}


def fill(server: Radicale, store: Any, settings: Any, built: Any, today: dt.date) -> float:
    """Fill the calendar through Radicale's storage, then let a push with no ledger
    recognise every event (and so write the ledger); returns that push's seconds."""
    from cockpit import ical
    from cockpit.calendar import plan
    from cockpit.calendar.push import push_calendar
    from cockpit.calendar.server import Server

    with Server(settings.caldav, "bench") as maker:
        calendar_url, _ = maker.find_calendar(None, create=True)
    assert calendar_url is not None
    folder = server.collection("scale", calendar_url)
    start = time.perf_counter()
    for event in built.events:
        (folder / plan.href(event.uid)).write_bytes(ical.calendar_object(event))
    print(f"calendar filled through Radicale's storage: {len(built.events):,} events in "
          f"{time.perf_counter() - start:.1f} s", flush=True)
    start = time.perf_counter()
    server.index(calendar_url)
    print(f"Radicale indexed the files it was given (its item cache) in "
          f"{time.perf_counter() - start:.1f} s (not Cockpit's time)", flush=True)
    start = time.perf_counter()
    adopted = push_calendar(store, today, settings, environ=PASSWORD_ENV)
    adoption = time.perf_counter() - start
    print(f"{'push with no ledger (recognises its events)':<52} {adoption:7.1f} s  "
          f"({adopted.message()})", flush=True)
    if adopted.failed or adopted.created or adopted.unchanged != len(built.events):
        raise SystemExit(f"adoption went wrong: {adopted.message()} {adopted.failures[:3]}")
    return round(adoption, 2)


def incremental(server: Radicale, db: Path, store: Any, settings: Any, built: Any, runs: int,
                today_text: str) -> dict:
    """Pushes with no change and with one change, in process and as a whole process."""
    from cockpit import ical
    from cockpit.calendar.push import push_calendar

    today = dt.date.fromisoformat(today_text)

    # One change: a new role for someone with a follow-up in the calendar (the role is in
    # that event's description, and in their birthday's if they have one).
    people = sorted({e.reminder.contact_id for e in built.events
                     if e.reminder.kind == ical.FOLLOWUP and e.reminder.contact_id})

    def change(n: int) -> None:
        person = store.contact(people[(n * 7919) % len(people)])
        person.role = f"bench role {time.time_ns()}"
        store.update_contact(person)

    in_process, whole, requests, nothing = [], [], [], []
    cpu_in, cpu_whole = [], []
    # The first push of a TUI session: the caldav library is imported and every line of
    # every event made (later pushes in the session remember the lines).
    first = run_session_first(db, server.url, today_text)
    for run in range(runs):
        start = time.perf_counter()
        summary = push_calendar(store, today, settings, environ=PASSWORD_ENV)
        nothing.append(time.perf_counter() - start)
        assert summary.created == summary.updated == summary.removed == 0, summary.message()
        change(2 * run)
        start, cpu = time.perf_counter(), time.process_time()
        summary = push_calendar(store, today, settings, environ=PASSWORD_ENV)
        in_process.append(time.perf_counter() - start)
        cpu_in.append(time.process_time() - cpu)
        requests.append(summary.created + summary.updated + summary.removed)
        if summary.failed:
            raise SystemExit(f"incremental push failed: {summary.failures}")
        change(2 * run + 1)
        result = run_push(db, server.url, "scale", today_text)
        whole.append(result["seconds"])
        cpu_whole.append(result["cpu"])
        store.refresh()
    print(f"changes per incremental push: {sorted(requests)}", flush=True)
    print(f"{'first push of a session (store loaded), in process':<52} {first:7.3f} s",
          flush=True)
    return {
        "changes": sorted(requests),
        "session_first_push_in_process": round(first, 3),
        "no_change_in_process": show("push with no change, in process", nothing),
        "incremental_in_process_cpu": show("  its CPU time (this process: load-independent)",
                                           cpu_in),
        "incremental_whole_process_cpu": show("  whole process CPU time (user + system)",
                                              cpu_whole),
        "incremental_in_process": show("incremental push (one change), in process (TUI)",
                                       in_process, TARGET_S),
        "incremental_whole_process": show("incremental push (one change), whole process",
                                          whole, TARGET_S),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=30_000)
    parser.add_argument("--interactions", type=int, default=300_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--first", default="300,1000",
                        help="network sizes (contacts) of the first pushes, comma-separated")
    parser.add_argument("--first-runs", type=int, default=3)
    parser.add_argument("--today", default="2026-11-22")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="Keep the databases here (default: a temp folder).")
    parser.add_argument("--json", type=Path, default=None, help="Also write the figures here.")
    parser.add_argument("--radicale-dir", type=Path, default=None,
                        help="Keep Radicale's storage (and port) here: a second run reuses the "
                             "filled calendar instead of filling it again.")
    args = parser.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="cockpit-caldav-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    server = Radicale(args.radicale_dir or Path(tempfile.mkdtemp(prefix="cockpit-radicale-")))
    try:
        print(f"Radicale at {server.url}; load average {os.getloadavg()[0]:.2f} on "
              f"{os.cpu_count()} CPUs", flush=True)
        sizes = [int(s) for s in args.first.split(",") if s]
        results = {"first_push": first_pushes(server, work, sizes, args.first_runs, args.today),
                   "at_scale": at_scale(server, work, args.contacts, args.interactions,
                                        args.runs, args.today)}
        if args.json:
            args.json.write_text(json.dumps(results, indent=2) + "\n")
        met = results["at_scale"]["incremental_in_process"]["p95"] <= TARGET_S
        return 0 if met else 1
    finally:
        server.stop()
        if args.radicale_dir is None:
            shutil.rmtree(server.folder, ignore_errors=True)
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())

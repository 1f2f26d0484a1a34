"""The reliability harness, shared by the CI tests and `bench/reliability.py` (the full run).

Two drills, each returning a `Tally` of what it saw (never raising on a finding, so the
full run can print every count; tests assert `tally.problems == []`):

* `kill_loop(db, kills, ...)`: a writer process (this file run as a script) mixes every
  kind of write — contacts added with a first note and follow-up, notes, logged
  interactions, asks, follow-ups, drafts, and imports of a small generated vCard or
  LinkedIn CSV — and is killed with SIGKILL at a random moment, over and over. Before each
  write it prints `begin KIND TOKEN [N]`, after the store call returns `ack TOKEN`. Every
  record it writes carries its token, so after each kill the checker can tell, from the
  raw JSON, whether each write is there once, missing or duplicated. An acknowledged
  write must be fully there; an unacknowledged one fully there or fully absent, never
  half (an import is one transaction: all its contacts or none). With `journal=True` the
  writer works as the TUI does — each write journaled, then folded into the file by a
  checkpoint now and then — and the checker reads the file plus the journal.
* `concurrent_cli(db, writers, per_writer)`: `writers` threads each run `per_writer` real
  `python -m cockpit.cli` processes (log, note, add, ask, follow-up, each with a unique
  text); then every text must be in the database exactly once.

No pytest here: the bench script imports this module from a plain interpreter.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

CLI = [sys.executable, "-m", "cockpit.cli"]
DAY = dt.date(2026, 11, 21)
#: Write kinds of the kill-loop writer and how often each is chosen.
KINDS = {"add": 3, "note": 3, "log": 4, "ask": 1, "followup": 1, "draft": 1, "import": 1}
_IMPORT_EMAIL = re.compile(r"^imp-(\d+-\d+)-(\d+)@example\.test$")


def temp_files(folder: Path) -> list[str]:
    """Leftover temp files of the atomic writer (same rule as conftest.temp_files)."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@dataclass
class Tally:
    """What a drill saw. `problems` holds one line per finding; empty means all is well."""

    kills: int = 0
    mid_write: int = 0  # killed between "begin" and "ack": inside a store call
    inside_atomic_write: int = 0  # the kill left a temp file (cleaned by the next writer)
    journal_pending: int = 0  # the kill left changes in the journal, not yet in the file
    begun: int = 0
    acked: int = 0
    acked_by_kind: Counter[str] = field(default_factory=Counter)
    unacked_applied: int = 0  # written, killed before the ack: allowed, all of it
    checks: int = 0  # (write, kill) pairs verified
    lost: int = 0
    duplicated: int = 0
    half_applied: int = 0
    torn: int = 0
    stray_temps: int = 0
    failed: int = 0  # CLI writes that exited non-zero (concurrent drill)
    problems: list[str] = field(default_factory=list)
    elapsed: float = 0.0

    def problem(self, text: str) -> None:
        if len(self.problems) < 50:
            self.problems.append(text)


# ---------------------------------------------------------------- the writer (child side)

def _import_file_text(token: str, n: int, fmt: str) -> str:
    if fmt == "vcard":
        return "".join(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:imp-{token}-{j}\r\nFN:Imported {token} {j}\r\n"
            f"N:{token} {j};Imported;;;\r\nEMAIL:imp-{token}-{j}@example.test\r\n"
            f"ORG:Kill Corp\r\nEND:VCARD\r\n" for j in range(n))
    rows = "".join(f"Imported,{token} {j},https://www.linkedin.com/in/imp-{token}-{j},"
                   f"imp-{token}-{j}@example.test,Kill Corp,Engineer,15 Mar 2024\n"
                   for j in range(n))
    return "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + rows


def _sabotage_atomic_write() -> None:
    """For testing the harness itself: write the file in place, as a naive program would."""
    import cockpit.store.files

    def in_place(path: Path, chunks: Any, mode: int = 0o600, backup: Any = None,
                 **kw: Any) -> None:
        with open(path, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
                fh.flush()

    cockpit.store.files.atomic_write_bytes = in_place  # type: ignore[assignment]


def writer_main(db: str, workdir: str, tag: str, seed: int, journal: bool = False) -> None:
    """Write forever through the Store, announcing each write before and after."""
    from cockpit.importers import import_file, linkedin, vcard  # noqa: F401 (warm imports)
    from cockpit.model import Ask, Contact, Draft, FollowUp, Interaction, Note
    from cockpit.store import Store

    if os.environ.get("RELIABILITY_SABOTAGE") == "torn":
        _sabotage_atomic_write()
    rng = random.Random(seed)
    store = Store(db, journal=journal)
    known = [c.id for c in store.contacts()]
    kinds, weights = list(KINDS), list(KINDS.values())
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    for i in range(10**9):
        token = f"{tag}-{i}"
        kind = rng.choices(kinds, weights)[0] if known else "add"
        pad = "x" * rng.randrange(0, 200)
        if kind == "import":
            n, fmt = rng.randint(1, 8), rng.choice(("vcard", "linkedin"))
            path = Path(workdir) / f"import-{tag}.{'vcf' if fmt == 'vcard' else 'csv'}"
            path.write_text(_import_file_text(token, n, fmt), encoding="utf-8")
            out.write(f"begin import {token} {n} {fmt}\n")
            out.flush()
            import_file(path, store, fmt=fmt, today=DAY)
        else:
            out.write(f"begin {kind} {token}\n")
            out.flush()
            cid = rng.choice(known) if known else ""
            if kind == "add":
                c = Contact(f"add:{token} Writer", company="Kill Corp")
                store.add_contact(c, notes=[Note(c.id, f"addnote:{token} {pad}", DAY)],
                                  followups=[FollowUp(c.id, DAY, f"addfu:{token}")])
                known.append(c.id)
            elif kind == "note":
                store.save_note(Note(cid, f"note:{token} {pad}", DAY))
            elif kind == "log":
                store.log(Interaction(cid, rng.choice(("like", "comment", "call")), DAY,
                                      summary=f"log:{token}"))
            elif kind == "ask":
                store.save_ask(Ask(cid, f"ask:{token}", DAY))
            elif kind == "followup":
                store.save_followup(FollowUp(cid, DAY + dt.timedelta(days=3), f"fu:{token}"))
            elif kind == "draft":
                store.save_draft(Draft(cid, "update", "email", f"draft:{token} {pad}"))
        out.write(f"ack {token}\n")
        out.flush()
        if journal and rng.random() < 0.4:
            store.checkpoint()  # kills land inside checkpoints too


# ---------------------------------------------------------------- the checker (parent side)

# Each write kind -> the (table, marker field) pairs it must leave, all or none.
_PARTS = {
    "add": (("contacts", "name", "add"), ("notes", "text", "addnote"),
            ("followups", "reason", "addfu")),
    "note": (("notes", "text", "note"),),
    "log": (("interactions", "summary", "log"),),
    "ask": (("asks", "what", "ask"),),
    "followup": (("followups", "reason", "fu"),),
    "draft": (("drafts", "text", "draft"),),
}
_MARKED = {(table, fld) for parts in _PARTS.values() for table, fld, _ in parts}


@dataclass
class Write:
    kind: str
    token: str
    n: int = 0  # imports: how many contacts
    fmt: str = ""
    acked: bool = False


class _Rows(Counter[str]):
    """An import's rows found in the database: row number -> count, and their contact ids."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []


def _markers(data: dict[str, Any]) -> tuple[Counter[tuple[str, str]], dict[str, _Rows],
                                            Counter[str]]:
    """(table, "prefix:token") counts; import token -> its rows; invites accepted per contact."""
    seen: Counter[tuple[str, str]] = Counter()
    for table, fld in _MARKED:
        for doc in (data.get(table) or {}).values():
            value = doc.get(fld)
            if isinstance(value, str) and ":" in value:
                seen[(table, value.split(" ", 1)[0])] += 1
    imported: dict[str, _Rows] = {}
    for doc in (data.get("contacts") or {}).values():
        for email in doc.get("emails") or ():
            m = _IMPORT_EMAIL.match(email)
            if m:
                rows = imported.setdefault(m.group(1), _Rows())
                rows[m.group(2)] += 1
                rows.ids.append(doc["id"])
    per_contact: Counter[str] = Counter(doc.get("contact_id")
                                        for doc in (data.get("interactions") or {}).values()
                                        if doc.get("kind") == "invite-accepted")
    return seen, imported, per_contact


def with_journal(db: Path, data: dict[str, Any]) -> dict[str, Any]:
    """The database as every reader sees it: the file, then the journal entries it does not
    hold yet (an independent replay, to check the store's own against)."""
    try:
        raw = db.with_name(db.name + ".journal").read_bytes()
    except FileNotFoundError:
        return data
    meta = next(iter((data.get("meta") or {}).values()), {})
    for entry in orjson.loads(raw)["entries"]:
        if entry["seq"] > meta.get("journal_seq", 0):
            for verb, table, doc_id, *doc in entry["ops"]:
                docs = data.setdefault(table, {})
                if verb == "put":
                    docs[doc_id] = doc[0]
                else:
                    docs.pop(doc_id, None)
    return data


def check_db(db: Path, writes: list[Write], tally: Tally) -> None:
    """The file parses, opens, holds every acknowledged write once and no half write."""
    from cockpit.store import Store, StoreError

    try:
        data = with_journal(db, orjson.loads(db.read_bytes()))
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        tally.torn += 1
        tally.problem(f"after kill {tally.kills}: {db} or its journal does not parse: {exc}")
        return
    backup = db.with_name(db.name + ".bak")
    if backup.exists():
        try:
            orjson.loads(backup.read_bytes())
        except orjson.JSONDecodeError as exc:
            tally.torn += 1
            tally.problem(f"after kill {tally.kills}: the backup does not parse: {exc}")
    try:
        store = Store(db)
        if store.interaction_count() != len(data.get("interactions") or {}):
            tally.problem(f"after kill {tally.kills}: interaction count is off")
    except StoreError as exc:
        tally.torn += 1
        tally.problem(f"after kill {tally.kills}: the store refuses the file: {exc}")
        return
    for table in ("contacts", "notes", "interactions", "followups", "asks", "drafts"):
        ids = Counter(doc.get("id") for doc in (data.get(table) or {}).values())
        dups = sum(c - 1 for c in ids.values() if c > 1)
        if dups:
            tally.duplicated += dups
            tally.problem(f"after kill {tally.kills}: {dups} duplicated id(s) in {table}")
    seen, imported, per_contact = _markers(data)
    for w in writes:
        if w.kind == "import":
            rows = imported.get(w.token) or _Rows()
            counts = [rows[str(j)] for j in range(w.n)]
            if w.fmt == "linkedin":  # each connection comes with its invite-accepted
                counts += [per_contact[cid] for cid in rows.ids]
        else:
            counts = [seen[(table, f"{prefix}:{w.token}")] for table, _, prefix in _PARTS[w.kind]]
        present, complete = any(counts), all(c == 1 for c in counts)
        tally.checks += 1
        if any(c > 1 for c in counts):
            tally.duplicated += 1
            tally.problem(f"after kill {tally.kills}: {w.kind} {w.token} is duplicated")
        elif w.acked and not complete:
            tally.lost += 1
            tally.problem(f"after kill {tally.kills}: acknowledged {w.kind} {w.token} is "
                          f"{'incomplete' if present else 'missing'}")
        elif not w.acked and present and not complete:
            tally.half_applied += 1
            tally.problem(f"after kill {tally.kills}: unacknowledged {w.kind} {w.token} "
                          "is half written")


def _read_protocol(out: bytes, writes: list[Write], tally: Tally) -> bool:
    """Record the writer's announcements; True when the kill landed inside a write."""
    pending: Write | None = None
    for line in out.decode().splitlines(keepends=True):
        if not line.endswith("\n"):
            break  # a line cut by the kill says nothing
        words = line.split()
        if words[0] == "begin":
            pending = Write(words[1], words[2])
            if pending.kind == "import":
                pending.n, pending.fmt = int(words[3]), words[4]
            writes.append(pending)
            tally.begun += 1
        elif words[0] == "ack" and pending is not None and pending.token == words[1]:
            pending.acked = True
            tally.acked += 1
            tally.acked_by_kind[pending.kind] += 1
            pending = None
    return pending is not None


def _mark_unacked_applied(db: Path, writes: list[Write], tally: Tally) -> None:
    try:
        data = with_journal(db, orjson.loads(db.read_bytes()))
    except (OSError, orjson.JSONDecodeError):
        return
    seen, imported, _ = _markers(data)
    for w in writes:
        if w.acked:
            continue
        if w.kind == "import":
            tally.unacked_applied += bool(imported.get(w.token))
        else:
            table, _, prefix = _PARTS[w.kind][0]
            tally.unacked_applied += bool(seen[(table, f"{prefix}:{w.token}")])


def _last_line(stderr: bytes) -> str:
    """The exception line of a child's traceback (or whatever it said last)."""
    lines = stderr.decode(errors="replace").strip().splitlines()
    return lines[-1][:300] if lines else "(nothing on stderr)"


def kill_loop(db: Path, kills: int, max_delay: float, seed: int,
              progress: Any = None, journal: bool = False) -> Tally:
    """Start the writer, SIGKILL it after a random delay, check the file; `kills` times."""
    start = time.monotonic()
    rng = random.Random(seed)
    tally = Tally()
    writes: list[Write] = []
    workdir = db.parent.with_name(db.parent.name + "-imports")
    workdir.mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    for round_no in range(kills):
        stale = set(temp_files(db.parent)) if db.parent.exists() else set()
        proc = subprocess.Popen(
            [sys.executable, __file__, "writer", str(db), str(workdir), str(round_no),
             str(rng.randrange(2**32)), *(["journal"] if journal else [])],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        assert proc.stdout is not None
        first = proc.stdout.readline()  # imports done, store open
        if first != b"ready\n":
            proc.kill()
            why = _last_line(proc.communicate(timeout=10)[1])
            tally.problem(f"round {round_no}: the writer did not start: {why}")
            break
        time.sleep(rng.uniform(0, max_delay))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=30)
        tally.kills += 1
        if proc.returncode != -signal.SIGKILL:
            tally.problem(f"round {round_no}: the writer died by itself "
                          f"({proc.returncode}): {_last_line(err)}")
        before = len(writes)
        tally.mid_write += _read_protocol(out, writes, tally)
        left = set(temp_files(db.parent)) if db.parent.exists() else set()
        tally.inside_atomic_write += bool(left - stale)
        if any(w.acked for w in writes[before:]) and stale & left:
            tally.stray_temps += len(stale & left)
            tally.problem(f"round {round_no}: a write did not clean stale {sorted(stale & left)}")
        tally.journal_pending += db.with_name(db.name + ".journal").exists()
        if db.exists():
            check_db(db, writes, tally)
        if progress is not None:
            progress(tally)
    # A last clean write removes whatever the final kill left behind.
    if db.exists():
        from cockpit.model import Note
        from cockpit.store import Store, StoreError

        try:
            store = Store(db)
            store.save_note(Note(store.contacts()[0].id, "note:after-the-storm", DAY))
        except StoreError as exc:
            tally.problem(f"the last clean write failed: {exc}")
        tally.stray_temps += len(temp_files(db.parent))
        if temp_files(db.parent):
            tally.problem(f"stray temp files after a clean write: {temp_files(db.parent)}")
    _mark_unacked_applied(db, writes, tally)
    tally.elapsed = time.monotonic() - start
    return tally


# ---------------------------------------------------------------- concurrent CLI writers

def _cli_writes(who: str, n: int) -> Iterator[tuple[list[str], tuple[str, str]]]:
    """(CLI arguments, (table, marker)) for writer `who`'s i-th write, cycling the kinds."""
    for i in range(n):
        t = f"{who}-{i}"
        yield [
            (["log", "Ana Ruiz", "like", "--summary", f"clog:{t}"], ("interactions", f"clog:{t}")),
            (["note", "Ana Ruiz", f"cnote:{t} met again"], ("notes", f"cnote:{t}")),
            (["add", f"cadd:{t} Person", "--company", "Race Ltd"], ("contacts", f"cadd:{t}")),
            (["ask", "Ana Ruiz", f"cask:{t}"], ("asks", f"cask:{t}")),
            (["followup", "Ana Ruiz", "+3", "--reason", f"cfu:{t}"], ("followups", f"cfu:{t}")),
        ][i % 5]


_CLI_FIELDS = {"interactions": "summary", "notes": "text", "contacts": "name", "asks": "what",
               "followups": "reason"}


def concurrent_cli(db: Path, writers: int, per_writer: int, env: dict[str, str] | None = None,
                   timeout: float = 120) -> Tally:
    """`writers` threads, each running `per_writer` real CLI writes one after the other."""
    from cockpit.model import Contact
    from cockpit.store import Store

    start = time.monotonic()
    tally = Tally()
    Store(db).add_contact(Contact("Ana Ruiz"))
    run_env = {**(env or os.environ), "PYTHONDONTWRITEBYTECODE": "1"}
    run_env.pop("COCKPIT_DB", None)
    expected: list[tuple[str, str]] = []
    lock = threading.Lock()

    def loop(who: str) -> None:
        for args, marker in _cli_writes(who, per_writer):
            proc = subprocess.run([*CLI, "--db", str(db), "--today", DAY.isoformat(), *args],
                                  capture_output=True, text=True, env=run_env, timeout=timeout)
            with lock:
                tally.begun += 1
                if proc.returncode == 0:
                    expected.append(marker)
                    tally.acked += 1
                    tally.acked_by_kind[args[0]] += 1
                else:
                    tally.failed += 1
                    tally.problem(f"{' '.join(args)} exited {proc.returncode}: "
                                  f"{proc.stderr.strip()[-300:]}")

    threads = [threading.Thread(target=loop, args=(f"w{k}",)) for k in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    data = orjson.loads(db.read_bytes())
    seen: Counter[tuple[str, str]] = Counter()
    for table, fld in _CLI_FIELDS.items():
        for doc in (data.get(table) or {}).values():
            value = doc.get(fld)
            if isinstance(value, str) and value.startswith("c"):
                seen[(table, value.split(" ", 1)[0])] += 1
    for marker in expected:
        tally.checks += 1
        if seen[marker] == 0:
            tally.lost += 1
            tally.problem(f"{writers} writers: {marker} is missing")
    for marker, count in seen.items():
        if count > 1:
            tally.duplicated += count - 1
            tally.problem(f"{writers} writers: {marker} is there {count} times")
    tally.stray_temps = len(temp_files(db.parent))
    if tally.stray_temps:
        tally.problem(f"{writers} writers: stray temp files {temp_files(db.parent)}")
    tally.elapsed = time.monotonic() - start
    return tally


if __name__ == "__main__" and sys.argv[1:2] == ["writer"]:
    writer_main(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]),
                journal=sys.argv[6:7] == ["journal"])

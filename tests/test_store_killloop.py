"""kill -9 at random moments never tears the file nor loses an acknowledged write."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import temp_files
from reliability_support import KINDS, Tally, Write, check_db, kill_loop

from cockpit.model import Contact, Note
from cockpit.store import Store

DAY = dt.date(2026, 11, 21)


def assert_clean(tally: Tally, kills: int) -> None:
    assert tally.problems == []
    assert tally.kills == kills
    assert (tally.lost, tally.duplicated, tally.half_applied, tally.torn,
            tally.stray_temps) == (0, 0, 0, 0, 0)
    assert tally.acked > kills, "the writer barely wrote: the test proves nothing"
    # every kind of write was acknowledged at least once (adds, notes, logs, asks,
    # follow-ups, drafts, imports)
    assert set(tally.acked_by_kind) == set(KINDS), tally.acked_by_kind


def test_kill_minus_nine_loop(db: Path) -> None:
    """The writer (tests/reliability_support.py) mixes every write kind, imports included;
    `python bench/reliability.py` runs the same loop 500 times."""
    start = time.monotonic()
    tally = kill_loop(db, kills=40, max_delay=0.08, seed=20261121)
    assert_clean(tally, 40)
    assert tally.mid_write > 0
    assert time.monotonic() - start < 30


def test_kill_minus_nine_loop_with_the_journal(db: Path) -> None:
    """As the TUI writes: each change journaled and acknowledged, folded in now and then.
    Kills land in journal writes and in checkpoints; nothing acknowledged is lost."""
    tally = kill_loop(db, kills=40, max_delay=0.08, seed=20261122, journal=True)
    assert_clean(tally, 40)
    assert tally.mid_write > 0


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("COCKPIT_SLOW") != "1", reason="set COCKPIT_SLOW=1")
def test_kill_minus_nine_loop_long(db: Path) -> None:
    tally = kill_loop(db, kills=300, max_delay=0.25, seed=300)
    assert_clean(tally, 300)


def test_stale_temp_files_from_a_crash_are_removed(db: Path) -> None:
    store = Store(db)
    store.add_contact(Contact("Ana Ruiz"))
    stale = db.with_name(f".{db.name}.99999.deadbeef.tmp")
    stale.write_bytes(b'{"half": ')
    unrelated = db.with_name("notes.tmp")  # not ours: must survive
    unrelated.write_text("keep me")
    Store(db).add_contact(Contact("Bea Soto"))
    assert not stale.exists()
    assert unrelated.read_text() == "keep me"
    assert {c.name for c in Store(db).contacts()} == {"Ana Ruiz", "Bea Soto"}


def test_crash_between_backup_and_replace_leaves_no_temp_after_next_write(db: Path,
                                                                           monkeypatch) -> None:
    """A writer dies after linking the backup, before replacing the file (backup == file)."""
    store = Store(db)
    ana = store.add_contact(Contact("Ana Ruiz"))
    store.save_note(Note(ana.id, "first", dt.date(2026, 11, 20)))
    real_replace = os.replace

    def die_on_main_replace(src, dst):
        if os.fspath(dst) == str(db):
            raise KeyboardInterrupt  # the process "dies" here (temp cleanup still runs)
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", die_on_main_replace)
    with pytest.raises(KeyboardInterrupt):
        store.save_note(Note(ana.id, "never written", dt.date(2026, 11, 20)))
    monkeypatch.undo()
    assert db.with_name(db.name + ".bak").stat().st_ino == db.stat().st_ino
    Store(db).save_note(Note(ana.id, "second", dt.date(2026, 11, 21)))
    assert temp_files(db.parent) == []
    assert sorted(n.text for n in Store(db).notes()) == ["first", "second"]


# ---------------------------------------------------------------- the checker catches faults

def checked(db: Path, writes: list[Write]) -> Tally:
    tally = Tally()
    check_db(db, writes, tally)
    return tally


def test_the_checker_sees_a_lost_a_duplicated_and_a_half_written_write(db: Path) -> None:
    """The harness proves something only if it would see a failure: feed it some."""
    from cockpit.model import Interaction

    store = Store(db)
    ana = Contact("add:0-0 Writer")
    store.add_contact(ana, notes=[Note(ana.id, "addnote:0-0", DAY)])
    store.log(Interaction(ana.id, "like", DAY, summary="log:0-1"))
    store.log(Interaction(ana.id, "like", DAY, summary="log:0-1"))  # twice
    store.insert_many(contacts=[Contact(f"Imported 0-3 {j}", emails=[f"imp-0-3-{j}@example.test"])
                                for j in (0, 2)])  # rows 0 and 2 of 3: half an import
    writes = [Write("add", "0-0", acked=True),  # its follow-up is missing
              Write("log", "0-1", acked=True),
              Write("note", "0-2", acked=True),  # missing
              Write("import", "0-3", n=3, fmt="vcard")]
    tally = checked(db, writes)
    assert (tally.lost, tally.duplicated, tally.half_applied, tally.torn) == (2, 1, 1, 0)
    assert len(tally.problems) == 4
    db.write_bytes(db.read_bytes()[:-1])
    assert checked(db, writes).torn == 1


def test_the_checker_accepts_whole_and_absent_unacknowledged_writes(db: Path) -> None:
    store = Store(db)
    store.insert_many(contacts=[Contact(f"Imported 0-1 {j}", emails=[f"imp-0-1-{j}@example.test"])
                                for j in range(3)])
    writes = [Write("import", "0-1", n=3, fmt="vcard", acked=True),
              Write("import", "0-2", n=5, fmt="linkedin"),  # killed before it wrote
              Write("note", "0-3")]
    assert checked(db, writes).problems == []


def test_the_full_run_script_runs(tmp_path: Path, isolated_env) -> None:
    """`bench/reliability.py` (the by-hand full run) in miniature, so it cannot rot."""
    script = Path(__file__).resolve().parents[1] / "bench" / "reliability.py"
    work = tmp_path / "work"
    work.mkdir()
    proc = subprocess.run([sys.executable, str(script), "--kills", "3", "--max-delay", "0.05",
                           "--writers", "2", "--per-writer", "2", "--workdir", str(work)],
                          capture_output=True, text=True, env=isolated_env, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("kills: 3") == 2  # the plain and the journaling writer
    assert proc.stdout.count("lost: 0  duplicated: 0") == 3  # and the 2 CLI writers
    assert list(work.iterdir()) == []  # its work folder is removed

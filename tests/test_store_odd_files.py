"""Odd files around the database: a symlink to it, another user's file, things that are
not files at all, and other writers' temp files in the same folder."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CLI, one_error_line, snapshot, temp_files

from cockpit.model import Contact, Interaction, Note
from cockpit.store import Store, atomic_write_bytes, is_store_temp

DAY = dt.date(2026, 11, 20)
NOBODY = 65534


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


# ---------------------------------------------------------------- a symlinked database

@pytest.fixture
def linked(tmp_path: Path) -> tuple[Path, Path]:
    """`link.json` -> `sync/real.json`, a database with one contact."""
    real = tmp_path / "box" / "sync" / "real.json"
    real.parent.mkdir(parents=True)
    Store(real).add_contact(Contact("Ana Ruiz"))
    link = tmp_path / "box" / "link.json"
    link.symlink_to(real)
    return link, real


def test_a_write_through_a_symlink_updates_the_real_file_and_keeps_the_link(
        cli, linked: tuple[Path, Path]) -> None:
    link, real = linked
    before = real.read_bytes()
    code, _, err = cli("note", "Ana", "sails on Sundays", db=link, today=DAY.isoformat())
    assert code == 0, err
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert [n.text for n in Store(real).notes()] == ["sails on Sundays"]
    # the backup and the lock are beside the real file; nothing appeared beside the link
    assert real.with_name("real.json.bak").read_bytes() == before
    assert not real.with_name("real.json.bak").is_symlink()
    assert real.with_name("real.json.lock").exists()
    assert sorted(p.name for p in link.parent.iterdir()) == ["link.json", "sync"]
    assert mode(real) == 0o600


def test_the_journal_of_a_symlinked_database_is_beside_the_real_file(
        linked: tuple[Path, Path]) -> None:
    link, real = linked
    store = Store(link, journal=True)
    ana = store.resolve("Ana")
    store.log(Interaction(ana.id, "like", DAY, summary="journaled"))
    assert real.with_name("real.json.journal").exists()
    assert [i.summary for i in Store(real).interactions()] == ["journaled"]  # read via the file
    store.checkpoint()
    assert not real.with_name("real.json.journal").exists()
    assert link.is_symlink()
    assert sorted(p.name for p in link.parent.iterdir()) == ["link.json", "sync"]
    assert temp_files(real.parent) == []


def test_a_dangling_symlink_creates_the_file_it_points_to(tmp_path: Path) -> None:
    real = tmp_path / "sync" / "new.json"
    real.parent.mkdir()
    link = tmp_path / "link.json"
    link.symlink_to(real)
    Store(link).add_contact(Contact("Bea Soto"))
    assert link.is_symlink()
    assert [c.name for c in Store(real).contacts()] == ["Bea Soto"]


# ---------------------------------------------------------------- ownership

def test_the_backup_is_private_in_the_same_save(db: Path) -> None:
    """Before, a database the user had loosened to 0644 left a 0644 backup for one save."""
    Store(db).add_contact(Contact("Ana Ruiz"))
    db.chmod(0o644)
    Store(db).add_contact(Contact("Bea Soto"))
    backup = db.with_name(db.name + ".bak")
    assert (mode(db), mode(backup)) == (0o600, 0o600)
    assert [c.name for c in Store(backup).contacts()] == ["Ana Ruiz"]


needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="only root can give files away")


@needs_root
def test_root_writing_a_users_database_keeps_it_theirs(db: Path) -> None:
    store = Store(db)
    ana = store.add_contact(Contact("Ana Ruiz"))
    os.chown(db, NOBODY, NOBODY)
    db.chmod(0o644)
    root_store = Store(db)  # e.g. `sudo cockpit …` or a root cron job
    root_store.log(Interaction(ana.id, "call", DAY))
    st = db.stat()
    assert (st.st_uid, st.st_gid, mode(db)) == (NOBODY, NOBODY, 0o600)
    backup = db.with_name(db.name + ".bak")
    bst = backup.stat()
    assert (bst.st_uid, bst.st_gid, mode(backup)) == (NOBODY, NOBODY, 0o600)  # same save
    lock = db.with_name(db.name + ".lock")
    assert (lock.stat().st_uid, lock.stat().st_gid) == (NOBODY, NOBODY)
    journaled = Store(db, journal=True)
    journaled.save_note(Note(ana.id, "journaled by root", DAY))
    journal = db.with_name(db.name + ".journal")
    jst = journal.stat()
    assert (jst.st_uid, jst.st_gid, mode(journal)) == (NOBODY, NOBODY, 0o600)
    journaled.checkpoint()
    assert (db.stat().st_uid, db.stat().st_gid) == (NOBODY, NOBODY)


_OWNER_WRITES = """
import os, sys
os.setgroups([]); os.setgid(65534); os.setuid(65534)
try:
    import datetime as dt
    from cockpit.model import Note
    from cockpit.store import Store, StoreError
except (ImportError, PermissionError) as exc:
    print(exc)
    sys.exit(77)  # this interpreter is out of nobody's reach here
try:
    store = Store(sys.argv[1], journal=True)
    ana = store.resolve("Ana")
    store.save_note(Note(ana.id, "the owner again", dt.date(2026, 11, 21)))
    store.checkpoint()
except StoreError as exc:
    print(exc)
    sys.exit(1)
"""


@needs_root
def test_after_root_wrote_it_the_owner_can_still_write(db: Path) -> None:
    """The real consequence: before, root left root:root 0600 files and the owner was
    locked out of their own database (the file, its lock, its journal)."""
    for folder in (db.parent, db.parent.parent):
        os.chown(folder, NOBODY, NOBODY)
    ana = Store(db).add_contact(Contact("Ana Ruiz"))
    for name in (db, db.with_name(db.name + ".lock")):
        os.chown(name, NOBODY, NOBODY)
    Store(db, journal=True).log(Interaction(ana.id, "call", DAY))  # root journals a save
    proc = subprocess.run([sys.executable, "-c", _OWNER_WRITES, str(db)], capture_output=True,
                          text=True, timeout=60)
    if proc.returncode == 77:
        pytest.skip(f"nobody cannot run this interpreter here ({proc.stdout.strip()})")
    assert proc.returncode == 0, (proc.stdout, proc.stderr)
    store = Store(db)
    assert [n.text for n in store.notes()] == ["the owner again"]
    assert store.interaction_count() == 1
    assert (db.stat().st_uid, db.stat().st_gid) == (NOBODY, NOBODY)


# ---------------------------------------------------------------- not a file at all

@pytest.fixture(params=["fifo", "dev-zero", "folder", "empty-path"])
def not_a_file(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """(the --db argument, a word the error line must contain)."""
    if request.param == "fifo":
        fifo = tmp_path / "f.json"
        os.mkfifo(fifo)
        return str(fifo), "named pipe"
    if request.param == "dev-zero":
        return "/dev/zero", "device"
    if request.param == "folder":
        folder = tmp_path / "folder.json"
        folder.mkdir()
        return str(folder), "folder"
    return "", "names no file"


def test_something_that_is_not_a_file_is_one_line_and_no_hang(
        not_a_file: tuple[str, str], isolated_env: dict[str, str]) -> None:
    path, word = not_a_file
    for args in (["today"], ["contacts", "--json"], ["add", "Ana Ruiz"]):
        # A real process with a timeout: a FIFO used to block on open, /dev/zero to read
        # for ever (5.5 GB); now the refusal comes before the first byte is read.
        proc = subprocess.run([*CLI, "--db", path, *args], capture_output=True, text=True,
                              env=isolated_env, timeout=30)
        assert proc.returncode != 0, args
        line = one_error_line(proc.stderr)
        assert word in line, line
        assert proc.stdout == ""


_OPEN = """
import sys
from cockpit.store import Store, StoreError
try:
    Store(sys.argv[1])
except StoreError as exc:
    print(exc)
"""


def opened(path: Path) -> str:
    """What `Store(path)` says, in a child process (a hang fails the test, not the run)."""
    proc = subprocess.run([sys.executable, "-c", _OPEN, str(path)], capture_output=True,
                          text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def test_the_store_refuses_a_fifo_before_reading_it(tmp_path: Path) -> None:
    fifo = tmp_path / "f.json"
    os.mkfifo(fifo)
    assert f"{fifo} is a named pipe (FIFO), not a database file" in opened(fifo)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # left as it was


def test_a_journal_that_is_a_fifo_is_refused_too(db: Path) -> None:
    Store(db).add_contact(Contact("Ana Ruiz"))
    journal = db.with_name(db.name + ".journal")
    os.mkfifo(journal)
    before = snapshot(db)
    assert "cockpit.json.journal is a named pipe" in opened(db)
    assert snapshot(db) == before


# ---------------------------------------------------------------- temp names

def test_the_store_cleans_only_its_own_stale_temps(tmp_path: Path) -> None:
    db = tmp_path / "cockpit"  # no suffix: the default export is then cockpit.ics
    Store(db).add_contact(Contact("Ana Ruiz"))
    mine = [f".cockpit.store-{os.getpid()}-0badcafe.tmp",  # today's store temps
            ".cockpit.4242.deadbeef.tmp", ".cockpit.journal.4242.deadbeef.tmp",
            ".cockpit.bak.4242.tmp"]  # names earlier versions used for the same files
    others = [".cockpit.ics.4242.deadbeef.tmp",  # an export in flight
              ".cockpit-ics-ledger.json.4242.deadbeef.tmp",
              ".cockpit2.store-4242-deadbeef.tmp",  # another database in the same folder
              ".cockpit.store-4242-deadbeef.tmp.tmp", "notes.tmp"]
    for name in mine + others:
        (tmp_path / name).write_bytes(b"{")
    assert [is_store_temp(n, db) for n in mine] == [True] * len(mine)
    assert [is_store_temp(n, db) for n in others] == [False] * len(others)
    Store(db).add_contact(Contact("Bea Soto"))
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp"))
    assert left == sorted(others)


def test_an_export_in_flight_survives_a_store_write(tmp_path: Path) -> None:
    """The race of the issue, made certain: while the calendar is being written to its
    temp file, a CLI write to the database (`--db cockpit`) runs its clean-up."""
    db = tmp_path / "cockpit"
    ana = Store(db).add_contact(Contact("Ana Ruiz"))
    target = tmp_path / "cockpit.ics"

    def calendar():
        yield b"BEGIN:VCALENDAR\r\n"
        [temp] = [p for p in tmp_path.iterdir() if p.name.startswith(".cockpit.ics.")]
        Store(db).log(Interaction(ana.id, "like", DAY))  # another process, meanwhile
        assert temp.exists()
        yield b"END:VCALENDAR\r\n"

    atomic_write_bytes(target, calendar(), mode=0o600)  # type: ignore[arg-type]
    assert target.read_bytes() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    assert Store(db).interaction_count() == 1

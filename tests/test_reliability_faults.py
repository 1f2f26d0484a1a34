"""Fault injection not covered by test_store_files.py: a failing os.replace, a failing
directory fsync or backup link (tolerated), and read-only folders and files for real.

Read-only means nothing to root, so those tests run the CLI in a child process that has
no privilege over permission bits: the user `nobody` (uid 65534) when that user can run
this interpreter and reach the test folder, else root with every capability dropped
(`setpriv --bounding-set=-all`: still uid 0, so the owner's permission bits apply), or
simply the current user when it is not root. The mode used is probed once; when none
works the tests skip and say why.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import CLI, one_error_line, snapshot, temp_files

import cockpit.store as store_mod
from cockpit.model import Contact, Interaction, Note
from cockpit.store import Store, StoreError

DAY = dt.date(2026, 11, 20)
NOBODY = 65534


def seed(db: Path) -> Contact:
    store = Store(db)
    ana = store.add_contact(Contact("Ana Ruiz", company="Globex"))
    store.log(Interaction(ana.id, "like", DAY, summary="first"))
    store.save_note(Note(ana.id, "runs marathons", DAY))
    return ana


# ---------------------------------------------------------------- os.replace, fsync, link

def test_failing_replace_is_a_clear_error_and_changes_nothing(db: Path, monkeypatch) -> None:
    ana = seed(db)
    store = Store(db)
    before = snapshot(db)
    backup_before = snapshot(db.with_name(db.name + ".bak"))
    real_replace = os.replace

    def broken_replace(src, dst):
        if os.fspath(dst) == str(db):
            raise OSError(errno.EIO, "Input/output error")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(StoreError) as info:
        store.log(Interaction(ana.id, "call", DAY, summary="never saved"))
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"could not save {db}: ") and "nothing was changed" in message
    assert "Input/output error" in message
    assert snapshot(db) == before
    assert temp_files(db.parent) == []
    # The backup is the last good file: the one before, or (linked just before the failed
    # replace) the current one, which is unchanged.
    assert db.with_name(db.name + ".bak").read_bytes() in (backup_before[0], before[0])
    # The store forgot the failed write and stays usable once the fault is gone.
    assert store.interaction_count() == 1
    monkeypatch.undo()
    store.log(Interaction(ana.id, "share", DAY, summary="after"))
    again = Store(db)
    assert sorted(i.summary for i in again.interactions()) == ["after", "first"]
    assert temp_files(db.parent) == []


def test_failing_replace_through_the_cli_is_one_line(cli, db: Path, monkeypatch) -> None:
    seed(db)
    before = snapshot(db)
    real_replace = os.replace

    def broken_replace(src, dst):
        if os.fspath(dst) == str(db):
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", broken_replace)
    code, out, err = cli("log", "Ana", "call", "--summary", "lost", db=db)
    assert code == 1 and out == ""
    line = one_error_line(err)
    assert line.startswith("cockpit: error: could not save") and str(db) in line
    assert snapshot(db) == before
    assert temp_files(db.parent) == []


def test_failing_directory_fsync_is_tolerated(db: Path, monkeypatch) -> None:
    """Some filesystems cannot fsync a directory: the replace is atomic all the same."""
    ana = seed(db)
    real_fsync = os.fsync
    dir_syncs = []

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            dir_syncs.append(fd)
            raise OSError(errno.EINVAL, "Invalid argument")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    Store(db).log(Interaction(ana.id, "call", DAY, summary="second"))
    assert dir_syncs, "the directory fsync was not attempted"
    real_open = os.open

    def no_dir_open(path, flags, *args, **kwargs):
        if os.fspath(path) == str(db.parent):
            raise OSError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", no_dir_open)
    Store(db).log(Interaction(ana.id, "call", DAY, summary="third"))
    monkeypatch.undo()
    assert sorted(i.summary for i in Store(db).interactions()) == ["first", "second", "third"]
    assert temp_files(db.parent) == []


def test_no_hard_links_means_no_backup_but_the_write_succeeds(db: Path, monkeypatch) -> None:
    """FAT, some network shares: os.link fails; the write goes on, nothing is left behind."""
    ana = seed(db)
    backup = db.with_name(db.name + ".bak")
    backup_before = backup.read_bytes()

    def no_link(src, dst, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_link)
    Store(db).log(Interaction(ana.id, "call", DAY, summary="second"))
    monkeypatch.undo()
    assert backup.read_bytes() == backup_before  # an older backup, but a good one
    assert sorted(i.summary for i in Store(db).interactions()) == ["first", "second"]
    assert sorted(p.name for p in db.parent.iterdir() if p.name.startswith(".")) == []


def test_failing_backup_rename_leaves_no_temp(db: Path, monkeypatch) -> None:
    ana = seed(db)
    real_replace = os.replace

    def broken_backup_replace(src, dst):
        if os.fspath(dst).endswith(".bak"):
            raise OSError(errno.EIO, "Input/output error")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", broken_backup_replace)
    Store(db).log(Interaction(ana.id, "call", DAY, summary="second"))
    monkeypatch.undo()
    assert sorted(i.summary for i in Store(db).interactions()) == ["first", "second"]
    assert sorted(p.name for p in db.parent.iterdir() if p.name.startswith(".")) == []


def test_a_lock_file_that_cannot_be_created_is_one_line(cli, db: Path, monkeypatch) -> None:
    """FileLock raising PermissionError (read-only folder) becomes a StoreError line."""
    seed(db)
    before = snapshot(db)

    def denied(self, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(db) + ".lock")

    monkeypatch.setattr(store_mod.FileLock, "acquire", denied)
    code, _, err = cli("note", "Ana", "likes sailing", db=db)
    assert code == 1
    line = one_error_line(err)
    assert f"cannot lock {db}" in line and "permission denied" in line
    assert snapshot(db) == before


# ---------------------------------------------------------------- read-only, for real

def _probe(prefix: list[str], preexec: Callable[[], None] | None, owner: int | None) -> str:
    """'' when a child started this way can import cockpit and is refused a read-only
    folder; else why not."""
    folder = Path(tempfile.mkdtemp(prefix="cockpit-probe-"))
    try:
        ro = folder / "ro"
        ro.mkdir()
        if owner is not None:
            os.chown(folder, owner, owner)
            os.chown(ro, owner, owner)
        ro.chmod(0o555)
        code = ("import sys, cockpit.cli\n"
                "try:\n    open(sys.argv[1] + '/x', 'w')\nexcept PermissionError:\n"
                "    sys.exit(0)\nsys.exit(3)\n")
        try:
            proc = subprocess.run([*prefix, sys.executable, "-c", code, str(ro)],
                                  capture_output=True, text=True, timeout=60,
                                  preexec_fn=preexec)
        except OSError as exc:
            return str(exc)
        if proc.returncode == 3:
            return "permissions are not enforced for it"
        return "" if proc.returncode == 0 else (proc.stderr.strip().splitlines() or ["?"])[-1]
    finally:
        ro.chmod(0o755)
        shutil.rmtree(folder, ignore_errors=True)


def _become_nobody() -> None:
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


class Unprivileged:
    """How to run a child process for which permission bits apply."""

    def __init__(self, name: str, prefix: list[str], preexec: Callable[[], None] | None,
                 owner: int | None) -> None:
        self.name, self.prefix, self.preexec, self.owner = name, prefix, preexec, owner

    def own(self, top: Path) -> None:
        """Give `top` and everything under it to the unprivileged user."""
        if self.owner is None:
            return
        for root, dirs, files in os.walk(top):
            for name in [*dirs, *files]:
                os.chown(os.path.join(root, name), self.owner, self.owner)
        os.chown(top, self.owner, self.owner)


@functools.cache
def unprivileged() -> Unprivileged | str:
    """The way to run unprivileged here, or the reason there is none."""
    if os.geteuid() != 0:
        return Unprivileged("current user", [], None, None)
    reasons = []
    why = _probe([], _become_nobody, NOBODY)
    if not why:
        return Unprivileged("nobody", [], _become_nobody, NOBODY)
    reasons.append(f"as nobody: {why}")
    setpriv = shutil.which("setpriv")
    if setpriv:
        prefix = [setpriv, "--bounding-set=-all", "--inh-caps=-all"]
        why = _probe(prefix, None, None)
        if not why:
            return Unprivileged("root without capabilities", prefix, None, None)
        reasons.append(f"setpriv: {why}")
    else:
        reasons.append("no setpriv")
    return "cannot run unprivileged (" + "; ".join(reasons) + ")"


@pytest.fixture
def as_user(tmp_path: Path, isolated_env: dict[str, str]) -> Iterator[Callable[..., tuple]]:
    """run(*args, db=...) -> (code, stdout, stderr): the real CLI, unprivileged."""
    how = unprivileged()
    if isinstance(how, str):
        pytest.skip(how)
    restore: list[tuple[Path, int]] = []

    def run(*args: str, db: Path | None = None,
            env: dict[str, str] | None = None) -> tuple[int, str, str]:
        how.own(tmp_path)
        front = ["--db", str(db)] if db is not None else []
        proc = subprocess.run([*how.prefix, *CLI, *front, "--today", "2026-11-21", *args],
                              capture_output=True, text=True, timeout=60,
                              env={**isolated_env, **(env or {})}, cwd=tmp_path,
                              preexec_fn=how.preexec)
        return proc.returncode, proc.stdout, proc.stderr

    def chmod(path: Path, mode: int) -> None:
        """chmod, undone after the test (so that pytest can clean up)."""
        restore.append((path, stat.S_IMODE(path.stat().st_mode)))
        path.chmod(mode)

    def python(code: str, *args: str) -> tuple[int, str, str]:
        """A Python snippet, unprivileged (for the TUI's journaling store)."""
        how.own(tmp_path)
        proc = subprocess.run([*how.prefix, sys.executable, "-c", code, *args],
                              capture_output=True, text=True, timeout=60, env=isolated_env,
                              cwd=tmp_path, preexec_fn=how.preexec)
        return proc.returncode, proc.stdout, proc.stderr

    run.chmod = chmod  # type: ignore[attr-defined]
    run.python = python  # type: ignore[attr-defined]
    yield run
    for path, mode in reversed(restore):
        path.chmod(mode)


def folder_state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.mark.parametrize("lock_exists", [False, True])
def test_read_only_folder_refuses_writes_in_one_line(as_user, db: Path, lock_exists: bool) -> None:
    seed(db)
    lock = db.with_name(db.name + ".lock")
    if not lock_exists:
        lock.unlink(missing_ok=True)
    else:
        lock.touch()
    as_user.chmod(db.parent, 0o555)
    before, files = snapshot(db), folder_state(db.parent)
    writes = [("log", "Ana", "call", "--summary", "lost"), ("note", "Ana", "lost note"),
              ("add", "Bea Soto")]
    for args in writes[:1] if lock_exists else writes:
        code, out, err = as_user(*args, db=db)
        assert code == 1, (args, out, err)
        line = one_error_line(err)
        assert line.startswith("cockpit: error: ") and str(db) in line
        assert "permission denied" in line, line
        assert snapshot(db) == before
        assert folder_state(db.parent) == files  # no temp file, no lock file, no backup
    # Reading still works from a read-only folder.
    code, out, err = as_user("contacts", db=db)
    assert (code, err) == (0, "") and "Ana Ruiz" in out
    code, out, err = as_user("today", "--json", db=db)
    assert (code, err) == (0, "")


def test_read_only_file_is_not_replaced(as_user, db: Path, tmp_path: Path) -> None:
    """chmod 0400 says "do not change this": the rename would be allowed in a writable
    folder, and would silently drop the read-only mode. Refuse instead."""
    seed(db)
    as_user.chmod(db, 0o400)
    before, files = snapshot(db), folder_state(db.parent)
    vcf = tmp_path / "people.vcf"
    vcf.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bea Soto\r\nN:Soto;Bea;;;\r\nEND:VCARD\r\n")
    for args in (("log", "Ana", "call"), ("note", "Ana", "lost note"), ("add", "Bea Soto"),
                 ("import", str(vcf))):
        code, out, err = as_user(*args, db=db)
        assert code == 1, (args, out, err)
        line = one_error_line(err)
        assert f"could not save {db}: permission denied" in line, line
        assert snapshot(db) == before
        assert stat.S_IMODE(db.stat().st_mode) == 0o400
        assert folder_state(db.parent) == files
    code, out, err = as_user("contacts", db=db)
    assert (code, err) == (0, "") and "Ana Ruiz" in out


def test_new_database_in_a_read_only_folder(as_user, db: Path) -> None:
    as_user.chmod(db.parent, 0o555)
    code, _, err = as_user("add", "Ana Ruiz", db=db)
    assert code == 1
    assert "permission denied" in one_error_line(err)
    assert list(db.parent.iterdir()) == []


def test_unreadable_file_is_one_line_and_untouched(as_user, db: Path) -> None:
    seed(db)
    as_user.chmod(db, 0o000)
    before = snapshot(db)
    for args in (("contacts",), ("log", "Ana", "call")):
        for how in ({"db": db}, {"env": {"COCKPIT_DB": str(db)}}):
            code, _, err = as_user(*args, **how)
            assert code == 2  # click checks that --db / COCKPIT_DB is readable: usage error
            line = one_error_line(err)
            assert "not readable" in line and str(db.name) in line, line
    assert snapshot(db) == before
    assert temp_files(db.parent) == []


def test_export_into_a_read_only_folder_is_one_line(as_user, db: Path, tmp_path: Path) -> None:
    seed(db)
    out_dir = tmp_path / "calendar"
    out_dir.mkdir()
    as_user.chmod(out_dir, 0o555)
    code, _, err = as_user("export-ics", str(out_dir / "cockpit.ics"), db=db)
    assert code == 1
    assert "permission denied" in one_error_line(err).lower()
    assert list(out_dir.iterdir()) == []


_JOURNALED_LOG = """
import datetime as dt, sys
from cockpit.model import Interaction
from cockpit.store import Store, StoreError
store = Store(sys.argv[1], journal=True)  # as the TUI saves
try:
    store.log(Interaction(store.resolve("Ana").id, "call", dt.date(2026, 11, 21)))
except StoreError as exc:
    print(exc)
    sys.exit(1)
"""


@pytest.mark.parametrize("what", ["folder", "file"])
def test_read_only_refuses_journaled_saves_too(as_user, db: Path, what: str) -> None:
    seed(db)
    as_user.chmod(db.parent if what == "folder" else db, 0o555 if what == "folder" else 0o400)
    before, files = snapshot(db), folder_state(db.parent)
    code, out, err = as_user.python(_JOURNALED_LOG, str(db))
    assert code == 1, (out, err)
    assert out.startswith(f"could not save {db}: permission denied"), out
    assert err == ""
    assert snapshot(db) == before
    assert folder_state(db.parent) == files  # no journal, no temp file

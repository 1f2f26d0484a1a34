"""The real `cockpit` in a pseudo-terminal: opening a contact whose fields and notes hold
OSC 52 clipboard writes sends none to the terminal (issue #13, item 1). What the program
writes is read byte for byte, as a terminal would receive it; the only OSC 52 the app
ever writes is `y`'s copy of a draft, never pressed here."""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Result
from test_tui_hostile import hostile_db
from tui_support import TODAY

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pseudo-terminal")


class Terminal:
    """A child process on a pseudo-terminal, and everything it wrote."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 140, 0, 0))
        self.proc = subprocess.Popen(args, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     start_new_session=True, close_fds=True)
        os.close(slave)
        self.seen = b""

    def read_until(self, marker: bytes, timeout: float = 20) -> bool:
        end = time.monotonic() + timeout
        while marker not in self.seen and time.monotonic() < end:
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    return marker in self.seen
                if not chunk:
                    break
                self.seen += chunk
        return marker in self.seen

    def type(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)
        os.close(self.master)


def test_opening_a_hostile_contact_writes_no_clipboard_sequence(
        cli: Callable[..., Result], tmp_path: Path, isolated_env: dict[str, str]) -> None:
    db = hostile_db(cli, tmp_path)
    env = {**isolated_env, "TERM": "xterm-256color", "COLUMNS": "140", "LINES": "40"}
    term = Terminal([sys.executable, "-m", "cockpit.cli", "--db", str(db), "--today",
                     TODAY.isoformat()], env)
    try:
        assert term.read_until(b"Follow-ups"), term.seen[-2000:]
        assert term.read_until(b"Close"), term.seen[-2000:]  # the agenda row is there
        term.type(b"\r")  # open the contact on the first row
        assert term.read_until(b"talk [red]x[/red]"), term.seen[-2000:]  # the note is shown
        term.type(b"q")
        term.read_until(b"\x1b[?1049l", timeout=10)  # the alternate screen left
        term.proc.wait(10)
    finally:
        term.close()
    assert b"\x1b]52" not in term.seen
    assert b"pwn \\x1b]52" in term.seen  # shown, escaped
    shown = term.seen.decode("utf-8", errors="replace")
    assert "\x9d" not in shown and "\x9b" not in shown  # nor as a C1 control (OSC, CSI)

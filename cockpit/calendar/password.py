"""The CalDAV password, fetched at push time and kept only in memory.

From the COCKPIT_CALDAV_PASSWORD environment variable when it is set, else from
`password_command` (the khal / vdirsyncer convention: ``pass show dav/ana``,
``security find-generic-password -s dav -w``, ``secret-tool lookup …``): the command is
run without a shell (a list of arguments, or one line split like a shell would; write
``sh -c '…'`` for a pipeline) and the first line of its output is the password. It is
never written anywhere, and no message ever shows it (nor the command's output).
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Mapping

from ..settings import CaldavSettings
from .errors import PushError

ENV_VAR = "COCKPIT_CALDAV_PASSWORD"
COMMAND_TIMEOUT = 120  # seconds: a password manager may ask for its own passphrase


def password(config: CaldavSettings, environ: Mapping[str, str] | None = None) -> str | None:
    """The password to log in with; None when no username is configured (no login).

    Raises PushError (one line) when a username is set but no password can be had.
    """
    env = os.environ if environ is None else environ
    if config.username is None:
        return None
    from_env = env.get(ENV_VAR)
    if from_env:
        return from_env.rstrip("\r\n")
    if config.password_command:
        return _run(config.password_command)
    raise PushError(f"no password for {config.username}: set password_command in "
                    f"[calendar.caldav] of config.toml, or {ENV_VAR}")


def _run(command: tuple[str, ...] | str) -> str:
    try:
        argv = list(command) if isinstance(command, tuple) else shlex.split(command)
    except ValueError as exc:
        raise PushError(f"calendar.caldav.password_command cannot be read: {exc}") from None
    if not argv:
        raise PushError("calendar.caldav.password_command is empty")
    shown = argv[0]
    try:
        proc = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True,
                              timeout=COMMAND_TIMEOUT, check=False)
    except FileNotFoundError:
        raise PushError(f"password_command: {shown!r} was not found") from None
    except PermissionError:
        raise PushError(f"password_command: {shown!r} cannot be run (permission denied)") from None
    except subprocess.TimeoutExpired:
        raise PushError(f"password_command ({shown}) did not finish within "
                        f"{COMMAND_TIMEOUT} s") from None
    except OSError as exc:
        raise PushError(f"password_command ({shown}) cannot be run: {exc.strerror}") from None
    if proc.returncode != 0:
        # Its error output is not shown: some tools echo what they were given.
        raise PushError(f"password_command ({shown}) failed with exit status {proc.returncode}")
    try:
        text = proc.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise PushError(f"password_command ({shown}) printed something that is not UTF-8 "
                        "text") from None
    first = text.split("\n", 1)[0].removesuffix("\r")  # not splitlines(): NEL, LS… are text
    if not first:
        raise PushError(f"password_command ({shown}) printed no password on its first line")
    return first

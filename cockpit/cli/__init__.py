"""The command line: parse → call `cockpit.actions` → print (rich or JSON).

The contract (names, options, JSON keys) is in docs/json.md and the README; scripts and
tests depend on it. Commands are grouped by area (`contacts`, `agenda`, `drafts`,
`files`), each a plain module of click commands registered here on the one group from
`base`. Every user mistake ends as one line on stderr and a non-zero exit, with nothing
written.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import threading

import click

from ..actions import USER_ERRORS
from ..actions.errors import Ambiguous, DuplicateContact, NotFound
from .base import EXIT_NAME, EXIT_USER, Env, cli, one_line


def main(argv: list[str] | None = None) -> None:
    """Console-script entry: run the CLI, turning user mistakes into one stderr line."""
    # A short-lived process: the cyclic GC would only rescan the 30,000 freshly loaded
    # records again and again (a third of `cockpit today`'s time at that size).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    code = 0
    error_line = ""
    env = Env()  # held here, so the records are still alive when a real process exits
    try:
        result = cli.main(args=argv, prog_name="cockpit", standalone_mode=False, obj=env)
        if isinstance(result, int):
            code = result
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.exceptions.Abort:
        click.echo("cockpit: aborted", err=True)
        code = 130
    except click.UsageError as exc:
        hint = f" (see: cockpit {exc.ctx.info_name} --help)" if exc.ctx and exc.ctx.parent else ""
        click.echo(f"cockpit: error: {one_line(exc.format_message())}{hint}", err=True)
        code = exc.exit_code
    except click.ClickException as exc:
        click.echo(f"cockpit: error: {one_line(exc.format_message())}", err=True)
        code = exc.exit_code
    except (NotFound, Ambiguous, DuplicateContact) as exc:
        error_line = one_line(str(exc))
        click.echo(f"cockpit: error: {error_line}", err=True)
        code = EXIT_NAME
    except USER_ERRORS as exc:
        error_line = one_line(str(exc))
        click.echo(f"cockpit: error: {error_line}", err=True)
        code = EXIT_USER
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        code = 0
    except BaseException:
        if gc_was_enabled:
            gc.enable()
        raise
    # The collector stays off until the end: back on, the first allocation would start a
    # full collection over everything the command loaded (0.3-0.5 s after an import of
    # 30,000 contacts) just before the process ends.
    try:
        _warn_skipped_records(env, error_line)
        if argv is None and threading.active_count() == 1:
            _exit_now(code)
    finally:
        if gc_was_enabled:
            gc.enable()  # main() is also called in-process (tests, scripts)
    sys.exit(code)


def _warn_skipped_records(env: Env, error_line: str) -> None:
    """Records the store left out (a value out of range in an old or hand-edited file):
    one warning line each, so nothing is dropped silently (but never twice)."""
    ws = env.opened
    found = [*env.warnings, *(ws.store.warnings if ws is not None else ())]
    for warning in dict.fromkeys(found):
        if one_line(warning) not in error_line:
            click.echo(f"cockpit: warning: {one_line(warning)}", err=True)


def _exit_now(code: int) -> None:
    """End the real `cockpit` process without freeing every record one by one (tens of
    ms at 30,000 contacts): output is flushed, and with no other thread alive nothing is
    pending (a store write is complete and fsynced when it returns)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`… | head`)
            stream.flush()
    os._exit(code)


__all__ = ["cli", "main"]

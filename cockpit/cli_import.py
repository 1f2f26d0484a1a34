"""`cockpit import FILE [--format vcard|linkedin] [--dry-run]`.

Thin: the work is `cockpit.importers.import_file`. A progress bar goes to stderr when it
is a terminal; the summary and every skipped / doubtful row and conflict go to stdout.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .cli import Env, cli, common_options, pass_env
from .model import ValidationError


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["vcard", "linkedin"]), default=None,
              help="File format (default: detected from the content).")
@click.option("--dry-run", is_flag=True, help="Compute and print the report; write nothing.")
@common_options
@pass_env
def import_cmd(env: Env, file: Path, fmt: str | None, dry_run: bool) -> None:
    """Import contacts from a vCard file (.vcf) or LinkedIn's Connections.csv.

    People already in the database (same vCard UID, e-mail or LinkedIn URL; or, doubtfully,
    same name and company) are merged: empty fields are filled, nothing is overwritten.
    Re-importing the same file adds nothing.
    """
    from .importers import ImportFailed, import_file

    store = env.store
    try:
        with _progress_bar() as progress:
            report = import_file(file, store, progress, fmt=fmt, dry_run=dry_run,
                                 today=env.today)
    except ImportFailed as exc:
        raise ValidationError(str(exc)) from None
    head = "dry run, nothing written: " if dry_run else ""
    click.echo(f"{head}{file.name} ({report.format}): {report.summary()}")
    extras = []
    if report.notes_added:
        extras.append(f"{report.notes_added} note(s)")
    if report.interactions_added:
        extras.append(f"{report.interactions_added} interaction(s)")
    if report.conflicts:
        extras.append(f"{len(report.conflicts)} conflict(s), database values kept")
    if report.doubtful:
        extras.append(f"{len(report.doubtful)} doubtful row(s) to check")
    if extras:
        click.echo("  " + "; ".join(extras))
    for notice in report.notices:
        click.echo(f"  note: {notice}")
    for line in report.details():
        click.echo(f"  {line}")


class _progress_bar:
    """A rich progress bar on stderr when it is a terminal; a no-op callback otherwise."""

    def __init__(self) -> None:
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> Any:
        if not sys.stderr.isatty():
            return None
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        console = Console(stderr=True)
        if not console.is_terminal:
            return None
        self._progress = Progress(TextColumn("importing"), BarColumn(), TaskProgressColumn(),
                                  TimeElapsedColumn(), console=console, transient=True)
        self._progress.start()
        self._task = self._progress.add_task("import", total=None)
        return self._update

    def _update(self, done: int, total: int) -> None:
        self._progress.update(self._task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

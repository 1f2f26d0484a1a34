"""`cockpit import`, `export-ics` and `demo`: files in and out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..actions import files
from ..model import ValidationError
from ..text import shown
from .base import Env, common_options, pass_env, say


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["vcard", "linkedin", "google"]), default=None,
              help="File format (default: detected from the content).")
@click.option("--dry-run", is_flag=True, help="Compute and print the report; write nothing.")
@common_options
@pass_env
def import_cmd(env: Env, file: Path, fmt: str | None, dry_run: bool) -> None:
    """Import contacts from a vCard file (.vcf), LinkedIn's Connections.csv or a Google
    Contacts CSV.

    People already in the database (same vCard UID, e-mail or LinkedIn URL; or, doubtfully,
    same name and company) are merged: empty fields are filled, nothing is overwritten.
    Re-importing the same file adds nothing.
    """
    with _ProgressBar() as progress:
        report = files.import_file(env.ws, file, progress, fmt=fmt, dry_run=dry_run)
    head = "dry run, nothing written: " if dry_run else ""
    say(f"{head}{file.name} ({report.format}): {report.summary()}")
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
        click.echo(f"  note: {shown(notice)}")
    for line in report.details():
        click.echo(f"  {shown(line)}")


class _ProgressBar:
    """A rich progress bar on stderr when it is a terminal; a no-op callback otherwise."""

    def __init__(self, label: str = "importing") -> None:
        self.label = label
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
        self._progress = Progress(TextColumn(self.label), BarColumn(), TaskProgressColumn(),
                                  TimeElapsedColumn(), console=console, transient=True)
        self._progress.start()
        self._task = self._progress.add_task("import", total=None)
        return self._update

    def _update(self, done: int, total: int) -> None:
        self._progress.update(self._task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()


@click.command("export-ics")
@click.argument("path", required=False, type=click.Path(dir_okay=True))
@click.option("--days", type=click.IntRange(0, 3660), default=None,
              help="Follow-ups due within N days (default: calendar.days in config.toml, 30).")
@common_options
@pass_env
def export_ics(env: Env, path: str | None, days: int | None) -> None:
    """Write follow-ups, birthdays, engagement steps and network days as a calendar file.

    PATH defaults to the database's folder (cockpit.ics next to cockpit.json). Import it
    into Google Calendar, Apple Calendar, Thunderbird or Outlook, or subscribe to it:
    re-exporting updates the same events (stable UIDs), it never duplicates them.
    """
    summary = files.export_calendar(env.ws, path, days)
    for warning in summary.warnings:
        click.echo(f"cockpit: warning: {shown(warning)}", err=True)
    say(summary.message())


@click.command()
@click.option("--save", "save_path", type=click.Path(dir_okay=False),
              help="Write the demo network to this file instead of opening the TUI.")
@click.option("--contacts", "n_contacts", default=60, show_default=True,
              type=click.IntRange(1, 200_000))
@click.option("--interactions", "n_interactions", default=None, type=click.IntRange(0, 5_000_000),
              help="How many interactions (default: about 5 per contact).")
@click.option("--seed", default=7, show_default=True, type=int)
@common_options
@pass_env
def demo(env: Env, save_path: str | None, n_contacts: int, n_interactions: int | None,
         seed: int) -> None:
    """A realistic demo network: opens the TUI on a throw-away copy, or --save PATH."""
    from ..demo import build_demo

    if save_path is None:
        from ..tui_entry import run_demo

        run_demo(env.today, env.settings, env.now, n_contacts=n_contacts,
                 n_interactions=n_interactions, seed=seed)
        return
    path = Path(save_path)
    if path.exists():
        raise ValidationError(f"{path} exists already; demo --save never overwrites a file")
    build_demo(path, today=env.today, contacts=n_contacts, interactions=n_interactions, seed=seed)
    say(f"demo network written to {path}")


@click.command("export-vcf")
@click.argument("path", required=False, type=click.Path(dir_okay=True))
@click.option("--version", "version", type=click.Choice(["3.0", "4.0"]), default="4.0",
              show_default=True, help="vCard version (3.0 for older phones and Outlook).")
@click.option("--tag", default=None, help="Only the contacts with this tag.")
@click.option("--with-memos", is_flag=True,
              help="Also write your private memos as NOTEs (off: they stay in Cockpit).")
@common_options
@pass_env
def export_vcf(env: Env, path: str | None, version: str, tag: str | None,
               with_memos: bool) -> None:
    """Write your contacts as a vCard file for a phone or another address book.

    PATH defaults to cockpit.vcf next to the database. Importing the file back changes
    nothing (each card's UID is the contact's id).
    """
    say(files.export_vcards(env.ws, path, version=version, tag=tag,
                            with_memos=with_memos).message())


@click.command("push-calendar")
@click.option("--dry-run", is_flag=True, help="Say what would change; change nothing.")
@click.option("--force", is_flag=True,
              help="Overwrite events someone changed in the calendar since the last push.")
@common_options
@pass_env
def push_calendar(env: Env, dry_run: bool, force: bool) -> None:
    """Put your reminders in the CalDAV calendar Cockpit owns ([calendar.caldav] in
    config.toml): only what changed is sent, reminders that are gone are removed."""
    from ..actions import calendar

    with _ProgressBar("pushing") as progress:
        summary = calendar.push(env.ws, dry_run=dry_run, force=force, progress=progress)
    for warning in summary.warnings:
        click.echo(f"cockpit: warning: {shown(warning)}", err=True)
    say(summary.message())
    for failure in summary.failures:
        click.echo(f"cockpit: error: {shown(failure)}", err=True)
    if summary.failed:
        raise click.exceptions.Exit(1)


COMMANDS = (import_cmd, export_ics, export_vcf, push_calendar, demo)

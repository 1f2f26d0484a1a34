"""`cockpit export-ics [PATH] [--days N]`: reminders as an iCalendar file (see `exporting`)."""

from __future__ import annotations

import click

from .cli import Env, cli, common_options, one_line, pass_env, say


@cli.command("export-ics")
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
    from .exporting import export_ics as run  # icalendar is imported only when exporting

    summary = run(env.store, path, env.today, env.settings, days=days)
    for warning in summary.warnings:
        click.echo(f"cockpit: warning: {one_line(warning)}", err=True)
    say(summary.message())

"""`cockpit today`, `done`, `snooze`, `followup`, `log`, `ask`: the morning on the command line."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from .. import agenda, dates
from ..actions import asks, morning, triage
from ..text import clipped, shown
from .base import Env, common_options, complete_name, console, emit_json, pass_env, say

SHOWN_PER_SECTION = 15


@click.command()
@click.option("--days", type=click.IntRange(0, 366), default=None,
              help="How far ahead to look (default: the birthday window, 14 days).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (docs/json.md).")
@common_options
@pass_env
def today(env: Env, days: int | None, as_json: bool) -> None:
    """The morning agenda: follow-ups, birthdays, asks to warm up."""
    settings = env.settings  # a bad config.toml is said first, whatever the path
    quick = morning.quick_agenda(env.db, env.today, settings, days)
    if quick is not None:
        result, waiting = quick.agenda, quick.requests
        env.warnings.extend(quick.warnings)
    else:
        result = morning.load_agenda(env.ws, days)
        waiting = morning.requests_today(env.ws)
        morning.save_index(env.ws)  # the next `cockpit today` reads through it
    if as_json:
        emit_json({**result.to_json(), "requests_to_answer": list(waiting)})
        return
    render(result, waiting)


def render(result: agenda.Agenda, requests: tuple[str, ...] = ()) -> None:
    """Three compact sections; colour marks overdue and today. Data is plain text."""
    from rich.table import Table
    from rich.text import Text

    con = console()
    con.print(Text.assemble((f"Cockpit — {result.date:%A %d %B %Y}", "bold"), "  ",
                            (result.summary(), "dim")))
    if requests:  # a network day leads with them, as the morning screen does
        n = len(requests)
        con.print(Text.assemble(
            (f"{n} connection request{'s' if n != 1 else ''} to answer: ", "bold yellow"),
            ", ".join(clipped(r, 60) for r in requests[:5]) + (" …" if n > 5 else ""),
            ("  (cockpit requests)", "dim")))

    def section(title: str, rows: list[tuple[Any, ...]], total: int, empty: str) -> None:
        con.print()
        con.print(Text(title, style="bold underline"))
        if not rows:
            con.print(Text(f"  {empty}", style="dim"))
            return
        table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1),
                      expand=con.is_terminal)
        table.add_column(min_width=13, no_wrap=True)
        table.add_column(min_width=16, max_width=24 if con.is_terminal else None,
                         no_wrap=True, overflow="ellipsis")
        table.add_column(ratio=1 if con.is_terminal else None, overflow="ellipsis",
                         no_wrap=True)
        for row in rows:
            table.add_row(*row)
        con.print(table)
        if total > len(rows):
            con.print(Text(f"  … and {total - len(rows):,} more (cockpit today --json for all)",
                           style="dim"))

    fus = result.followups
    section("Follow-ups", [_followup_row(f, result.date) for f in fus[:SHOWN_PER_SECTION]],
            len(fus), "Nothing due.")
    bds = result.birthdays
    section("Birthdays", [_birthday_row(b) for b in bds[:SHOWN_PER_SECTION]], len(bds),
            "No birthdays coming up.")
    eng = result.engage
    section("Engage before asking", [_engage_row(e) for e in eng[:SHOWN_PER_SECTION]],
            len(eng), "No open asks.")
    if result.is_quiet:
        con.print()
        con.print(Text("Nothing due — a good day to engage with someone you haven't spoken to "
                       "in a while.", style="green"))


def _followup_row(item: agenda.FollowUpItem, today: dt.date) -> tuple[Any, ...]:
    from rich.text import Text
    style = "bold red" if item.overdue else "bold yellow" if item.due == today else "dim"
    return (Text(agenda.due_label(item, today), style=style), Text(shown(item.contact.name)),
            Text(shown(item.reason)))


def _birthday_row(item: agenda.BirthdayItem) -> tuple[Any, ...]:
    from rich.text import Text
    if item.in_days == 0:
        when = Text("today", style="bold yellow")
    else:
        when = Text(f"{item.date:%a %d %b}", style="dim" if item.in_days > 3 else "")
    detail = f"turns {item.age}" if item.age is not None else "age unknown"
    if item.wished:
        detail += " · wished ✓"
    return when, Text(shown(item.contact.name)), Text(detail)


def _engage_row(item: agenda.EngageItem) -> tuple[Any, ...]:
    from rich.text import Text
    ladder = " → ".join(("✓ " if ok else "") + step for step, ok in item.steps.items())
    if item.ready:
        state = Text("ask now", style="bold green")
    else:
        state = Text(shown(f"next: {item.next_step}"), style="cyan")
    return state, Text(shown(item.contact.name)), Text(shown(f"{item.ask.what} · {ladder}"))


@click.command()
@click.argument("name", shell_complete=complete_name)
@click.option("--all", "everything", is_flag=True,
              help="Also close follow-ups that are not due yet.")
@common_options
@pass_env
def done(env: Env, name: str, everything: bool) -> None:
    """Close the contact's follow-ups that are due today or overdue (--all: every open one)."""
    say(triage.done_contact(env.ws, name, everything).message())


@click.command()
@click.argument("name", shell_complete=complete_name)
@click.option("--until", "until", help="Show it again on this day (a date or: tomorrow, "
              "+3, 2w, friday).")
@click.option("--days", type=click.IntRange(1, dates.MAX_AHEAD_DAYS),
              help="Show it again in N days.")
@common_options
@pass_env
def snooze(env: Env, name: str, until: str | None, days: int | None) -> None:
    """Move the contact's due follow-up(s) to a later day (--until DATE or --days N)."""
    if (until is None) == (days is None):
        raise click.UsageError("snooze needs exactly one of --until DATE or --days N")
    when = (dates.parse_day(until, env.today, "--until") if until is not None
            else env.today + dt.timedelta(days=days or 0))
    say(triage.snooze_contact(env.ws, name, when))


@click.command()
@click.argument("name", shell_complete=complete_name)
@click.argument("date")
@click.option("--reason", default="", help="Why you want to follow up.")
@common_options
@pass_env
def followup(env: Env, name: str, date: str, reason: str) -> None:
    """Schedule a follow-up: DATE as YYYY-MM-DD, today, tomorrow, +N, Nw or a weekday."""
    contact = env.ws.resolve(name)
    fu = triage.schedule_followup(env.ws, contact.id, date, reason)
    say(f"follow-up with {contact.name} on {fu.due}")


@click.command()
@click.argument("name", shell_complete=complete_name)
@click.argument("kind")
@click.option("--channel", default="", help="linkedin, email, phone, in-person, …")
@click.option("--date", help="When it happened (default today; or yesterday, a weekday…).")
@click.option("--summary", default="")
@common_options
@pass_env
def log(env: Env, name: str, kind: str, channel: str, date: str | None, summary: str) -> None:
    """Log an interaction; it resets the contact's keep-in-touch clock."""
    contact = env.ws.resolve(name)
    when = dates.parse_day(date, env.today, "--date", past=True) if date else env.today
    message = triage.log(env.ws, contact.id, kind, channel, summary, when)
    say(message if when != env.today else f"{message} on {when}")  # scripts read the day


@click.command()
@click.argument("name", shell_complete=complete_name)
@click.argument("what")
@click.option("--offer", default="", help="What you bring in return (make it mutual).")
@click.option("--steps", default=asks.DEFAULT_STEPS, help="Engagement ladder before asking.")
@common_options
@pass_env
def ask(env: Env, name: str, what: str, offer: str, steps: str) -> None:
    """Plan an ask: engage first (like → comment → share), then ask."""
    contact = env.ws.resolve(name)
    planned = asks.plan_ask(env.ws, what, offer, steps, contact_id=contact.id)
    say(f"ask planned for {contact.name}; first step: {planned.steps[0]}")


@click.command()
@click.argument("name", shell_complete=complete_name)
@click.option("--id", "interaction_id", metavar="ID",
              help="The interaction to delete (its id in the database file); default: "
              "the latest one.")
@common_options
@pass_env
def unlog(env: Env, name: str, interaction_id: str | None) -> None:
    """Delete a logged interaction: the contact's latest one (a mistake, a duplicate)."""
    say(triage.unlog(env.ws, name, interaction_id))


COMMANDS = (today, done, snooze, followup, log, unlog, ask)

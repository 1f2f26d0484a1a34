"""`cockpit today`, `done` and `snooze`: the morning agenda on the command line."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from . import agenda
from .cli import DATE, Env, cli, common_options, emit_json, pass_env, say
from .model import ValidationError

SHOWN_PER_SECTION = 15


def load_agenda(env: Env, days: int | None = None) -> agenda.Agenda:
    store = env.store
    stored, asks = store.followups(open_only=False), store.asks()
    # Only the contacts that may show (a few thousand of 30,000) become Contact objects.
    keep = {f.contact_id for f in stored} | {a.contact_id for a in asks}
    contacts = store.contacts(where=agenda.may_show(env.today, env.settings, days, keep))
    return agenda.morning(contacts, stored, asks, env.today, env.settings, days=days)


def contact_items(env: Env, contact_id: str) -> list[agenda.FollowUpItem]:
    """Every follow-up item of one contact, however far ahead, most urgent first."""
    store = env.store
    contact = store.contact(contact_id)
    return agenda.followups([contact], store.followups(contact_id, open_only=False),
                            env.today, env.settings, days=36500)


@cli.command()
@click.option("--days", type=click.IntRange(0, 366), default=None,
              help="How far ahead to look (default: the birthday window, 14 days).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (see DESIGN.md).")
@common_options
@pass_env
def today(env: Env, days: int | None, as_json: bool) -> None:
    """The morning agenda: follow-ups, birthdays, asks to warm up."""
    result = load_agenda(env, days)
    if as_json:
        emit_json(result.to_json())
        return
    render(result)


def render(result: agenda.Agenda) -> None:
    """Three compact sections that fit 80 columns; colour marks overdue and today."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    con = Console()
    con.print(Text.assemble((f"Cockpit — {result.date:%A %d %B %Y}", "bold"), "  ",
                            (result.summary(), "dim")))

    def section(title: str, rows: list[tuple[Any, ...]], total: int, empty: str) -> None:
        con.print()
        con.print(Text(title, style="bold underline"))
        if not rows:
            con.print(Text(f"  {empty}", style="dim"))
            return
        table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1), expand=True)
        table.add_column(min_width=13, max_width=13, no_wrap=True)
        table.add_column(min_width=16, max_width=24, no_wrap=True, overflow="ellipsis")
        table.add_column(ratio=1, overflow="ellipsis", no_wrap=True)
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
    if item.overdue:
        when = Text(f"{item.days_overdue}d overdue", style="bold red")
    elif item.due == today:
        when = Text("today", style="bold yellow")
    else:
        when = Text(f"{item.due:%a %d %b}", style="dim")
    return when, item.contact.name, item.reason


def _birthday_row(item: agenda.BirthdayItem) -> tuple[Any, ...]:
    from rich.text import Text
    if item.in_days == 0:
        when = Text("today", style="bold yellow")
    else:
        when = Text(f"{item.date:%a %d %b}", style="dim" if item.in_days > 3 else "")
    detail = f"turns {item.age}" if item.age is not None else "age unknown"
    if item.wished:
        detail += " · wished ✓"
    return when, item.contact.name, detail


def _engage_row(item: agenda.EngageItem) -> tuple[Any, ...]:
    from rich.text import Text
    ladder = " → ".join(("✓ " if ok else "") + step for step, ok in item.steps.items())
    if item.ready:
        state = Text("ask now", style="bold green")
    else:
        state = Text(f"next: {item.next_step}", style="cyan")
    return state, item.contact.name, f"{item.ask.what} · {ladder}"


@cli.command()
@click.argument("name")
@common_options
@pass_env
def done(env: Env, name: str) -> None:
    """Close the contact's open follow-up(s): met-in-person, manual, and cadence or invitation
    reminders that are due."""
    contact = env.store.resolve(name)
    items = [i for i in contact_items(env, contact.id)
             if (i.followup is not None and i.origin not in agenda.DERIVED_ORIGINS)
             or i.due <= env.today]
    if not items:
        raise ValidationError(f"{contact.name} has no open follow-up")
    with env.store.transaction():
        for item in items:
            env.store.save_followup(agenda.mark_done(item, env.today))
    say(f"closed {len(items)} follow-up(s) with {contact.name}")


@cli.command()
@click.argument("name")
@click.option("--until", "until", type=DATE, help="Show it again on this day.")
@click.option("--days", type=click.IntRange(1, 3650), help="Show it again in N days.")
@common_options
@pass_env
def snooze(env: Env, name: str, until: dt.date | None, days: int | None) -> None:
    """Move the contact's due follow-up(s) to a later day (--until DATE or --days N)."""
    if (until is None) == (days is None):
        raise ValidationError("snooze needs exactly one of --until DATE or --days N")
    when = until or env.today + dt.timedelta(days=days or 0)
    if when <= env.today:
        raise ValidationError(f"--until {when} is not after today ({env.today})")
    contact = env.store.resolve(name)
    items = contact_items(env, contact.id)
    targets = [i for i in items if i.due <= env.today] or items[:1]
    if not targets:
        raise ValidationError(f"{contact.name} has no open follow-up to snooze")
    with env.store.transaction():
        for item in targets:
            env.store.save_followup(agenda.snooze(item, when))
    say(f"snoozed {len(targets)} follow-up(s) with {contact.name} until {when}")

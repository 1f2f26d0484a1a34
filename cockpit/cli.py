"""The command line: parse, call store/agenda/…, print with rich or JSON. Kept thin.

The contract (names, options, JSON keys) is in DESIGN.md; scripts and tests depend on it.
Every user mistake ends as one line on stderr and a non-zero exit, with nothing written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import re
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import orjson

from . import settings as settings_mod
from .model import (
    Ask,
    Birthday,
    Contact,
    FollowUp,
    HowMet,
    Interaction,
    Note,
    Origin,
    Relationship,
    Tie,
    ValidationError,
    parse_date,
    parse_enum,
    parse_kind,
    parse_steps,
)
from .store import Ambiguous, NotFound, Store, StoreError

EXIT_USER = 1
EXIT_NAME = 2
# Control characters from user data (a name pasted with a line break, an escape sequence)
# would split an error over several lines or drive the terminal: they are shown escaped.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")


def one_line(text: str) -> str:
    """`text` as one printable line: control characters as escapes (\\n, \\x1b)."""
    if not _UNPRINTABLE.search(text):
        return text
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


class Env:
    """What every command needs: the database path, "today", the store and the settings."""

    def __init__(self) -> None:
        self.db: Path | None = None
        self.today_override: dt.date | None = None
        self._store: Store | None = None
        self._settings: settings_mod.Settings | None = None

    @property
    def today(self) -> dt.date:
        return self.today_override or dt.date.today()

    def now(self) -> dt.datetime:
        """The clock, moved to --today when given (time of day kept)."""
        real = dt.datetime.now()
        if self.today_override is None:
            return real
        return dt.datetime.combine(self.today_override, real.time())

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.db, clock=self.now)
        return self._store

    @property
    def settings(self) -> settings_mod.Settings:
        if self._settings is None:
            self._settings = settings_mod.load()
        return self._settings


pass_env = click.make_pass_decorator(Env, ensure=True)


class DateType(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: Any, ctx: Any) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(str(value))
        except ValidationError as exc:
            self.fail(str(exc), param, ctx)


DATE = DateType()


def _set_db(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is None:
        return
    env = ctx.ensure_object(Env)
    # The subcommand's own --db reads COCKPIT_DB too: it must not override an explicit
    # `cockpit --db F <command>` given before the command name.
    source = ctx.get_parameter_source(param.name or "db")
    from_env = source == click.core.ParameterSource.ENVIRONMENT
    if env.db is not None and from_env:
        return
    env.db = Path(value)


def _set_today(ctx: click.Context, _param: Any, value: dt.date | None) -> None:
    if value is not None:
        ctx.ensure_object(Env).today_override = value


def common_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--db and --today, accepted before or after the command name."""
    fn = click.option("--today", type=DATE, expose_value=False, callback=_set_today,
                      is_eager=True, help="Pretend today is this day.")(fn)
    fn = click.option("--db", type=click.Path(dir_okay=False), expose_value=False,
                      callback=_set_db, is_eager=True, envvar="COCKPIT_DB",
                      help="Database file (default: COCKPIT_DB or the user data folder).")(fn)
    return fn


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@common_options
@click.version_option(package_name="cockpit", prog_name="cockpit")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Cockpit: your daily networking session, in the terminal."""
    ctx.ensure_object(Env)
    if ctx.invoked_subcommand is None:
        launch = _tui_launcher()
        if launch is None:
            click.echo(ctx.get_help())
            return
        env: Env = ctx.obj
        launch(env)


def _tui_launcher() -> Callable[[Env], None] | None:
    """The TUI entry point, once the app module exists."""
    try:
        from .tui_entry import run_tui
    except ImportError:
        return None
    return run_tui


def emit_json(data: Any) -> None:
    sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
    sys.stdout.flush()


def console() -> Any:
    from rich.console import Console  # imported late: `cockpit today --json` never needs rich
    return Console()


def say(text: str) -> None:
    """Confirmation on stdout, one line."""
    click.echo(text)


# ---------------------------------------------------------------------------- add

@cli.command()
@click.argument("name")
@click.option("--email", "emails", multiple=True, help="E-mail (repeatable).")
@click.option("--phone", "phones", multiple=True, help="Phone (repeatable).")
@click.option("--company", default="")
@click.option("--role", default="")
@click.option("--location", default="")
@click.option("--how", "how_met", help="in-person, online or introduced.")
@click.option("--met-at", default="", help="Event or place where you met.")
@click.option("--met-on", type=DATE, help="Day you met.")
@click.option("--birthday", help="YYYY-MM-DD, or MM-DD when the year is unknown.")
@click.option("--tie", default="regular", help="close, regular or occasional.")
@click.option("--every", type=int, help="Keep-in-touch cadence in days (overrides the tie's).")
@click.option("--relationship", help=", ".join(r.value for r in Relationship))
@click.option("--introduced-by", help="Contact who introduced you.")
@click.option("--linkedin", default="")
@click.option("--twitter", default="")
@click.option("--facebook", default="")
@click.option("--tag", "tags", multiple=True, help="Tag (repeatable).")
@click.option("--note", default=None, help="A first note about them.")
@common_options
@pass_env
def add(env: Env, name: str, emails: tuple[str, ...], phones: tuple[str, ...], company: str,
        role: str, location: str, how_met: str | None, met_at: str, met_on: dt.date | None,
        birthday: str | None, tie: str, every: int | None, relationship: str | None,
        introduced_by: str | None, linkedin: str, twitter: str, facebook: str,
        tags: tuple[str, ...], note: str | None) -> None:
    """Add a contact. Met in person? A follow-up is due the next day (P1)."""
    store = env.store
    introducer = store.resolve(introduced_by) if introduced_by else None
    if met_on and met_on > env.today:
        raise ValidationError(f"--met-on {met_on} is in the future")
    handles = {k: v.strip() for k, v in
               (("linkedin", linkedin), ("twitter", twitter), ("facebook", facebook)) if v.strip()}
    contact = Contact(
        name=name.strip(), company=company.strip(), role=role.strip(), location=location.strip(),
        emails=[e.strip() for e in emails if e.strip()], phones=[p.strip() for p in phones if p.strip()],
        handles=handles,
        how_met=parse_enum(HowMet, how_met, "--how").value if how_met else
        (HowMet.INTRODUCED.value if introducer else None),
        met_at=met_at.strip(), met_on=met_on,
        relationship=parse_enum(Relationship, relationship, "relationship").value if relationship else None,
        tie=parse_enum(Tie, tie, "tie").value, every=every,
        introduced_by=introducer.id if introducer else None,
        birthday=Birthday.parse(birthday) if birthday else None,
        tags=sorted({t.strip() for t in tags if t.strip()}),
    )
    notes = [Note(contact.id, note, env.today)] if note else []
    followups = []
    if contact.how_met == HowMet.IN_PERSON.value:
        due = met_on + dt.timedelta(days=1) if met_on else env.today
        followups.append(FollowUp(contact.id, due, "thank them and send a personal invitation",
                                  origin=Origin.MET_IN_PERSON.value))
    store.add_contact(contact, notes=notes, followups=followups)
    extra = f"; follow up by {followups[0].due}" if followups else ""
    say(f"added {contact.name} ({contact.id}){extra}")


# ---------------------------------------------------------------------------- note, log, ask

@cli.command()
@click.argument("name")
@click.argument("text")
@click.option("--date", type=DATE, help="Date of the note (default today).")
@common_options
@pass_env
def note(env: Env, name: str, text: str, date: dt.date | None) -> None:
    """Attach a dated note to a contact (what drafts are made of)."""
    contact = env.store.resolve(name)
    env.store.save_note(Note(contact.id, text, date or env.today))
    say(f"noted for {contact.name}")


@cli.command()
@click.argument("name")
@click.argument("kind")
@click.option("--channel", default="", help="linkedin, email, phone, in-person, …")
@click.option("--date", type=DATE, help="When it happened (default today).")
@click.option("--summary", default="")
@common_options
@pass_env
def log(env: Env, name: str, kind: str, channel: str, date: dt.date | None, summary: str) -> None:
    """Log an interaction; it resets the contact's keep-in-touch clock."""
    kind = parse_kind(kind)
    when = date or env.today
    if when > env.today:
        raise ValidationError(f"--date {when} is in the future; log what already happened")
    contact = env.store.resolve(name)
    env.store.log(Interaction(contact.id, kind, when, channel=channel.strip(), summary=summary))
    say(f"logged {kind} with {contact.name} on {when}")


@cli.command()
@click.argument("name")
@click.argument("what")
@click.option("--offer", default="", help="What you bring in return (P5).")
@click.option("--steps", default="like,comment,share", help="Engagement ladder before asking.")
@common_options
@pass_env
def ask(env: Env, name: str, what: str, offer: str, steps: str) -> None:
    """Plan an ask: engage first (like → comment → share), then ask (P3)."""
    ladder = parse_steps(steps)
    contact = env.store.resolve(name)
    env.store.save_ask(Ask(contact.id, what, env.today, offer=offer.strip(), steps=ladder))
    say(f"ask planned for {contact.name}; first step: {ladder[0]}")


# ---------------------------------------------------------------------------- follow-ups

def parse_when(text: str, today: dt.date) -> dt.date:
    """YYYY-MM-DD, "+N" (days from today), "today" or "tomorrow"."""
    raw = text.strip().lower()
    if raw in ("today", "tomorrow"):
        return today + dt.timedelta(days=1 if raw == "tomorrow" else 0)
    if raw.startswith("+") and raw[1:].isdigit():
        return today + dt.timedelta(days=int(raw[1:]))
    return parse_date(text)


@cli.command()
@click.argument("name")
@click.argument("date")
@click.option("--reason", default="", help="Why you want to follow up.")
@common_options
@pass_env
def followup(env: Env, name: str, date: str, reason: str) -> None:
    """Schedule a follow-up (DATE as YYYY-MM-DD, +N days, or tomorrow)."""
    due = parse_when(date, env.today)
    contact = env.store.resolve(name)
    env.store.save_followup(FollowUp(contact.id, due, reason.strip(), origin=Origin.MANUAL.value))
    say(f"follow-up with {contact.name} on {due}")


# ---------------------------------------------------------------------------- contacts

def contact_json(c: Contact, note_count: int) -> dict[str, Any]:
    return {
        "id": c.id, "name": c.name, "company": c.company, "role": c.role,
        "emails": c.emails, "phones": c.phones, "tags": c.tags, "tie": c.tie,
        "every": c.every, "relationship": c.relationship, "how_met": c.how_met,
        "met_at": c.met_at, "met_on": c.met_on.isoformat() if c.met_on else None,
        "introduced_by": c.introduced_by, "location": c.location,
        "linkedin": c.linkedin or None, "handles": c.handles,
        "birthday": c.birthday.iso() if c.birthday else None,
        "notes": note_count,
        "last_interaction": c.last_interaction.isoformat() if c.last_interaction else None,
        "created": c.created.isoformat() if c.created else None,
    }


@cli.command()
@click.option("--tag", default=None, help="Only contacts with this tag.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@common_options
@pass_env
def contacts(env: Env, tag: str | None, as_json: bool) -> None:
    """List contacts (not archived)."""
    people = env.store.contacts()
    if tag:
        wanted = tag.strip().casefold()
        people = [c for c in people if any(t.casefold() == wanted for t in c.tags)]
    people.sort(key=lambda c: c.name.casefold())
    counts = env.store.note_counts()
    if as_json:
        emit_json([contact_json(c, counts.get(c.id, 0)) for c in people])
        return
    from rich.table import Table
    table = Table(box=None, header_style="bold")
    for col in ("Name", "Company", "Role", "Tie", "Last contact", "Tags"):
        table.add_column(col, overflow="ellipsis", no_wrap=True)
    for c in people:
        table.add_row(c.name, c.company, c.role, c.tie,
                      c.last_interaction.isoformat() if c.last_interaction else "—",
                      ", ".join(c.tags))
    con = console()
    con.print(table)
    con.print(f"[dim]{len(people)} contact(s)[/]")


# ---------------------------------------------------------------------------- demo

@cli.command()
@click.option("--save", "save_path", type=click.Path(dir_okay=False),
              help="Write the demo network to this file instead of opening the TUI.")
@click.option("--contacts", "n_contacts", default=60, show_default=True, type=click.IntRange(1, 200_000))
@click.option("--interactions", "n_interactions", default=None, type=click.IntRange(0, 5_000_000),
              help="How many interactions (default: about 5 per contact).")
@click.option("--seed", default=7, show_default=True, type=int)
@common_options
@pass_env
def demo(env: Env, save_path: str | None, n_contacts: int, n_interactions: int | None,
         seed: int) -> None:
    """A realistic demo network: opens the TUI on a throw-away copy, or --save PATH."""
    from .demo import build_demo

    if save_path is None:
        from .tui_entry import run_demo  # the TUI issue provides it
        run_demo(env, n_contacts=n_contacts, n_interactions=n_interactions, seed=seed)
        return
    path = Path(save_path)
    if path.exists():
        raise ValidationError(f"{path} exists already; demo --save never overwrites a file")
    build_demo(path, today=env.today, contacts=n_contacts, interactions=n_interactions, seed=seed)
    say(f"demo network written to {path}")


# ---------------------------------------------------------------------------- more commands
# Commands that live in their own modules (cli_<area>.py) register themselves on `cli`
# when imported here. Keep heavy imports inside the command functions: `cockpit today`
# must not pay for vobject or icalendar.
# (registration block: one import line per module)
from . import (  # noqa: E402
    cli_agenda,  # noqa: F401
    cli_draft,  # noqa: F401
    cli_export,  # noqa: F401
    cli_import,  # noqa: F401
)

# ---------------------------------------------------------------------------- entry point

def main(argv: list[str] | None = None) -> None:
    """Console-script entry: run the CLI, turning user mistakes into one stderr line."""
    # A short-lived process: the cyclic GC would only rescan the 30,000 freshly loaded
    # records again and again (a third of `cockpit today`'s time at that size).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    code = 0
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
    except (NotFound, Ambiguous) as exc:
        click.echo(f"cockpit: error: {one_line(str(exc))}", err=True)
        code = EXIT_NAME
    except (StoreError, ValidationError, settings_mod.SettingsError) as exc:
        click.echo(f"cockpit: error: {one_line(str(exc))}", err=True)
        code = EXIT_USER
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        code = 0
    finally:
        if gc_was_enabled:
            gc.enable()  # main() is also called in-process (tests, scripts)
    if argv is None and threading.active_count() == 1:
        _exit_now(code)
    sys.exit(code)


def _exit_now(code: int) -> None:
    """End the real `cockpit` process without freeing every record one by one (tens of
    ms at 30,000 contacts): output is flushed, and with no other thread alive nothing is
    pending (a store write is complete and fsynced when it returns)."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`… | head`)
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    # Run as `python -m cockpit.cli`: import the real module so that command modules
    # register on the same `cli` group.
    from cockpit.cli import main as _main
    _main()

"""What every command shares: the group, --db/--today, the workspace, output helpers.

Every user mistake ends as one line on stderr and a non-zero exit, with nothing written
(see `main`). Data is printed as plain text: `shown()` escapes control characters, and
rich output is built from `Text`, never from markup strings that hold data.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import click.shell_completion
import orjson

from .. import settings as settings_mod
from ..actions import Workspace
from ..model import ValidationError, parse_date
from ..text import shown

EXIT_USER = 1
EXIT_NAME = 2

# Commands that only read the database. On an explicit --db / COCKPIT_DB path that does
# not exist they stop with "no database at PATH": a typo in the path must not look like an
# empty network. Every other command writes, and may create the file, never its folders.
READING_COMMANDS = frozenset({"today", "contacts", "intro", "export-ics"})


def one_line(text: str) -> str:
    """`text` as one printable line: control characters as escapes (\\n, \\x1b)."""
    return shown(text)


class Env:
    """What every command needs: the database path, "today", the workspace, the settings."""

    def __init__(self) -> None:
        self.db: Path | None = None
        self.today_override: dt.date | None = None
        self._ws: Workspace | None = None
        self._settings: settings_mod.Settings | None = None
        #: Records left out by a command that read without the store (`cockpit today`
        #: through the index): warned about as the store's own are.
        self.warnings: list[str] = []

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
    def settings(self) -> settings_mod.Settings:
        if self._settings is None:
            self._settings = settings_mod.load()
        return self._settings

    @property
    def opened(self) -> Workspace | None:
        """The workspace if a command opened the database, else None."""
        return self._ws

    @property
    def ws(self) -> Workspace:
        """The workspace on the database (opened on first use; the CLI writes whole files)."""
        if self._ws is None:
            settings = self.settings  # a bad config.toml is said first, whatever the path
            self._check_explicit_path()
            self._ws = Workspace.open(self.db, self.today, settings, self.now, journal=False)
        return self._ws


    def _check_explicit_path(self) -> None:
        """An explicit path is checked here, before the store would create it: reading
        commands need the file, writing ones its folder (the default data folder is made
        by the store on first use)."""
        if self.db is None or self.db.exists():
            return
        ctx = click.get_current_context(silent=True)
        command = ctx.info_name if ctx is not None else None
        if command in READING_COMMANDS:
            raise click.ClickException(f"no database at {one_line(str(self.db))}")
        if not self.db.parent.is_dir():
            raise click.ClickException(
                f"no folder {one_line(str(self.db.parent))} for the database "
                f"{one_line(self.db.name)}: create it first, or check --db / COCKPIT_DB")


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


def complete_name(ctx: click.Context, _param: click.Parameter, incomplete: str
                  ) -> list[click.shell_completion.CompletionItem]:
    """Shell completion of a contact NAME (honours --db and COCKPIT_DB typed before it)."""
    from ..actions.search import complete_names

    env = ctx.find_object(Env)
    db = env.db if env is not None else None
    if db is None and os.environ.get("COCKPIT_DB"):
        db = Path(os.environ["COCKPIT_DB"])
    try:
        names = complete_names(db, incomplete)
    except Exception:  # a completion never prints a traceback into the command line
        return []
    return [click.shell_completion.CompletionItem(n) for n in names]


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


# Each command's module (cockpit/cli/<module>.py), imported only when one of its commands
# runs: `cockpit today` never pays for drafting, the importers or the network review.
COMMAND_MODULES = {
    **dict.fromkeys(("add", "edit", "note", "restore", "contacts"), "contacts"),
    **dict.fromkeys(("today", "done", "snooze", "followup", "log", "unlog", "ask"), "agenda"),
    **dict.fromkeys(("draft", "intro", "sent", "templates"), "drafts"),
    **dict.fromkeys(("import", "export-ics", "export-vcf", "push-calendar", "demo"), "files"),
    **dict.fromkeys(("stats", "invitations", "review", "request", "requests"), "network"),
}


class LazyGroup(click.Group):
    """The `cockpit` group: knows every command's name, loads its module on demand."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMAND_MODULES})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            module = importlib.import_module(f"cockpit.cli.{COMMAND_MODULES[cmd_name]}")
            for command in module.COMMANDS:
                self.add_command(command)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@common_options
@click.version_option(package_name="cockpit", prog_name="cockpit")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Cockpit: your daily networking session, in the terminal."""
    ctx.ensure_object(Env)
    if ctx.invoked_subcommand is None:
        from ..tui_entry import run_tui

        run_tui(ctx.obj.db, ctx.obj.today, ctx.obj.settings, ctx.obj.now)


# JSON leaves DEL, C1 controls, line separators and bidi controls raw; escaped (\u0085,
# \u202e) they decode to the same text, and `cockpit … --json` read in a terminal cannot
# drive it. In UTF-8 each is one fixed byte sequence, so they are found in the bytes.
_JSON_UNSAFE = re.compile(b"|".join(re.escape(chr(code).encode("utf-8")) for code in (
    *range(0x7F, 0xA0), 0x200E, 0x200F, 0x2028, 0x2029, *range(0x202A, 0x202F),
    *range(0x2066, 0x206A))))


def _json_escape(match: re.Match[bytes]) -> bytes:
    return f"\\u{ord(match.group().decode('utf-8')):04x}".encode("ascii")


def emit_json(data: Any) -> None:
    out = orjson.dumps(data, option=orjson.OPT_INDENT_2)
    sys.stdout.buffer.write(_JSON_UNSAFE.sub(_json_escape, out) + b"\n")
    sys.stdout.flush()


def console() -> Any:
    """A rich console (imported late: `cockpit today --json` never needs rich). Output that
    is not a terminal is never cut to 80 columns, unless COLUMNS asks for a width."""
    from rich.console import Console

    if sys.stdout.isatty() or os.environ.get("COLUMNS", "").isdigit():
        return Console(highlight=False)
    return Console(highlight=False, width=100_000)


def say(text: str) -> None:
    """Confirmation on stdout, one line."""
    click.echo(one_line(text))

"""User settings from `config.toml`: every configurable rule lives here, with its default.

A missing file means defaults; a malformed one is a clear error naming the file and line.
Pure apart from `load()`, which reads the file; rules receive a `Settings` value.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from .model import MAX_CADENCE, MAX_WINDOW

CALDAV_TIMEOUT = (1, 300)  # seconds a CalDAV server may take to answer one request

_LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def _known_language(code: str) -> bool:
    """A language tag (en, es, pt-BR) that Babel's CLDR data knows."""
    from babel import Locale, UnknownLocaleError

    if not _LANGUAGE_RE.match(code):
        return False
    try:
        Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return False
    return True

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class SettingsError(ValueError):
    """The config file cannot be used; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class CaldavSettings:
    """`[calendar.caldav]`: where `cockpit push-calendar` puts the reminders.

    No password here, ever: it comes from `password_command` (run, first line of its
    output) or the COCKPIT_CALDAV_PASSWORD environment variable, at push time.
    """

    url: str  # server, principal, calendar home or the Cockpit calendar's own URL
    username: str | None = None
    password_command: tuple[str, ...] | str | None = None  # argv, or one line split like a shell
    calendar: str = "Cockpit"  # display name of the calendar Cockpit owns
    auto_push: bool = False  # the TUI pushes after `x` and when quitting
    timeout: int = 30  # seconds per request


@dataclass(frozen=True, slots=True)
class Settings:
    cadence_close: int = 30
    cadence_regular: int = 90
    cadence_occasional: int = 180
    birthday_window: int = 14
    feb29: str = "feb28"  # or "mar1": where a 29 February birthday falls in common years
    pending_invite_days: int = 14
    alarm_time: dt.time = dt.time(8, 0)
    export_days: int = 30
    network_days: dict[str, str] = field(default_factory=dict)  # network -> weekday
    prune_after_days: int = 365
    drafting_language: str = "en"  # the language drafts are written in unless a contact has one
    default_region: str = ""  # import.default_region: country of phones without +prefix ("ES")
    export_path: Path | None = None  # calendar.export_path: the .ics re-written after a TUI session
    caldav: CaldavSettings | None = None  # [calendar.caldav]; None: no push

    def networks_on(self, day: dt.date) -> list[str]:
        """The networks whose weekly network day (`calendar.network_days`) is `day`'s."""
        weekday = WEEKDAYS[day.weekday()]
        return sorted(n for n, d in self.network_days.items() if d == weekday)

    def cadence_for(self, tie: str) -> int:
        return {"close": self.cadence_close, "regular": self.cadence_regular,
                "occasional": self.cadence_occasional}.get(tie, self.cadence_regular)


def config_dir() -> Path:
    """Where config.toml and templates/ live (COCKPIT_CONFIG_DIR overrides, for tests and scripts)."""
    override = os.environ.get("COCKPIT_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir("cockpit"))


def config_path() -> Path:
    return config_dir() / "config.toml"


def _days(table: dict, section: str, key: str, default: int, where: str, high: int) -> int:
    """A number of days from 1 to `high`: every sum of a date and a setting then stays a
    date (a huge value would stop the agenda for the whole database)."""
    value = table.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= high:
        raise SettingsError(f"{where}: {section}.{key} must be a whole number of days from 1 "
                            f"to {high:,}, not {value!r}")
    return value


def _text(table: dict, key: str, where: str, *, default: str | None = None) -> str | None:
    """An optional one-line string setting of [calendar.caldav]."""
    value = table.get(key, default)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or any(
            ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise SettingsError(f"{where}: calendar.caldav.{key} must be a non-empty line of text, "
                            f"not {value!r}")
    return value.strip()


def _caldav(calendar: dict, where: str) -> CaldavSettings | None:
    table = calendar.get("caldav")
    if table is None:
        return None
    name = "calendar.caldav"
    if not isinstance(table, dict):
        raise SettingsError(f"{where}: [{name}] must be a table")
    if "password" in table:
        raise SettingsError(f"{where}: {name}.password is refused: a password never goes in "
                            "config.toml; use password_command or COCKPIT_CALDAV_PASSWORD")
    url = _text(table, "url", where)
    if url is None:
        raise SettingsError(f"{where}: [{name}] needs url = \"https://…\" (the CalDAV server)")
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise SettingsError(f"{where}: {name}.url is not a URL: {url!r}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingsError(f"{where}: {name}.url must start with https:// (or http://), not {url!r}")
    if parts.password is not None:
        raise SettingsError(f"{where}: {name}.url holds a password: remove it and use "
                            "password_command or COCKPIT_CALDAV_PASSWORD")
    command = table.get("password_command")
    if command is not None and not (
            (isinstance(command, str) and command.strip())
            or (isinstance(command, list) and command
                and all(isinstance(a, str) and a for a in command))):
        raise SettingsError(f"{where}: {name}.password_command must be a command line or a "
                            f"list of arguments, not {command!r}")
    auto_push = table.get("auto_push", False)
    if not isinstance(auto_push, bool):
        raise SettingsError(f"{where}: {name}.auto_push must be true or false, not {auto_push!r}")
    timeout = table.get("timeout", 30)
    low, high = CALDAV_TIMEOUT
    if type(timeout) is not int or not low <= timeout <= high:
        raise SettingsError(f"{where}: {name}.timeout must be a whole number of seconds "
                            f"from {low} to {high}, not {timeout!r}")
    calendar_name = _text(table, "calendar", where, default="Cockpit") or "Cockpit"
    if len(calendar_name) > 100:
        raise SettingsError(f"{where}: {name}.calendar is longer than 100 characters")
    return CaldavSettings(
        url=url, username=_text(table, "username", where),
        password_command=tuple(command) if isinstance(command, list) else command,
        calendar=calendar_name, auto_push=auto_push, timeout=timeout)


def _export_path(calendar: dict, where: str) -> Path | None:
    raw = calendar.get("export_path")
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str) or "\0" in raw:
        raise SettingsError(f"{where}: calendar.export_path must be a file path, not {raw!r}")
    return Path(raw).expanduser()


def parse(text: str, where: str = "config.toml") -> Settings:
    """Build Settings from TOML text; unknown keys are ignored, bad values are errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{where}: {exc}") from None
    cadence = data.get("cadence", {})
    birthdays = data.get("birthdays", {})
    invitations = data.get("invitations", {})
    calendar = data.get("calendar", {})
    review = data.get("review", {})
    drafting = data.get("drafting", {})
    for name, table in (("cadence", cadence), ("birthdays", birthdays), ("invitations", invitations),
                        ("calendar", calendar), ("review", review), ("drafting", drafting)):
        if not isinstance(table, dict):
            raise SettingsError(f"{where}: [{name}] must be a table")
    feb29 = birthdays.get("feb29", "feb28")
    if feb29 not in ("feb28", "mar1"):
        raise SettingsError(f'{where}: birthdays.feb29 must be "feb28" or "mar1", not {feb29!r}')
    alarm_raw = calendar.get("alarm_time", "08:00")
    try:
        alarm = dt.time.fromisoformat(str(alarm_raw))
    except ValueError:
        raise SettingsError(f'{where}: calendar.alarm_time must look like "08:00", not {alarm_raw!r}') from None
    network_days = calendar.get("network_days", {})
    if not isinstance(network_days, dict):
        raise SettingsError(f"{where}: calendar.network_days must be a table like {{linkedin = \"monday\"}}")
    for network, day in network_days.items():
        if str(day).lower() not in WEEKDAYS:
            raise SettingsError(f"{where}: calendar.network_days.{network} must be a weekday, not {day!r}")
    language = drafting.get("language", "en")
    if "language" in drafting and (not isinstance(language, str)
                                   or not _known_language(language.strip())):
        raise SettingsError(f'{where}: drafting.language must be a language code such as "en", '
                            f'"es" or "it", not {language!r}')
    default_region = _region(data.get("import", {}), where)
    return Settings(
        cadence_close=_days(cadence, "cadence", "close", 30, where, MAX_CADENCE),
        cadence_regular=_days(cadence, "cadence", "regular", 90, where, MAX_CADENCE),
        cadence_occasional=_days(cadence, "cadence", "occasional", 180, where, MAX_CADENCE),
        birthday_window=_days(birthdays, "birthdays", "window_days", 14, where, MAX_WINDOW),
        feb29=feb29,
        pending_invite_days=_days(invitations, "invitations", "pending_days", 14, where,
                                  MAX_CADENCE),
        alarm_time=alarm,
        export_days=_days(calendar, "calendar", "days", 30, where, MAX_WINDOW),
        network_days={str(k): str(v).lower() for k, v in network_days.items()},
        prune_after_days=_days(review, "review", "prune_after_days", 365, where, MAX_CADENCE),
        drafting_language=language.strip().replace("_", "-").lower(),
        default_region=default_region,
        export_path=_export_path(calendar, where),
        caldav=_caldav(calendar, where),
    )


def _region(table: object, where: str) -> str:
    """import.default_region: a two-letter country code phonenumbers knows ("ES", "it")."""
    if not isinstance(table, dict):
        raise SettingsError(f"{where}: [import] must be a table")
    value = table.get("default_region", "")
    if value == "":
        return ""
    if not isinstance(value, str) or len(value) != 2 or not value.isascii() or not value.isalpha():
        raise SettingsError(f'{where}: import.default_region must be a two-letter country code '
                            f'like "ES", not {value!r}')
    import phonenumbers  # loaded only when the key is set: CLI start-up does not pay for it

    if value.upper() not in phonenumbers.SUPPORTED_REGIONS:
        raise SettingsError(f"{where}: import.default_region {value!r} is not a country code "
                            "phone numbers know")
    return value.upper()


def load(path: Path | None = None) -> Settings:
    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"cannot read {path}: {exc}") from None
    return parse(text, str(path))

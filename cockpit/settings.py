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

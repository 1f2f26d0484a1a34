"""[calendar.caldav] and calendar.export_path in config.toml, and where the password comes from."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from cockpit.calendar import password
from cockpit.calendar.errors import PushError
from cockpit.settings import CaldavSettings, SettingsError, parse

FULL = '''
[calendar]
export_path = "~/Sync/cockpit.ics"

[calendar.caldav]
url = "https://cloud.example.com/remote.php/dav/"
username = "ana"
password_command = "pass show dav/ana"
calendar = "Networking"
auto_push = true
timeout = 60
'''


def test_every_key_is_read() -> None:
    settings = parse(FULL)
    assert settings.export_path == Path("~/Sync/cockpit.ics").expanduser()
    assert settings.caldav == CaldavSettings(
        url="https://cloud.example.com/remote.php/dav/", username="ana",
        password_command="pass show dav/ana", calendar="Networking", auto_push=True, timeout=60)


def test_defaults_mean_no_push_and_no_extra_file() -> None:
    settings = parse("")
    assert settings.caldav is None and settings.export_path is None
    minimal = parse('[calendar.caldav]\nurl = "http://127.0.0.1:5232/"\n').caldav
    assert minimal == CaldavSettings(url="http://127.0.0.1:5232/")
    assert (minimal.calendar, minimal.auto_push, minimal.timeout) == ("Cockpit", False, 30)


def test_password_command_may_be_a_list_of_arguments() -> None:
    settings = parse('[calendar.caldav]\nurl = "https://x.example/"\n'
                     'password_command = ["pass", "show", "dav ana"]\n')
    assert settings.caldav is not None
    assert settings.caldav.password_command == ("pass", "show", "dav ana")


@pytest.mark.parametrize(("toml", "expected"), [
    ('[calendar.caldav]\nurl = "https://x.example/"\npassword = "hunter2"',
     "a password never goes in config.toml"),
    ('[calendar.caldav]\nurl = "https://ana:hunter2@x.example/"', "holds a password"),
    ('[calendar.caldav]\nusername = "ana"', "needs url"),
    ('[calendar.caldav]\nurl = "ftp://x.example/"', "must start with https://"),
    ('[calendar.caldav]\nurl = "https://x.example:99999/"', "is not a URL"),
    ('[calendar.caldav]\nurl = "https://x.example/"\ntimeout = 0', "from 1 to 300"),
    ('[calendar.caldav]\nurl = "https://x.example/"\ntimeout = 100000000000', "from 1 to 300"),
    ('[calendar.caldav]\nurl = "https://x.example/"\nauto_push = "yes"', "true or false"),
    ('[calendar.caldav]\nurl = "https://x.example/"\ncalendar = ""', "calendar.caldav.calendar"),
    ('[calendar.caldav]\nurl = "https://x.example/"\ncalendar = "a\\u001bb"', "calendar.caldav.calendar"),
    ('[calendar.caldav]\nurl = "https://x.example/"\npassword_command = []', "password_command"),
    ('[calendar.caldav]\nurl = "https://x.example/"\npassword_command = 5', "password_command"),
    ('[calendar]\ncaldav = 5', "[calendar.caldav] must be a table"),
    ('[calendar]\nexport_path = 5', "calendar.export_path"),
])
def test_bad_values_are_one_line_naming_the_key(toml: str, expected: str) -> None:
    with pytest.raises(SettingsError) as info:
        parse(toml, "config.toml")
    message = str(info.value)
    assert expected in message and "\n" not in message and message.startswith("config.toml: ")
    assert "hunter2" not in message  # a password given by mistake is not repeated


# ---------------------------------------------------------------------------- the password

def config(**options: object) -> CaldavSettings:
    return CaldavSettings(url="https://x.example/", **options)  # type: ignore[arg-type]


def test_no_username_means_no_login() -> None:
    assert password.password(config(), environ={"COCKPIT_CALDAV_PASSWORD": "x"}) is None


def test_the_environment_comes_first_then_the_command() -> None:
    command = (sys.executable, "-c", "print('from-command')")
    both = config(username="ana", password_command=command)
    assert password.password(both, environ={"COCKPIT_CALDAV_PASSWORD": "from-env\n"}) == "from-env"
    assert password.password(both, environ={}) == "from-command"


def test_only_the_first_line_of_the_output_and_all_of_it() -> None:
    command = (sys.executable, "-c",
               "import sys; sys.stdout.write('pa ss\\u2028word\\u0085!\\r\\nsecond\\n')")
    assert password.password(config(username="ana", password_command=command),
                             environ={}) == "pa ss\u2028word\u0085!"


def test_a_command_line_is_split_like_a_shell_without_one(tmp_path: Path) -> None:
    script = tmp_path / "say it.py"
    script.write_text("import sys; print(sys.argv[1])")
    line = f"'{sys.executable}' '{script}' 'two words; $HOME'"
    assert password.password(config(username="ana", password_command=line),
                             environ={}) == "two words; $HOME"


def test_no_password_is_one_line() -> None:
    with pytest.raises(PushError, match="no password for ana"):
        password.password(config(username="ana"), environ={})


def test_auto_push_needs_a_calendar_and_the_switch() -> None:
    from cockpit.calendar.push import auto_push

    assert not auto_push(parse(""))
    assert not auto_push(parse('[calendar.caldav]\nurl = "https://x.example/"\n'))
    assert auto_push(parse('[calendar.caldav]\nurl = "https://x.example/"\nauto_push = true\n'))

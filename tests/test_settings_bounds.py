"""Every number in config.toml is bounded: a clear one-line error naming the key."""

from __future__ import annotations

import pytest

from cockpit import settings
from cockpit.settings import SettingsError

CASES = {
    "cadence.close": ("[cadence]\nclose = 99999999", "1 to 3,650"),
    "cadence.regular": ("[cadence]\nregular = 0", "1 to 3,650"),
    "cadence.occasional": ("[cadence]\noccasional = 100000000000000000000000", "1 to 3,650"),
    "birthdays.window_days": ("[birthdays]\nwindow_days = 367", "1 to 366"),
    "calendar.days": ("[calendar]\ndays = 100000", "1 to 366"),
    "invitations.pending_days": ("[invitations]\npending_days = 3651", "1 to 3,650"),
    "review.prune_after_days": ("[review]\nprune_after_days = -5", "1 to 3,650"),
}


@pytest.mark.parametrize("key", sorted(CASES))
def test_a_number_out_of_range_names_its_key(key: str) -> None:
    text, bounds = CASES[key]
    with pytest.raises(SettingsError) as info:
        settings.parse(text, "config.toml")
    message = str(info.value)
    assert message.startswith(f"config.toml: {key} must be a whole number of days")
    assert bounds in message and "\n" not in message


@pytest.mark.parametrize("text", ["[cadence]\nclose = true", "[cadence]\nclose = 2.5",
                                  '[cadence]\nclose = "30"'])
def test_a_value_that_is_not_a_whole_number_is_refused(text: str) -> None:
    with pytest.raises(SettingsError, match=r"cadence\.close must be a whole number"):
        settings.parse(text)


def test_the_bounds_themselves_are_accepted() -> None:
    parsed = settings.parse("[cadence]\nclose = 1\nregular = 3650\n[birthdays]\n"
                            "window_days = 366\n[calendar]\ndays = 366\n[invitations]\n"
                            "pending_days = 3650\n[review]\nprune_after_days = 3650\n")
    assert (parsed.cadence_close, parsed.cadence_regular, parsed.birthday_window,
            parsed.export_days, parsed.pending_invite_days, parsed.prune_after_days) == (
        1, 3650, 366, 366, 3650, 3650)


def test_a_huge_config_value_is_one_line_from_the_cli(cli, db, tmp_path, monkeypatch) -> None:
    """Before, `[cadence] close = 99999999` made every `cockpit today` an OverflowError."""
    from conftest import one_error_line

    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text("[cadence]\nclose = 99999999\n")
    code, out, err = cli("today", db=db, env={"COCKPIT_CONFIG_DIR": str(config)})
    assert code != 0 and out == ""
    assert "cadence.close" in one_error_line(err)

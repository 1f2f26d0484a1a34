"""`cockpit today`, `done`, `snooze` and the met-in-person rule, through the real CLI."""

from __future__ import annotations

import json


def today_json(cli, db, today):
    code, out, err = cli("today", "--json", db=db, today=today)
    assert code == 0, err
    return json.loads(out)


def test_met_in_person_creates_followup_due_the_day_after(cli, db):
    assert cli("add", "Ana Ruiz", "--how", "in-person", "--met-at", "PyCon ES",
               "--met-on", "2026-11-20", db=db, today="2026-11-21")[0] == 0
    data = today_json(cli, db, "2026-11-21")
    [fu] = data["followups"]
    assert fu["contact"] == "Ana Ruiz" and fu["due"] == "2026-11-21"
    assert fu["origin"] == "met-in-person" and fu["days_overdue"] == 0
    later = today_json(cli, db, "2026-11-23")
    assert later["followups"][0]["days_overdue"] == 2


def test_met_in_person_without_date_is_due_tomorrow(cli, db):
    cli("add", "Bea Sol", "--how", "in-person", db=db, today="2026-11-21")
    [fu] = today_json(cli, db, "2026-11-22")["followups"]
    assert fu["due"] == "2026-11-22"


def test_done_closes_and_snooze_moves(cli, db):
    cli("add", "Ana Ruiz", "--how", "in-person", "--met-on", "2026-11-20", db=db, today="2026-11-21")
    code, _, err = cli("snooze", "ana", "--days", "3", db=db, today="2026-11-21")
    assert code == 0, err
    [upcoming] = today_json(cli, db, "2026-11-21")["followups"]
    assert (upcoming["due"], upcoming["days_overdue"]) == ("2026-11-24", 0)
    assert today_json(cli, db, "2026-11-24")["followups"][0]["due"] == "2026-11-24"
    assert cli("done", "ana", db=db, today="2026-11-24")[0] == 0
    assert today_json(cli, db, "2026-11-24")["followups"] == []
    code, _, err = cli("done", "ana", db=db, today="2026-11-24")
    assert code != 0 and "no open follow-up" in err


def test_snooze_needs_a_future_day(cli, db):
    cli("add", "Ana Ruiz", "--how", "in-person", db=db, today="2026-11-21")
    code, _, err = cli("snooze", "ana", "--until", "2026-11-20", db=db, today="2026-11-21")
    assert code != 0 and err.count("\n") == 1


def test_engage_ladder_advances_with_logged_interactions(cli, db):
    cli("add", "Carla Neri", db=db, today="2026-11-01")
    cli("log", "carla", "like", db=db, today="2026-11-01", )
    cli("ask", "carla", "an intro to their CTO", "--offer", "a pilot", db=db, today="2026-11-10")
    [item] = today_json(cli, db, "2026-11-10")["engage"]
    assert item["steps"] == {"like": False, "comment": False, "share": False}  # like was before
    cli("log", "carla", "like", db=db, today="2026-11-11")
    cli("log", "carla", "comment", db=db, today="2026-11-12")
    [item] = today_json(cli, db, "2026-11-12")["engage"]
    assert item["next_step"] == "share" and not item["ready"]
    cli("log", "carla", "share", db=db, today="2026-11-13")
    [item] = today_json(cli, db, "2026-11-13")["engage"]
    assert item["ready"] and item["next_step"] is None


def test_birthdays_in_today_json_with_days_option(cli, db):
    cli("add", "Leap Person", "--birthday", "1988-02-29", db=db, today="2027-02-20")
    cli("add", "No Year", "--birthday", "03-03", db=db, today="2027-02-20")
    data = today_json(cli, db, "2027-02-20")
    assert [(b["contact"], b["date"], b["in_days"], b["age"]) for b in data["birthdays"]] == [
        ("Leap Person", "2027-02-28", 8, 39), ("No Year", "2027-03-03", 11, None)]
    code, out, _ = cli("today", "--json", "--days", "9", db=db, today="2027-02-20")
    assert code == 0
    assert [b["contact"] for b in json.loads(out)["birthdays"]] == ["Leap Person"]


def test_cadence_reads_config(cli, db, isolated_env, tmp_path):
    from pathlib import Path
    cfg = Path(isolated_env["COCKPIT_CONFIG_DIR"])
    cfg.mkdir(parents=True, exist_ok=True)
    cli("add", "Dario Fo", "--tie", "close", db=db, today="2026-10-01")
    assert [f["origin"] for f in today_json(cli, db, "2026-11-01")["followups"]] == ["cadence"]
    (cfg / "config.toml").write_text("[cadence]\nclose = 60\n")
    assert today_json(cli, db, "2026-11-01")["followups"] == []
    (cfg / "config.toml").write_text("[cadence\nclose = 60\n")
    code, _, err = cli("today", db=db, today="2026-11-01")
    assert code != 0 and "config.toml" in err and err.count("\n") == 1


def test_today_rich_output_fits_80_columns(run_cli, db):
    run_cli("add", "Núria Ibáñez", "--how", "in-person", db=db, today="2026-11-21")
    code, out, _ = run_cli("today", db=db, today="2026-11-23", env={"COLUMNS": "80"})
    assert code == 0
    assert "Follow-ups" in out and "Núria Ibáñez" in out and "1d overdue" in out
    assert max(len(line) for line in out.splitlines()) <= 80

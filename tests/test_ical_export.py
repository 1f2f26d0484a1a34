"""Writing the calendar: exporting.export_ics and `cockpit export-ics` (files, errors, updates)."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest
from caldav_support import network
from conftest import Result, one_error_line, snapshot
from ical.calendar_stream import IcsCalendarStream

from cockpit import exporting, ical
from cockpit.calendar import files, ledger
from cockpit.exporting import ExportError, export_ics
from cockpit.model import FollowUp, Note, Origin
from cockpit.settings import Settings
from cockpit.store import Store

TODAY = dt.date(2026, 11, 22)
STAMP = dt.datetime(2026, 11, 22, 7, 0, tzinfo=dt.UTC)


def clock_at(moment: dt.datetime) -> Callable[[], dt.datetime]:
    return lambda: moment


def filled(db: Path) -> Store:
    """Two people, five events (the network the CalDAV tests push too)."""
    return network(db)


def temp_files(folder: Path) -> list[str]:
    """Leftover temp files: the store's (*.tmp) and the calendar layer's (.*.ics-tmp-*)."""
    return sorted(p.name for p in folder.iterdir()
                  if p.name.endswith(".tmp") or ".ics-tmp-" in p.name)


def strip_stamps(data: bytes) -> bytes:
    return re.sub(rb"DTSTAMP:\d{8}T\d{6}Z\r\n", b"", data)


def seqs(data: bytes) -> dict[str, int]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): int(e["SEQUENCE"]) for e in cal.walk("VEVENT")}


# ---------------------------------------------------------------------------- export_ics

def test_export_writes_a_calendar_that_both_parsers_read(db: Path, tmp_path: Path) -> None:
    store = filled(db)
    target = tmp_path / "out.ics"
    summary = export_ics(store, target, TODAY, Settings(), stamp=STAMP)
    assert summary.path == target
    assert summary.counts == {ical.FOLLOWUP: 2, ical.BIRTHDAY: 2, ical.ENGAGE: 1,
                              ical.NETWORK_DAY: 0}
    assert summary.total == 5 and summary.new == 5 and summary.changed == 0
    data = target.read_bytes()
    assert summary.size == len(data)
    cal = icalendar.Calendar.from_ical(data)
    assert all(c.errors == [] for c in cal.walk())
    assert len(IcsCalendarStream.calendar_from_ics(data.decode()).events) == 5
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "5 events" in summary.message() and "2 birthdays" in summary.message()
    assert temp_files(tmp_path) == []


def test_default_path_is_next_to_the_database(db: Path) -> None:
    store = filled(db)
    summary = export_ics(store, None, TODAY, Settings(), stamp=STAMP)
    assert summary.path == db.with_suffix(".ics")
    assert summary.path.exists()
    odd = Store(db.with_name("calendar.ics"))
    assert exporting.default_ics_path(odd) == db.with_name("calendar.ics.ics")


def test_an_existing_file_keeps_its_mode(db: Path, tmp_path: Path) -> None:
    store = filled(db)
    target = tmp_path / "shared.ics"
    target.write_bytes(b"old")
    target.chmod(0o644)
    export_ics(store, target, TODAY, Settings(), stamp=STAMP)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_two_exports_of_an_unchanged_database_differ_only_in_dtstamp(db: Path,
                                                                      tmp_path: Path) -> None:
    store = filled(db)
    target = tmp_path / "out.ics"
    export_ics(store, target, TODAY, Settings(), stamp=STAMP)
    first = target.read_bytes()
    again = Store(db)  # a new process, as the CLI would be
    summary = export_ics(again, target, TODAY, Settings(), stamp=STAMP + dt.timedelta(hours=3))
    second = target.read_bytes()
    assert (summary.new, summary.changed) == (0, 0)
    assert first != second
    assert strip_stamps(first) == strip_stamps(second)
    assert set(seqs(second).values()) == {0}


def test_changing_one_contact_changes_only_its_events(db: Path, tmp_path: Path) -> None:
    store = filled(db)
    target = tmp_path / "out.ics"
    export_ics(store, target, TODAY, Settings(), stamp=STAMP)
    first = seqs(target.read_bytes())
    ana = store.resolve("Ana Ruiz")
    ana.name = "Ana Ruiz-Vidal"
    store.update_contact(ana)
    summary = export_ics(store, target, TODAY, Settings(), stamp=STAMP + dt.timedelta(days=1))
    second = seqs(target.read_bytes())
    assert first.keys() == second.keys()
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    ana_uids = {str(e["UID"]) for e in cal.walk("VEVENT") if "Ana" in str(e["SUMMARY"])}
    assert len(ana_uids) == 2  # her birthday and her met-in-person follow-up
    assert {uid for uid in second if second[uid] != first[uid]} == ana_uids
    assert {second[uid] for uid in ana_uids} == {1}
    assert summary.changed == 2 and summary.new == 0


def test_export_is_read_only_for_the_database(db: Path, tmp_path: Path) -> None:
    filled(db)
    before = snapshot(db)
    export_ics(Store(db), tmp_path / "out.ics", TODAY, Settings(), stamp=STAMP)
    assert snapshot(db) == before


def test_a_failing_write_leaves_the_previous_file_intact(db: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    store = filled(db)
    target = tmp_path / "out.ics"
    export_ics(store, target, TODAY, Settings(), stamp=STAMP)
    before = snapshot(target)
    ledger_before = snapshot(exporting.ledger_path(store))

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ExportError) as info:  # a day later: the new file would differ
        export_ics(store, target, TODAY + dt.timedelta(days=1), Settings(), stamp=STAMP)
    assert "disk is full" in str(info.value) and str(target) in str(info.value)
    assert "\n" not in str(info.value)
    assert snapshot(target) == before
    assert snapshot(exporting.ledger_path(store)) == ledger_before
    assert temp_files(tmp_path) == []


def test_a_missing_folder_or_a_folder_as_path_is_refused(db: Path, tmp_path: Path) -> None:
    store = filled(db)
    with pytest.raises(ExportError, match="does not exist"):
        export_ics(store, tmp_path / "nope" / "out.ics", TODAY, Settings())
    assert not (tmp_path / "nope").exists()
    with pytest.raises(ExportError, match="is a folder"):
        export_ics(store, tmp_path, TODAY, Settings())
    with pytest.raises(ExportError, match="database"):
        export_ics(store, db, TODAY, Settings())


def test_an_unsaved_ledger_is_a_warning_not_a_failure(db: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    store = filled(db)

    def no_ledger(path: Path, chunks: list[bytes], mode: int = 0o600) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(ledger, "write_atomic", no_ledger)  # both ledgers, not the calendar
    summary = export_ics(store, tmp_path / "out.ics", TODAY, Settings(), stamp=STAMP)
    assert (tmp_path / "out.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert len(summary.warnings) == 2
    assert all("could not save" in w and "permission denied" in w for w in summary.warnings)


def test_a_corrupt_ledger_means_a_fresh_start(db: Path, tmp_path: Path) -> None:
    store = filled(db)
    exporting.ledger_path(store).write_bytes(b"{not json")
    summary = export_ics(store, tmp_path / "out.ics", TODAY, Settings(), stamp=STAMP)
    assert summary.new == 5


def test_a_new_path_reports_every_event_as_new(db: Path, tmp_path: Path) -> None:
    """The ledger is per file: a file that never had the events gets them all as new."""
    store = filled(db)
    first = export_ics(store, tmp_path / "a.ics", TODAY, Settings(), stamp=STAMP)
    again = export_ics(store, tmp_path / "a.ics", TODAY, Settings(), stamp=STAMP)
    other = export_ics(store, tmp_path / "b.ics", TODAY, Settings(), stamp=STAMP)
    assert (first.new, again.new, other.new) == (5, 0, 5)
    assert "5 new, 0 changed" in other.message()
    # The SEQUENCE numbers are the same in both files: calendars match events by UID.
    assert seqs((tmp_path / "a.ics").read_bytes()) == seqs((tmp_path / "b.ics").read_bytes())


def test_removed_events_are_counted_per_file(db: Path, tmp_path: Path) -> None:
    store = filled(db)
    export_ics(store, tmp_path / "a.ics", TODAY, Settings(), stamp=STAMP)
    bo = store.resolve("Bo Chen")
    followup = store.followups(bo.id)[0]
    followup.state, followup.closed_on = "done", TODAY
    store.save_followup(followup)
    summary = export_ics(store, tmp_path / "a.ics", TODAY, Settings(), stamp=STAMP)
    assert (summary.new, summary.changed, summary.removed) == (0, 0, 1)
    assert summary.message().endswith("0 new, 0 changed, 1 removed)")


def test_the_default_file_keeps_its_counts_from_the_old_shared_ledger(db: Path) -> None:
    """Before ledgers were per file there was one, the default file's: it carries on."""
    store = filled(db)
    export_ics(store, None, TODAY, Settings(), stamp=STAMP)
    for path in db.parent.iterdir():
        if "-ics-" in path.name and path.name != exporting.ledger_path(store).name:
            path.unlink()  # as if written by the previous version: the shared ledger only
    summary = export_ics(store, None, TODAY, Settings(), stamp=STAMP)
    assert (summary.new, summary.changed, summary.removed) == (0, 0, 0)


def test_a_ledger_sequence_at_the_top_of_the_range_is_reset_not_a_traceback(
        db: Path, tmp_path: Path, cli: Callable[..., Result]) -> None:
    """Issue 13, item 15: SEQUENCE 2147483647 in the ledger, then the event changes."""
    import orjson

    store = filled(db)
    export_ics(store, tmp_path / "a.ics", TODAY, Settings(), stamp=STAMP)
    path = exporting.ledger_path(store)
    data = orjson.loads(path.read_bytes())
    for entry in data["events"].values():
        entry[1] = 2**31 - 1
    first_uid = next(iter(data["events"]))
    data["events"][first_uid][1] = 10**30  # and one far out of range
    path.write_text(json.dumps(data))
    ana = store.resolve("Ana Ruiz")
    ana.name = "Ana Ruiz-Vidal"
    store.update_contact(ana)
    code, out, err = cli("export-ics", str(tmp_path / "b.ics"), db=db, today="2026-11-22")
    assert code == 0, err
    assert err == "" and "wrote 5 events" in out
    assert set(seqs((tmp_path / "b.ics").read_bytes()).values()) == {0}


def test_the_export_temp_file_is_never_the_stores_to_clean(tmp_path: Path) -> None:
    """Issue 13, item 8: database `cockpit` (no suffix), calendar `cockpit.ics`."""
    from cockpit.calendar import atomic

    db = tmp_path / "cockpit"
    store = filled(db)
    target = exporting.default_ics_path(store)
    assert target.name == "cockpit.ics"
    temp = atomic.temp_name(target)
    assert temp.name.startswith(".cockpit.ics.ics-tmp-") and not temp.name.endswith(".tmp")
    temp.write_bytes(b"an export half way through")
    store.save_note(Note(store.resolve("Bo Chen").id, "a write cleans the store's temps",
                         TODAY))
    assert temp.exists()
    temp.unlink()


def test_exports_succeed_while_another_process_writes_the_database(tmp_path: Path) -> None:
    import subprocess
    import sys

    db = tmp_path / "cockpit"
    store = filled(db)
    writer = ("import datetime as dt, sys\n"
              "from cockpit.store import Store\nfrom cockpit.model import Note\n"
              "s = Store(sys.argv[1])\nc = s.resolve('Bo Chen')\n"
              "for i in range(60):\n"
              "    s.save_note(Note(c.id, f'note {i}', dt.date(2026, 11, 22)))\n")
    proc = subprocess.Popen([sys.executable, "-c", writer, str(db)])
    try:
        for _ in range(25):
            export_ics(store, None, TODAY, Settings(), stamp=STAMP)
    finally:
        assert proc.wait(timeout=120) == 0
    assert exporting.default_ics_path(store).read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert temp_files(tmp_path) == []


def test_a_stale_temp_of_a_dead_export_is_cleaned_by_the_next(tmp_path: Path, db: Path) -> None:
    store = filled(db)
    target = tmp_path / "out.ics"
    dead = target.with_name(f".out.ics.ics-tmp-{2**22 + 12345}-deadbeef")  # no such pid
    alive = target.with_name(f".out.ics.ics-tmp-{os.getpid()}-cafecafe")
    dead.write_bytes(b"x")
    alive.write_bytes(b"x")
    export_ics(store, target, TODAY, Settings(), stamp=STAMP)
    assert not dead.exists() and alive.exists()
    alive.unlink()


def test_export_path_is_written_after_a_session(db: Path, tmp_path: Path) -> None:
    store = filled(db)
    assert exporting.export_after_session(store, TODAY, Settings(), stamp=STAMP) is None
    target = tmp_path / "synced" / "cockpit.ics"
    target.parent.mkdir()
    summary = exporting.export_after_session(store, TODAY, Settings(export_path=target),
                                             stamp=STAMP)
    assert summary is not None and summary.path == target and summary.new == 5
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    relative = exporting.export_after_session(store, TODAY, Settings(export_path=Path("rel.ics")),
                                              stamp=STAMP)
    assert relative is not None and relative.path == db.parent / "rel.ics"


# ---------------------------------------------------------------------------- the command

def test_cli_export_prints_where_and_how_many(cli: Callable[..., Result], db: Path,
                                              tmp_path: Path) -> None:
    filled(db)
    target = tmp_path / "cal.ics"
    code, out, err = cli("export-ics", str(target), db=db, today="2026-11-22")
    assert code == 0, err
    assert str(target) in out
    assert "2 follow-ups, 2 birthdays, 1 engagement step, 0 network days" in out
    assert err == ""
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_cli_days_option_widens_the_horizon(cli: Callable[..., Result], db: Path,
                                            tmp_path: Path) -> None:
    store = filled(db)
    bo = store.resolve("Bo Chen")
    store.save_followup(FollowUp(bo.id, TODAY + dt.timedelta(days=45), "later",
                                 origin=Origin.MANUAL.value))
    code, out, _ = cli("export-ics", str(tmp_path / "a.ics"), db=db, today="2026-11-22")
    assert code == 0 and "2 follow-ups" in out
    code, out, _ = cli("export-ics", str(tmp_path / "b.ics"), "--days", "60", db=db,
                       today="2026-11-22")
    assert code == 0 and "3 follow-ups" in out
    code, out, _ = cli("export-ics", str(tmp_path / "c.ics"), "--days", "0", db=db,
                       today="2026-11-22")
    assert code == 0 and "1 follow-up," in out


def test_cli_network_days_come_from_the_config(cli: Callable[..., Result], db: Path,
                                               tmp_path: Path,
                                               isolated_env: dict[str, str]) -> None:
    filled(db)
    config = Path(isolated_env["COCKPIT_CONFIG_DIR"])
    config.mkdir(parents=True)
    (config / "config.toml").write_text('[calendar]\nnetwork_days = {linkedin = "monday"}\n'
                                        'alarm_time = "07:15"\n')
    code, out, err = cli("export-ics", str(tmp_path / "n.ics"), db=db, today="2026-11-22")
    assert code == 0, err
    assert "1 network day" in out
    text = (tmp_path / "n.ics").read_bytes().replace(b"\r\n ", b"")
    assert b"RRULE:FREQ=WEEKLY;BYDAY=MO" in text
    assert b"TRIGGER:PT7H15M" in text


def test_cli_default_path(cli: Callable[..., Result], db: Path) -> None:
    filled(db)
    code, out, _ = cli("export-ics", db=db, today="2026-11-22")
    assert code == 0
    assert str(db.with_suffix(".ics")) in out
    assert db.with_suffix(".ics").exists()


@pytest.mark.parametrize("where", ["missing-folder", "folder", "database"])
def test_cli_errors_are_one_line_and_write_nothing(cli: Callable[..., Result], db: Path,
                                                   tmp_path: Path, where: str) -> None:
    filled(db)
    before = snapshot(db)
    target = {"missing-folder": tmp_path / "nope" / "x.ics", "folder": tmp_path,
              "database": db}[where]
    listing = sorted(p.name for p in tmp_path.iterdir())
    code, out, err = cli("export-ics", str(target), db=db, today="2026-11-22")
    assert code == 1
    assert out == ""
    assert one_error_line(err).startswith("cockpit: error: ")
    assert snapshot(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


def test_cli_failing_write_keeps_the_old_file(cli: Callable[..., Result], db: Path,
                                              tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    filled(db)
    target = tmp_path / "cal.ics"
    target.write_bytes(b"previous calendar")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files, "write_atomic", denied)
    code, _, err = cli("export-ics", str(target), db=db, today="2026-11-22")
    assert code == 1
    assert "permission denied" in one_error_line(err)
    assert target.read_bytes() == b"previous calendar"


def test_cli_bad_days_is_a_usage_error(cli: Callable[..., Result], db: Path) -> None:
    code, _, err = cli("export-ics", "--days", "-3", db=db)
    assert code == 2
    one_error_line(err)


def test_the_console_script_exports(run_cli: Callable[..., Result], db: Path,
                                    tmp_path: Path) -> None:
    filled(db)
    code, out, err = run_cli("export-ics", str(tmp_path / "p.ics"), db=db, today="2026-11-22")
    assert code == 0, err
    assert "wrote 5 events" in out


def test_cockpit_today_does_not_import_icalendar(run_cli: Callable[..., Result],
                                                 db: Path) -> None:
    import subprocess
    import sys
    probe = ("import sys; from cockpit.cli import main\n"
             "try:\n    main(['--db', sys.argv[1], 'today', '--json'])\n"
             "except SystemExit:\n    pass\n"
             "print('ICAL', 'icalendar' in sys.modules, file=sys.stderr)")
    filled(db)
    proc = subprocess.run([sys.executable, "-c", probe, str(db)], capture_output=True,
                          text=True, timeout=60)
    assert "ICAL False" in proc.stderr

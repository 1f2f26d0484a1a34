"""push_calendar against a real Radicale server, checked with the caldav library's own reads.

One server for the module (no login: each test is a user, hence an account, of its own).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import icalendar
import pytest
import recurring_ical_events
from caldav_support import (
    PASSWORD_ENV,
    TODAY,
    Proxy,
    Radicale,
    Reader,
    caldav_settings,
    network,
    uids_of,
)
from conftest import snapshot

from cockpit.calendar import ledger, plan, source
from cockpit.calendar.errors import PushError
from cockpit.calendar.files import export_ics
from cockpit.calendar.push import push_calendar
from cockpit.model import FollowUpState, Interaction
from cockpit.settings import Settings
from cockpit.store import Store

_users = itertools.count()


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    server = Radicale.start_in(tmp_path_factory.mktemp("radicale"))
    yield server
    server.stop()


@pytest.fixture
def user() -> str:
    return f"user{next(_users)}"


@pytest.fixture
def proxy(radicale: Radicale) -> Iterator[Proxy]:
    relay = Proxy(radicale.port)
    yield relay
    relay.close()


def push(store: Store, settings: Settings, **options: Any) -> Any:
    return push_calendar(store, TODAY, settings, environ=PASSWORD_ENV, **options)


def expected(store: Store, settings: Settings) -> dict[str, Any]:
    """UID -> the event as `export-ics` builds it now."""
    built = source.build(store, TODAY, settings, stamp=dt.datetime.now(dt.UTC))
    return {e.uid: e for e in built.events}


def assert_server_holds(reader: Reader, store: Store, settings: Settings) -> dict[str, Any]:
    """The calendar holds exactly the events export-ics would write, in meaning."""
    from cockpit import ical

    copies = reader.events()
    want = expected(store, settings)
    assert set(copies) == set(want)
    for uid, copy in copies.items():
        assert plan.meaning(copy.calendar.to_ical()) == plan.meaning(ical.calendar_object(want[uid]))
    return copies


# ---------------------------------------------------------------------------- the first push

def test_the_first_push_makes_the_calendar_and_every_event(radicale: Radicale, user: str,
                                                            db: Path, tmp_path: Path) -> None:
    store = network(db)
    settings = caldav_settings(radicale.url, user)
    summary = push(store, settings)
    assert (summary.created, summary.updated, summary.removed, summary.failed) == (5, 0, 0, 0)
    assert summary.made_calendar and summary.counts() == "5 new, 0 updated, 0 removed, 0 failed"
    assert "5 new, 0 updated, 0 removed, 0 failed" in summary.message()
    reader = Reader(radicale.url, user)
    assert list(reader.calendars()) == ["Cockpit"]
    copies = assert_server_holds(reader, store, settings)
    # The same events, texts and alarms as the file export.
    export_ics(store, tmp_path / "out.ics", TODAY, settings)
    file_events = {str(e["UID"]): e for e in
                   icalendar.Calendar.from_ical((tmp_path / "out.ics").read_bytes()).walk("VEVENT")}
    assert set(file_events) == set(copies)
    for uid, copy in copies.items():
        event = copy.event
        for prop in ("SUMMARY", "DESCRIPTION", "DTSTART", "DTEND", "CATEGORIES"):
            assert event[prop].to_ical() == file_events[uid][prop].to_ical()
        alarms = event.walk("VALARM")
        assert len(alarms) == 1 and alarms[0]["TRIGGER"].to_ical() == b"PT8H"
        assert str(alarms[0]["ACTION"]) == "DISPLAY"


def test_29_february_birthdays_expand_right_from_the_server_copy(radicale: Radicale, user: str,
                                                                  db: Path) -> None:
    store = network(db)
    settings = caldav_settings(radicale.url, user)
    push(store, settings)
    reader = Reader(radicale.url, user)
    (uid,) = uids_of(store, settings, "Birthday: Ana")

    def days(copy: Any) -> list[dt.date]:
        occurrences = recurring_ical_events.of(copy.calendar).between(dt.date(2026, 1, 1),
                                                                      dt.date(2029, 1, 1))
        return sorted(o["DTSTART"].dt for o in occurrences)

    assert days(reader.events()[uid]) == [dt.date(2026, 2, 28), dt.date(2027, 2, 28),
                                          dt.date(2028, 2, 29)]
    moved = caldav_settings(radicale.url, user)
    moved = Settings(feb29="mar1", caldav=moved.caldav)
    summary = push(store, moved)
    assert (summary.updated, summary.created, summary.removed) == (1, 0, 0)
    assert days(reader.events()[uid]) == [dt.date(2026, 3, 1), dt.date(2027, 3, 1),
                                          dt.date(2028, 2, 29)]


# ---------------------------------------------------------------------------- later pushes

def test_a_second_push_with_no_change_sends_nothing(proxy: Proxy, user: str, db: Path) -> None:
    store = network(db)
    settings = caldav_settings(proxy.url, user)
    push(store, settings)
    reader = Reader(proxy.url, user)
    before = {uid: c.etag for uid, c in reader.events().items()}
    proxy.methods.clear()
    summary = push(Store(db), settings)  # a new process, as the CLI would be
    assert (summary.created, summary.updated, summary.removed, summary.failed) == (0, 0, 0, 0)
    assert summary.unchanged == 5
    assert not set(proxy.methods) & {"PUT", "DELETE", "MKCALENDAR", "PROPPATCH"}
    assert proxy.methods == ["PROPFIND"]  # is the calendar still there, still Cockpit's?
    assert {uid: c.etag for uid, c in reader.events().items()} == before


def test_a_logged_interaction_updates_exactly_that_contacts_events(radicale: Radicale,
                                                                   user: str, db: Path) -> None:
    store = network(db)
    settings = caldav_settings(radicale.url, user)
    push(store, settings)
    reader = Reader(radicale.url, user)
    before = reader.events()
    bo = store.resolve("Bo Chen")
    store.log(Interaction(bo.id, "like", TODAY))  # a step of his ask, and a last interaction
    summary = push(store, settings)
    after = assert_server_holds(reader, store, settings)
    changed = {uid for uid in after if after[uid].etag != before[uid].etag}
    assert changed == {uid for uid in uids_of(store, settings, "Bo Chen")
                       if "Birthday" not in after[uid].summary}
    assert (summary.updated, summary.created, summary.removed) == (len(changed), 0, 0)
    assert "comment" in after[next(iter(uids_of(store, settings, "Engage with Bo")))].summary


def test_a_follow_up_done_removes_its_event(radicale: Radicale, user: str, db: Path) -> None:
    store = network(db)
    settings = caldav_settings(radicale.url, user)
    push(store, settings)
    (gone,) = uids_of(store, settings, "Follow up with Ana")
    followup = store.followups(store.resolve("Ana Ruiz").id)[0]
    followup.state, followup.closed_on = FollowUpState.DONE.value, TODAY
    store.save_followup(followup)
    summary = push(store, settings)
    assert (summary.removed, summary.created, summary.updated) == (1, 0, 0)
    copies = assert_server_holds(Reader(radicale.url, user), store, settings)
    assert gone not in copies and len(copies) == 4


def test_the_database_is_never_written(radicale: Radicale, user: str, db: Path) -> None:
    store = network(db)
    before = snapshot(db)
    push(store, caldav_settings(radicale.url, user))
    assert snapshot(db) == before


def test_the_password_is_written_nowhere(radicale: Radicale, user: str, db: Path) -> None:
    store = network(db)
    secret = "s3cret-Pa55-word"
    push_calendar(store, TODAY, caldav_settings(radicale.url, user),
                  environ={"COCKPIT_CALDAV_PASSWORD": secret})
    for path in db.parent.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path


# ---------------------------------------------------------------------------- ownership

def test_an_event_edited_on_the_server_is_reported_not_overwritten(radicale: Radicale,
                                                                   user: str, db: Path) -> None:
    store = network(db)
    settings = caldav_settings(radicale.url, user)
    push(store, settings)
    reader = Reader(radicale.url, user)
    (call,) = uids_of(store, settings, "Follow up with Bo")
    reader.edit(call, "Coffee with Bo, moved by hand")
    bo = store.resolve("Bo Chen")
    bo.name = "Bo Chen-Li"
    store.update_contact(bo)
    summary = push(store, settings)
    assert summary.failed == 1
    (failure,) = summary.failures
    assert "Follow up with Bo Chen-Li" in failure and "not overwritten" in failure
    assert "--force" in failure and "\n" not in failure
    copies = reader.events()
    assert copies[call].summary == "Coffee with Bo, moved by hand"
    assert summary.updated == len(uids_of(store, settings, "Bo Chen-Li")) - 1
    # Reported again on the next push, still not overwritten.
    again = push(store, settings)
    assert again.failed == 1 and reader.events()[call].summary == "Coffee with Bo, moved by hand"
    forced = push(store, settings, force=True)
    assert (forced.updated, forced.failed) == (1, 0)
    assert_server_holds(reader, store, settings)


def test_an_edited_event_of_a_reminder_gone_is_not_deleted(radicale: Radicale, user: str,
                                                           db: Path) -> None:
    store = network(db)
    settings = caldav_settings(radicale.url, user)
    push(store, settings)
    reader = Reader(radicale.url, user)
    (uid,) = uids_of(store, settings, "Follow up with Ana")
    reader.edit(uid, "Keep this one")
    followup = store.followups(store.resolve("Ana Ruiz").id)[0]
    followup.state, followup.closed_on = FollowUpState.DONE.value, TODAY
    store.save_followup(followup)
    summary = push(store, settings)
    assert (summary.removed, summary.failed) == (0, 1)
    assert "Keep this one" in summary.failures[0] and "not deleted" in summary.failures[0]
    assert reader.events()[uid].summary == "Keep this one"
    forced = push(store, settings, force=True)
    assert (forced.removed, forced.failed) == (1, 0)
    assert uid not in reader.events()


def test_an_event_deleted_on_the_server_is_not_made_again_without_force(
        radicale: Radicale, user: str, db: Path) -> None:
    store = network(db)
    settings = caldav_settings(radicale.url, user)
    push(store, settings)
    reader = Reader(radicale.url, user)
    (uid,) = uids_of(store, settings, "Follow up with Bo")
    reader.delete(uid)
    assert push(store, settings).unchanged == 5  # unchanged here: nothing to say, nothing sent
    bo = store.resolve("Bo Chen")
    bo.company = "Acme"
    store.update_contact(bo)
    summary = push(store, settings)
    assert summary.failed == 1 and "deleted in the calendar" in summary.failures[0]
    assert uid not in reader.events()
    forced = push(store, settings, force=True)
    assert (forced.created, forced.failed) == (1, 0)
    assert_server_holds(reader, store, settings)


def test_other_calendars_and_events_not_made_by_cockpit_are_untouched(
        radicale: Radicale, user: str, db: Path) -> None:
    store = network(db)
    settings = caldav_settings(radicale.url, user)
    reader = Reader(radicale.url, user)
    work = reader.principal.make_calendar(name="Work")
    (ana_birthday,) = uids_of(store, settings, "Birthday: Ana")
    # Another calendar, with one of Cockpit's UIDs and an event of its own.
    work.save_event(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//me//EN\r\nBEGIN:VEVENT\r\n"
                    f"UID:{ana_birthday}\r\nDTSTAMP:20260101T000000Z\r\n"
                    "DTSTART;VALUE=DATE:20261201\r\nSUMMARY:Ana's party\r\nEND:VEVENT\r\n"
                    "END:VCALENDAR\r\n")
    work.save_event("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//me//EN\r\nBEGIN:VEVENT\r\n"
                    "UID:dentist-1\r\nDTSTAMP:20260101T000000Z\r\n"
                    "DTSTART;VALUE=DATE:20261202\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\n"
                    "END:VCALENDAR\r\n")
    before = {uid: (c.etag, c.summary) for uid, c in reader.events("Work").items()}
    push(store, settings)
    reader.calendars()["Cockpit"].save_event(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//me//EN\r\nBEGIN:VEVENT\r\n"
        "UID:mine-in-cockpit\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20261203\r\n"
        "SUMMARY:Added by hand\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    for contact in store.contacts():  # everything changes or goes
        for followup in store.followups(contact.id):
            followup.state, followup.closed_on = FollowUpState.DONE.value, TODAY
            store.save_followup(followup)
        contact.name += " Jr"
        store.update_contact(contact)
    summary = push(store, settings)
    assert summary.removed == 2 and summary.failed == 0
    assert {uid: (c.etag, c.summary) for uid, c in reader.events("Work").items()} == before
    assert reader.events()["mine-in-cockpit"].summary == "Added by hand"


def test_a_calendar_deleted_on_the_server_is_made_again(radicale: Radicale, user: str,
                                                        db: Path) -> None:
    store = network(db)
    settings = caldav_settings(radicale.url, user)
    push(store, settings)
    reader = Reader(radicale.url, user)
    reader.calendars()["Cockpit"].delete()
    summary = push(store, settings)
    assert summary.made_calendar and summary.created == 5 and summary.failed == 0
    assert_server_holds(reader, store, settings)


def test_the_url_may_be_the_calendar_itself_but_never_another_one(radicale: Radicale, user: str,
                                                                  db: Path) -> None:
    store = network(db)
    reader = Reader(radicale.url, user)
    mine = reader.principal.make_calendar(name="Cockpit")
    work = reader.principal.make_calendar(name="Work")
    summary = push(store, caldav_settings(str(mine.url), user))
    assert summary.created == 5 and not summary.made_calendar
    with pytest.raises(PushError) as info:
        push(store, caldav_settings(str(work.url), user))
    assert "'Work', not 'Cockpit'" in str(info.value)
    assert reader.events("Work") == {}


def test_two_calendars_with_cockpits_name_are_refused(radicale: Radicale, user: str,
                                                      db: Path) -> None:
    store = network(db)
    reader = Reader(radicale.url, user)
    reader.principal.make_calendar(name="Cockpit")
    reader.principal.make_calendar(name="Cockpit")
    with pytest.raises(PushError, match="2 calendars are called 'Cockpit'"):
        push(store, caldav_settings(radicale.url, user))


def test_a_calendar_name_from_the_settings(radicale: Radicale, user: str, db: Path) -> None:
    store = network(db)
    push(store, caldav_settings(radicale.url, user, calendar="Networking"))
    assert set(Reader(radicale.url, user).calendars()) == {"Networking"}


# ---------------------------------------------------------------------------- dry run

def test_a_dry_run_changes_nothing_anywhere(radicale: Radicale, user: str, db: Path) -> None:
    store = network(db)
    settings = caldav_settings(radicale.url, user)
    listing = sorted(p.name for p in db.parent.iterdir())
    summary = push(store, settings, dry_run=True)
    assert summary.dry_run and summary.url is None
    assert (summary.created, summary.updated, summary.removed) == (5, 0, 0)
    assert "nothing sent" in summary.message() and "would be 5 new" in summary.message()
    assert "Cockpit" not in Reader(radicale.url, user).calendars()
    assert sorted(p.name for p in db.parent.iterdir()) == listing
    push(store, settings)
    bo = store.resolve("Bo Chen")
    bo.role = "CTO"
    store.update_contact(bo)
    files = {p.name: snapshot(p) for p in db.parent.iterdir() if p.is_file()}
    etags = {uid: c.etag for uid, c in Reader(radicale.url, user).events().items()}
    summary = push(store, settings, dry_run=True)
    assert (summary.created, summary.updated, summary.removed) == (0, 2, 0)
    assert {p.name: snapshot(p) for p in db.parent.iterdir() if p.is_file()} == files
    assert {uid: c.etag for uid, c in Reader(radicale.url, user).events().items()} == etags


def test_progress_is_reported_per_request(radicale: Radicale, user: str, db: Path) -> None:
    store = network(db)
    seen: list[tuple[int, int]] = []
    push(store, caldav_settings(radicale.url, user), progress=lambda d, t: seen.append((d, t)))
    assert seen == [(i, 5) for i in range(1, 6)]


def test_the_ledger_is_per_calendar(radicale: Radicale, user: str, db: Path) -> None:
    store = network(db)
    push(store, caldav_settings(radicale.url, user))
    second = push(store, caldav_settings(radicale.url, user, calendar="Second"))
    assert second.created == 5 and second.made_calendar
    names = sorted(p.name for p in db.parent.iterdir() if "-caldav-" in p.name
                   and p.suffix == ".json")
    assert len(names) == 2
    key = ledger.caldav_key(radicale.url, user, "Second")
    assert ledger.caldav_ledger_path(store, key).name in names


def test_the_read_lock_is_held_only_while_the_records_are_read(radicale: Radicale, user: str,
                                                               db: Path) -> None:
    """The TUI passes its workspace lock: a save on the UI thread must not wait for the
    network."""
    import threading

    class Recording:
        def __init__(self) -> None:
            self.lock, self.taken = threading.Lock(), 0

        def __enter__(self) -> None:
            self.lock.acquire()
            self.taken += 1

        def __exit__(self, *exc: object) -> None:
            self.lock.release()

    store = network(db)
    lock = Recording()
    held_during_requests: list[bool] = []
    push(store, caldav_settings(radicale.url, user), read_lock=lock,
         progress=lambda done, total: held_during_requests.append(lock.lock.locked()))
    assert lock.taken == 1
    assert held_during_requests and not any(held_during_requests)

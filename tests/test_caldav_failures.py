"""A push that fails is ordinary: one line, the database untouched, the ledger true to the
server, and the next push finishes the job. Against real Radicale servers (one without
login, one with an htpasswd file) and a relay that breaks the network on cue."""

from __future__ import annotations

import datetime as dt
import itertools
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
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

from cockpit.calendar import ledger, plan, source, steps
from cockpit.calendar.errors import PushError
from cockpit.calendar.push import push_calendar
from cockpit.model import Contact, FollowUp, FollowUpState, Origin
from cockpit.settings import Settings
from cockpit.store import Store

_users = itertools.count()


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    server = Radicale.start_in(tmp_path_factory.mktemp("radicale"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    """A server that logs people in: ana / right-password."""
    server = Radicale.start_in(tmp_path_factory.mktemp("guarded"),
                               users={"ana": "right-password", "bo": "bo-password"})
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
    options.setdefault("environ", PASSWORD_ENV)
    return push_calendar(store, TODAY, settings, **options)


def failure(store: Store, settings: Settings, **options: Any) -> PushError:
    with pytest.raises(PushError) as info:
        push(store, settings, **options)
    message = str(info.value)
    assert message and "\n" not in message and "Traceback" not in message
    return info.value


def bigger_network(db: Path, extra: int = 20) -> Store:
    """The small network and `extra` people with a follow-up each: enough requests to
    stop a push in the middle of."""
    store = network(db)
    for i in range(extra):
        person = Contact(f"Person {i:02d}", tie="occasional")
        store.add_contact(person, followups=[FollowUp(person.id, TODAY + dt.timedelta(days=1),
                                                      "write", origin=Origin.MANUAL.value)])
    return store


def close_followups(store: Store, names: list[str]) -> None:
    for name in names:
        for followup in store.followups(store.resolve(name).id):
            followup.state, followup.closed_on = FollowUpState.DONE.value, TODAY
            store.save_followup(followup)


def want(store: Store, settings: Settings) -> set[str]:
    return {e.uid for e in source.build(store, TODAY, settings,
                                        stamp=dt.datetime.now(dt.UTC)).events}


def ledger_file(store: Store, settings: Settings) -> Path:
    c = settings.caldav
    return ledger.caldav_ledger_path(store, ledger.caldav_key(c.url, c.username, c.calendar))


# ---------------------------------------------------------------------------- logging in

def test_a_wrong_password_is_one_line_and_changes_nothing(guarded: Radicale, db: Path) -> None:
    store = network(db)
    settings = caldav_settings(guarded.url, "ana")
    before = snapshot(db)
    error = failure(store, settings, environ={"COCKPIT_CALDAV_PASSWORD": "wrong-password"})
    assert "refused the login for 'ana' (401" in str(error)
    assert "wrong-password" not in str(error)
    assert snapshot(db) == before
    assert not ledger_file(store, settings).exists()
    reader = Reader(guarded.url, "ana", "right-password")
    assert "Cockpit" not in reader.calendars()
    # Right password: it works; wrong again later: server and ledger as they were.
    push(store, settings, environ={"COCKPIT_CALDAV_PASSWORD": "right-password"})
    held = snapshot(ledger_file(store, settings))
    etags = {uid: c.etag for uid, c in reader.events().items()}
    bo = store.resolve("Bo Chen")
    bo.company = "Acme"
    store.update_contact(bo)
    failure(store, settings, environ={"COCKPIT_CALDAV_PASSWORD": "wrong-password"})
    assert snapshot(ledger_file(store, settings)) == held
    assert {uid: c.etag for uid, c in reader.events().items()} == etags


def test_the_password_comes_from_password_command(guarded: Radicale, db: Path) -> None:
    store = network(db)
    command = [sys.executable, "-c", "print('right-password'); print('second line')"]
    settings = caldav_settings(guarded.url, "ana", calendar="From a command",
                               password_command=tuple(command))
    summary = push(store, settings, environ={})
    assert summary.created == 5
    assert "From a command" in Reader(guarded.url, "ana", "right-password").calendars()


@pytest.mark.parametrize(("command", "expected"), [
    ((sys.executable, "-c", "import sys; print('secret-out'); sys.exit(3)"),
     "failed with exit status 3"),
    (("/nonexistent/pass", "show", "dav"), "'/nonexistent/pass' was not found"),
    ((sys.executable, "-c", "print()"), "printed no password"),
    ("pass 'unclosed", "cannot be read"),
])
def test_a_password_command_that_fails_is_one_line(guarded: Radicale, db: Path,
                                                   command: Any, expected: str) -> None:
    store = network(db)
    settings = caldav_settings(guarded.url, "ana", password_command=command)
    error = failure(store, settings, environ={})
    assert expected in str(error) and "secret-out" not in str(error)


def test_no_password_at_all_is_one_line(guarded: Radicale, db: Path) -> None:
    error = failure(network(db), caldav_settings(guarded.url, "ana"), environ={})
    assert "no password for ana" in str(error) and "COCKPIT_CALDAV_PASSWORD" in str(error)


def test_another_account_is_forbidden(guarded: Radicale, db: Path) -> None:
    error = failure(network(db), caldav_settings(guarded.url + "bo/", "ana"),
                    environ={"COCKPIT_CALDAV_PASSWORD": "right-password"})
    assert "403" in str(error) or "404" in str(error)


def test_no_configuration_is_one_line(db: Path) -> None:
    error = failure(network(db), Settings())
    assert "[calendar.caldav]" in str(error)


# ---------------------------------------------------------------------------- the network

def test_a_server_that_is_down(db: Path, tmp_path: Path) -> None:
    stopped = Radicale.start_in(tmp_path / "down")
    stopped.stop()
    error = failure(network(db), caldav_settings(stopped.url, "ana"))
    assert "connection refused" in str(error) and "127.0.0.1" in str(error)


def test_an_unknown_host(db: Path) -> None:
    error = failure(network(db), caldav_settings("http://cockpit-test.invalid/dav/", "ana",
                                                 timeout=5))
    assert "cannot find the server cockpit-test.invalid" in str(error)


def test_https_to_a_server_that_speaks_http(radicale: Radicale, db: Path) -> None:
    url = radicale.url.replace("http://", "https://")
    error = failure(network(db), caldav_settings(url, "ana", timeout=5))
    assert str(error).startswith("TLS error with 127.0.0.1")


def test_a_url_where_there_is_no_account(radicale: Radicale, db: Path) -> None:
    url = radicale.url + "nobody/deeper/"
    error = failure(network(db), caldav_settings(url, "nobody"))
    assert "404" in str(error) and url in str(error)


def test_a_server_that_never_answers(proxy: Proxy, user: str, db: Path) -> None:
    proxy.stall = True
    error = failure(network(db), caldav_settings(proxy.url, user, timeout=1))
    assert str(error) == "127.0.0.1 did not answer within 1 s"


def test_a_server_error_on_a_write_stops_the_push_with_one_line(proxy: Proxy, user: str,
                                                                db: Path) -> None:
    store = network(db)
    settings = caldav_settings(proxy.url, user)
    proxy.fail_writes = 507
    error = failure(store, settings)
    assert "failed with 507" in str(error) and "after 0 of 5 changes" in str(error)
    assert error.summary is not None and error.summary.created == 0
    proxy.fail_writes = None
    assert push(store, settings).created == 5


# ---------------------------------------------------------------------------- stopped mid-push

@pytest.fixture(params=[1, 4], ids=["one-at-a-time", "four-at-once"])
def workers(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Requests in flight at once. One at a time, where a failure strikes is exact; four
    at once, several requests are under way when it strikes: the next push must finish
    the job all the same."""
    monkeypatch.setattr(steps, "WORKERS", request.param)
    return int(request.param)


def test_the_server_stopped_mid_push_then_the_next_push_finishes(tmp_path: Path, db: Path,
                                                                 workers: int) -> None:
    server = Radicale.start_in(tmp_path / "stops")
    try:
        store = bigger_network(db)
        settings = caldav_settings(server.url, "ana")
        built = source.build(store, TODAY, settings, stamp=dt.datetime.now(dt.UTC))
        order = [s.event for s in plan.plan(built.events, {}).steps]
        pushed = next(e for e in order[:8] if e and e.reminder.summary.startswith("Follow up with Person"))
        never = next(e for e in order[16:] if e and e.reminder.summary.startswith("Follow up with Person"))

        def stop_after_eight(done: int, total: int) -> None:
            if done == 8:
                server.stop()

        error = failure(store, settings, progress=stop_after_eight)
        assert "next push finishes" in str(error) and error.summary is not None
        if workers == 1:
            assert "after 8 of 25 changes" in str(error) and error.summary.created == 8
        server.start()
        # Meanwhile: a follow-up pushed before the stop is done, one never pushed too.
        close_followups(store, [store.contact(e.reminder.contact_id).name for e in (pushed, never)])
        summary = push(store, settings)
        assert summary.failed == 0
        copies = Reader(server.url, "ana").events()  # asserts one object per UID
        assert set(copies) == want(store, settings)  # no leftovers, nothing missing
        assert pushed.uid not in copies and never.uid not in copies
        assert summary.removed == 1
        if workers == 1:
            assert (summary.created, summary.unchanged) == (25 - 8 - 1, 7)
        assert push(store, settings).unchanged == len(copies)
    finally:
        server.stop()


def test_answers_lost_after_the_server_did_the_work(proxy: Proxy, user: str, db: Path,
                                                   workers: int) -> None:
    """The connection drops after the server stored an event, before Cockpit hears so."""
    store = bigger_network(db)
    settings = caldav_settings(proxy.url, user)

    def drop_the_next_answer(done: int, total: int) -> None:
        if done == 3:
            proxy.drop_answers = 1

    error = failure(store, settings, progress=drop_the_next_answer)
    assert "connection to 127.0.0.1 dropped after " in str(error)
    reader = Reader(proxy.url, user)
    there = len(reader.events())
    if workers == 1:
        assert "after 3 of 25 changes" in str(error)
        assert there == 4  # the fourth is there, unacknowledged
    summary = push(store, settings)
    assert summary.failed == 0 and summary.created == 25 - there and summary.unchanged == there
    assert set(reader.events()) == want(store, settings)


def test_a_lost_answer_then_the_reminder_gone_leaves_nothing_behind(proxy: Proxy, user: str,
                                                                    db: Path) -> None:
    """The server stored a new event, the answer was lost, then its reminder went away:
    the next push must delete it, though the server never acknowledged making it."""
    steps.WORKERS, workers_before = 1, steps.WORKERS
    try:
        store = bigger_network(db)
        settings = caldav_settings(proxy.url, user)
        built = source.build(store, TODAY, settings, stamp=dt.datetime.now(dt.UTC))
        fourth = plan.plan(built.events, {}).steps[3].event
        assert fourth is not None

        def drop_the_fourth_answer(done: int, total: int) -> None:
            if done == 3:
                proxy.drop_answers = 1

        failure(store, settings, progress=drop_the_fourth_answer)
    finally:
        steps.WORKERS = workers_before
    reader = Reader(proxy.url, user)
    assert fourth.uid in reader.events()
    contact = store.contact(fourth.reminder.contact_id)  # every reminder of theirs goes
    contact.archived = True
    store.update_contact(contact)
    summary = push(store, settings)
    assert summary.failed == 0
    assert set(reader.events()) == want(store, settings)
    assert fourth.uid not in reader.events()


def test_another_push_under_way_is_one_line(radicale: Radicale, user: str, db: Path) -> None:
    from filelock import FileLock

    store = network(db)
    settings = caldav_settings(radicale.url, user)
    with FileLock(str(ledger_file(store, settings)) + ".lock"):
        error = failure(store, settings)
    assert "another push to this calendar is under way" in str(error)


def test_a_damaged_ledger_is_one_line_and_kept(radicale: Radicale, user: str, db: Path) -> None:
    store = network(db)
    settings = caldav_settings(radicale.url, user)
    path = ledger_file(store, settings)
    path.write_bytes(b"{damaged")
    error = failure(store, settings)
    assert "is damaged" in str(error) and path.read_bytes() == b"{damaged"


def test_damaged_ledger_entries_are_checked_again_not_duplicated(radicale: Radicale, user: str,
                                                                 db: Path) -> None:
    import orjson

    store = network(db)
    settings = caldav_settings(radicale.url, user)
    push(store, settings)
    path = ledger_file(store, settings)
    data = orjson.loads(path.read_bytes())
    uid = next(iter(data["events"]))
    data["events"][uid] = ["x", 2**31, None, None, None]  # nonsense
    path.write_bytes(orjson.dumps(data))
    summary = push(store, settings)
    assert summary.failed == 0 and summary.unchanged == 5 and summary.warnings
    assert "1 damaged entries" in summary.warnings[0]
    assert set(Reader(radicale.url, user).events()) == want(store, settings)


def test_uids_of_helper_sees_the_network(radicale: Radicale, user: str, db: Path) -> None:
    store = network(db)
    assert len(uids_of(store, caldav_settings(radicale.url, user), "Bo Chen")) == 3


def test_a_lost_ledger_is_rebuilt_from_the_calendar_without_sending_again(
        proxy: Proxy, user: str, db: Path) -> None:
    """Many events to create that the calendar already holds: listed and read in bulk,
    recognised as Cockpit's, recorded; one edited there meanwhile is reported."""
    store = bigger_network(db, extra=55)
    settings = caldav_settings(proxy.url, user)
    first = push(store, settings)
    assert first.created == 60
    reader = Reader(proxy.url, user)
    (edited,) = uids_of(store, settings, "Follow up with Person 07")
    reader.edit(edited, "Lunch with Person 07, planned by hand")
    ledger_file(store, settings).unlink()
    proxy.methods.clear()
    summary = push(store, settings)
    assert (summary.created, summary.updated, summary.removed) == (0, 0, 0)
    assert summary.unchanged == 59 and summary.failed == 1
    assert "Person 07" in summary.failures[0] and "not overwritten" in summary.failures[0]
    assert proxy.methods.count("PUT") == 1  # only the edited one was tried (If-None-Match)
    assert proxy.methods.count("REPORT") == 1 and "DELETE" not in proxy.methods
    assert reader.events()[edited].summary == "Lunch with Person 07, planned by hand"
    assert push(store, settings).unchanged == 59  # the ledger is whole again


def test_a_login_scheme_remembered_wrongly_is_negotiated_again(guarded: Radicale,
                                                               db: Path) -> None:
    import orjson

    store = network(db)
    settings = caldav_settings(guarded.url, "bo", calendar="Schemes")
    env = {"COCKPIT_CALDAV_PASSWORD": "bo-password"}
    push(store, settings, environ=env)
    path = ledger_file(store, settings)
    data = orjson.loads(path.read_bytes())
    assert data["auth"] == "basic"  # learnt from the server, to skip its 401 next time
    data["auth"] = "digest"  # as if the server had asked for Digest last time
    path.write_bytes(orjson.dumps(data))
    summary = push(store, settings, environ=env)
    assert summary.failed == 0 and summary.unchanged == 5
    assert orjson.loads(path.read_bytes())["auth"] == "basic"


KILLED_PUSH = r"""
import datetime as dt, os, signal, sys
from cockpit.calendar import steps
from cockpit.calendar.push import push_calendar
from cockpit.settings import CaldavSettings, Settings
from cockpit.store import Store

steps.WORKERS = int(sys.argv[4])

def die(done, total):
    if done == int(sys.argv[3]):
        os.kill(os.getpid(), signal.SIGKILL)  # no clean-up of any kind

settings = Settings(caldav=CaldavSettings(url=sys.argv[2], username=sys.argv[5]))
push_calendar(Store(sys.argv[1]), dt.date(2026, 11, 22), settings, progress=die,
              environ={"COCKPIT_CALDAV_PASSWORD": "x"})
"""


def test_a_push_killed_mid_way_leaves_a_ledger_the_next_push_can_finish(
        proxy: Proxy, user: str, db: Path, workers: int) -> None:
    """kill -9 after 6 acknowledged requests: the ledger saved before the batch marks them
    as sent, so the next push recognises them, and deletes one whose reminder went."""
    import signal
    import subprocess

    store = bigger_network(db)
    settings = caldav_settings(proxy.url, user)
    proc = subprocess.run([sys.executable, "-c", KILLED_PUSH, str(db), proxy.url, "6",
                           str(workers), user], capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL
    reader = Reader(proxy.url, user)
    there = reader.events()
    # Four at once: more may have been made before the kill than were counted.
    assert len(there) == 6 if workers == 1 else len(there) >= 6
    gone = next(uid for uid in there if uid in uids_of(store, settings, "Follow up with"))
    person = next(c for c in store.contacts()
                  if gone in uids_of(store, settings, f"Follow up with {c.name}:"))
    close_followups(store, [person.name])
    proxy.methods.clear()
    summary = push(Store(db), settings)
    assert summary.failed == 0
    assert set(reader.events()) == want(store, settings)
    # On the server: all but one recognised as Cockpit's (unanswered), 1 deleted.
    assert (summary.removed, summary.unchanged) == (1, len(there) - 1)
    assert summary.created == 25 - len(there)
    assert "MKCALENDAR" not in proxy.methods

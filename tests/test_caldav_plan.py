"""The pure part of a push (no server): which events to send, what an event means, ledgers."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cockpit import ical
from cockpit.calendar import ledger, plan
from cockpit.calendar.errors import PushError
from cockpit.calendar.plan import CREATE, DELETE, UPDATE, Held
from cockpit.model import Birthday, Contact, FollowUp, Origin
from cockpit.settings import Settings
from cockpit.store import Store

TODAY = dt.date(2026, 11, 22)
STAMP = dt.datetime(2026, 11, 22, 7, 0, tzinfo=dt.UTC)


def built(*, name: str = "Ana Ruiz", reason: str = "thank them",
          stamp: dt.datetime = STAMP) -> ical.CalendarExport:
    ana = Contact(name, birthday=Birthday(2, 29, 1988), tie="occasional")
    ana.id = "ana"
    bo = Contact("Bo Chen", birthday=Birthday(12, 31, None), tie="occasional")
    bo.id = "bo"
    fus = [FollowUp(ana.id, TODAY, reason, origin=Origin.MANUAL.value),
           FollowUp(bo.id, TODAY + dt.timedelta(days=2), "call", origin=Origin.MANUAL.value)]
    for i, f in enumerate(fus):
        f.id = f"f{i}"
    return ical.build([ana, bo], fus, [], [], TODAY, Settings(), stamp=stamp)


def acked(export: ical.CalendarExport) -> dict[str, Held]:
    return {e.uid: Held(e.fingerprint, f'"{e.uid}"', "m") for e in export.events}


# ---------------------------------------------------------------------------- plan

def test_an_empty_ledger_creates_every_event() -> None:
    export = built()
    todo = plan.plan(export.events, {})
    assert [s.action for s in todo.steps] == [CREATE] * 4
    assert {s.uid for s in todo.creates} == {e.uid for e in export.events}
    assert todo.unchanged == 0 and len(todo) == 4


def test_nothing_changed_sends_nothing() -> None:
    export = built()
    later = built(stamp=STAMP + dt.timedelta(days=1))  # only DTSTAMP differs
    todo = plan.plan(later.events, acked(export))
    assert todo.steps == [] and todo.unchanged == 4


def test_a_changed_event_is_an_update_with_what_the_ledger_knew() -> None:
    before = built()
    after = built(reason="send the slides")
    held = acked(before)
    todo = plan.plan(after.events, held)
    assert [s.action for s in todo.steps] == [UPDATE]
    step = todo.updates[0]
    assert step.event is not None and "send the slides" in step.event.reminder.summary
    assert step.held is held[step.uid]
    assert todo.unchanged == 3


def test_a_reminder_gone_is_deleted_and_nothing_else_is() -> None:
    before = built()
    held = acked(before)
    gone = next(e for e in before.events if "Bo Chen: call" in e.reminder.summary)
    todo = plan.plan([e for e in before.events if e is not gone], held)
    assert [(s.action, s.uid) for s in todo.steps] == [(DELETE, gone.uid)]
    assert todo.deletes[0].event is None


def test_events_cockpit_did_not_make_are_never_in_a_plan() -> None:
    """Deletion works from the ledger only: an unknown UID can never be deleted."""
    export = built()
    held = acked(export)
    todo = plan.plan([], held)
    assert {s.uid for s in todo.deletes} == set(held)
    assert all(s.action == DELETE for s in todo.steps)


def test_an_unanswered_request_is_checked_even_when_the_content_is_the_same() -> None:
    export = built()
    held = acked(export)
    first = export.events[0]
    held[first.uid].sent = first.fingerprint  # sent, answer lost
    never = export.events[1]
    held[never.uid] = Held(sent=never.fingerprint)  # a create whose answer never came
    todo = plan.plan(export.events, held)
    assert [(s.action, s.uid) for s in todo.updates] == [(UPDATE, first.uid)]
    assert [(s.action, s.uid) for s in todo.creates] == [(CREATE, never.uid)]


def test_href_is_the_uid() -> None:
    assert plan.href("6f0c1f8e-5b7a-5c1e-9a3d-2f4b8c6d0e17") == "6f0c1f8e-5b7a-5c1e-9a3d-2f4b8c6d0e17.ics"
    assert plan.href("a/b c") == "a%2Fb%20c.ics"


def test_file_changes_compare_with_the_same_file_only() -> None:
    before = built()
    after = built(reason="send the slides")
    assert plan.file_changes(after.events, None) == plan.FileChanges(4, 0, 0)
    old = {e.uid: e.fingerprint for e in before.events}
    old["gone"] = "x"
    assert plan.file_changes(after.events, old) == plan.FileChanges(0, 1, 1)


# ---------------------------------------------------------------------------- meaning

def test_meaning_ignores_what_servers_rewrite() -> None:
    event = built().events[0]
    ours = ical.calendar_object(event)
    text = ours.decode().replace("\r\n ", "")  # unfolded
    lines = text.split("\r\n")
    head = lines[: lines.index("BEGIN:VEVENT") + 1]
    body = lines[lines.index("BEGIN:VEVENT") + 1: lines.index("BEGIN:VALARM")]
    rest = lines[lines.index("BEGIN:VALARM"):]
    shuffled = [ln for ln in reversed(body) if not ln.startswith(("DTSTAMP", "SEQUENCE"))]
    # Radicale reorders properties, servers set their own DTSTAMP, SEQUENCE, CREATED;
    # clients add X- properties (Thunderbird's alarm acknowledgement); lines unfolded, LF.
    rewritten = "\n".join(head + shuffled + ["DTSTAMP:20300101T000000Z", "SEQUENCE:7",
                                             "X-MOZ-LASTACK:20300101T000000Z",
                                             "CREATED:20300101T000000Z"] + rest)
    assert plan.meaning(rewritten.encode()) == plan.meaning(ours)
    assert plan.meaning(ours) is not None


def test_meaning_ignores_what_clients_add_to_alarms() -> None:
    ours = ical.calendar_object(built().events[0])
    seen = ours.replace(b"END:VALARM", b"ACKNOWLEDGED:20261122T080500Z\r\nUID:alarm-1\r\n"
                                       b"X-WR-ALARMUID:alarm-1\r\nEND:VALARM")
    apple = ours.replace(b"END:VEVENT", b"BEGIN:VALARM\r\nX-APPLE-DEFAULT-ALARM:TRUE\r\n"
                                        b"ACTION:AUDIO\r\nTRIGGER:-PT15H\r\nEND:VALARM\r\n"
                                        b"END:VEVENT")
    assert plan.meaning(seen) == plan.meaning(apple) == plan.meaning(ours)
    another = ours.replace(b"END:VEVENT", b"BEGIN:VALARM\r\nACTION:DISPLAY\r\n"
                                          b"TRIGGER:-PT15M\r\nDESCRIPTION:x\r\nEND:VALARM\r\n"
                                          b"END:VEVENT")
    assert plan.meaning(another) != plan.meaning(ours)  # an alarm someone added is a change


@pytest.mark.parametrize("edit", [
    ("SUMMARY:", "SUMMARY:Coffee with "),
    ("TRIGGER:PT8H", "TRIGGER:PT9H"),
    ("DTSTART;VALUE=DATE:2026", "DTSTART;VALUE=DATE:2027"),
])
def test_meaning_sees_an_edit(edit: tuple[str, str]) -> None:
    ours = ical.calendar_object(built().events[0])
    edited = ours.replace(edit[0].encode(), edit[1].encode(), 1)
    assert edited != ours
    assert plan.meaning(edited) != plan.meaning(ours)


def test_meaning_of_something_that_is_not_an_event_is_none() -> None:
    assert plan.meaning(b"not a calendar") is None
    assert plan.meaning(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n") is None


def test_a_calendar_object_is_one_event_without_method() -> None:
    import icalendar

    event = built().events[0]
    data = ical.calendar_object(event)
    cal = icalendar.Calendar.from_ical(data)
    assert [str(e["UID"]) for e in cal.walk("VEVENT")] == [event.uid]
    assert "METHOD" not in cal and str(cal["PRODID"]) == ical.PRODID
    assert len(cal.walk("VALARM")) == 1
    assert event.vevent() in data


# ---------------------------------------------------------------------------- ledgers

def test_a_caldav_ledger_round_trips(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.json")
    key = ledger.caldav_key("https://dav.example.com/", "ana", "Cockpit")
    path = ledger.caldav_ledger_path(store, key)
    book = ledger.load_caldav_ledger(path, key)
    assert book.events == {} and book.calendar_url is None
    book.calendar_url, book.auth = "https://dav.example.com/ana/c/", "basic"
    book.events["u1"] = Held("f" * 24, '"e1"', "m" * 24)
    book.events["u2"] = Held(None, None, None, "f" * 24, "m" * 24)
    ledger.save_caldav_ledger(path, book)
    again = ledger.load_caldav_ledger(path, key)
    assert again.events == book.events and again.calendar_url == book.calendar_url
    assert again.auth == "basic" and again.dropped == 0
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    other = ledger.caldav_key("https://dav.example.com/", "bo", "Cockpit")
    assert ledger.caldav_ledger_path(store, other) != path


def test_damaged_entries_are_dropped_one_by_one(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.json")
    key = ledger.caldav_key("https://dav.example.com/", "ana", "Cockpit")
    path = ledger.caldav_ledger_path(store, key)
    path.write_bytes(orjson.dumps({"version": 1, "destination": key, "calendar_url": None,
                                   "auth": None, "events": {
                                       "good": ["f", '"e"', "m", None, None],
                                       "short": ["f", '"e"'],
                                       "number": [5, '"e"', "m", None, None],
                                       "newline-etag": ["f", '"e"\n', "m", None, None],
                                       "empty": [None, None, None, None, None],
                                       "": ["f", '"e"', "m", None, None]}}))
    book = ledger.load_caldav_ledger(path, key)
    assert set(book.events) == {"good"} and book.dropped == 5


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b'{"version": 9, "events": {}}',
                                     b'{"version": 1, "events": [], "calendar_url": null}'])
def test_a_damaged_caldav_ledger_is_refused_with_one_line(tmp_path: Path, content: bytes) -> None:
    store = Store(tmp_path / "c.json")
    key = ledger.caldav_key("https://dav.example.com/", "ana", "Cockpit")
    path = ledger.caldav_ledger_path(store, key)
    path.write_bytes(content)
    with pytest.raises(PushError) as info:
        ledger.load_caldav_ledger(path, key)
    assert "\n" not in str(info.value) and str(path) in str(info.value)
    assert path.read_bytes() == content  # kept for the user to look at


def test_a_ledger_of_another_destination_is_not_applied(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.json")
    key = ledger.caldav_key("https://dav.example.com/", "ana", "Cockpit")
    path = ledger.caldav_ledger_path(store, key)
    path.write_bytes(orjson.dumps({"version": 1, "destination": {"url": "elsewhere"},
                                   "calendar_url": "https://x/", "auth": None,
                                   "events": {"u": ["f", '"e"', "m", None, None]}}))
    book = ledger.load_caldav_ledger(path, key)
    assert book.events == {} and book.calendar_url is None


def test_revisions_with_out_of_range_values_are_reset_not_a_traceback() -> None:
    """Issue 13, item 15: SEQUENCE 2147483647 (or worse) in a ledger."""
    data = {"version": 1, "events": {
        "top": ["f", 2**31 - 1, 1_700_000_000], "over": ["f", 2**40, 1_700_000_000],
        "negative": ["f", -1, 1_700_000_000], "far": ["f", 1, 10**12],
        "before-1970": ["f", 1, -10**10], "bool": ["f", True, 1_700_000_000],
        "fine": ["f", 2**31 - 2, 1_700_000_000]}}
    revisions = ical.ledger_from_json(data)
    assert set(revisions) == {"fine"}
    assert revisions["fine"].sequence == 2**31 - 2


# ---------------------------------------------------------------------------- purity

def test_the_plan_is_pure() -> None:
    probe = ("import sys, json, cockpit.calendar.plan\n"
             "print(json.dumps(sorted(m.split('.')[0] for m in sys.modules)))")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60)
    loaded = set(json.loads(proc.stdout))
    assert not loaded & {"textual", "rich", "click", "caldav", "niquests", "tinydb"}
    source = Path(plan.__file__).read_text()
    assert "now(" not in source and "today(" not in source and "open(" not in source


# Hostile text: controls, escapes, line breaks, markup-like brackets, commas, semicolons.
_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=120)


@settings(max_examples=150, deadline=None)
@given(summary=_TEXT, description=_TEXT)
def test_meaning_survives_another_serialiser_and_tells_texts_apart(summary: str,
                                                                   description: str) -> None:
    import icalendar

    def one(title: str) -> bytes:
        reminder = ical.Reminder("u-1", ical.FOLLOWUP, title, description, TODAY)
        return ical.calendar_object(ical.serialize([reminder], Settings(), STAMP).events[0])

    ours = one(summary)
    rewritten = icalendar.Calendar.from_ical(ours).to_ical()
    assert plan.meaning(ours) is not None
    assert plan.meaning(rewritten) == plan.meaning(ours)
    assert plan.meaning(one(summary + "x")) != plan.meaning(ours)

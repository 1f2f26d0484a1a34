"""The pure calendar builder (cockpit.ical): what goes in, and that every parser reads it right.

Each export is parsed back with icalendar (no component may carry parse errors) and with
the strict `ical` package; recurrences are expanded with recurring-ical-events (dateutil)
and with `ical`'s own timeline, so a birthday must land on the right day in both.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable

import icalendar
import pytest
import recurring_ical_events
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream
from icalendar.parser import Contentline

from cockpit import agenda, ical
from cockpit.model import Ask, Birthday, Contact, FollowUp, FollowUpState, Note, Origin
from cockpit.settings import Settings

TODAY = dt.date(2026, 11, 22)
STAMP = dt.datetime(2026, 11, 22, 7, 30, tzinfo=dt.UTC)
INJECTION = "\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:INJECTED"


def person(name: str, **kw: object) -> Contact:
    """A contact with a long cadence, so no cadence follow-up shows up unless a test wants it."""
    kw.setdefault("tie", "occasional")
    kw.setdefault("created", dt.datetime(2026, 11, 1, 9, 0))
    kw.setdefault("updated", dt.datetime(2026, 11, 1, 9, 0))
    return Contact(name, **kw)  # type: ignore[arg-type]


def export(contacts: Iterable[Contact] = (), followups: Iterable[FollowUp] = (),
           asks: Iterable[Ask] = (), notes: Iterable[Note] = (), *, today: dt.date = TODAY,
           settings: Settings | None = None, days: int | None = None,
           stamp: dt.datetime = STAMP, ledger: ical.Ledger | None = None) -> ical.CalendarExport:
    return ical.build(list(contacts), list(followups), list(asks), list(notes), today,
                      settings or Settings(), stamp=stamp, days=days, ledger=ledger)


def parse(data: bytes) -> icalendar.Calendar:
    """Parse with icalendar and with the strict `ical` package; no errors anywhere."""
    cal = icalendar.Calendar.from_ical(data)
    for component in cal.walk():
        assert component.errors == [], (component.name, component.errors)
    strict = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    assert len(strict.events) == len(cal.walk("VEVENT"))
    assert strict.todos == []
    return cal


def events(data: bytes) -> list[icalendar.Event]:
    return list(parse(data).walk("VEVENT"))


def by_summary(data: bytes, fragment: str) -> icalendar.Event:
    found = [e for e in events(data) if fragment in str(e["SUMMARY"])]
    assert len(found) == 1, [str(e["SUMMARY"]) for e in events(data)]
    return found[0]


def occurrences(data: bytes, start: dt.date, end: dt.date) -> list[dt.date]:
    """Days of all occurrences in [start, end), expanded by recurring-ical-events (dateutil)."""
    cal = icalendar.Calendar.from_ical(data)
    return sorted(e["DTSTART"].dt for e in recurring_ical_events.of(cal).between(start, end))


def strict_occurrences(data: bytes, start: dt.date, end: dt.date) -> list[dt.date]:
    """The same, expanded by the strict `ical` package's own recurrence engine."""
    cal = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    return sorted(e.dtstart for e in cal.timeline.overlapping(start, end))


def unfolded(data: bytes) -> str:
    return data.decode("utf-8").replace("\r\n ", "")


# ---------------------------------------------------------------------------- the calendar

def test_calendar_header_names_cockpit_and_parses_in_both_parsers() -> None:
    result = export([person("Ana Ruiz", birthday=Birthday(5, 17, 1990))])
    cal = parse(result.data)
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]) == ical.PRODID
    assert str(cal["X-WR-CALNAME"]) == "Cockpit"
    assert str(cal["NAME"]) == "Cockpit"
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT12H" in unfolded(result.data)
    assert result.data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert result.data.endswith(b"END:VCALENDAR\r\n")
    # Content lines end in CRLF and none is longer than 75 octets.
    for line in result.data.split(b"\r\n"):
        assert b"\n" not in line and b"\r" not in line
        assert len(line) <= 75


def test_empty_database_is_a_valid_empty_calendar() -> None:
    result = export()
    assert events(result.data) == []
    assert result.total == 0


def test_no_vtodo_ever() -> None:
    c = person("Ana Ruiz", birthday=Birthday(1, 2, 1980))
    fu = FollowUp(c.id, TODAY, "coffee", origin=Origin.MANUAL.value)
    ask = Ask(c.id, "an intro to Globex", TODAY - dt.timedelta(days=3))
    data = export([c], [fu], [ask], settings=Settings(network_days={"linkedin": "monday"})).data
    assert b"VTODO" not in data
    assert len(events(data)) == 4


def test_every_event_is_all_day_transparent_private_with_a_stable_uuid5() -> None:
    c = person("Ana Ruiz", birthday=Birthday(5, 17, 1990))
    fu = FollowUp(c.id, TODAY + dt.timedelta(days=2), "coffee", origin=Origin.MANUAL.value)
    data = export([c], [fu]).data
    text = unfolded(data)
    uids = [str(e["UID"]) for e in events(data)]
    assert len(uids) == len(set(uids)) == 2
    for uid in uids:
        assert uuid.UUID(uid).version == 5
    assert ical.uid_for(c.id, "birthday") in uids
    for e in events(data):
        assert isinstance(e["DTSTART"].dt, dt.date) and not isinstance(e["DTSTART"].dt, dt.datetime)
        assert e["DTEND"].dt == e["DTSTART"].dt + dt.timedelta(days=1)
        assert str(e["TRANSP"]) == "TRANSPARENT"
        assert str(e["CLASS"]) == "PRIVATE"
        assert e["DTSTAMP"].dt == STAMP
    assert text.count("DTSTART;VALUE=DATE:") == 2


def test_uid_for_is_uuid5_of_the_joined_parts() -> None:
    for parts in [("a", "birthday"), ("network-day", "linkedin"), ("Núria 😀", "x", "y")]:
        assert ical.uid_for(*parts) == str(uuid.uuid5(ical.UID_NAMESPACE, "/".join(parts)))


# ---------------------------------------------------------------------------- birthdays

def test_29_february_lands_on_28_february_in_common_years_by_default() -> None:
    c = person("Leap Day", birthday=Birthday(2, 29, 1988))
    data = export([c]).data
    event = by_summary(data, "Leap Day")
    assert "RRULE:FREQ=YEARLY;BYMONTHDAY=-1;BYMONTH=2" in unfolded(data)
    rule = event["RRULE"]
    assert rule["FREQ"] == ["YEARLY"] and rule["BYMONTH"] == [2] and rule["BYMONTHDAY"] == [-1]
    for expand in (occurrences, strict_occurrences):
        days = expand(data, dt.date(2027, 1, 1), dt.date(2029, 1, 1))
        assert days == [dt.date(2027, 2, 28), dt.date(2028, 2, 29)]
        assert expand(data, dt.date(2100, 1, 1), dt.date(2101, 1, 1)) == [dt.date(2100, 2, 28)]


def test_29_february_lands_on_1_march_in_common_years_with_the_mar1_setting() -> None:
    c = person("Leap Day", birthday=Birthday(2, 29, 1988))
    data = export([c], settings=Settings(feb29="mar1")).data
    assert "RRULE:FREQ=YEARLY;BYYEARDAY=60" in unfolded(data)
    for expand in (occurrences, strict_occurrences):
        days = expand(data, dt.date(2027, 1, 1), dt.date(2029, 1, 1))
        assert days == [dt.date(2027, 3, 1), dt.date(2028, 2, 29)]
        assert expand(data, dt.date(2100, 1, 1), dt.date(2101, 1, 1)) == [dt.date(2100, 3, 1)]


@pytest.mark.parametrize("rule", ["feb28", "mar1"])
def test_29_february_appears_exactly_once_every_year(rule: str) -> None:
    c = person("Leap Day", birthday=Birthday(2, 29, None))
    s = Settings(feb29=rule)
    data = export([c], settings=s).data
    days = occurrences(data, dt.date(2026, 1, 1), dt.date(2046, 1, 1))
    assert [d.year for d in days] == list(range(2026, 2046))
    assert days == [agenda.celebrated_on(c.birthday, y, s) for y in range(2026, 2046)]  # type: ignore[arg-type]
    assert strict_occurrences(data, dt.date(2026, 1, 1), dt.date(2046, 1, 1)) == days


def test_31_december_birthday_across_the_year_boundary() -> None:
    eve = person("Nochevieja", birthday=Birthday(12, 31, 1979))
    new_year = person("Año Nuevo", birthday=Birthday(1, 1, None))
    data = export([eve, new_year]).data
    window = (dt.date(2026, 12, 30), dt.date(2027, 1, 3))
    assert occurrences(data, *window) == [dt.date(2026, 12, 31), dt.date(2027, 1, 1)]
    assert strict_occurrences(data, *window) == [dt.date(2026, 12, 31), dt.date(2027, 1, 1)]
    assert occurrences(data, dt.date(2027, 12, 31), dt.date(2028, 1, 1)) == [dt.date(2027, 12, 31)]


def test_a_birthday_without_a_year_recurs_and_never_shows_an_age() -> None:
    c = person("Sin Año", birthday=Birthday(7, 14, None))
    data = export([c]).data
    event = by_summary(data, "Sin Año")
    assert event["DTSTART"].dt == dt.date(ical.BIRTHDAY_START_YEAR, 7, 14)
    assert occurrences(data, dt.date(2026, 1, 1), dt.date(2031, 1, 1)) == [
        dt.date(y, 7, 14) for y in range(2026, 2031)]
    assert "unknown" in str(event["DESCRIPTION"])
    assert not re.search(r"\d", str(event["SUMMARY"]))


def test_a_birthday_summary_never_carries_an_age_even_when_the_year_is_known() -> None:
    c = person("Con Año", birthday=Birthday(3, 4, 1988))
    event = by_summary(export([c]).data, "Con Año")
    assert not re.search(r"\d", str(event["SUMMARY"]))
    assert "1988" in str(event["DESCRIPTION"])
    assert str(event["TRANSP"]) == "TRANSPARENT"
    assert event["RRULE"]["FREQ"] == ["YEARLY"]


def test_a_birthday_never_shows_before_the_person_was_born() -> None:
    young = person("Young", birthday=Birthday(6, 1, 2012))
    data = export([young]).data
    assert by_summary(data, "Young")["DTSTART"].dt == dt.date(2012, 6, 1)
    assert occurrences(data, dt.date(2005, 1, 1), dt.date(2013, 1, 1)) == [dt.date(2012, 6, 1)]


def test_archived_contacts_have_no_events() -> None:
    gone = person("Archived", birthday=Birthday(5, 5, None), archived=True)
    fu = FollowUp(gone.id, TODAY, "x", origin=Origin.MANUAL.value)
    assert events(export([gone], [fu]).data) == []


@hsettings(max_examples=40, deadline=None)
@given(day=st.dates(dt.date(1904, 1, 1), dt.date(2024, 12, 31)),
       known=st.booleans(), rule=st.sampled_from(["feb28", "mar1"]))
def test_every_birthday_lands_where_the_agenda_celebrates_it(day: dt.date, known: bool,
                                                              rule: str) -> None:
    b = Birthday(day.month, day.day, day.year if known else None)
    s = Settings(feb29=rule)
    data = export([person("Any", birthday=b)], settings=s).data
    years = range(2026, 2034)
    expected = [agenda.celebrated_on(b, y, s) for y in years]
    assert occurrences(data, dt.date(2026, 1, 1), dt.date(2034, 1, 1)) == expected


# ---------------------------------------------------------------------------- follow-ups

def test_a_follow_up_is_on_its_due_day_and_an_overdue_one_on_today() -> None:
    soon = person("Soon")
    late = person("Late")
    far = person("Far")
    fus = [FollowUp(soon.id, TODAY + dt.timedelta(days=5), "send the deck", origin=Origin.MANUAL.value),
           FollowUp(late.id, TODAY - dt.timedelta(days=4), "", origin=Origin.MET_IN_PERSON.value),
           FollowUp(far.id, TODAY + dt.timedelta(days=31), "later", origin=Origin.MANUAL.value)]
    data = export([soon, late, far], fus).data
    assert by_summary(data, "Soon")["DTSTART"].dt == TODAY + dt.timedelta(days=5)
    assert occurrences(data, TODAY + dt.timedelta(days=5), TODAY + dt.timedelta(days=6)) == [
        TODAY + dt.timedelta(days=5)]
    overdue = by_summary(data, "Late")
    assert overdue["DTSTART"].dt == TODAY
    assert "overdue" in str(overdue["DESCRIPTION"])
    assert "P1" in str(overdue["DESCRIPTION"])
    assert [e for e in events(data) if "Far" in str(e["SUMMARY"])] == []
    # --days widens the horizon.
    data = export([soon, late, far], fus, days=40).data
    assert by_summary(data, "Far")["DTSTART"].dt == TODAY + dt.timedelta(days=31)


def test_done_follow_ups_are_left_out_and_snoozed_ones_move() -> None:
    a, b = person("Done One"), person("Snoozed One")
    fus = [FollowUp(a.id, TODAY, "x", origin=Origin.MANUAL.value, state=FollowUpState.DONE.value),
           FollowUp(b.id, TODAY - dt.timedelta(days=2), "y", origin=Origin.MANUAL.value,
                    state=FollowUpState.SNOOZED.value, snoozed_until=TODAY + dt.timedelta(days=3))]
    data = export([a, b], fus).data
    assert [str(e["SUMMARY"]) for e in events(data)] == ["Follow up with Snoozed One: y"]
    assert by_summary(data, "Snoozed")["DTSTART"].dt == TODAY + dt.timedelta(days=3)


def test_every_origin_is_exported_with_its_context() -> None:
    met = person("Met Person", met_at="PyCon ES, Bilbao", met_on=TODAY - dt.timedelta(days=1),
                 how_met="in-person", company="Acme; Corp", role="CTO")
    cadence = person("Cadence Person", tie="close",
                     seen={"message": TODAY - dt.timedelta(days=40)})
    invited = person("Invited Person", seen={"invite-sent": TODAY - dt.timedelta(days=20)})
    manual = person("Manual Person")
    fus = [FollowUp(met.id, TODAY, "thank them", origin=Origin.MET_IN_PERSON.value),
           FollowUp(manual.id, TODAY + dt.timedelta(days=1), "call back", origin=Origin.MANUAL.value)]
    notes = [Note(met.id, "old note", TODAY - dt.timedelta(days=30)),
             Note(met.id, "Talked about Rust, async; wants the slides", TODAY - dt.timedelta(days=1))]
    result = export([met, cadence, invited, manual], fus, notes=notes)
    assert result.counts[ical.FOLLOWUP] == 4
    desc = str(by_summary(result.data, "Met Person")["DESCRIPTION"])
    assert "PyCon ES, Bilbao" in desc
    assert "CTO at Acme; Corp" in desc
    assert "No interaction logged yet" in desc
    assert "Talked about Rust, async; wants the slides" in desc
    assert "old note" not in desc
    cad = by_summary(result.data, "Cadence Person")
    assert cad["DTSTART"].dt == TODAY  # 40 days since, 30-day cadence: overdue
    assert "every 30 days" in str(cad["SUMMARY"])
    assert f"Last interaction: {(TODAY - dt.timedelta(days=40)).isoformat()}" in str(cad["DESCRIPTION"])
    inv = by_summary(result.data, "Invited Person")
    assert inv["DTSTART"].dt == TODAY  # sent 20 days ago, nudged after 14: overdue
    assert "due 2026-11-16: overdue" in str(inv["DESCRIPTION"])
    assert "invitation" in str(inv["SUMMARY"])
    assert by_summary(result.data, "Manual Person")["DTSTART"].dt == TODAY + dt.timedelta(days=1)


def test_a_cadence_event_does_not_change_by_itself_from_one_day_to_the_next() -> None:
    c = person("Steady", tie="close", seen={"call": TODAY - dt.timedelta(days=10)})
    one = export([c], days=60)
    two = export([c], days=60, today=TODAY + dt.timedelta(days=1), ledger=one.ledger)
    assert two.changed == 0 and two.new == 0


# ---------------------------------------------------------------------------- engagement

def test_an_ask_shows_its_next_step_the_day_after_the_last_one() -> None:
    created = TODAY - dt.timedelta(days=10)
    c = person("Asked", seen={"like": TODAY - dt.timedelta(days=1)})
    ask = Ask(c.id, "an intro to Globex", created, offer="my notes on their API")
    event = by_summary(export([c], asks=[ask]).data, "Asked")
    assert event["DTSTART"].dt == TODAY  # liked yesterday: comment today
    assert "comment" in str(event["SUMMARY"])
    assert "✓ like → comment → share" in str(event["DESCRIPTION"])
    assert "my notes on their API" in str(event["DESCRIPTION"])

    c2 = person("Fresh", seen={"like": TODAY})
    ask2 = Ask(c2.id, "coffee", TODAY)
    assert by_summary(export([c2], asks=[ask2]).data, "Fresh")["DTSTART"].dt == \
        TODAY + dt.timedelta(days=1)

    c3 = person("Untouched")
    ask3 = Ask(c3.id, "advice", created)
    assert by_summary(export([c3], asks=[ask3]).data, "Untouched")["DTSTART"].dt == TODAY


def test_a_complete_ladder_is_ready_to_ask_and_keeps_its_uid() -> None:
    created = TODAY - dt.timedelta(days=10)
    c = person("Ladder", seen={"like": TODAY - dt.timedelta(days=3)})
    ask = Ask(c.id, "a referral", created)
    before = by_summary(export([c], asks=[ask]).data, "Ladder")
    c.seen.update({"comment": TODAY - dt.timedelta(days=2), "share": TODAY})
    after = by_summary(export([c], asks=[ask]).data, "Ladder")
    assert str(after["SUMMARY"]) == "Ready to ask Ladder: a referral"
    assert after["DTSTART"].dt == TODAY + dt.timedelta(days=1)
    assert str(after["UID"]) == str(before["UID"])
    done = Ask(c.id, "done already", created, state="done")
    assert [e for e in events(export([c], asks=[done]).data)] == []


# ---------------------------------------------------------------------------- network days

def test_network_days_are_off_by_default() -> None:
    assert export([person("Anyone")]).counts[ical.NETWORK_DAY] == 0


def test_a_network_day_is_a_weekly_event_on_the_configured_day() -> None:
    s = Settings(network_days={"linkedin": "tuesday", "mastodon": "friday"})
    data = export(settings=s).data
    event = by_summary(data, "LinkedIn")
    assert event["RRULE"]["FREQ"] == ["WEEKLY"] and event["RRULE"]["BYDAY"] == ["TU"]
    days = occurrences(data, dt.date(2026, 11, 23), dt.date(2026, 12, 7))
    assert [d.strftime("%a") for d in days] == ["Tue", "Fri", "Tue", "Fri"]
    assert strict_occurrences(data, dt.date(2026, 11, 23), dt.date(2026, 12, 7)) == days
    assert event["UID"] == ical.uid_for("network-day", "linkedin")


# ---------------------------------------------------------------------------- alarms

def test_each_event_has_a_display_alarm_on_the_morning_of_its_day() -> None:
    c = person("Ana", birthday=Birthday(5, 17, None))
    fu = FollowUp(c.id, TODAY, "x", origin=Origin.MANUAL.value)
    data = export([c], [fu]).data
    for event in events(data):
        alarms = event.walk("VALARM")
        assert len(alarms) == 1
        assert str(alarms[0]["ACTION"]) == "DISPLAY"
        assert str(alarms[0]["DESCRIPTION"])
        assert alarms[0]["TRIGGER"].dt == dt.timedelta(hours=8)
    strict = IcsCalendarStream.calendar_from_ics(data.decode())
    assert all(len(e.alarm) == 1 for e in strict.events)


def test_the_alarm_time_comes_from_the_settings() -> None:
    c = person("Ana", birthday=Birthday(5, 17, None))
    data = export([c], settings=Settings(alarm_time=dt.time(7, 30))).data
    alarm = events(data)[0].walk("VALARM")[0]
    assert alarm["TRIGGER"].dt == dt.timedelta(hours=7, minutes=30)
    assert "TRIGGER:PT7H30M" in unfolded(data)


# ---------------------------------------------------------------------------- escaping

def test_text_is_escaped_by_the_library_and_round_trips() -> None:
    name = "Núria Ibáñez; \"la jefa\", 😀 Zoë"
    reason = "send the deck, the notes; and a 🎉\nsecond line\\with backslash"
    c = person(name, company="Umbrella, S.L.")
    fu = FollowUp(c.id, TODAY, reason, origin=Origin.MANUAL.value)
    note = Note(c.id, "Línea uno\r\nLínea dos; tres, cuatro ✓", TODAY)
    data = export([c], [fu], notes=[note]).data
    event = by_summary(data, "Núria")
    assert str(event["SUMMARY"]) == f"Follow up with {name}: {reason}"
    assert "Línea uno\nLínea dos; tres, cuatro ✓" in str(event["DESCRIPTION"])
    text = unfolded(data)
    assert "Núria Ibáñez\\; \"la jefa\"\\, 😀 Zoë" in text
    assert "second line\\\\with backslash" in text
    strict = IcsCalendarStream.calendar_from_ics(data.decode())
    assert strict.events[0].summary == f"Follow up with {name}: {reason}"


def test_an_injected_note_yields_no_extra_event_and_round_trips() -> None:
    c = person("Victim" + INJECTION, birthday=Birthday(1, 2, None))
    fu = FollowUp(c.id, TODAY, "reason" + INJECTION, origin=Origin.MANUAL.value)
    ask = Ask(c.id, "what" + INJECTION, TODAY)
    note = Note(c.id, INJECTION, TODAY)
    data = export([c], [fu], [ask], [note]).data
    found = events(data)
    assert len(found) == 3
    lines = data.split(b"\r\n")
    assert lines.count(b"BEGIN:VEVENT") == 3 and lines.count(b"END:VEVENT") == 3
    assert b"\\nEND:VEVENT\\nBEGIN:VEVENT\\nSUMMARY:INJECTED" in data.replace(b"\r\n ", b"")
    assert all(not str(e["SUMMARY"]).startswith("INJECTED") for e in found)
    assert not re.search(rb"(^|\r\n)SUMMARY:INJECTED", data)
    normalised = INJECTION.replace("\r\n", "\n")
    followup = by_summary(data, "reason")
    # The name is kept on one line by the model; the reason keeps its line breaks.
    assert str(followup["SUMMARY"]) == f"Follow up with {c.name}: reason{normalised}"
    assert c.name == "Victim END:VEVENT BEGIN:VEVENT SUMMARY:INJECTED"
    assert f"Latest note ({TODAY.isoformat()}): {normalised.strip()}" in str(followup["DESCRIPTION"])
    strict = IcsCalendarStream.calendar_from_ics(data.decode())
    assert len(strict.events) == 3


def test_control_characters_are_dropped_and_lone_carriage_returns_are_line_breaks() -> None:
    c = person("Bell\x07 Name\x00", birthday=Birthday(1, 2, None))
    fu = FollowUp(c.id, TODAY, "a\rb", origin=Origin.MANUAL.value)
    data = export([c], [fu]).data
    assert b"\x07" not in data and b"\x00" not in data
    assert str(by_summary(data, "a\nb")["SUMMARY"]) == "Follow up with Bell Name: a\nb"


@hsettings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_folding_is_byte_for_byte_icalendars(text: str) -> None:
    line = Contentline.from_parts("DESCRIPTION", icalendar.parser.Parameters(),
                                  ical._clean(text))
    assert ical._fold(line.encode("utf-8")) == line.to_ical() + b"\r\n"


# ---------------------------------------------------------------------------- versions

def _bodies(data: bytes) -> dict[str, str]:
    """Event text by UID, DTSTAMP removed."""
    out = {}
    for block in unfolded(data).split("BEGIN:VEVENT\r\n")[1:]:
        body = "\r\n".join(line for line in block.split("\r\n") if not line.startswith("DTSTAMP:"))
        uid = re.search(r"^UID:([^\r\n]+)", body, re.M)
        assert uid is not None
        out[uid.group(1)] = body
    return out


def _seq(data: bytes) -> dict[str, int]:
    return {str(e["UID"]): int(e["SEQUENCE"]) for e in events(data)}


def sample() -> tuple[list[Contact], list[FollowUp], list[Ask], list[Note]]:
    a = person("Alpha", birthday=Birthday(2, 29, 1988), tie="close",
               seen={"call": TODAY - dt.timedelta(days=25)})
    b = person("Beta", birthday=Birthday(12, 31, None))
    fus = [FollowUp(a.id, TODAY + dt.timedelta(days=2), "coffee", origin=Origin.MANUAL.value),
           FollowUp(b.id, TODAY - dt.timedelta(days=1), "", origin=Origin.MET_IN_PERSON.value)]
    asks = [Ask(a.id, "intro", TODAY - dt.timedelta(days=5))]
    notes = [Note(b.id, "likes sailing", TODAY - dt.timedelta(days=1))]
    return [a, b], fus, asks, notes


def test_two_exports_of_unchanged_data_differ_only_in_dtstamp() -> None:
    contacts, fus, asks, notes = sample()
    first = export(contacts, fus, asks, notes)
    later = STAMP + dt.timedelta(hours=5)
    second = export(contacts, fus, asks, notes, stamp=later, ledger=first.ledger)
    assert _bodies(first.data) == _bodies(second.data)
    assert set(_seq(second.data).values()) == {0}
    assert (second.new, second.changed) == (0, 0)
    assert first.data.replace(b"DTSTAMP:20261122T073000Z", b"DTSTAMP:20261122T123000Z") == second.data


def test_changing_one_contact_changes_only_its_events_and_bumps_their_sequence() -> None:
    contacts, fus, asks, notes = sample()
    first = export(contacts, fus, asks, notes)
    contacts[0].name = "Alpha Renamed"
    later = STAMP + dt.timedelta(days=1)
    second = export(contacts, fus, asks, notes, stamp=later, ledger=first.ledger)
    before, after = _bodies(first.data), _bodies(second.data)
    assert before.keys() == after.keys()
    changed = {uid for uid in before if before[uid] != after[uid]}
    alpha = {str(e["UID"]) for e in events(second.data) if "Alpha" in str(e["SUMMARY"])}
    assert changed == alpha and len(alpha) == 4  # birthday, cadence, manual follow-up, ask
    seq = _seq(second.data)
    assert {seq[uid] for uid in alpha} == {1}
    assert {seq[uid] for uid in set(seq) - alpha} == {0}
    for event in events(second.data):
        expected = later if str(event["UID"]) in alpha else STAMP
        assert event["LAST-MODIFIED"].dt == expected.replace(microsecond=0)
    assert second.changed == 4
    # A third export of the changed data keeps sequence 1: it counts changes, not exports.
    third = export(contacts, fus, asks, notes, stamp=later + dt.timedelta(hours=1),
                   ledger=second.ledger)
    assert _seq(third.data) == seq


def test_a_setting_change_bumps_the_events_it_changes() -> None:
    contacts, fus, asks, notes = sample()
    first = export(contacts, fus, asks, notes)
    second = export(contacts, fus, asks, notes, settings=Settings(feb29="mar1"),
                    ledger=first.ledger)
    leap = ical.uid_for(contacts[0].id, "birthday")
    assert _seq(second.data)[leap] == 1
    assert [uid for uid, n in _seq(second.data).items() if n] == [leap]


def test_an_event_that_leaves_and_comes_back_continues_its_sequence() -> None:
    contacts, fus, asks, notes = sample()
    first = export(contacts, fus, asks, notes)
    gone = export(contacts[1:], [f for f in fus if f.contact_id != contacts[0].id], [], notes,
                  ledger=first.ledger)
    contacts[0].name = "Alpha Back"
    back = export(contacts, fus, asks, notes, ledger=gone.ledger)
    uid = ical.uid_for(contacts[0].id, "birthday")
    assert _seq(back.data)[uid] == 1


def test_the_ledger_survives_json_and_ignores_garbage() -> None:
    contacts, fus, asks, notes = sample()
    first = export(contacts, fus, asks, notes)
    assert ical.ledger_from_json(ical.ledger_to_json(first.ledger)) == first.ledger
    assert ical.ledger_from_json({"version": 2, "events": {}}) == {}
    assert ical.ledger_from_json([1, 2]) == {}
    assert ical.ledger_from_json({"version": 1, "events": {"a": [1, 2], "b": ["x", -1, 3],
                                                            "c": ["f", 1, 0]}}).keys() == {"c"}


def test_the_stamp_must_be_timezone_aware() -> None:
    with pytest.raises(ValueError):
        export(stamp=dt.datetime(2026, 11, 22, 8, 0))

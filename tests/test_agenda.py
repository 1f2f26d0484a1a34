"""The morning rules: follow-ups, cadences, invitations, birthdays, engagement ladders."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from cockpit import agenda
from cockpit.model import Ask, Birthday, Contact, FollowUp, FollowUpState, Origin
from cockpit.settings import Settings

D = dt.date
DEFAULT = Settings()
NEW_YEAR = D(2026, 1, 1)
MARCH = Settings(feb29="mar1")


def person(name: str = "Núria Ibáñez", *, tie: str = "regular", every: int | None = None,
           created: D = NEW_YEAR, seen: dict[str, D] | None = None,
           birthday: Birthday | None = None, archived: bool = False) -> Contact:
    return Contact(name=name, tie=tie, every=every, birthday=birthday, archived=archived,
                   created=dt.datetime.combine(created, dt.time(9)), seen=dict(seen or {}))


# ------------------------------------------------------------------ birthdays

@pytest.mark.parametrize("today, expected, in_days, age", [
    (D(2027, 2, 20), D(2027, 2, 28), 8, 39),   # common year: celebrated on 28 February
    (D(2028, 2, 20), D(2028, 2, 29), 9, 40),   # leap year: on the day
    (D(2027, 2, 28), D(2027, 2, 28), 0, 39),   # today first
])
def test_29_february_birthday_default_rule(today, expected, in_days, age):
    c = person(birthday=Birthday(2, 29, 1988))
    [item] = agenda.birthdays([c], today, DEFAULT)
    assert (item.date, item.in_days, item.age) == (expected, in_days, age)


def test_29_february_birthday_on_1_march_setting():
    c = person(birthday=Birthday(2, 29, 1988))
    [item] = agenda.birthdays([c], D(2027, 2, 27), MARCH)
    assert item.date == D(2027, 3, 1)
    [leap] = agenda.birthdays([c], D(2028, 2, 27), MARCH)
    assert leap.date == D(2028, 2, 29)
    # On 28 February of a common year it is not today under the 1-March rule.
    [tomorrow] = agenda.birthdays([c], D(2027, 2, 28), MARCH)
    assert tomorrow.in_days == 1


def test_birthday_across_the_year_boundary():
    c = person(birthday=Birthday(1, 3, 1990))
    [item] = agenda.birthdays([c], D(2026, 12, 28), DEFAULT)
    assert (item.date, item.in_days, item.age) == (D(2027, 1, 3), 6, 37)


def test_birthday_without_year_has_no_age_and_window_is_respected():
    c = person(birthday=Birthday(12, 1))
    [item] = agenda.birthdays([c], D(2026, 11, 22), DEFAULT)
    assert item.age is None and item.in_days == 9
    assert agenda.birthdays([c], D(2026, 11, 22), DEFAULT, days=5) == []
    assert agenda.birthdays([c], D(2026, 11, 22), DEFAULT, days=9)[0].in_days == 9


def test_birthdays_sorted_today_first_then_by_date():
    people = [person("Later", birthday=Birthday(11, 30)), person("Today", birthday=Birthday(11, 22)),
              person("Soon", birthday=Birthday(11, 24))]
    names = [b.contact.name for b in agenda.birthdays(people, D(2026, 11, 22), DEFAULT)]
    assert names == ["Today", "Soon", "Later"]


def test_birthday_already_wished_is_marked_done_not_dropped():
    c = person(birthday=Birthday(11, 22, 1980), seen={"birthday-wish": D(2026, 11, 22)})
    [item] = agenda.birthdays([c], D(2026, 11, 22), DEFAULT)
    assert item.wished
    last_year = person(birthday=Birthday(11, 22, 1980), seen={"birthday-wish": D(2025, 11, 22)})
    assert not agenda.birthdays([last_year], D(2026, 11, 22), DEFAULT)[0].wished


def test_archived_contacts_have_no_birthdays_or_followups():
    c = person(birthday=Birthday(11, 22), archived=True, created=D(2020, 1, 1))
    assert agenda.birthdays([c], D(2026, 11, 22), DEFAULT) == []
    assert agenda.followups([c], [], D(2026, 11, 22), DEFAULT) == []


@hsettings(max_examples=300, deadline=None)
@given(today=st.dates(D(1990, 1, 1), D(2100, 12, 31)),
       month=st.integers(1, 12), day=st.integers(1, 31), year=st.none() | st.integers(1900, 2020),
       window=st.integers(0, 366), rule=st.sampled_from(["feb28", "mar1"]))
def test_birthday_property_in_window_and_real_day(today, month, day, year, window, rule):
    try:
        bday = Birthday(month, day, year)
    except ValueError:
        return
    items = agenda.birthdays([person(birthday=bday)], today, Settings(feb29=rule), days=window)
    for item in items:
        assert 0 <= item.in_days <= window
        assert item.date == today + dt.timedelta(days=item.in_days)
        if (month, day) == (2, 29) and not calendar.isleap(item.date.year):
            expected = (3, 1) if rule == "mar1" else (2, 28)
        else:
            expected = (month, day)
        assert (item.date.month, item.date.day) == expected
        if year is None:
            assert item.age is None
        elif item.date.year >= year:
            assert item.age == item.date.year - year
        else:
            assert item.age is None  # a birth year in the future is not an age
    # Completeness: a birthday within the window is never missed.
    nxt = agenda.next_birthday(bday, today, Settings(feb29=rule))
    assert bool(items) == ((nxt - today).days <= window)


# ------------------------------------------------------------------ follow-ups

def test_cadence_defaults_per_tie_and_override():
    today = D(2026, 11, 22)
    last = D(2026, 10, 1)  # 52 days ago
    close = person("Close", tie="close", seen={"call": last})
    regular = person("Regular", tie="regular", seen={"call": last})
    occasional = person("Occasional", tie="occasional", seen={"call": last})
    custom = person("Custom", tie="occasional", every=45, seen={"call": last})
    due = agenda.followups([close, regular, occasional, custom], [], today, DEFAULT)
    assert {i.contact.name: i.days_overdue for i in due} == {"Close": 22, "Custom": 7}
    assert all(i.origin == "cadence" for i in due)
    configured = Settings(cadence_close=60)
    assert agenda.followups([close], [], today, configured) == []


def test_cadence_counts_from_creation_without_interactions_and_resets_on_any_interaction():
    today = D(2026, 11, 22)
    never = person("Never", tie="close", created=D(2026, 10, 1))
    [item] = agenda.followups([never], [], today, DEFAULT)
    assert item.due == D(2026, 10, 31)
    spoke = person("Spoke", tie="close", created=D(2026, 10, 1), seen={"like": D(2026, 11, 20)})
    assert agenda.followups([spoke], [], today, DEFAULT) == []


def test_stored_followups_overdue_today_and_upcoming_sorted_by_urgency():
    today = D(2026, 11, 22)
    a, b, c = person("A", seen={"x": today}), person("B", seen={"x": today}), person("C", seen={"x": today})
    stored = [FollowUp(a.id, D(2026, 11, 25), "upcoming"), FollowUp(b.id, today, "today"),
              FollowUp(c.id, D(2026, 11, 19), "late", origin=Origin.MET_IN_PERSON.value)]
    items = agenda.followups([a, b, c], stored, today, DEFAULT, days=7)
    assert [(i.reason, i.days_overdue) for i in items] == [("late", 3), ("today", 0), ("upcoming", 0)]
    assert [i.reason for i in agenda.followups([a, b, c], stored, today, DEFAULT)] == ["late", "today"]


def test_met_in_person_followup_shows_overdue_from_the_day_after_due():
    met = person("Met", seen={"met": D(2026, 11, 21)})
    fu = FollowUp(met.id, D(2026, 11, 22), "thank them", origin=Origin.MET_IN_PERSON.value)
    [on_day] = agenda.followups([met], [fu], D(2026, 11, 22), DEFAULT)
    assert on_day.days_overdue == 0
    [next_day] = agenda.followups([met], [fu], D(2026, 11, 23), DEFAULT)
    assert next_day.days_overdue == 1 and next_day.overdue


def test_done_and_snooze_on_stored_followup():
    today = D(2026, 11, 22)
    c = person(seen={"x": today})
    fu = FollowUp(c.id, D(2026, 11, 20), "call back")
    [item] = agenda.followups([c], [fu], today, DEFAULT)
    done = agenda.mark_done(item, today)
    assert done.id == fu.id and done.state == "done"
    assert agenda.followups([c], [done], today, DEFAULT) == []
    # Snooze past the due date: hidden until then, back on the day.
    snoozed = agenda.snooze(item, D(2026, 11, 25))
    assert agenda.followups([c], [snoozed], today, DEFAULT) == []
    [back] = agenda.followups([c], [snoozed], D(2026, 11, 25), DEFAULT)
    assert back.due == D(2026, 11, 25) and back.days_overdue == 0


def test_done_and_snooze_on_a_cadence_followup():
    today = D(2026, 11, 22)
    c = person(tie="close", seen={"call": D(2026, 10, 1)})
    [item] = agenda.followups([c], [], today, DEFAULT)
    snoozed = agenda.snooze(item, D(2026, 11, 29))
    assert agenda.followups([c], [snoozed], today, DEFAULT) == []
    assert agenda.followups([c], [snoozed], D(2026, 11, 29), DEFAULT)[0].due == D(2026, 11, 29)
    done = agenda.mark_done(item, today)
    assert agenda.followups([c], [done], today, DEFAULT) == []
    # Done restarts the clock: due again a cadence later.
    [again] = agenda.followups([c], [done], D(2026, 12, 22), DEFAULT)
    assert again.due == D(2026, 12, 22)


def test_pending_invitation_becomes_a_followup_after_14_days():
    sent = D(2026, 11, 1)
    c = person(seen={"invite-sent": sent})
    assert [i.origin for i in agenda.followups([c], [], D(2026, 11, 14), DEFAULT)] == []
    items = agenda.followups([c], [], D(2026, 11, 15), DEFAULT)
    assert [i.origin for i in items] == ["invite-pending"]
    assert "pending" in items[0].reason
    accepted = person(seen={"invite-sent": sent, "invite-accepted": D(2026, 11, 3)})
    declined = person(seen={"invite-sent": sent, "invite-declined": D(2026, 11, 5)})
    assert agenda.followups([accepted, declined], [], D(2026, 11, 20), DEFAULT) == []
    assert agenda.followups([c], [], D(2026, 11, 20), Settings(pending_invite_days=30)) == []


# ------------------------------------------------------------------ engage before asking

def test_steps_count_only_interactions_on_or_after_the_ask():
    created = D(2026, 11, 10)
    before = person(seen={"like": D(2026, 11, 9)})
    after = person(seen={"like": D(2026, 11, 10), "comment": D(2026, 11, 12)})
    ask_b = Ask(before.id, "coffee", created)
    ask_a = Ask(after.id, "intro", created)
    item_b = agenda.engagement(before, ask_b)
    assert item_b.steps == {"like": False, "comment": False, "share": False}
    assert item_b.next_step == "like" and not item_b.ready
    item_a = agenda.engagement(after, ask_a)
    assert item_a.steps == {"like": True, "comment": True, "share": False}
    assert item_a.next_step == "share"


def test_ready_asks_sort_first_then_by_progress():
    created = D(2026, 11, 1)
    ready = person("Ready", seen={"like": D(2026, 11, 2), "comment": D(2026, 11, 3),
                                  "share": D(2026, 11, 4)})
    half = person("Half", seen={"like": D(2026, 11, 2)})
    none = person("None")
    asks = [Ask(none.id, "a", created), Ask(half.id, "b", created), Ask(ready.id, "c", created),
            Ask(none.id, "closed", created, state="done")]
    items = agenda.engage([ready, half, none], asks)
    assert [i.contact.name for i in items] == ["Ready", "Half", "None"]
    assert items[0].ready and items[0].next_step is None


def test_custom_ladder():
    c = person(seen={"call": D(2026, 11, 5)})
    item = agenda.engagement(c, Ask(c.id, "x", D(2026, 11, 1), steps=["call"]))
    assert item.ready


# ------------------------------------------------------------------ the morning

def test_morning_summary_and_json_shape():
    today = D(2026, 11, 22)
    c = person("Ana Ruiz", birthday=Birthday(11, 25, 1987), seen={"x": today})
    stored = [FollowUp(c.id, today, "send slides", origin="manual")]
    asks = [Ask(c.id, "feedback", today)]
    result = agenda.morning([c], stored, asks, today, DEFAULT)
    assert result.summary() == "1 follow-up · 1 birthday · 1 ask warming"
    data = result.to_json()
    assert set(data) == {"date", "followups", "birthdays", "engage"}
    assert data["date"] == "2026-11-22"
    assert {"contact", "contact_id", "due", "reason", "origin", "days_overdue"} <= set(data["followups"][0])
    assert data["birthdays"][0]["age"] == 39 and data["birthdays"][0]["in_days"] == 3
    assert data["engage"][0]["steps"] == {"like": False, "comment": False, "share": False}
    assert data["engage"][0]["next_step"] == "like"


def test_quiet_morning_and_lapsed_suggestions():
    today = D(2026, 11, 22)
    fresh = person("Fresh", tie="regular", seen={"x": D(2026, 11, 20)})
    older = person("Older", tie="regular", seen={"x": D(2026, 9, 1)})
    result = agenda.morning([fresh, older], [], [], today, DEFAULT)
    assert result.is_quiet
    assert [c.name for c in agenda.lapsed([fresh, older], today, DEFAULT, limit=1)] == ["Older"]


def test_review_lists_long_silences():
    today = D(2026, 11, 22)
    silent = person("Silent", seen={"x": D(2025, 1, 1)})
    active = person("Active", seen={"x": D(2026, 11, 1)})
    assert [c.name for c in agenda.review([silent, active], today, DEFAULT)] == ["Silent"]


def test_closed_followup_state_is_not_open():
    c = person(seen={"x": D(2026, 11, 22)})
    fu = FollowUp(c.id, D(2026, 11, 1), "old", state=FollowUpState.DONE.value)
    assert agenda.followups([c], [fu], D(2026, 11, 22), DEFAULT) == []

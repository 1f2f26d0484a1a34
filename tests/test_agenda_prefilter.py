"""`agenda_prefilter.may_show` only skips contacts the morning cannot show (the agenda is unchanged).

`cockpit today` builds Contact objects only for stored docs that pass `may_show`; these
tests check, over random contacts, follow-up records, asks and dates, that the agenda of
the filtered contacts equals the agenda of all of them.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from cockpit import agenda, agenda_prefilter
from cockpit.model import Ask, Birthday, Contact, FollowUp, FollowUpState, Origin
from cockpit.settings import WEEKDAYS, Settings
from cockpit.store import _compact

D = dt.date
KINDS = ["like", "comment", "share", "message", "birthday-wish", "invite-sent",
         "invite-accepted", "invite-declined", "call"]


def birthdays() -> st.SearchStrategy[Birthday | None]:
    def make(month: int, day: int, year: int | None) -> Birthday | None:
        try:
            return Birthday(month, day, year)
        except ValueError:
            return None
    return st.one_of(st.none(), st.just(Birthday(2, 29, 1988)), st.just(Birthday(2, 29)),
                     st.builds(make, st.integers(1, 12), st.integers(1, 31),
                               st.one_of(st.none(), st.integers(1950, 2030))))


@st.composite
def networks(draw: st.DrawFn) -> tuple[list[Contact], list[FollowUp], list[Ask], D, int | None,
                                       Settings]:
    today = draw(st.dates(D(2000, 1, 1), D(2090, 12, 31)))
    near = st.integers(-800, 30).map(lambda n: today + dt.timedelta(days=n))
    people = []
    for i in range(draw(st.integers(1, 25))):
        seen = draw(st.dictionaries(st.sampled_from(KINDS), near, max_size=4))
        people.append(Contact(
            name=f"P{i}", tie=draw(st.sampled_from(["close", "regular", "occasional", "odd"])),
            every=draw(st.one_of(st.none(), st.integers(1, 400))), birthday=draw(birthdays()),
            archived=draw(st.booleans()) and draw(st.booleans()), seen=seen,
            handles=draw(st.sampled_from([{}, {"linkedin": "in/p"}, {"twitter": "@p"},
                                          {"linkedin": "in/p", "twitter": "@p"}])),
            created=draw(st.one_of(st.none(), near.map(
                lambda d: dt.datetime.combine(d, dt.time(10)))))))
    followups = []
    for _ in range(draw(st.integers(0, 6))):
        c = draw(st.sampled_from(people))
        state = draw(st.sampled_from(list(FollowUpState)))
        followups.append(FollowUp(
            c.id, draw(near), "r", origin=draw(st.sampled_from(list(Origin))).value,
            state=state.value, snoozed_until=draw(st.one_of(st.none(), near)),
            closed_on=draw(near) if state == FollowUpState.DONE else None))
    asks = [Ask(draw(st.sampled_from(people)).id, "help", draw(near))
            for _ in range(draw(st.integers(0, 3)))]
    days = draw(st.one_of(st.none(), st.integers(0, 366)))
    settings = Settings(cadence_close=draw(st.integers(1, 60)),
                        birthday_window=draw(st.integers(0, 40)),
                        feb29=draw(st.sampled_from(["feb28", "mar1"])),
                        # Some days are a network's day (P15): its work leads the follow-ups.
                        network_days=draw(st.sampled_from([
                            {}, {"linkedin": WEEKDAYS[today.weekday()]},
                            {"twitter": WEEKDAYS[today.weekday()]},
                            {"linkedin": WEEKDAYS[(today.weekday() + 1) % 7]}])))
    return people, followups, asks, today, days, settings


@hsettings(max_examples=300, deadline=None)
@given(networks())
def test_filtered_agenda_equals_full_agenda(network):
    people, followups, asks, today, days, settings = network
    keep = {f.contact_id for f in followups} | {a.contact_id for a in asks}
    test = agenda_prefilter.may_show(today, settings, days, keep)
    shown = [c for c in people if test(_compact(c.to_dict()))]
    full = agenda.morning(people, followups, asks, today, settings, days=days)
    filtered = agenda.morning(shown, followups, asks, today, settings, days=days)
    assert filtered.to_json() == full.to_json()


def test_it_actually_filters_quiet_contacts():
    today = D(2026, 11, 22)
    quiet = Contact("Quiet", seen={"like": today - dt.timedelta(days=3)},
                    birthday=Birthday(6, 1, 1990))
    due = Contact("Due", seen={"like": today - dt.timedelta(days=200)})
    test = agenda_prefilter.may_show(today, Settings())
    assert not test(_compact(quiet.to_dict()))
    assert test(_compact(due.to_dict()))


def test_malformed_docs_are_kept_for_the_store_to_report():
    test = agenda_prefilter.may_show(D(2026, 11, 22), Settings())
    assert test({"id": "x", "name": "X", "seen": {"like": 5}, "every": "30"})
    assert test({"id": "x", "name": "X", "every": "often"})

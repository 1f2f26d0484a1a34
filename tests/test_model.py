"""Domain model: validation and (de)serialisation, no I/O."""

from __future__ import annotations

import datetime as dt

import pytest

from cockpit.model import (
    Ask,
    Birthday,
    Contact,
    Draft,
    FollowUp,
    Interaction,
    Note,
    ValidationError,
    fold,
    fold_many,
    parse_date,
    parse_kind,
    parse_steps,
)

DAY = dt.date(2026, 11, 21)


@pytest.mark.parametrize("text, parts, iso", [
    ("1988-02-29", (2, 29, 1988), "1988-02-29"),
    ("02-29", (2, 29, None), "--02-29"),
    ("--02-29", (2, 29, None), "--02-29"),
    (" 2000-02-29 ", (2, 29, 2000), "2000-02-29"),
    ("7-4", (7, 4, None), "--07-04"),
])
def test_birthday_accepts(text: str, parts, iso: str) -> None:
    b = Birthday.parse(text)
    assert (b.month, b.day, b.year) == parts
    assert b.iso() == iso
    assert Birthday.parse(b.iso()) == b  # the stored form reads back


@pytest.mark.parametrize("text", ["02-30", "--02-30", "2026-02-30", "1900-02-29", "1990-02-29",
                                  "13-01", "00-10", "04-31", "", "soon", "1988/02/29",
                                  "88-02-29", "1988-02-29-01"])
def test_birthday_refuses(text: str) -> None:
    with pytest.raises(ValidationError):
        Birthday.parse(text)


def test_birthday_never_stores_a_placeholder_year() -> None:
    c = Contact("Ana", birthday=Birthday.parse("02-29"))
    assert c.to_dict()["birthday"] == "--02-29"
    assert Contact.from_dict(c.to_dict()).birthday == Birthday(2, 29, None)


def test_parse_date_is_strict() -> None:
    assert parse_date("2028-02-29") == dt.date(2028, 2, 29)
    for bad in ("2026-02-30", "2027-02-29", "21/11/2026", "tomorrow"):
        with pytest.raises(ValidationError, match="invalid date"):
            parse_date(bad)


def test_kinds_and_steps() -> None:
    assert parse_kind("LIKE") == "like"
    with pytest.raises(ValidationError, match="hug"):
        parse_kind("hug")
    assert parse_steps("like, comment,share") == ["like", "comment", "share"]
    for bad in ("", "like,like", "like,wink"):
        with pytest.raises(ValidationError):
            parse_steps(bad)
    with pytest.raises(ValidationError):
        Interaction("c", "wink", DAY)


def test_fold_is_case_and_accent_insensitive() -> None:
    assert fold("Núria Ibáñez") == "nuria ibanez"
    assert fold("JOSÉ ÁNGEL") == fold("jose angel")
    assert fold("Nu\u0301ria") == "nuria"  # decomposed input
    names = ["Núria", "Çağla", "Zoë", "Straße"]
    assert fold_many(names) == [fold(n) for n in names]
    assert fold_many([]) == []


def test_records_need_content() -> None:
    with pytest.raises(ValidationError):
        Contact("  ")
    with pytest.raises(ValidationError):
        Contact("Ana", every=0)
    with pytest.raises(ValidationError):
        Note("c", " ", DAY)
    with pytest.raises(ValidationError):
        Ask("c", "", DAY)


def test_ids_are_unique_uuids() -> None:
    ids = {Contact("Ana").id for _ in range(1000)}
    assert len(ids) == 1000
    assert all(len(i) == 36 and i[14] == "4" for i in ids)


def test_round_trips_through_plain_dicts() -> None:
    c = Contact("Núria Ibáñez", company="Globex", emails=["n@x.es"], handles={"linkedin": "u"},
                how_met="in-person", met_on=DAY, birthday=Birthday(2, 29, 1988), tags=["a"],
                every=21, created=dt.datetime(2026, 11, 21, 9, 30), seen={"like": DAY})
    assert Contact.from_dict(c.to_dict()) == c
    assert c.last_interaction == DAY and c.linkedin == "u"
    records = [Note("c", "sails", DAY), Interaction("c", "like", DAY, channel="linkedin"),
               FollowUp("c", DAY, "thank", snoozed_until=DAY), Ask("c", "intro", DAY, offer="x"),
               Draft("c", "thanks", "email", "Hi", created=dt.datetime(2026, 1, 1, 8))]
    for record in records:
        d = record.to_dict()
        assert all(isinstance(v, str | int | list | dict | type(None)) for v in d.values())
        assert type(record).from_dict(d) == record


def test_a_name_is_kept_on_one_line() -> None:
    from cockpit.model import Contact
    assert Contact("Ana\r\nRuiz\t\x1b[31m").name == "Ana Ruiz [31m"
    assert Contact("مريم \u200fשרה").name == "مريم \u200fשרה"  # bidi marks are printable text

"""Domain records of the cockpit: pure data, validation and (de)serialisation.

No I/O, no clock reads, no UI imports. Records serialise to plain JSON-able dicts
(dates as ISO strings) so the store can write them as TinyDB documents. The vocabulary
(kinds, bounds, parsers, name folding) lives in `cockpit.values` and is re-exported here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .values import (  # noqa: F401 (re-exported: `from cockpit.model import Kind` keeps working)
    DATE_RANGE,
    DEFAULT_STEPS,
    ENGAGEMENT_KINDS,
    MAX_CADENCE,
    MAX_DATE,
    MAX_WINDOW,
    MIN_DATE,
    AskState,
    DraftState,
    FollowUpState,
    HowMet,
    Kind,
    NoteKind,
    Origin,
    Relationship,
    Tie,
    ValidationError,
    _d,
    _day,
    _iso,
    _moment,
    check_date,
    check_days,
    fold,
    fold_many,
    new_id,
    parse_date,
    parse_enum,
    parse_kind,
    parse_steps,
    shift_date,
    tidy_name,
)


@dataclass(frozen=True, slots=True)
class Birthday:
    """Month and day, with the year only when it is known (never a placeholder year)."""

    month: int
    day: int
    year: int | None = None

    def __post_init__(self) -> None:
        # 2000 is a leap year, so 29 February is valid without a year.
        probe_year = self.year if self.year is not None else 2000
        try:
            dt.date(probe_year, self.month, self.day)
        except (ValueError, TypeError):
            shown = f"{self.year}-" if self.year is not None else "--"
            raise ValidationError(
                f"invalid birthday {shown}{self.month:02d}-{self.day:02d}: no such day"
            ) from None
        if self.year is not None:
            check_date(dt.date(self.year, self.month, self.day), "birthday")

    @classmethod
    def parse(cls, text: str) -> Birthday:
        """Accept YYYY-MM-DD, MM-DD or --MM-DD (year unknown)."""
        raw = text.strip()
        if (len(raw) == 10 and raw[4] == "-" and raw[7] == "-" and raw.isascii()
                and raw[:4].isdigit() and raw[5:7].isdigit() and raw[8:].isdigit()):
            return cls(int(raw[5:7]), int(raw[8:]), int(raw[:4]))  # the stored form
        parts = raw.removeprefix("--").split("-")
        try:
            if len(parts) == 3 and not raw.startswith("--"):
                year, month, day = (int(p) for p in parts)
                if not 1 <= year <= 9999 or len(parts[0]) != 4:
                    raise ValueError
                return cls(month, day, year)
            if len(parts) == 2:
                month, day = (int(p) for p in parts)
                return cls(month, day, None)
        except ValidationError:  # a real format but no such day (02-30): say so
            raise
        except ValueError:
            pass
        raise ValidationError(f"invalid birthday {text!r}: use YYYY-MM-DD or MM-DD")

    def iso(self) -> str:
        """"1988-02-29", or "--02-29" when the year is unknown."""
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass(slots=True)
class Contact:
    name: str
    id: str = field(default_factory=new_id)
    company: str = ""
    role: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    location: str = ""
    handles: dict[str, str] = field(default_factory=dict)
    how_met: str | None = None
    met_at: str = ""
    met_on: dt.date | None = None
    relationship: str | None = None
    tie: str = Tie.REGULAR.value
    every: int | None = None
    introduced_by: str | None = None
    birthday: Birthday | None = None
    tags: list[str] = field(default_factory=list)
    archived: bool = False
    vcard_uid: str = ""
    lang: str = ""  # the language to write to them in ("" = the user's default)
    call_name: str = ""  # what you call them in a greeting ("" = derived from the name)
    websites: list[str] = field(default_factory=list)  # URLs that are not network handles
    created: dt.datetime | None = None
    updated: dt.datetime | None = None
    # Derived, maintained by the store: the latest date of each interaction kind.
    # It is the sufficient statistic for every agenda rule, so the morning agenda
    # never has to read all interactions.
    seen: dict[str, dt.date] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.name or not self.name.strip():
            raise ValidationError("a contact needs a name")
        if not self.name.isprintable():
            self.name = tidy_name(self.name)
            if not self.name:
                raise ValidationError("a contact needs a name")
        if self.every is not None:
            check_days(self.every, "cadence")

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else self.name

    @property
    def linkedin(self) -> str:
        return self.handles.get("linkedin", "")

    @property
    def last_interaction(self) -> dt.date | None:
        return max(self.seen.values()) if self.seen else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "company": self.company, "role": self.role,
            "emails": list(self.emails), "phones": list(self.phones), "location": self.location,
            "handles": dict(self.handles), "how_met": self.how_met, "met_at": self.met_at,
            "met_on": _iso(self.met_on), "relationship": self.relationship, "tie": self.tie,
            "every": self.every, "introduced_by": self.introduced_by,
            "birthday": self.birthday.iso() if self.birthday else None,
            "tags": list(self.tags), "archived": self.archived, "vcard_uid": self.vcard_uid,
            "lang": self.lang, "call_name": self.call_name, "websites": list(self.websites),
            "created": _iso(self.created), "updated": _iso(self.updated),
            "seen": {k: v.isoformat() for k, v in self.seen.items()},
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Contact:
        created = d.get("created")
        updated = d.get("updated")
        bday = d.get("birthday")
        return cls(
            name=d["name"], id=d["id"], company=d.get("company") or "", role=d.get("role") or "",
            emails=list(d.get("emails") or ()), phones=list(d.get("phones") or ()),
            location=d.get("location") or "", handles=dict(d.get("handles") or {}),
            how_met=d.get("how_met"), met_at=d.get("met_at") or "",
            met_on=_d(d.get("met_on"), "met_on"),
            relationship=d.get("relationship"), tie=d.get("tie") or Tie.REGULAR.value,
            every=d.get("every"), introduced_by=d.get("introduced_by"),
            birthday=Birthday.parse(bday) if bday else None,
            tags=list(d.get("tags") or ()), archived=bool(d.get("archived")),
            vcard_uid=d.get("vcard_uid") or "",
            lang=d.get("lang") or "", call_name=d.get("call_name") or "",
            websites=list(d.get("websites") or ()),
            created=_moment(created, "created"), updated=_moment(updated, "updated"),
            seen={k: _day(v, f"last {k}") for k, v in (d.get("seen") or {}).items()},
        )


@dataclass(slots=True)
class Note:
    contact_id: str
    text: str
    date: dt.date
    id: str = field(default_factory=new_id)
    kind: str = NoteKind.MEMO.value  # memo (private) or a mention kind; see NoteKind

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise ValidationError("a note needs some text")

    @property
    def is_memo(self) -> bool:
        return self.kind == NoteKind.MEMO.value

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "contact_id": self.contact_id, "date": self.date.isoformat(),
                "text": self.text, "kind": self.kind}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Note:
        return cls(contact_id=d["contact_id"], text=d["text"],
                   date=_day(d["date"], "note date"), id=d["id"],
                   kind=d.get("kind") or NoteKind.MEMO.value)


@dataclass(slots=True)
class Interaction:
    contact_id: str
    kind: str
    date: dt.date
    channel: str = ""
    summary: str = ""
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        self.kind = parse_kind(self.kind)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "contact_id": self.contact_id,
                             "date": self.date.isoformat(), "kind": self.kind}
        # Empty fields are omitted: at 300,000 interactions every byte is read at start-up.
        if self.channel:
            d["channel"] = self.channel
        if self.summary:
            d["summary"] = self.summary
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Interaction:
        return cls(contact_id=d["contact_id"], kind=d["kind"],
                   date=_day(d["date"], "interaction date"), channel=d.get("channel") or "",
                   summary=d.get("summary") or "", id=d["id"])


@dataclass(slots=True)
class FollowUp:
    contact_id: str
    due: dt.date
    reason: str = ""
    origin: str = Origin.MANUAL.value
    state: str = FollowUpState.OPEN.value
    snoozed_until: dt.date | None = None
    closed_on: dt.date | None = None
    id: str = field(default_factory=new_id)

    @property
    def is_open(self) -> bool:
        return self.state != FollowUpState.DONE.value

    def effective_due(self) -> dt.date:
        """The day it shows again: its due date, or the end of its snooze."""
        if self.state == FollowUpState.SNOOZED.value and self.snoozed_until:
            return self.snoozed_until
        return self.due

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "contact_id": self.contact_id, "due": self.due.isoformat(),
                "reason": self.reason, "origin": self.origin, "state": self.state,
                "snoozed_until": _iso(self.snoozed_until), "closed_on": _iso(self.closed_on)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FollowUp:
        return cls(contact_id=d["contact_id"], due=_day(d["due"], "due date"),
                   reason=d.get("reason") or "", origin=d.get("origin") or Origin.MANUAL.value,
                   state=d.get("state") or FollowUpState.OPEN.value,
                   snoozed_until=_d(d.get("snoozed_until"), "snoozed until"),
                   closed_on=_d(d.get("closed_on"), "closed on"),
                   id=d["id"])


@dataclass(slots=True)
class Ask:
    contact_id: str
    what: str
    created: dt.date
    offer: str = ""
    steps: list[str] = field(default_factory=lambda: list(DEFAULT_STEPS))
    state: str = AskState.WARMING.value
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        if not self.what.strip():
            raise ValidationError("an ask needs to say what you want")

    @property
    def is_open(self) -> bool:
        return self.state in (AskState.WARMING.value, AskState.READY.value)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "contact_id": self.contact_id, "what": self.what,
                "offer": self.offer, "steps": list(self.steps), "state": self.state,
                "created": self.created.isoformat()}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Ask:
        return cls(contact_id=d["contact_id"], what=d["what"],
                   created=_day(d["created"], "ask date"), offer=d.get("offer") or "",
                   steps=list(d.get("steps") or DEFAULT_STEPS),
                   state=d.get("state") or AskState.WARMING.value, id=d["id"])


@dataclass(slots=True)
class Draft:
    contact_id: str
    template: str
    channel: str
    text: str
    state: str = DraftState.DRAFT.value
    ask_id: str | None = None
    created: dt.datetime | None = None
    updated: dt.datetime | None = None
    id: str = field(default_factory=new_id)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "contact_id": self.contact_id, "template": self.template,
                "channel": self.channel, "text": self.text, "state": self.state,
                "ask_id": self.ask_id, "created": _iso(self.created), "updated": _iso(self.updated)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Draft:
        created, updated = d.get("created"), d.get("updated")
        return cls(contact_id=d["contact_id"], template=d["template"], channel=d.get("channel") or "",
                   text=d.get("text") or "", state=d.get("state") or DraftState.DRAFT.value,
                   ask_id=d.get("ask_id"),
                   created=_moment(created, "created"), updated=_moment(updated, "updated"),
                   id=d["id"])

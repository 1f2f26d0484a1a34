"""Months of network history for the demo, so the Network screen has real numbers the
first time it opens: invitations across templates and channels (with and without a
personal note) with their outcomes, people silent for over a year, introducers, growth
month by month, and incoming requests (one declined before, one pending from them again).

Deterministic: a function of (seed, today) only. Added to a demo store already built.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from . import request_book
from .incoming import Facts, Request, suggest
from .model import (
    Contact,
    Draft,
    DraftState,
    FollowUp,
    FollowUpState,
    HowMet,
    Interaction,
    Kind,
    Origin,
    Relationship,
    Tie,
)
from .settings import Settings
from .store import Store

FIRST = ["Marta", "Carlos", "Elena", "Pablo", "Irene", "Diego", "Laia", "Hugo", "Noemi",
         "Tommaso", "Alessia", "Federico", "Inés", "Bruno", "Clara", "Gianluca", "Nerea", "Iker"]
LAST = ["Soler", "Vidal", "Prieto", "Marchetti", "Galli", "Ortega", "Serrano", "Conti",
        "Lombardi", "Navarro", "Herrero", "Greco", "Campos", "Moretti", "Roca", "Pons"]
COMPANIES = ["Acme Corp", "Globex", "Initech", "Hooli", "Factorial", "Satispay", "Typeform"]
EVENTS = ["PyCon ES", "Web Summit Lisboa", "Codemotion Milano", "the Madrid Python meetup"]
NOTE_TEMPLATES = ("connection-invite", "follow-up-after-meeting")


HISTORY_FIXED = 9  # two introducers and the seven people they brought


def add_history(store: Store, *, today: dt.date, seed: int = 11, invitations: int = 48,
                silent: int = 12, pending_days: int = 14) -> None:
    """Add the history to `store` (one transaction for the records, then the requests)."""
    records, rng = history(today=today, seed=seed, invitations=invitations, silent=silent,
                           pending_days=pending_days)
    store.insert_many(**records)
    _requests(store, today, rng)


def history(*, today: dt.date, seed: int = 11, invitations: int = 48, silent: int = 12,
            pending_days: int = 14) -> tuple[dict[str, list[Any]], random.Random]:
    """The history's records (contacts, interactions, drafts, follow-ups), and the random
    source the requests continue with (`add_requests`)."""
    rng = random.Random(seed)

    def new_id() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    days = dt.timedelta
    people: list[Contact] = []
    logs: list[Interaction] = []
    drafts: list[Draft] = []
    followups: list[FollowUp] = []
    used: set[str] = set()

    def person(ago: int, **over: object) -> Contact:
        while True:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.choice(LAST)}"
            if name not in used:
                used.add(name)
                break
        slug = name.lower().replace(" ", "-").replace("é", "e").replace("í", "i")
        c = Contact(name=name, id=new_id(), company=rng.choice(COMPANIES),
                    role=rng.choice(["Engineer", "Founder", "Designer", "Recruiter", "CTO"]),
                    handles={"linkedin": f"https://www.linkedin.com/in/{slug}"},
                    how_met=rng.choice(list(HowMet)).value,
                    relationship=rng.choice(list(Relationship)).value,
                    tie=rng.choices([t.value for t in Tie], [1, 3, 4])[0],
                    created=dt.datetime.combine(today - days(ago), dt.time(10, 0)))
        if c.how_met == HowMet.IN_PERSON.value:
            c.met_at, c.met_on = rng.choice(EVENTS), today - days(ago)
        for key, value in over.items():
            setattr(c, key, value)
        people.append(c)
        return c

    def did(c: Contact, kind: str, day: dt.date, channel: str = "linkedin",
            summary: str = "") -> None:
        logs.append(Interaction(c.id, kind, day, channel=channel, summary=summary, id=new_id()))

    # Invitations over the last eight months. A personal note works: most are accepted;
    # without one, most are ignored or declined (the comparison the screen puts in words).
    for n in range(invitations):
        ago = 5 + (n * 240) // invitations + rng.randrange(0, 5)
        sent = today - days(ago)
        c = person(ago + rng.randrange(0, 10))
        with_note = n % 3 != 2
        channel = "twitter" if n % 8 == 7 else "linkedin"
        if channel == "twitter":
            c.handles["twitter"] = "@" + c.name.split()[0].lower() + str(n)
        if with_note and channel == "linkedin":
            template = NOTE_TEMPLATES[n % 2]
            created = dt.datetime.combine(sent, dt.time(9, 30))
            drafts.append(Draft(c.id, template, "linkedin-invite",
                                f"Hi {c.first_name}, I enjoyed our chat about "
                                f"{rng.choice(['hiring', 'Rust', 'design systems'])}. "
                                "I'd be glad to connect.", state=DraftState.SENT.value,
                                created=created, updated=created, id=new_id()))
            did(c, Kind.INVITE_SENT.value, sent, summary=f"sent {template} draft")
        else:
            did(c, Kind.INVITE_SENT.value, sent, channel,
                "invitation with a short note" if with_note else "")
        roll = rng.random()
        if ago < 12:
            continue  # still waiting
        if with_note:
            outcome = "accepted" if roll < 0.78 else "declined" if roll < 0.88 else None
        else:
            outcome = "accepted" if roll < 0.2 else "declined" if roll < 0.45 else (
                "withdrawn" if roll < 0.65 else None)
        if outcome is None:
            # Unanswered for long: you let it go ("done" on its pending follow-up).
            due = sent + days(pending_days)
            followups.append(FollowUp(c.id, due, "invitation still pending — nudge or let go",
                                      origin=Origin.INVITE_PENDING.value,
                                      state=FollowUpState.DONE.value, closed_on=min(due, today),
                                      id=new_id()))
        else:
            answer = sent + days(rng.randrange(1, 10))
            kind = {"accepted": Kind.INVITE_ACCEPTED, "declined": Kind.INVITE_DECLINED,
                    "withdrawn": Kind.INVITE_WITHDRAWN}[outcome].value
            did(c, kind, min(answer, today), channel)

    # Silent for over a year: the prune review's list (P11).
    for n in range(silent):
        ago = 420 + n * 45
        c = person(ago + 200, tie=rng.choice([Tie.OCCASIONAL.value, Tie.REGULAR.value]))
        did(c, rng.choice(["message", "call", "meeting", "like"]), today - days(ago),
            summary=rng.choice(["", "Coffee near their office", "Congratulated the new role"]))

    # Introducers: two people who brought you several others (second-degree bridges, P2/P13).
    for who in range(2):
        bridge = person(600 - who * 100, tie=Tie.CLOSE.value)
        did(bridge, "call", today - days(20 + who * 9), "phone", "Catch-up call")
        for k in range(4 - who):
            c = person(300 - 40 * k - who * 17, how_met=HowMet.INTRODUCED.value,
                       introduced_by=bridge.id, met_at="an intro over email")
            did(c, "email", today - days(100 - 10 * k), "email", "Intro thread")

    followups += _triaged(people, logs, today, new_id)
    return {"contacts": people, "interactions": logs, "drafts": drafts,
            "followups": followups}, rng


def _triaged(people: list[Contact], logs: list[Interaction], today: dt.date,
             new_id: Any) -> list[FollowUp]:
    """The months of mornings behind the history: each keep-in-touch follow-up that came
    due before yesterday was ticked off that day ("done" restarts the clock, P10), as a
    daily user does — so the morning shows today's work, not a year of lapsed rows. The
    silent people were ticked off without ever writing: the prune review's material (P11),
    which counts silence from the last interaction, not from a tick."""
    last: dict[str, dt.date] = {}
    for i in logs:
        last[i.contact_id] = max(i.date, last.get(i.contact_id, i.date))
    settings = Settings()
    done: list[FollowUp] = []
    for c in people:
        start = last.get(c.id) or (c.created.date() if c.created else today)
        every = dt.timedelta(days=c.every or settings.cadence_for(c.tie))
        due = start + every
        while due < today - dt.timedelta(days=1):
            done.append(FollowUp(c.id, due, "keep in touch", origin=Origin.CADENCE.value,
                                 state=FollowUpState.DONE.value, closed_on=due, id=new_id()))
            due += every
    return done


def add_requests(store: Store, today: dt.date, rng: random.Random) -> None:
    """The incoming connection requests of the history."""
    _requests(store, today, rng)


def _requests(store: Store, today: dt.date, rng: random.Random) -> None:
    """Three pending requests (one from a profile you declined before) and two decided."""
    days = dt.timedelta
    made: list[Request] = []

    def add(req: Request, decision: str | None = None, on: dt.date | None = None) -> None:
        earlier = [r.decided_on for r in made if r.decision == "declined" and r.same_profile(req)
                   and r.decided_on]
        facts = Facts(None, 0, max(earlier) if earlier else None)
        req.suggestion, reasons = suggest(req, facts)
        req.reasons = list(reasons)
        req.decision, req.decided_on = decision, on
        req.id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        made.append(req)

    add(Request("Crypto Growth Hacker", today - days(60), company="Moonshot Capital",
                note="Hi dear, I have an amazing investment opportunity for you!!!", mutual=0,
                profile="https://www.linkedin.com/in/crypto-growth-4821",
                answers={"fake": True}), "declined", today - days(59))
    add(Request("Sara Montalbán", today - days(30), company="Globex", role="Engineering Manager",
                note="We met at PyCon ES, loved your question on typing", mutual=12,
                answers={"know": True}), "accepted", today - days(29))
    add(Request("Crypto Growth Hacker", today - days(2), company="Moonshot Capital",
                note="Following up on my opportunity!", mutual=0,
                profile="https://www.linkedin.com/in/crypto-growth-4821"))
    add(Request("Davide Ferri", today - days(3), company="Satispay", role="Product Designer",
                note="Ciao! I saw your talk at Codemotion", mutual=5, answers={"goals": True}))
    add(Request("Olga Petrenko", today - days(1), network="linkedin", company="Rival Analytics",
                role="Sales Director", mutual=1, answers={"competitor": True}))
    with store.transaction():
        request_book.save(store, [*request_book.load(store), *made])

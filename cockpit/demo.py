"""A realistic, deterministic demo network (same seed and today → same file).

The first contacts are a curated cast so every feature shows up even at 60 contacts:
people met yesterday, overdue follow-ups, birthdays this week (one on 29 February, one
without a year), asks part-way up their engagement ladder, a pending invitation, lapsed
cadences, an introduction. The rest are random, at any size up to LinkedIn's 30,000.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from pathlib import Path
from typing import Any

from .model import (
    Ask,
    Birthday,
    Contact,
    FollowUp,
    HowMet,
    Interaction,
    Note,
    Origin,
    Relationship,
    Tie,
)
from .store import Store

FIRST = ["Núria", "Íñigo", "Lucía", "José", "Álvaro", "Sofía", "Chiara", "Niccolò", "Giulia",
         "Matteo", "Françoise", "Chloé", "Jürgen", "Søren", "Åsa", "Zoë", "Björn", "Aiko",
         "Kenji", "Chidi", "Ngozi", "Siobhán", "Seán", "Grace", "Oliver", "Emma", "Mateus",
         "João", "Ana", "Pilar", "Ramón", "Beatriz", "Ezio", "Bianca", "Łukasz", "Zsófia",
         "Dvořák", "Mehmet", "Ayşe", "Priya"]
LAST = ["Ibáñez", "García", "Fernández", "Núñez", "Martínez", "de la Fuente", "Rossi", "Esposito",
        "Bianchi", "Di Stefano", "Müller", "Schäfer", "Lefèvre", "Dubois", "Nørgaard", "Åberg",
        "O'Brien", "Ní Bhriain", "Okafor", "Adeyemi", "Tanaka", "Sato", "Smith", "Johnson",
        "Gonçalves", "Açar", "Kowalski", "Nagy", "Van der Berg", "Puig", "Ferrer", "Costa"]
COMPANIES = ["Acme Corp", "Globex", "Initech", "Umbrella, S.L.", "Hooli", "Stark Industries",
             "Wayne Enterprises", "Aperture Science", "Pied Piper", "Iberdrola Digital",
             "Telefónica I+D", "Wonka S.p.A.", "Glovo", "Cabify", "Satispay", "Typeform",
             "Factorial", "Freelance"]
ROLES = ["Engineer", "Product Manager", "CTO", "Recruiter", "Designer", "Founder", "Sales Lead",
         "Data Scientist", "Marketing Director", "Consultant", "Journalist", "Investor",
         "Engineering Manager", "Head of People"]
EVENTS = ["Web Summit Lisboa", "PyCon ES", "Mobile World Congress", "Codemotion Milano",
          "the Madrid Python meetup", "a client dinner", "BcnJS", "the alumni reunion",
          "Startup Grind Valencia", "Women in Tech Roma"]
CITIES = ["Madrid", "Barcelona", "Valencia", "Milano", "Roma", "Lisboa", "Berlin", "London",
          "Paris", "Dublin", "Bilbao", "Torino"]
NOTES = [
    "Runs marathons; training for Valencia in December",
    "Gave a great talk on observability at {event}",
    "Two kids; loves sailing in Menorca every August",
    "Wrote a post on remote-first hiring that went viral",
    "Hiring backend engineers for the payments team",
    "Moving to Berlin next spring",
    "Big fan of Italian cinema — recommended 'La grande bellezza'",
    "Mentors junior founders at the accelerator",
    "Publica una newsletter semanal sobre ingeniería de datos",
    "Ha appena pubblicato un libro sul design di prodotto",
    "Podcast on product design; episode 40 featured our market",
    "Asked about our API pricing; follow up with the new tiers",
    "Volunteers at the local coding school on Saturdays",
    "Cerca un co-founder tecnico per la sua startup fintech",
    "Just promoted to VP — congratulate",
]
TAGS = ["python", "fintech", "madrid", "design", "investors", "speakers", "alumni", "hiring"]
CHANNELS = {"like": "linkedin", "comment": "linkedin", "share": "linkedin", "message": "linkedin",
            "email": "email", "call": "phone", "meeting": "in-person", "met": "in-person",
            "invite-sent": "linkedin", "invite-accepted": "linkedin", "birthday-wish": "whatsapp"}
KIND_WEIGHTS = [("like", 30), ("comment", 15), ("message", 20), ("email", 12), ("share", 6),
                ("call", 6), ("meeting", 5), ("met", 3), ("birthday-wish", 3)]


class _Ids:
    """Deterministic uuid4-shaped ids drawn from the seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def __call__(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))


def build_demo(path: Path, *, today: dt.date, contacts: int = 60, interactions: int | None = None,
               seed: int = 7) -> Store:
    """Write a demo network to `path` (one atomic write) and return the open store.

    The network is a function of (seed, today) only, never of the wall clock.
    """
    network = generate(today=today, contacts=contacts, interactions=interactions, seed=seed)
    fixed = dt.datetime.combine(today, dt.time(9, 0))
    store = Store(path, clock=lambda: fixed)
    store.insert_many(**network)
    return store


def generate(*, today: dt.date, contacts: int = 60, interactions: int | None = None,
             seed: int = 7) -> dict[str, list]:
    rng = random.Random(seed)
    new_id = _Ids(rng)
    if interactions is None:
        interactions = contacts * 5
    days = dt.timedelta
    people: list[Contact] = []
    notes: list[Note] = []
    logs: list[Interaction] = []
    followups: list[FollowUp] = []
    asks: list[Ask] = []

    def person(i: int, **over: object) -> Contact:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        if rng.random() < 0.6:  # a second surname, as in Spain: fewer namesakes at 30,000
            last = f"{last} {rng.choice(LAST)}"
        company = rng.choice(COMPANIES)
        created_days = rng.randrange(30, 1500)
        c = Contact(
            name=f"{first} {last}", id=new_id(), company=company, role=rng.choice(ROLES),
            location=rng.choice(CITIES),
            emails=[f"{_slug(first)}.{_slug(last)}{i}@example.com"] if rng.random() < 0.7 else [],
            phones=[f"+34 6{rng.randrange(10**7, 10**8)}"] if rng.random() < 0.3 else [],
            handles={"linkedin": f"https://www.linkedin.com/in/{_slug(first)}-{_slug(last)}-{i}"},
            how_met=rng.choice([HowMet.IN_PERSON, HowMet.ONLINE, HowMet.INTRODUCED]).value,
            relationship=rng.choice(list(Relationship)).value,
            tie=rng.choices([Tie.CLOSE, Tie.REGULAR, Tie.OCCASIONAL], [1, 3, 4])[0].value,
            tags=sorted(set(rng.sample(TAGS, rng.randrange(0, 3)))),
            created=dt.datetime.combine(today - days(created_days), dt.time(10, 0)),
        )
        if c.how_met == HowMet.IN_PERSON.value:
            c.met_at = rng.choice(EVENTS)
            c.met_on = today - days(rng.randrange(created_days, created_days + 30))
        r = rng.random()
        if r < 0.45:
            bday = dt.date(2001, 1, 1) + days(rng.randrange(365))
            year = rng.randrange(1955, 2002) if rng.random() < 0.7 else None
            c.birthday = Birthday(bday.month, bday.day, year)
        elif r < 0.46:
            c.birthday = Birthday(2, 29, 1988 if rng.random() < 0.5 else None)
        for key, value in over.items():
            setattr(c, key, value)
        people.append(c)
        return c

    def note(c: Contact, text: str, ago: int) -> None:
        notes.append(Note(c.id, text.format(event=c.met_at or rng.choice(EVENTS)),
                          today - days(ago), id=new_id()))

    def did(c: Contact, kind: str, ago: int, summary: str = "") -> None:
        logs.append(Interaction(c.id, kind, today - days(ago), channel=CHANNELS.get(kind, ""),
                                summary=summary, id=new_id()))

    # --- the curated cast -------------------------------------------------------------
    cast: list[tuple[str, dict[str, Any]]] = [
        ("met yesterday", dict(how_met="in-person", met_at="PyCon ES", met_on=today - days(1))),
        ("met 3 days ago", dict(how_met="in-person", met_at="Web Summit Lisboa",
                                met_on=today - days(3))),
        ("birthday today", dict(birthday=Birthday(today.month, today.day, 1985))),
        ("birthday soon", dict(birthday=_bday_in(today, 3, None))),
        ("birthday 29 Feb", dict(birthday=Birthday(2, 29, 1988))),
        ("birthday this week", dict(birthday=_bday_in(today, 6, 1979))),
        ("ask warming", dict(tie="regular")),
        ("ask ready", dict(tie="close")),
        ("ask fresh", dict(tie="occasional")),
        ("invite pending", dict(how_met="online")),
        ("lapsed close", dict(tie="close")),
        ("introduced", dict(how_met="introduced")),
        ("manual follow-up", dict(tie="regular")),
    ]
    for i, (role, over) in enumerate(cast[:contacts]):
        c = person(i, **over)
        note(c, rng.choice(NOTES), rng.randrange(2, 60))
        if role in ("met yesterday", "met 3 days ago"):
            met_on = c.met_on or today
            c.created = dt.datetime.combine(met_on, dt.time(20, 0))
            topic = rng.choice(["hiring", "Rust", "fundraising", "design systems"])
            note(c, f"Met at {c.met_at}; talked about {topic}", 0 if role == "met yesterday" else 3)
            followups.append(FollowUp(c.id, met_on + days(1),
                                      "thank them and send a personal invitation",
                                      origin=Origin.MET_IN_PERSON.value, id=new_id()))
            did(c, "met", (today - met_on).days, f"Chatted at {c.met_at}")
        elif role.startswith("ask"):
            created = today - days(10)
            steps = ["like", "comment", "share"]
            done = {"ask warming": 1, "ask ready": 3, "ask fresh": 0}[role]
            did(c, "like", 40, "liked an old post (before the ask: does not count)")
            for n, step in enumerate(steps[:done]):
                did(c, step, 8 - n * 2)
            what = {"ask warming": "an intro to their CTO about our data platform",
                    "ask ready": "feedback on our pitch deck",
                    "ask fresh": "a referral for the staff engineer role"}[role]
            asks.append(Ask(c.id, what, created, offer="a free pilot of our analytics tool"
                            if role != "ask fresh" else "", steps=steps, id=new_id()))
        elif role == "invite pending":
            did(c, "invite-sent", 20, "LinkedIn invitation with a note")
        elif role == "lapsed close":
            did(c, "call", 75, "Caught up about their new job")
        elif role == "introduced" and people:
            c.introduced_by = people[0].id
            c.met_at = "an intro over email"
            did(c, "email", rng.randrange(5, 25), "Intro thread")
        elif role.startswith("birthday"):
            did(c, rng.choice(["message", "like", "comment"]), rng.randrange(3, 25))
        elif role == "manual follow-up":
            followups.append(FollowUp(c.id, today + days(2), "send the slides from the workshop",
                                      id=new_id()))
            did(c, "meeting", 5, "Workshop on pricing")

    # --- the crowd --------------------------------------------------------------------
    for i in range(len(people), contacts):
        c = person(i)
        if rng.random() < 0.4:
            note(c, rng.choice(NOTES), rng.randrange(1, 400))
        if rng.random() < 0.1:
            note(c, rng.choice(NOTES), rng.randrange(1, 400))
        if c.how_met == HowMet.INTRODUCED.value and len(people) > 1:
            c.introduced_by = people[rng.randrange(len(people) - 1)].id
        if rng.random() < 0.01:
            created = today - days(rng.randrange(0, 20))
            asks.append(Ask(c.id, "advice on entering the Italian market", created,
                            offer="an intro to our Madrid investors", id=new_id()))
        if rng.random() < 0.01:
            did(c, "invite-sent", rng.randrange(1, 40))

    # Every relationship and every tie appears, whatever the seed (as long as there is room).
    crowd_start = len(cast)
    for k, rel in enumerate(Relationship):
        if crowd_start + k < len(people):
            people[crowd_start + k].relationship = rel.value
    for k, tie in enumerate(Tie):
        if crowd_start + len(Relationship) + k < len(people):
            people[crowd_start + len(Relationship) + k].tie = tie.value

    kinds, weights = zip(*KIND_WEIGHTS, strict=False)
    crowd = people[len(cast):] or people
    budget = max(0, interactions - len(logs))
    # Most people were in touch within their cadence; about one in ten has lapsed.
    for c in crowd[:budget]:
        every = c.every or {"close": 30, "regular": 90, "occasional": 180}[c.tie]
        did(c, rng.choices(kinds, weights)[0], rng.randrange(0, max(1, int(every * 1.1))))
    for _ in range(budget - min(budget, len(crowd))):
        c = crowd[rng.randrange(len(crowd))]
        span = max(1, (today - c.created.date()).days) if c.created else 365
        did(c, rng.choices(kinds, weights)[0], rng.randrange(0, min(span, 720)))
    return {"contacts": people, "notes": notes, "interactions": logs,
            "followups": followups, "asks": asks}


def _bday_in(today: dt.date, n: int, year: int | None) -> Birthday:
    day = today + dt.timedelta(days=n)
    if day.month == 2 and day.day == 29:
        day += dt.timedelta(days=1)
    return Birthday(day.month, day.day, year)


def _slug(text: str) -> str:
    from .model import fold
    return "".join(ch for ch in fold(text) if ch.isalnum())

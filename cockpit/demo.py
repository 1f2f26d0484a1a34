"""A realistic, deterministic demo network (same seed and today → same file).

The first contacts are a curated cast so every feature shows up even at 60 contacts:
people met yesterday, overdue follow-ups, birthdays this week (one on 29 February, one
without a year), asks part-way up their engagement ladder, a pending invitation, lapsed
cadences, an introduction. The rest are random, at any size up to LinkedIn's 30,000.

Some people are written to in Spanish or Italian (`lang`): their mentions are in their
language, so the first draft in the demo already reads right in each. Notes are mentions
of a kind (a talk, a post, news …) or private memos, which drafts never quote.

Everything drawn for languages and the cast's extra mentions comes from a second
generator, so the names, dates and interactions of a given seed stay what they were.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import uuid
from pathlib import Path
from typing import Any

from . import agenda
from .demo_history import HISTORY_FIXED, add_requests
from .demo_history import history as make_history
from .drafting.language import contract
from .model import (
    Ask,
    Birthday,
    Contact,
    FollowUp,
    HowMet,
    Interaction,
    Note,
    NoteKind,
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
# Events and places, as each language says them (names of events are the same in all).
EVENTS: list[dict[str, str]] = [
    {"en": "Web Summit Lisboa"}, {"en": "PyCon ES"}, {"en": "Mobile World Congress"},
    {"en": "Codemotion Milano"},
    {"en": "the Madrid Python meetup", "es": "el meetup de Python de Madrid",
     "it": "il meetup Python di Madrid"},
    {"en": "a client dinner", "es": "una cena con clientes", "it": "una cena con clienti"},
    {"en": "BcnJS"},
    {"en": "the alumni reunion", "es": "el encuentro de antiguos alumnos",
     "it": "la rimpatriata degli ex alunni"},
    {"en": "Startup Grind Valencia"}, {"en": "Women in Tech Roma"},
]
CITIES = ["Madrid", "Barcelona", "Valencia", "Milano", "Roma", "Lisboa", "Berlin", "London",
          "Paris", "Dublin", "Bilbao", "Torino"]
# Notes: a mention (its text is the topic, as you would say it) or a private memo.
NOTES: list[tuple[str, dict[str, str]]] = [
    ("interest", {"en": "running marathons", "es": "correr maratones",
                  "it": "le maratone"}),
    ("talk", {"en": "observability at {event}", "es": "observabilidad en {event}",
              "it": "l'osservabilità a {event}"}),
    ("travel", {"en": "the August sailing trip to Menorca",
                "es": "el viaje en velero a Menorca en agosto",
                "it": "il viaggio in barca a vela a Minorca ad agosto"}),
    ("post", {"en": "remote-first hiring", "es": "la contratación en remoto",
              "it": "le assunzioni da remoto"}),
    ("memo", {"en": "Hiring backend engineers for the payments team",
              "es": "Busca ingenieros backend para el equipo de pagos",
              "it": "Cerca ingegneri backend per il team dei pagamenti"}),
    ("travel", {"en": "the move to Berlin", "es": "la mudanza a Berlín",
                "it": "il trasferimento a Berlino"}),
    ("interest", {"en": "Italian cinema", "es": "el cine italiano",
                  "it": "il cinema italiano"}),
    ("conversation", {"en": "mentoring junior founders",
                      "es": "la mentoría a fundadores noveles",
                      "it": "il mentoring ai giovani founder"}),
    ("article", {"en": "data engineering", "es": "la ingeniería de datos",
                 "it": "l'ingegneria dei dati"}),
    ("news", {"en": "the new book on product design",
              "es": "el nuevo libro sobre diseño de producto",
              "it": "il nuovo libro sul design di prodotto"}),
    ("conversation", {"en": "the podcast on product design",
                      "es": "el pódcast sobre diseño de producto",
                      "it": "il podcast sul design di prodotto"}),
    ("memo", {"en": "Asked about our API pricing; follow up with the new tiers",
              "es": "Preguntó por los precios de nuestra API; responder con las nuevas tarifas",
              "it": "Ha chiesto dei prezzi della nostra API; ricontattare con le nuove tariffe"}),
    ("interest", {"en": "volunteering at the local coding school",
                  "es": "el voluntariado en la escuela de programación del barrio",
                  "it": "il volontariato alla scuola di programmazione del quartiere"}),
    ("memo", {"en": "Looking for a technical co-founder for their fintech startup",
              "es": "Busca un cofundador técnico para su startup fintech",
              "it": "Cerca un co-founder tecnico per la sua startup fintech"}),
    ("news", {"en": "the promotion to VP", "es": "el ascenso a VP",
              "it": "la promozione a VP"}),
]
# What people met in person talked about (a conversation mention).
TOPICS: list[dict[str, str]] = [
    {"en": "hiring", "es": "la contratación", "it": "le assunzioni"},
    {"en": "Rust", "es": "Rust", "it": "Rust"},
    {"en": "fundraising", "es": "la financiación", "it": "la raccolta fondi"},
    {"en": "design systems", "es": "los sistemas de diseño", "it": "i design system"},
]
# First names that suggest writing in Spanish or Italian (seven times in ten).
SPANISH_NAMES = frozenset({"Núria", "Íñigo", "Lucía", "José", "Álvaro", "Sofía", "Pilar",
                           "Ramón", "Beatriz"})
ITALIAN_NAMES = frozenset({"Chiara", "Niccolò", "Giulia", "Matteo", "Ezio", "Bianca"})
# The cast's language, and a mention or two more so each has something to draft from.
CAST_LANG = {"birthday today": "es", "birthday soon": "it", "birthday this week": "it",
             "ask fresh": "it", "invite pending": "es", "introduced": "es"}
CAST_MENTIONS: dict[str, list[tuple[str, dict[str, str], int]]] = {
    "birthday today": [("family", {"es": "el nuevo bebé"}, 20)],
    "birthday soon": [("interest", {"it": "la fotografia di montagna"}, 15)],
    "birthday this week": [("family", {"it": "i gemelli appena nati"}, 12)],
    "ask warming": [("article", {"en": "platform engineering at scale"}, 9)],
    "ask ready": [("talk", {"en": "API design at Codemotion Milano"}, 20)],
    "ask fresh": [("post", {"it": "la cultura ingegneristica nei team piccoli"}, 25)],
    "lapsed close": [("conversation", {"en": "hiring for remote teams"}, 90)],
    "invite pending": [("talk", {"es": "producto y métricas en Startup Grind Valencia"}, 30)],
}
ASKS = {
    "ask warming": {"en": "an intro to their CTO about our data platform"},
    "ask ready": {"en": "feedback on our pitch deck"},
    "ask fresh": {"en": "a referral for the staff engineer role",
                  "it": "una segnalazione per la posizione di staff engineer"},
}
OFFER = {"en": "a free pilot of our analytics tool",
         "es": "una prueba gratuita de nuestra herramienta de analítica",
         "it": "una prova gratuita del nostro strumento di analytics"}
CROWD_ASK = {"en": ("advice on entering the Italian market", "an intro to our Madrid investors"),
             "es": ("consejo para entrar en el mercado italiano",
                    "una presentación a nuestros inversores de Madrid"),
             "it": ("un consiglio per entrare nel mercato italiano",
                    "una presentazione ai nostri investitori di Madrid")}
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
               seed: int = 7, history: bool = True) -> Store:
    """Write a demo network to `path` (one atomic write) and return the open store.

    The network is a function of (seed, today) only, never of the wall clock.
    """
    # Months of invitations with outcomes, silences and introducers, for the network
    # review; its people and interactions count toward the sizes asked for (its people
    # are half of the contacts at most).
    room = max(0, contacts // 2 - HISTORY_FIXED) if history else 0
    invitations = min(48, room * 4 // 5)
    records, rng = ({}, None) if not invitations else make_history(
        today=today, invitations=invitations, silent=min(12, room - invitations))
    extra_people = len(records.get("contacts", ()))
    extra_logs = len(records.get("interactions", ()))
    network = generate(today=today, contacts=contacts - extra_people,
                       interactions=None if interactions is None
                       else max(0, interactions - extra_logs), seed=seed)
    for table, rows in records.items():
        network[table] = [*network.get(table, ()), *rows]
    fixed = dt.datetime.combine(today, dt.time(9, 0))
    store = Store(path, clock=lambda: fixed)
    store.insert_many(**network)
    if rng is not None:
        add_requests(store, today, rng)
    return store


def generate(*, today: dt.date, contacts: int = 60, interactions: int | None = None,
             seed: int = 7) -> dict[str, list]:
    rng = random.Random(seed)
    new_id = _Ids(rng)
    # Languages and the cast's extra mentions draw from their own generator: `rng` makes
    # the same calls as before they existed, so a seed keeps its names and dates.
    rng2 = random.Random(seed * 7919 + 1)
    new_id2 = _Ids(rng2)
    if interactions is None:
        interactions = contacts * 5
    days = dt.timedelta
    people: list[Contact] = []
    notes: list[Note] = []
    logs: list[Interaction] = []
    followups: list[FollowUp] = []
    asks: list[Ask] = []

    def person(i: int, lang: str | None = None, **over: object) -> Contact:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        if lang is None:
            lang = _lang_for(first, rng2)
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
            lang=lang,
        )
        if c.how_met == HowMet.IN_PERSON.value:
            c.met_at = _said(rng.choice(EVENTS), lang)
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

    def note(c: Contact, entry: tuple[str, dict[str, str]], ago: int) -> None:
        kind, texts = entry
        event = c.met_at or _said(rng.choice(EVENTS), c.lang)
        text = contract(_said(texts, c.lang).format(event=event), c.lang or "en")
        notes.append(Note(c.id, text, today - days(ago), id=new_id(), kind=kind))

    def extra_note(c: Contact, kind: str, texts: dict[str, str], ago: int) -> None:
        notes.append(Note(c.id, _said(texts, c.lang), today - days(ago), id=new_id2(),
                          kind=kind))

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
        c = person(i, CAST_LANG.get(role, ""), **over)
        note(c, rng.choice(NOTES), rng.randrange(2, 60))
        for kind, texts, ago in CAST_MENTIONS.get(role, ()):
            extra_note(c, kind, texts, ago)
        if role in ("met yesterday", "met 3 days ago"):
            met_on = c.met_on or today
            c.created = dt.datetime.combine(met_on, dt.time(20, 0))
            topic = rng.choice(TOPICS)
            note(c, (NoteKind.CONVERSATION.value, topic), 0 if role == "met yesterday" else 3)
            followups.append(dataclasses.replace(agenda.met_in_person_followup(c.id, met_on),
                                                 id=new_id()))  # the one P1 rule
            did(c, "met", (today - met_on).days, f"Chatted at {c.met_at}")
        elif role.startswith("ask"):
            created = today - days(10)
            steps = ["like", "comment", "share"]
            done = {"ask warming": 1, "ask ready": 3, "ask fresh": 0}[role]
            did(c, "like", 40, "liked an old post (before the ask: does not count)")
            for n, step in enumerate(steps[:done]):
                did(c, step, 8 - n * 2)
            asks.append(Ask(c.id, _said(ASKS[role], c.lang), created,
                            offer=_said(OFFER, c.lang) if role != "ask fresh" else "",
                            steps=steps, id=new_id()))
        elif role == "invite pending":
            did(c, "invite-sent", 20, "LinkedIn invitation with a note")
        elif role == "lapsed close":
            did(c, "call", 75, "Caught up about their new job")
        elif role == "introduced" and people:
            c.introduced_by = people[0].id
            c.met_at = _said({"en": "an intro over email",
                              "es": "una presentación por correo",
                              "it": "una presentazione via email"}, c.lang)
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
            what, offer = CROWD_ASK.get(c.lang, CROWD_ASK["en"])
            asks.append(Ask(c.id, what, created, offer=offer, id=new_id()))
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


def _said(texts: dict[str, str], lang: str) -> str:
    """The text in `lang` ("" = English), or the English one when it is said the same."""
    return texts.get(lang or "en") or texts["en"]


def _lang_for(first: str, rng: random.Random) -> str:
    """The language to write to someone in: "" (the default) unless their name suggests
    Spanish or Italian, and then seven times in ten."""
    if first in SPANISH_NAMES:
        return "es" if rng.random() < 0.7 else ""
    if first in ITALIAN_NAMES:
        return "it" if rng.random() < 0.7 else ""
    return ""


def _bday_in(today: dt.date, n: int, year: int | None) -> Birthday:
    day = today + dt.timedelta(days=n)
    if day.month == 2 and day.day == 29:
        day += dt.timedelta(days=1)
    return Birthday(day.month, day.day, year)


def _slug(text: str) -> str:
    from .model import fold
    return "".join(ch for ch in fold(text) if ch.isalnum())

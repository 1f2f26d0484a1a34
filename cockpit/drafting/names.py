"""What to call someone in a greeting, without assuming English names.

`greeting_name(contact)`: what you call them (`call_name`), else the given name derived
from the full name (`first_name`), keeping compound given names whole — "María José
García" is greeted "María José", not "María".
"""

from __future__ import annotations

from ..model import Contact, ValidationError, fold, tidy_name

CALL_NAME_MAX = 60

_TITLES = frozenset({"dr", "dra", "prof", "mr", "mrs", "ms", "mx", "sr", "sra", "srta", "dott",
                     "dottssa", "ing", "avv", "mme", "mlle", "herr", "frau"})
_SUFFIXES = frozenset({"phd", "mba", "md", "jr", "sr", "ii", "iii", "iv", "msc", "bsc", "esq"})
_PARTICLES = frozenset({"de", "del", "della", "dei", "di", "da", "do", "dos", "das", "du", "des",
                        "la", "le", "lo", "van", "von", "der", "den", "ter", "ten", "al", "el",
                        "y", "e", "bin", "ibn", "mac", "ni", "o"})

# Given names that open a compound given name, and the second names that complete one
# (folded). "José Luis", "María José", "Anna Maria", "Gian Luca", "Jean Pierre" are one
# name; a second word outside this list is taken as a surname ("José García").
_COMPOUND_FIRST = frozenset({
    "maria", "mari", "jose", "juan", "ana", "anna", "luis", "miguel", "francisco", "pedro",
    "jesus", "rosa", "carlos", "angel", "gian", "pier", "giovanni", "jean", "marie", "anne",
    "joao", "luiz", "karl", "hans", "franz",
})
# Second names that are seldom surnames (Martín, Vicente, Lorenzo are left out: "Rosa
# Martín" is Rosa).
_COMPOUND_SECOND = frozenset({
    # Spanish
    "jose", "luis", "maria", "carlos", "antonio", "manuel", "angel", "jesus", "carmen",
    "pilar", "teresa", "isabel", "luisa", "elena", "eugenia", "josefa", "dolores", "belen",
    "paula", "pablo", "javier", "ignacio", "mercedes", "victoria", "cristina", "lourdes",
    "rosa", "laura", "juan",
    # Italian
    "grazia", "luca", "marco", "paolo", "luigi", "piero", "franco", "carlo", "chiara", "lisa",
    "rita", "pia", "vittoria", "giulia", "battista",
    # French, Portuguese, German
    "pierre", "paul", "marc", "luc", "claude", "claire", "francoise", "sophie", "louise",
    "baptiste", "michel", "philippe", "christophe", "pedro", "eduarda", "clara", "fernanda",
    "heinz", "peter", "josef",
})
# "María del Carmen", "María de los Ángeles": a particle inside a given name (folded).
_GIVEN_WITH_PARTICLE = (("del", "carmen"), ("del", "pilar"), ("del", "mar"), ("del", "rocio"),
                        ("de", "los", "angeles"), ("de", "las", "mercedes"), ("de", "la", "paz"),
                        ("de", "la", "luz"), ("de", "los", "dolores"), ("de", "lourdes"))


def first_name(name: str) -> str:
    """The given name to greet someone by.

    "Núria Ibáñez" → "Núria"; "María José García" → "María José"; "Dr. Ana Ruiz" → "Ana";
    "Ibáñez, Núria" → "Núria"; a name that is only a surname with particles ("de la
    Fuente", "van der Berg") is kept whole rather than greeting someone as "de"; a name
    without spaces is kept whole.
    """
    text = " ".join(name.split())
    if "," in text:
        before, _, after = text.partition(",")
        tail = fold(after).replace(".", "").strip()
        # "Ana Ruiz, PhD" keeps the name; "Ibáñez, Núria" is "Surname, Given".
        text = before.strip() if tail in _SUFFIXES or not tail else after.strip()
    words = text.split()
    while len(words) > 1 and fold(words[0]).rstrip(".") in _TITLES:
        words.pop(0)
    if not words:
        return name.strip()
    first = words[0]
    if fold(first) in _PARTICLES and (first[:1].islower() or
                                      (len(words) > 1 and fold(words[1]) in _PARTICLES)):
        return " ".join(words)
    return " ".join(words[:_given_length(words)])


def _given_length(words: list[str]) -> int:
    """How many of the leading words make up the given name (1 unless compound)."""
    folded = [fold(w) for w in words]
    if folded[0] not in _COMPOUND_FIRST or len(words) < 2:
        return 1
    for tail in _GIVEN_WITH_PARTICLE:
        if tuple(folded[1:1 + len(tail)]) == tail:
            return 1 + len(tail)
    if folded[1] in _COMPOUND_SECOND and words[1][:1].isupper():
        return 2
    return 1


def greeting_name(contact: Contact) -> str:
    """What you call them: their `call_name`, else the given name from the full name."""
    return contact.call_name.strip() or first_name(contact.name)


def parse_call_name(text: str) -> str:
    """A call name as typed (`--call`): one line, at most 60 characters; "" = derive it."""
    value = tidy_name(text)
    if len(value) > CALL_NAME_MAX:
        raise ValidationError(f"the name to call them by is {len(value)} characters: "
                              f"at most {CALL_NAME_MAX}")
    if "{" in value or "}" in value:
        raise ValidationError(f"the name to call them by cannot contain braces: {value!r}")
    return value

"""Languages of drafts: codes, names and dates (through Babel's CLDR data), and the small
grammar a template needs around someone's own words — contractions, a note written about
a person turned to address them, sentence capitals.

Pure: no clock, no I/O beyond Babel's bundled locale data.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from ..model import ValidationError

if TYPE_CHECKING:
    from babel import Locale

DEFAULT_LANGUAGE = "en"
BUILTIN_LANGUAGES = ("en", "es", "it")

_CODE_RE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


def normalise(code: str) -> str:
    """"es_MX" / "ES-mx" → "es-mx"; "" stays "" (the user's default)."""
    return code.strip().replace("_", "-").lower()


def primary(code: str) -> str:
    """The language without region or script: "es-mx" → "es"."""
    return normalise(code).split("-", 1)[0]


@lru_cache(maxsize=64)
def _locale(code: str) -> Locale | None:
    # Babel is imported when first needed: most commands never say a date or name a
    # language, and every command starts faster without it.
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def parse_language(text: str) -> str:
    """A language code as typed (`--lang`, `drafting.language`): "" = the default; else a
    code Babel knows (en, es, it, fr, pt-br …), normalised, or a ValidationError."""
    code = normalise(text)
    if not code:
        return ""
    if not _CODE_RE.match(code) or _locale(code) is None:
        raise ValidationError(f"unknown language {text.strip()!r}: use a code such as "
                              f"en, es, it, fr, de or pt-br")
    return code


def language_name(code: str, in_language: str = DEFAULT_LANGUAGE) -> str:
    """"es" → "Spanish" (or "español" with in_language="es"); the code when unknown."""
    loc = _locale(code)
    if loc is None:
        return code
    return loc.get_display_name(_locale(in_language) or DEFAULT_LANGUAGE) or code


def resolve(contact_lang: str, default: str = DEFAULT_LANGUAGE) -> str:
    """The language to write to someone in: theirs, else the user's default."""
    return normalise(contact_lang) or normalise(default) or DEFAULT_LANGUAGE


def on_date(day: dt.date, lang: str) -> str:
    """A day as said in a sentence: "on December 3", "el 3 de diciembre", "il 3 dicembre",
    "l'8 dicembre" (Italian elides before a vowel sound)."""
    from babel.dates import format_skeleton

    code = primary(lang)
    loc = _locale(lang) or _locale(code) or _locale(DEFAULT_LANGUAGE)
    when = format_skeleton("MMMMd", day, locale=loc)
    if code == "es":
        return f"el {when}"
    if code == "it":
        if day.day == 1:
            return f"il primo {when.split(' ', 1)[1]}"
        return f"l'{when}" if day.day in (8, 11) else f"il {when}"
    if code == "en":
        return f"on {when}"
    return when


# ------------------------------------------------------------------------------ grammar

# Preposition + article contractions. A lower-case preposition followed by a lower-case
# article is never right in these languages ("de el" → "del"; "a il" → "al"), so they can be
# fixed after filling the template; names ("de El Corte Inglés") keep their capital.
_ES_CONTRACT = re.compile(r"\b(a|de) el\b")
_IT_ARTICLES = {"il": "l", "lo": "llo", "la": "lla", "i": "i", "gli": "gli", "le": "lle"}
_IT_PREPS = {"a": "a", "di": "de", "da": "da", "in": "ne", "su": "su"}
_IT_CONTRACT = re.compile(r"\b(a|di|da|in|su) (il|lo|la|i|gli|le)\b")
_IT_ELIDED = re.compile(r"\b(a|di|da|in|su) l'")


def _it_join(prep: str, article: str) -> str:
    stem = _IT_PREPS[prep]
    if article == "il":
        return {"a": "al", "de": "del", "da": "dal", "ne": "nel", "su": "sul"}[stem]
    if article == "i":
        return {"a": "ai", "de": "dei", "da": "dai", "ne": "nei", "su": "sui"}[stem]
    if article == "gli":
        return stem + "gli"
    return stem + _IT_ARTICLES[article]


def contract(text: str, lang: str) -> str:
    """Preposition + article as the language writes them: "de el" → "del", "a il" → "al",
    "su la" → "sulla", "di l'" → "dell'"."""
    code = primary(lang)
    if code == "es":
        return _ES_CONTRACT.sub(lambda m: "al" if m.group(1) == "a" else "del", text)
    if code == "it":
        text = _IT_CONTRACT.sub(lambda m: _it_join(m.group(1), m.group(2)), text)
        return _IT_ELIDED.sub(lambda m: _IT_PREPS[m.group(1)] + "ll'", text)
    return text


# A note is written about the person ("her move to Berlin", "enviarle las diapositivas");
# a draft speaks to them ("your move to Berlin", "enviarte las diapositivas").
_EN_OBJECT_AFTER = frozenset({"the", "a", "an", "about", "on", "in", "for", "to", "with", "at",
                              "my", "our", "some", "this", "that", "these", "those", "back",
                              "up", "over", "out", "know", "and", "or", ""})
_EN_WORD = re.compile(r"\b(his|her|him|himself|herself)\b(\s*)(\w*)", re.IGNORECASE)
_ES_POSSESSIVE = re.compile(r"\b(su|sus)\b")
_ES_CLITIC = re.compile(r"\b(\w{3,}(?:ar|er|ir|ár|ér|ír))(le|la|lo)\b")
_IT_POSSESSIVE = re.compile(r"\b(suo|sua|suoi|sue)\b")
_IT_CLITIC = re.compile(r"\b(\w{3,}(?:ar|er|ir))(gli|le)\b")
_IT_TO_YOU = {"suo": "tuo", "sua": "tua", "suoi": "tuoi", "sue": "tue"}


def _en_swap(m: re.Match[str]) -> str:
    word, space, following = m.group(1), m.group(2), m.group(3)
    low = word.lower()
    if low in ("himself", "herself"):
        out = "yourself"
    elif low == "his":
        out = "your"
    elif low == "him":
        out = "you"
    else:  # "her": an object before an article or at the end, a possessive before a noun
        out = "you" if following.lower() in _EN_OBJECT_AFTER else "your"
    if word[0].isupper():
        out = out.capitalize()
    return out + space + following


def to_second_person(text: str, lang: str) -> str:
    """Words about them turned to words to them: her/his → your, him → you; su → tu,
    enviarle → enviarte; suo/sua → tuo/tua, mandargli → mandarti. "Their" is left alone:
    it is as often a company's ("their Series A")."""
    code = primary(lang)
    if code == "en":
        return _EN_WORD.sub(_en_swap, text)
    if code == "es":
        text = _ES_POSSESSIVE.sub(lambda m: "tu" if m.group(1) == "su" else "tus", text)
        return _ES_CLITIC.sub(lambda m: m.group(1) + "te", text)
    if code == "it":
        text = _IT_POSSESSIVE.sub(lambda m: _IT_TO_YOU[m.group(1)], text)
        return _IT_CLITIC.sub(lambda m: m.group(1) + "ti", text)
    return text


# Words that open a phrase and are only capitalised because a note starts with them.
_LEADING_LOWER = frozenset({
    "the", "a", "an", "her", "his", "their", "your", "my", "our", "some", "this", "that",
    "el", "la", "los", "las", "un", "una", "unos", "unas", "su", "sus", "tu", "tus", "mi",
    "il", "lo", "gli", "le", "uno", "suo", "sua", "tuo", "tua", "i",
})


def tidy_phrase(text: str) -> str:
    """Someone's words as a phrase inside a sentence: one line, single spaces, no final
    full stop, and a leading article or possessive in lower case ("The move" → "the move")."""
    phrase = " ".join(text.split()).rstrip(" .;,:!")
    first, sep, rest = phrase.partition(" ")
    if (sep and first[:1].isupper() and first[1:].islower()
            and first.lower() in _LEADING_LOWER and first != "I"):
        phrase = first.lower() + sep + rest
    return phrase


def as_topic(text: str, lang: str) -> str:
    """A mention's text ready to go inside a sentence addressed to them."""
    return to_second_person(tidy_phrase(text), lang)


_SENTENCE_START = re.compile(r"(^|[.!?…]\s+)([¡¿«\"'(]*)([a-zà-ÿ])")


def capitalise_sentences(text: str) -> str:
    """The first letter of each sentence in upper case ("… today. i'm" → "… today. I'm")."""
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2) + m.group(3).upper(), text)


_SPACE_BEFORE = re.compile(r"\s+([,.;:!?…])")
_MANY_SPACES = re.compile(r"[ \t]{2,}")


def tidy_spaces(text: str) -> str:
    """No double space, no space before punctuation (¡ and ¿ open, so they keep theirs)."""
    return _MANY_SPACES.sub(" ", _SPACE_BEFORE.sub(r"\1", text)).strip()


def ensure_sentence(text: str) -> str:
    """A phrase as a sentence of its own: capital first letter, final full stop."""
    phrase = " ".join(text.split())
    if not phrase:
        return phrase
    phrase = phrase[0].upper() + phrase[1:]
    return phrase if phrase.endswith((".", "!", "?", "…")) else phrase + "."

"""Languages of drafts: whom to greet how, which language, dates said the local way, the
small grammar around someone's words, and user templates per language folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cockpit import drafting as d
from cockpit.drafting.language import (
    as_topic,
    capitalise_sentences,
    contract,
    tidy_phrase,
    to_second_person,
)
from cockpit.model import Contact, FollowUp, Note, ValidationError
from cockpit.settings import Settings, SettingsError, parse

TODAY = dt.date(2026, 11, 22)


def person(name: str = "Giulia Bianchi", **over: object) -> Contact:
    c = Contact(name=name, id="c1", how_met="in-person", met_at="PyCon ES")
    for k, v in over.items():
        setattr(c, k, v)
    return c


def mention(c: Contact, text: str, kind: str = "talk", i: int = 0) -> Note:
    return Note(c.id, text, TODAY - dt.timedelta(days=i), id=f"n{i}", kind=kind)


# ------------------------------------------------------------------------------ names

@pytest.mark.parametrize("name, expected", [
    ("María José García", "María José"),
    ("José Luis Martínez Puig", "José Luis"),
    ("Juan Carlos Ferrer", "Juan Carlos"),
    ("Ana María López", "Ana María"),
    ("María del Carmen Ruiz", "María del Carmen"),
    ("María de la Fuente", "María"),  # a surname with particles, not a given name
    ("Anna Maria Rossi", "Anna Maria"),
    ("Maria Grazia Esposito", "Maria Grazia"),
    ("Gian Luca Bianchi", "Gian Luca"),
    ("Jean-Pierre Dubois", "Jean-Pierre"),
    ("Jean Pierre Dubois", "Jean Pierre"),
    ("José García", "José"),
    ("Rosa Martín", "Rosa"),  # Martín is a surname here
    ("Juan", "Juan"),
    ("Dr. María José García", "María José"),
    ("García, María José", "María José"),
])
def test_compound_given_names_are_kept_whole(name: str, expected: str) -> None:
    assert d.first_name(name) == expected


def test_greeting_uses_the_call_name_first() -> None:
    assert d.greeting_name(person("María José García")) == "María José"
    assert d.greeting_name(person("María José García", call_name="Majo")) == "Majo"
    c = person("Francisco Javier Ruiz", call_name="Paco", lang="es")
    text = d.render(d.BUILTIN_TEMPLATES["birthday"], d.make_context(c))
    assert "Paco!" in text and "Francisco" not in text


def test_call_name_is_one_bounded_line() -> None:
    assert d.parse_call_name("  Majo \n") == "Majo"
    assert d.parse_call_name("") == ""
    with pytest.raises(ValidationError, match="at most 60"):
        d.parse_call_name("x" * 61)
    with pytest.raises(ValidationError, match="braces"):
        d.parse_call_name("{first_name}")


@pytest.mark.parametrize("lang, greeting", [("en", "Hi Giulia"), ("es", "Hola, Giulia"),
                                             ("it", "Ciao Giulia")])
def test_greetings_are_neutral_in_every_language(lang: str, greeting: str) -> None:
    seen = set()
    for i in range(12):
        c = person(id=f"g{i}", lang=lang)
        text = d.render(d.BUILTIN_TEMPLATES["reconnect"], d.make_context(c))
        seen.add(text.split(",")[0].split("!")[0].lstrip("¡"))
        # No gendered forms: the built-ins never say Querido/a, Caro/a, encantado/a.
        for gendered in ("Querid", "Estimad", "Encantad", "Car", "Gentil", "ricordat"):
            assert gendered not in text
    assert any(greeting.split(",")[0] in g for g in seen)


# ------------------------------------------------------------------------------ languages

def test_the_language_is_the_contacts_else_the_setting_else_english() -> None:
    c = person()
    assert d.make_context(c).language == "en"
    assert d.make_context(c, settings=Settings(drafting_language="it")).language == "it"
    c.lang = "es"
    assert d.make_context(c, settings=Settings(drafting_language="it")).language == "es"
    out = d.compose(d.BUILTIN_TEMPLATES["birthday"], d.make_context(c))
    assert out.language == "es" and out.text.startswith(("¡Feliz cumpleaños", "¡Muchas"))


def test_parse_language_knows_real_codes_only() -> None:
    assert d.parse_language("ES") == "es"
    assert d.parse_language("pt_BR") == "pt-br"
    assert d.parse_language(" ") == ""
    for bad in ("xx", "english", "e", "es!"):
        with pytest.raises(ValidationError, match="unknown language"):
            d.parse_language(bad)
    assert d.language_name("es") == "Spanish" and d.language_name("it", "it") == "italiano"


def test_drafting_language_setting() -> None:
    assert Settings().drafting_language == "en"
    assert parse('[drafting]\nlanguage = "IT"\n').drafting_language == "it"
    for bad in ('language = "xx"', "language = 3", 'language = ""'):
        with pytest.raises(SettingsError, match=r"drafting\.language"):
            parse(f"[drafting]\n{bad}\n")


@pytest.mark.parametrize("day, lang, said", [
    (dt.date(2026, 12, 3), "en", "on December 3"),
    (dt.date(2026, 12, 3), "es", "el 3 de diciembre"),
    (dt.date(2026, 12, 3), "it", "il 3 dicembre"),
    (dt.date(2026, 12, 8), "it", "l'8 dicembre"),
    (dt.date(2026, 12, 11), "it", "l'11 dicembre"),
    (dt.date(2026, 12, 1), "it", "il primo dicembre"),
    (dt.date(2026, 12, 3), "fr", "3 décembre"),
])
def test_dates_are_said_the_way_each_language_says_them(day: dt.date, lang: str,
                                                        said: str) -> None:
    assert d.on_date(day, lang) == said


def test_a_nudge_says_when_the_invitation_went_in_their_language() -> None:
    c = person(lang="es", seen={"invite-sent": dt.date(2026, 11, 3)})
    text = d.render(d.BUILTIN_TEMPLATES["nudge"], d.make_context(c))
    assert "el 3 de noviembre" in text
    c.seen["invite-accepted"] = dt.date(2026, 11, 10)  # answered: no date to recall
    assert "noviembre" not in d.render(d.BUILTIN_TEMPLATES["nudge"], d.make_context(c))


# ------------------------------------------------------------------------------ grammar

@pytest.mark.parametrize("text, lang, out", [
    ("sobre el cine", "es", "sobre el cine"),
    ("hablar de el cine y a el teatro", "es", "hablar del cine y al teatro"),
    ("en casa de El Corte Inglés", "es", "en casa de El Corte Inglés"),
    ("su il design", "it", "sul design"),
    ("a la rimpatriata", "it", "alla rimpatriata"),
    ("di l'ingegneria", "it", "dell'ingegneria"),
    ("in i giorni su gli alberi da lo studio", "it", "nei giorni sugli alberi dallo studio"),
    ("talk on the cinema", "en", "talk on the cinema"),
])
def test_contractions(text: str, lang: str, out: str) -> None:
    assert contract(text, lang) == out


@pytest.mark.parametrize("text, lang, out", [
    ("her move to Berlin", "en", "your move to Berlin"),
    ("send her the slides", "en", "send you the slides"),
    ("His new book", "en", "Your new book"),
    ("their Series A", "en", "their Series A"),
    ("su mudanza a Berlín", "es", "tu mudanza a Berlín"),
    ("enviarle las diapositivas", "es", "enviarte las diapositivas"),
    ("la charla sobre cine", "es", "la charla sobre cine"),
    ("la sua promozione", "it", "la tua promozione"),
    ("mandargli le slide", "it", "mandarti le slide"),
])
def test_notes_about_someone_are_turned_to_speak_to_them(text: str, lang: str,
                                                         out: str) -> None:
    assert to_second_person(text, lang) == out


def test_topics_sit_inside_a_sentence() -> None:
    assert tidy_phrase("  The move to   Berlin. ") == "the move to Berlin"
    assert tidy_phrase("Rust in embedded") == "Rust in embedded"  # a name keeps its capital
    assert as_topic("Her new job at Glovo.", "en") == "your new job at Glovo"
    assert capitalise_sentences("hi. ¿qué tal? i'm fine") == "Hi. ¿Qué tal? I'm fine"


def test_a_manual_follow_up_drafts_from_its_reason_in_each_language() -> None:
    cases = {"en": ("Send her the slides from the workshop", "to send you the slides"),
             "es": ("enviarle las diapositivas del taller", "enviarte las diapositivas"),
             "it": ("mandarle le slide del workshop", "mandarti le slide")}
    for lang, (reason, said) in cases.items():
        c = person(lang=lang)
        ctx = d.make_context(c, followups=[FollowUp(c.id, TODAY, reason)])
        out = d.compose(d.BUILTIN_TEMPLATES["follow-up"], ctx)
        assert said in out.text and out.ok, out.text
    c = person()
    noun = d.make_context(c, followups=[FollowUp(c.id, TODAY, "the pricing proposal")])
    assert "following up on the pricing proposal" in d.render(d.BUILTIN_TEMPLATES["follow-up"],
                                                              noun)
    done = FollowUp(c.id, TODAY, "the pricing proposal", state="done")
    assert "pricing" not in d.render(d.BUILTIN_TEMPLATES["follow-up"],
                                     d.make_context(c, followups=[done]))


# ------------------------------------------------------------------------------ user templates

def write(folder: Path, rel: str, text: str) -> None:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_user_templates_per_language_folder(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    write(folder, "birthday.txt", "Happy birthday {first_name}, from me! {mention}")
    write(folder, "es/birthday.txt", "¡Felicidades, {first_name}! Un abrazo.")
    write(folder, "fr/birthday.txt", "Joyeux anniversaire, {first_name} ! Et {hook}, alors ?")
    write(folder, "fr/caffe.txt", "# channel: whatsapp\nUn café, {first_name} ?")
    available = d.all_templates(d.load_user_templates(folder))
    bday = available["birthday"]
    assert bday.kind == "birthday-wish" and bday.channel == "whatsapp"  # the built-in's
    assert bday.languages() == ["", "en", "es", "fr", "it"]  # "" = your default language
    assert d.BUILTIN_TEMPLATES["nudge"].languages() == list(d.BUILTIN_LANGUAGES)
    c = person(lang="", call_name="")
    notes = [mention(c, "la voile", "interest")]

    def text(lang: str, settings: Settings | None = None) -> d.Composed:
        c.lang = lang
        return d.compose(bday, d.make_context(c, notes, settings=settings))

    assert text("").text.startswith("Happy birthday Giulia, from me!")  # the default: en
    assert text("es").text == "¡Felicidades, Giulia! Un abrazo."
    assert text("it").text.startswith(("Buon compleanno", "Tanti auguri"))  # built-in
    fr = text("fr")
    assert fr.language == "fr" and fr.text == "Joyeux anniversaire, Giulia ! Et la voile, alors ?"
    # With Italian as the default language, NAME.txt is the Italian one.
    assert text("it", Settings(drafting_language="it")).text.startswith("Happy birthday")
    assert text("en", Settings(drafting_language="it")).text.startswith(
        ("Happy birthday, Giulia!", "Many happy returns"))
    # A French template of your own; for an English contact it falls back, and says so.
    caffe = available["caffe"]
    assert caffe.channel == "whatsapp"
    c.lang = "fr"
    assert d.render(caffe, d.make_context(c)) == "Un café, Giulia ?"
    c.lang = "de"
    out = d.compose(bday, d.make_context(c, notes))
    assert out.language == "en" and d.LANGUAGE in {p.code for p in out.problems}
    assert "templates/de/birthday.txt" in next(p.message for p in out.problems
                                               if p.code == d.LANGUAGE)


def test_mention_in_a_language_without_phrasing_asks_for_your_own_sentence(
        tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    write(folder, "de/reconnect.txt", "Hallo {first_name}! {mention}")
    t = d.all_templates(d.load_user_templates(folder))["reconnect"]
    c = person(lang="de")
    out = d.compose(t, d.make_context(c, [mention(c, "Segeln", "interest")]))
    [problem] = [p for p in out.problems if p.code == d.UNFILLED]
    assert "{mention}" in problem.message and "{hook}" in problem.message


def test_language_folders_must_be_language_codes_and_agree_on_their_header(
        tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    write(folder, "drafts/x.txt", "Hi")
    with pytest.raises(d.TemplateError, match="language code"):
        d.load_user_templates(folder)
    folder = tmp_path / "t2"
    write(folder, "mine.txt", "# channel: email\nHi {first_name}")
    write(folder, "es/mine.txt", "# channel: sms\nHola {first_name}")
    with pytest.raises(d.TemplateError, match="differs"):
        d.load_user_templates(folder)
    write(folder, "es/mine.txt", "# channel: email\nHola {first_name}")
    mine = d.load_user_templates(folder)["mine"]
    assert mine.channel == "email" and set(mine.user) == {"", "es"}
    write(folder, "it/mine.txt", "\n\n")
    with pytest.raises(d.TemplateError, match="no text"):
        d.load_user_templates(folder)

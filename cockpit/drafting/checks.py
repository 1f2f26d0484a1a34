"""The etiquette checks of a draft, re-run on every edit: placeholders and blanks, length,
public channels, private memos, personal hooks, offers, engaging first, cold invitations.

Practices (PRACTICES.md): P2 no cold invitations, P3 engage before asking, P4 ask
privately, P5 make it mutual, P6 never generic, P16 brief. Memos are private: a draft
whose text carries a memo's wording (five words in a row, or the whole of a short memo)
is flagged — an error on a public channel, a warning on a private one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from .. import agenda
from ..model import DEFAULT_STEPS, Ask, Contact, HowMet, Note, Relationship, fold
from . import lang_en, lang_es, lang_it
from .channels import ASK_CHANNELS, CHANNELS, Channel, get_channel
from .context import PERSONAL_KINDS, DraftContext
from .language import as_topic, language_name, primary
from .render import values
from .templates import PLACEHOLDER_RE, PLACEHOLDERS, Template

ERROR = "error"
WARNING = "warning"

# Stable problem codes (scripts and the Draft pane depend on them).
UNFILLED = "unfilled-placeholder"
NO_HOOK = "no-hook"
NO_OFFER = "no-offer"
TOO_LONG = "too-long"
PUBLIC_CHANNEL = "public-channel"
ASK_BEFORE_ENGAGING = "ask-before-engaging"
COLD_INVITE = "cold-invite"
MEMO_QUOTED = "memo-quoted"
PRIVATE_MENTION = "private-mention"
LANGUAGE = "language"
PROBLEM_CODES = (UNFILLED, NO_HOOK, NO_OFFER, TOO_LONG, PUBLIC_CHANNEL, ASK_BEFORE_ENGAGING,
                 COLD_INVITE, MEMO_QUOTED, PRIVATE_MENTION, LANGUAGE)


@dataclass(frozen=True, slots=True)
class Problem:
    level: str  # "error" | "warning"
    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"level": self.level, "code": self.code, "message": self.message}


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.level == ERROR for p in problems)


def _short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# ------------------------------------------------------------------------------ blanks

# How to give an empty placeholder a value; shown in the unfilled-placeholder message.
_HINTS: dict[str, str] = {
    "hook": "add a mention (cockpit note NAME TEXT --kind talk|post|…)",
    "mention": "add a mention (cockpit note NAME TEXT --kind talk|post|…); in a language "
               "with no built-in phrasing, write your own sentence around {hook}",
    "what": "plan an ask (cockpit ask NAME WHAT)",
    "offer": "say what you bring in return (--offer TEXT, or f in the Draft pane)",
    "why": "say why (--why TEXT, or f in the Draft pane)",
    "my_update": "say what you are working on (--my-update TEXT, or f in the Draft pane)",
    "introducer": "record who introduced you",
    "target": "name the person you want to meet (cockpit intro TARGET, or f in the Draft pane)",
    "target_first_name": "name the person you want to meet (cockpit intro TARGET, or f in "
                         "the Draft pane)",
    "reason": "schedule a follow-up with a reason (cockpit followup NAME DATE --reason TEXT)",
    "invited_on": "no pending invitation is recorded (cockpit log NAME invite-sent)",
}

_BRACES_RE = re.compile(r"\{[^{}\n]{0,80}\}")
_BLANK_RES = (
    re.compile(r"_{3,}"),                                            # Dear ___
    re.compile(r"\[(?!\s*\d+\s*\])[^\[\]\n]{1,30}\](?!\()"),          # [name], [nombre], [nome]
    re.compile(r"<(?![\s/!])[^<>@:/=\n]{1,30}>"),                     # <name>, not <a@b.c>
    re.compile(r"(?<![A-Za-z])X{3,}(?![A-Za-z])"),                   # XXX
)


def _placeholder_problems(text: str, vals: Mapping[str, str], who: str) -> list[Problem]:
    """unfilled-placeholder (P6): {anything} left, or a blank where a name should be."""
    problems: list[Problem] = []
    # Text that came from the person's own record (a note with "{x}" in it, a name) is
    # their words, not a placeholder: it never blocks the draft.
    reported: set[str] = set()
    own_words = [v for v in vals.values() if v]
    for m in _BRACES_RE.finditer(text):
        token = m.group(0)
        if token in reported or any(token in v for v in own_words):
            continue
        reported.add(token)
        name = token[1:-1]
        if name in PLACEHOLDERS:
            if vals.get(name):
                msg = f"{token} is left in the text"
            else:
                hint = _HINTS.get(name, f"record it for {who}, or edit the text")
                msg = f"{token} has no value for {who}: {hint}"
        else:
            msg = (f"{_short(token)} is not a placeholder (known: "
                   f"{', '.join('{' + p + '}' for p in PLACEHOLDERS)})")
        problems.append(Problem(ERROR, UNFILLED, msg))
    for pattern in _BLANK_RES:
        for m in pattern.finditer(text):
            token = m.group(0)
            if token in reported or any(token in v for v in own_words):
                continue
            reported.add(token)
            problems.append(Problem(ERROR, UNFILLED,
                                    f"a blank {_short(token)!r} is left where something "
                                    "personal should be"))
    return problems


def _length_problems(text: str, chan: Channel) -> list[Problem]:
    """too-long (P16): an error over a hard limit, a warning over a soft one."""
    length = len(text.strip())
    if chan.hard_limit is not None and length > chan.hard_limit:
        return [Problem(ERROR, TOO_LONG,
                        f"{length} characters: {chan.name} allows at most {chan.hard_limit}")]
    if chan.soft_limit is not None and length > chan.soft_limit:
        return [Problem(WARNING, TOO_LONG,
                        f"{length} characters on {chan.name}: over {chan.soft_limit} — "
                        f"{chan.soft_reason}")]
    return []


# ------------------------------------------------------------------------------ privacy

_TOKEN_RE = re.compile(r"\w+")
MEMO_RUN = 5  # this many words of a memo in a row is quoting it


def _tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(fold(text))


def _grams(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def memo_runs(memo: str) -> tuple[int, list[tuple[str, ...]]]:
    """The word runs that quote a memo: every run of five of its words, or the whole memo
    when it is shorter (one word alone is too common to tell)."""
    words = _tokens(memo)
    if len(words) >= MEMO_RUN:
        return MEMO_RUN, sorted(_grams(words, MEMO_RUN))
    if len(words) >= 2:
        return len(words), [tuple(words)]
    return 0, []


def _memo_problems(text: str, ctx: DraftContext, template: Template | None,
                   chan: Channel) -> list[Problem]:
    """memo-quoted: the text carries a memo's wording. Wording the user made public too (a
    mention, where you met, their name) or the template's own words do not count."""
    if not ctx.memos:
        return []
    tokens = _tokens(text)
    cache: dict[int, set[tuple[str, ...]]] = {}
    public: list[list[str]] = [_tokens(n.text) for n in ctx.notes]
    public += [_tokens(t) for t in (ctx.contact.met_at, ctx.contact.name, ctx.contact.company,
                                    ctx.contact.role, *ctx.extra.values())]
    if ctx.ask is not None:
        public += [_tokens(ctx.ask.what), _tokens(ctx.ask.offer)]
    if template is not None:
        public += [_tokens(PLACEHOLDER_RE.sub(" ", t)) for t in template.texts()]
    problems: list[Problem] = []
    for memo in ctx.memos:
        n, runs = memo_runs(memo.text)
        if not runs:
            continue
        if n not in cache:
            cache[n] = _grams(tokens, n)
        found = [r for r in runs if r in cache[n]]
        if not found:
            continue
        allowed = set().union(*(_grams(p, n) for p in public)) if public else set()
        if all(r in allowed for r in found):
            continue
        level = ERROR if chan.public else WARNING
        where = (f"{chan.name} is public: remove it" if chan.public
                 else "memos are private: is that what you meant to send?")
        problems.append(Problem(level, MEMO_QUOTED,
                                f"the text quotes your private memo of {memo.date} "
                                f"(\"{_short(memo.text)}\"): {where}"))
    return problems


def _carries(text_tokens: list[str], note: Note, lang: str) -> bool:
    for version in (as_topic(note.text, lang), note.text):
        words = _tokens(version)
        if words and tuple(words) in _grams(text_tokens, len(words)):
            return True
    return False


def _personal_problems(text: str, ctx: DraftContext, chan: Channel) -> list[Problem]:
    """private-mention: a family or travel mention on a public channel (P4)."""
    if not chan.public:
        return []
    tokens = _tokens(text)
    return [Problem(ERROR, PRIVATE_MENTION,
                    f"{chan.name} is public and the text brings up their {note.kind} "
                    f"(\"{_short(note.text)}\"): family and travel stay private — use a "
                    f"private channel or another mention")
            for note in ctx.notes
            if note.kind in PERSONAL_KINDS and _carries(tokens, note, ctx.language)]


# ------------------------------------------------------------------------------ no-hook

# Common words in the languages of the users' notes. Only words of four letters or more
# count as "specific", so shorter ones need not be listed. Folded (no accents).
_STOPWORDS = frozenset([
    "aber", "about", "above", "abrazo", "adesso", "after", "again", "agora", "ahora", "ainda",
    "algo", "algun", "alguna", "algunos", "alle", "allora", "alors", "also", "altra", "altre",
    "altri", "altro", "always", "anche", "ancora", "anni", "anno", "anos", "another", "ante",
    "antes", "anything", "aquel", "aquella", "aqui", "around", "assim", "auch", "aussi", "autre",
    "avec", "avere", "avoir", "because", "been", "before", "being", "bella", "belli", "bello",
    "between", "bien", "both", "buena", "buenas", "bueno", "buenos", "buona", "buoni", "buono",
    "cada", "came", "casi", "cela", "cette", "ceux", "chat", "chez", "ciao", "coisa", "come",
    "comme", "como", "contra", "cosa", "cosas", "cose", "could", "cual", "cuando", "dalla",
    "dalle", "dann", "dans", "dass", "days", "degli", "dein", "della", "delle", "dello", "denn",
    "depois", "depuis", "desde", "despues", "dias", "dich", "dies", "diese", "dieser", "doch",
    "does", "doing", "donc", "donde", "done", "dopo", "dove", "down", "durante", "durch",
    "during", "each", "eine", "einem", "einen", "einer", "eines", "ella", "ellas", "elle",
    "elles", "ellos", "encore", "entre", "espero", "essere", "esta", "estaba", "estado", "estan",
    "estar", "estas", "este", "esto", "estos", "etait", "etre", "even", "every", "faire", "fait",
    "fare", "first", "from", "gente", "giorni", "giorno", "glad", "going", "gone", "good",
    "gracias", "gran", "grande", "grandi", "grazie", "great", "haben", "hace", "hacer", "hacia",
    "hanno", "hasta", "hatte", "have", "having", "hemos", "here", "hers", "herself", "himself",
    "hola", "hope", "ihre", "immer", "into", "isso", "isto", "just", "kann", "know", "lado",
    "last", "leur", "leurs", "like", "loro", "love", "made", "mais", "make", "many", "mehr",
    "mein", "mejor", "meme", "mesmo", "mich", "mientras", "misma", "mismo", "mismos", "molto",
    "more", "most", "much", "mucha", "muchas", "mucho", "muchos", "muito", "must", "myself",
    "nach", "nada", "nella", "nelle", "nello", "never", "news", "next", "nicht", "noch",
    "nosotros", "nossa", "nosso", "nostro", "note", "noted", "notre", "nous", "nuestra",
    "nuestro", "nueva", "nuevas", "nuevo", "nuevos", "nunca", "nuova", "nuove", "nuovi", "nuovo",
    "oder", "ogni", "onde", "only", "other", "otra", "otras", "otro", "otros", "ours", "over",
    "para", "part", "parte", "pela", "pelo", "people", "perche", "pero", "person", "persona",
    "personas", "persone", "poco", "podria", "porque", "potrei", "pour", "prima", "primer",
    "primera", "primo", "proprio", "puede", "quale", "quand", "quando", "quanto", "quel",
    "quella", "quelle", "quello", "queria", "questa", "queste", "questo", "quien", "quiero",
    "quindi", "really", "said", "saludos", "saluti", "same", "sans", "sarebbe", "schon", "segun",
    "sehr", "sein", "semana", "semanal", "sempre", "senza", "seria", "settimana", "seus",
    "should", "sich", "sido", "siempre", "since", "sind", "sobre", "solo", "some", "somos",
    "sono", "sont", "sous", "spero", "stata", "stato", "stessa", "stesso", "still", "suas",
    "such", "sulla", "sulle", "sure", "suyo", "take", "talk", "tambien", "tanto", "tema", "temas",
    "tempo", "tener", "than", "thank", "thanks", "that", "their", "theirs", "them", "then",
    "there", "these", "they", "thing", "things", "think", "this", "those", "though", "through",
    "tiempo", "tiene", "time", "toda", "todas", "todo", "todos", "tous", "tout", "toute",
    "toutes", "tras", "tres", "tutta", "tutte", "tutti", "tutto", "uber", "unos", "unser",
    "unter", "usted", "veces", "verso", "very", "viel", "volta", "volte", "vorrei", "vosotros",
    "vostro", "votre", "vous", "want", "waren", "week", "weeks", "weil", "well", "wenn", "went",
    "werden", "were", "what", "when", "where", "which", "while", "whole", "will", "wird", "with",
    "would", "year", "years", "your", "yours",])

_WORD_RE = re.compile(r"[^\W\d_]{4,}")  # letters only, four or more


def _words(text: str) -> set[str]:
    return set(_WORD_RE.findall(fold(text)))


@lru_cache(maxsize=1)
def _frame_words() -> frozenset[str]:
    """Every word of the built-in wordings, in every language: words a template brings are
    never what makes a draft personal."""
    found: set[str] = set()
    for module in (lang_en, lang_es, lang_it):
        for moods in module.MENTIONS.values():
            for wordings in moods.values():
                for text in wordings:
                    found |= _words(text.replace("{t}", " "))
        for variants in module.TEMPLATES.values():
            for _, wordings in variants:
                for text in wordings:
                    found |= _words(PLACEHOLDER_RE.sub(" ", text))
    return frozenset(found)


def specific_words(ctx: DraftContext, template: Template | None = None) -> set[str]:
    """Words that show you know this person: from their mentions and where you met.

    Not counted: memos (private), their name, company and role (a mail merge has those),
    short or common words, and any word of the templates' own wording.
    """
    c = ctx.contact
    found: set[str] = set()
    for note in ctx.notes:
        found |= _words(note.text)
    found |= _words(c.met_at)
    found -= _STOPWORDS
    found -= _words(c.name) | _words(c.company) | _words(c.role)
    found -= _frame_words()
    if template is not None:
        for text in template.texts():
            found -= _words(PLACEHOLDER_RE.sub(" ", text))
    return found


# Which kind of mention would make a template personal, and how to say it.
_WHICH_MENTION: dict[str, tuple[str, str]] = {
    "birthday": ("interest", "something they love (an interest) or their family"),
    "reconnect": ("conversation", "what you last talked about (a conversation) or a post"),
    "follow-up-after-meeting": ("conversation", "what you talked about (a conversation)"),
    "connection-invite": ("talk", "a talk, post or article of theirs"),
    "nudge": ("post", "a post, talk or article of theirs"),
    "ask": ("post", "a post, article or talk of theirs"),
    "intro-request": ("conversation", "what you last talked about (a conversation)"),
    "update": ("interest", "something they care about (an interest)"),
    "follow-up": ("conversation", "what you talked about (a conversation)"),
}


def _no_hook_problems(text: str, ctx: DraftContext, template: Template) -> list[Problem]:
    c = ctx.contact
    specific = specific_words(ctx, template)
    if specific and _words(text) & specific:
        return []
    if ctx.notes:
        return [Problem(WARNING, NO_HOOK,
                        f"nothing in the text is specific to {c.name}: bring up one of your "
                        "mentions or where you met")]
    kind, what = _WHICH_MENTION.get(template.name, ("talk", "a talk, post or interest of theirs"))
    memos = " (your memos stay private and are never used)" if ctx.memos else ""
    return [Problem(WARNING, NO_HOOK,
                    f"nothing specific to {c.name} to personalise from{memos}: a mention of "
                    f"{what} would make it personal — cockpit note \"{c.name}\" TEXT "
                    f"--kind {kind}")]


# ------------------------------------------------------------------------------ links

def ladder(contact: Contact, ask: Ask | None) -> agenda.EngageItem:
    """Engagement ladder status. With no recorded ask, the default ladder counts engagement
    at any time; with an ask, a step counts when `contact.seen[step] >= ask.created`."""
    if ask is None:
        ask = Ask(contact.id, "(no ask recorded)", dt.date.min, steps=list(DEFAULT_STEPS))
    return agenda.engagement(contact, ask)


_LINK_RELATIONSHIPS = frozenset({Relationship.COLLEAGUE, Relationship.EX_COLLEAGUE,
                                 Relationship.CLIENT, Relationship.EX_CLIENT,
                                 Relationship.COLLABORATOR, Relationship.SUPPLIER,
                                 Relationship.FRIEND})


def has_link(contact: Contact) -> bool:
    """A real link (P2): met in person, introduced, a known place or group where you met
    (met_at, e.g. "ESADE alumni"), or a relationship from working together or friendship.
    Tags alone are not a link (they are your labels, e.g. "investors")."""
    return bool(contact.how_met in (HowMet.IN_PERSON.value, HowMet.INTRODUCED.value)
                or contact.introduced_by or contact.met_at.strip()
                or contact.relationship in _LINK_RELATIONSHIPS)


# ------------------------------------------------------------------------------ checks

def text_problems(text: str, channel: str, memos: Iterable[Note] = ()) -> list[Problem]:
    """The checks that need only the text, channel and the contact's memos (placeholders,
    blanks, length, quoted memos): what still blocks a stored draft from being sent."""
    chan = CHANNELS.get(channel)
    problems = _placeholder_problems(text, {}, "them")
    if chan is not None:
        problems += _length_problems(text, chan)
        memos = tuple(memos)
        if memos:
            ctx = DraftContext(Contact("them"), memos=memos)
            problems += _memo_problems(text, ctx, None, chan)
    problems.sort(key=lambda p: p.level != ERROR)
    return problems


def check(text: str, ctx: DraftContext, template: Template,
          channel: str | None = None) -> list[Problem]:
    """Every problem of `text` as a message of `template` to `ctx.contact` on `channel`.

    Works on edited text too: the Draft pane calls it after every change. Errors first.
    """
    chan = get_channel(channel or template.channel)
    c = ctx.contact
    _, _, lang = template.wording(ctx.language, ctx.default_language)
    vals = values(ctx, template, lang)
    problems = _placeholder_problems(text, vals, c.name) + _length_problems(text, chan)

    # public-channel (P4)
    if template.private and chan.public:
        problems.append(Problem(ERROR, PUBLIC_CHANNEL,
                                f"{chan.name} is public: requests ({template.name}) go "
                                f"privately — use a private one: {', '.join(ASK_CHANNELS)}"))
    problems += _memo_problems(text, ctx, template, chan)
    problems += _personal_problems(text, ctx, chan)
    problems += _no_hook_problems(text, ctx, template)

    # language: no wording in their language, so the draft is in another one
    if primary(lang) != primary(ctx.language):
        problems.append(Problem(WARNING, LANGUAGE,
                                f"{template.name} has no {language_name(ctx.language)} "
                                f"wording, so this is in {language_name(lang)}: add "
                                f"templates/{ctx.language}/{template.name}.txt"))

    # no-offer (P5)
    if template.needs_offer:
        offer = vals.get("offer", "")
        if not offer:
            problems.append(Problem(WARNING, NO_OFFER,
                                    f"the {template.name} offers nothing in return: say what you "
                                    "bring"))
        elif fold(offer) not in fold(text) and "{offer}" not in text:
            problems.append(Problem(WARNING, NO_OFFER,
                                    f"the offer ({_short(offer)}) is no longer in the text"))

    # ask-before-engaging (P3)
    if template.engage_first:
        status = ladder(c, ctx.ask)
        if not status.ready:
            done = [s for s, ok in status.steps.items() if ok]
            todo = [s for s, ok in status.steps.items() if not ok]
            since = f" since {ctx.ask.created}" if ctx.ask else ""
            problems.append(Problem(
                WARNING, ASK_BEFORE_ENGAGING,
                f"engage with {c.name} before asking: next step: {status.next_step}"
                f" (done{since}: {', '.join(done) or 'nothing yet'}; to do: {', '.join(todo)})"))

    # cold-invite (P2)
    if template.invite and not has_link(c):
        problems.append(Problem(WARNING, COLD_INVITE,
                                f"no recorded link with {c.name} (not met, not introduced, no "
                                "shared group or work): get introduced instead — "
                                f"cockpit intro \"{c.name}\""))

    problems.sort(key=lambda p: p.level != ERROR)
    return problems

"""Drafting personal messages from what you know about a person, with the etiquette checks.

Pure: no clock reads (pass `today`), no UI, no database. The only I/O is
`load_user_templates()`, which reads the user's template files; everything else is a
function of model objects, so the Draft pane can re-check the text on every keystroke.

The pieces, in the order a caller uses them:

* `all_templates(load_user_templates())` — built-in templates merged with the user's
  `NAME.txt` files (a file with a built-in name overrides it); `get_template(name, ...)`.
* `suggest_template(...)` — which template fits this contact today, and why.
* `make_context(contact, notes, hook=0, ask=..., introducer=..., target=..., why=...)`.
* `compose(template, ctx, channel)` → `Composed(text, problems, ...)`; or the two halves,
  `render(template, ctx)` and `check(text, ctx, template, channel)` (re-run after edits).
* `introducers(target, contacts, today)` — who can introduce you to someone (P2).
* `sent_kind(template, channel)` — the interaction kind logged when the draft is sent.

Practices (PRACTICES.md): P2 no cold invitations, P3 engage before asking, P4 ask
privately, P5 make it mutual, P6 never generic, P8 personal updates, P14 a why-line,
P16 brief.

Substitution is a regular expression over a whitelist of placeholder names. Template
text (which users write) is never given to `str.format`, `format_map` or
`string.Template`: `{0.__class__}` or `{contact.__dict__}` stays literal text and is
reported as an unfilled placeholder, so it can never reach a Python object.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import agenda
from .model import (
    DEFAULT_STEPS,
    Ask,
    Contact,
    FollowUp,
    HowMet,
    Kind,
    Note,
    Origin,
    Relationship,
    ValidationError,
    fold,
)
from .settings import Settings

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
PROBLEM_CODES = (UNFILLED, NO_HOOK, NO_OFFER, TOO_LONG, PUBLIC_CHANNEL, ASK_BEFORE_ENGAGING,
                 COLD_INVITE)


class TemplateError(ValidationError):
    """A template cannot be used (unknown name, unreadable file, bad header line)."""


# ------------------------------------------------------------------------------ channels

@dataclass(frozen=True, slots=True)
class Channel:
    """Where a message goes. `hard_limit`: the network refuses longer text (too-long is an
    error); `soft_limit`: longer text is allowed but not brief (too-long is a warning)."""

    name: str
    public: bool
    hard_limit: int | None = None
    soft_limit: int | None = None
    network: str = ""  # the interaction channel logged when it is sent
    needs: str = ""  # "email" or "phone": what the contact must have for this channel
    soft_reason: str = "keep it brief (P16)"


# Lengths are characters (code points). LinkedIn's invitation note: 300 characters with
# Premium, 200 on a free account (since 2023); over 300 the note cannot be sent at all.
LINKEDIN_INVITE_LIMIT = 300
LINKEDIN_INVITE_FREE_LIMIT = 200

CHANNELS: dict[str, Channel] = {c.name: c for c in (
    Channel("linkedin-invite", False, LINKEDIN_INVITE_LIMIT, LINKEDIN_INVITE_FREE_LIMIT,
            "linkedin", soft_reason=f"free LinkedIn accounts allow {LINKEDIN_INVITE_FREE_LIMIT}"),
    Channel("linkedin-message", False, 8000, 1000, "linkedin"),
    Channel("email", False, None, 1500, "email", needs="email"),
    Channel("whatsapp", False, 65536, 700, "whatsapp", needs="phone"),
    Channel("sms", False, None, 160, "sms", needs="phone",
            soft_reason="one SMS is 160 characters (fewer with accents or emoji)"),
    Channel("linkedin-post", True, 3000, 1300, "linkedin"),
    Channel("twitter-public", True, 280, None, "twitter"),
    Channel("facebook-wall", True, None, 1000, "facebook"),
)}
PRIVATE_CHANNELS = tuple(n for n, c in CHANNELS.items() if not c.public)
ASK_CHANNELS = ("linkedin-message", "email", "whatsapp", "sms")  # private, room for a request


def get_channel(name: str) -> Channel:
    channel = CHANNELS.get(name.strip().lower())
    if channel is None:
        raise ValidationError(f"unknown channel {name!r} (choose from: {', '.join(CHANNELS)})")
    return channel


# ------------------------------------------------------------------------------ placeholders

PLACEHOLDERS: dict[str, str] = {
    "first_name": "their first name (the first word of the name; a surname such as "
                  "\"de la Fuente\" is kept whole)",
    "name": "their full name",
    "company": "their company",
    "role": "their role",
    "location": "where they live or work",
    "met_at": "the event or place where you met",
    "met_on": "the day you met (YYYY-MM-DD)",
    "introducer": "the full name of who introduced you",
    "hook": "one of your notes about them (default: the newest)",
    "what": "what you ask for (from the ask)",
    "offer": "what you bring in return (from the ask, or given when drafting)",
    "why": "why: a why-line for an invitation, or why you want to meet an intro target",
    "target": "intro-request: the full name of the person you want to meet",
    "target_first_name": "intro-request: their first name",
    "target_company": "intro-request: their company",
    "my_update": "update: what you are working on (given when drafting)",
}

# Placeholders the user types a value for while drafting (the CLI's --target, --why,
# --offer, --my-update; `f` in the Draft pane), and the field that fills each.
FILLED_BY: dict[str, str] = {
    "target": "target", "target_first_name": "target", "target_company": "target",
    "why": "why", "offer": "offer", "my_update": "my_update",
}

# How to give an empty placeholder a value; shown in the unfilled-placeholder message.
_HINTS: dict[str, str] = {
    "hook": "add a note about them",
    "what": "plan an ask (cockpit ask NAME WHAT)",
    "offer": "say what you bring in return (--offer TEXT, or f in the Draft pane)",
    "why": "say why (--why TEXT, or f in the Draft pane)",
    "my_update": "say what you are working on (--my-update TEXT, or f in the Draft pane)",
    "introducer": "record who introduced you",
    "target": "name the person you want to meet (cockpit intro TARGET, or f in the Draft pane)",
    "target_first_name": "name the person you want to meet (cockpit intro TARGET, or f in the Draft pane)",
}

# Only lower-case names made of letters and underscores are ever looked up, and only
# names in PLACEHOLDERS are replaced; anything else in braces is left as typed.
_PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)\}")
_FILL_RE = re.compile(r"\{([a-z_]+)\}(\.?)")
_END_PUNCT = (".", "!", "?", "…", "。", "！", "？")
_BRACES_RE = re.compile(r"\{[^{}\n]{0,80}\}")
_BLANK_RES = (
    re.compile(r"_{3,}"),                                            # Dear ___
    re.compile(r"\[(?!\s*\d+\s*\])[^\[\]\n]{1,30}\](?!\()"),          # [name], not [1] or [link](url)
    re.compile(r"<(?![\s/!])[^<>@:/=\n]{1,30}>"),                     # <name>, not <a@b.c> or <https://…>
    re.compile(r"(?<![A-Za-z])X{3,}(?![A-Za-z])"),                   # XXX
)

_TITLES = frozenset({"dr", "dra", "prof", "mr", "mrs", "ms", "mx", "sr", "sra", "srta", "dott",
                     "dottssa", "ing", "avv", "mme", "mlle", "herr", "frau"})
_SUFFIXES = frozenset({"phd", "mba", "md", "jr", "sr", "ii", "iii", "iv", "msc", "bsc", "esq"})
_PARTICLES = frozenset({"de", "del", "della", "dei", "di", "da", "do", "dos", "das", "du", "des",
                        "la", "le", "lo", "van", "von", "der", "den", "ter", "ten", "al", "el",
                        "y", "e", "bin", "ibn", "mac", "ni", "o"})


def first_name(name: str) -> str:
    """The name to greet someone by, without assuming English names.

    "Núria Ibáñez" → "Núria"; "Dr. Ana Ruiz" → "Ana"; "Ibáñez, Núria" → "Núria";
    a name that is only a surname with particles ("de la Fuente", "van der Berg") is
    kept whole rather than greeting someone as "de"; a name without spaces is kept whole.
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
    return first


def _clean_hook(text: str) -> str:
    """A note as a phrase: whitespace normalised, no final full stop (templates add theirs)."""
    return " ".join(text.split()).rstrip(" .;,")


# ------------------------------------------------------------------------------ templates

@dataclass(frozen=True, slots=True)
class Template:
    name: str
    text: str
    purpose: str
    channel: str  # default channel
    kind: str  # interaction kind logged when marked sent (see sent_kind)
    private: bool = False  # P4: only on a private channel
    needs_offer: bool = False  # P5: says what you bring
    engage_first: bool = False  # P3: check the engagement ladder
    invite: bool = False  # P2: check for a cold invitation
    # Built-ins may vary with the context: (condition, text), first match wins, else `text`.
    # Conditions: "introduced" (someone introduced you), "met" (met_at is known).
    variants: tuple[tuple[str, str], ...] = ()
    closes: str = ""  # origin of the open follow-up that sending it closes (P1)
    source: str = "built-in"  # or the path of the user's file

    def text_for(self, ctx: DraftContext | None) -> str:
        if ctx is not None:
            for condition, text in self.variants:
                if _CONDITIONS[condition](ctx):
                    return text
        return self.text

    def placeholders(self) -> list[str]:
        """Placeholder names used by this template (all variants), in order of appearance."""
        seen: dict[str, None] = {}
        for text in (self.text, *(t for _, t in self.variants)):
            for m in _PLACEHOLDER_RE.finditer(text):
                seen.setdefault(m.group(1), None)
        return list(seen)

    def fillable(self) -> list[str]:
        """The typed values this template uses (target, why, offer, my_update), in order."""
        return list(dict.fromkeys(FILLED_BY[p] for p in self.placeholders() if p in FILLED_BY))


BUILTIN_TEMPLATES: dict[str, Template] = {t.name: t for t in (
    Template(
        "follow-up-after-meeting",
        "Hi {first_name}, great to meet you at {met_at}! I enjoyed our chat: {hook}. "
        "I'd be glad to stay in touch here.",
        purpose="P1: within 24 hours of meeting in person — thank them, recall where you "
                "met, with the connection invitation",
        channel="linkedin-invite", kind=Kind.MESSAGE.value, invite=True,
        closes=Origin.MET_IN_PERSON.value),
    Template(
        "connection-invite",
        "Hi {first_name}, {why} I noted this: {hook}. I'd be glad to connect.",
        purpose="P2/P14: an invitation with a short why-line (LinkedIn notes are short)",
        channel="linkedin-invite", kind=Kind.INVITE_SENT.value, invite=True,
        variants=(
            ("introduced", "Hi {first_name}, {introducer} suggested we connect. "
                           "I noted this: {hook}. I'd be glad to have you in my network."),
            ("met", "Hi {first_name}, we met at {met_at}. I noted this: {hook}. "
                    "I'd be glad to stay in touch."),
        )),
    Template(
        "birthday",
        "Happy birthday, {first_name}! Wishing you a wonderful day and a great year ahead. "
        "I still remember this: {hook}. Hope it is all going well!",
        purpose="P9: congratulate them on their birthday, personally",
        channel="whatsapp", kind=Kind.BIRTHDAY_WISH.value),
    Template(
        "reconnect",
        "Hi {first_name}, it's been a while! You came to mind the other day: {hook}. "
        "How are things with you? I'd love to catch up.",
        purpose="P10: the keep-in-touch cadence lapsed — get back in touch",
        channel="linkedin-message", kind=Kind.MESSAGE.value),
    Template(
        "ask",
        "Hi {first_name}, I keep thinking about this: {hook}. Could I ask you a favour: "
        "{what}? In return, I'd be glad to offer {offer}. No pressure at all if now is not "
        "a good time.",
        purpose="P3–P5: ask privately, only after engaging, saying what you offer in return",
        channel="linkedin-message", kind=Kind.ASK.value, private=True, needs_offer=True,
        engage_first=True),
    Template(
        "intro-request",
        "Hi {first_name}, hope all is well — I remember this: {hook}. Would you be willing to "
        "introduce me to {target}? I'd like to talk with {target_first_name} about {why}. "
        "What I can bring: {offer}. I'm happy to send you a short blurb to forward.",
        purpose="P2: ask a mutual contact to introduce you to the target, naming them and why",
        channel="linkedin-message", kind=Kind.ASK.value, private=True, needs_offer=True,
        engage_first=True),
    Template(
        "update",
        "Hi {first_name}, a quick personal update from me: {my_update}. I thought of you "
        "because of this: {hook}. I'd love to hear how things are going on your side.",
        purpose="P8: tell a selection of contacts what you are working on, each personally",
        channel="email", kind=Kind.MESSAGE.value),
)}


_HEADER_RE = re.compile(r"^#\s*(channel|kind|purpose|based-on)\s*:\s*(.*?)\s*$", re.IGNORECASE)


def parse_template(name: str, text: str, source: str = "",
                   builtins: Mapping[str, Template] | None = None) -> Template:
    """A user template from a file's text.

    Optional header lines at the very top, each `# key: value`, set its properties:
    `# channel: email`, `# kind: message` (interaction logged when sent),
    `# purpose: …`, `# based-on: ask` (behave like that built-in: private-only, offer,
    engagement and invitation checks, kind and channel). A file named like a built-in
    is based on it. Every other line, including any other line starting with "#", is
    the message text.
    """
    builtins = BUILTIN_TEMPLATES if builtins is None else builtins
    where = source or f"{name}.txt"
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header: dict[str, str] = {}
    body_at = 0
    for i, line in enumerate(lines):
        m = _HEADER_RE.match(line)
        if not m:
            break
        header[m.group(1).lower()] = m.group(2)
        body_at = i + 1
    body = "\n".join(lines[body_at:]).strip("\n").rstrip()
    if not body.strip():
        raise TemplateError(f"{where}: the template has no text")
    base_name = header.get("based-on", "").strip().lower() or name
    if "based-on" in header and base_name not in builtins:
        raise TemplateError(f"{where}: based-on {base_name!r} is not a built-in template "
                            f"(choose from: {', '.join(builtins)})")
    base = builtins.get(base_name)
    channel = header.get("channel", "").strip().lower() or (base.channel if base else
                                                            "linkedin-message")
    if channel not in CHANNELS:
        raise TemplateError(f"{where}: unknown channel {channel!r} "
                            f"(choose from: {', '.join(CHANNELS)})")
    kind = header.get("kind", "").strip().lower() or (base.kind if base else Kind.MESSAGE.value)
    if kind not in {k.value for k in Kind}:
        raise TemplateError(f"{where}: unknown kind {kind!r} "
                            f"(choose from: {', '.join(k.value for k in Kind)})")
    purpose = header.get("purpose", "") or (base.purpose if base else "your own template")
    if base is None:
        return Template(name, body, purpose, channel, kind, source=where)
    return replace(base, name=name, text=body, purpose=purpose, channel=channel, kind=kind,
                   variants=(), source=where)


def load_user_templates(directory: Path | None = None) -> dict[str, Template]:
    """The user's templates: every `NAME.txt` in `directory` (default: config_dir()/templates).

    A missing folder means none. An unreadable file is a TemplateError naming it.
    """
    if directory is None:
        from .settings import config_dir
        directory = config_dir() / "templates"
    if not directory.is_dir():
        return {}
    found: dict[str, Template] = {}
    for path in sorted(directory.glob("*.txt")):
        if path.name.startswith(".") or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise TemplateError(f"cannot read template {path}: {exc}") from None
        found[path.stem] = parse_template(path.stem, text, str(path))
    return found


def all_templates(user: Mapping[str, Template] | None = None) -> dict[str, Template]:
    """Built-ins, with the user's templates added (a built-in name is overridden)."""
    merged = dict(BUILTIN_TEMPLATES)
    merged.update(user or {})
    return merged


def get_template(name: str, available: Mapping[str, Template] | None = None) -> Template:
    available = BUILTIN_TEMPLATES if available is None else available
    key = name.strip()
    if key in available:
        return available[key]
    folded = {fold(k): t for k, t in available.items()}
    if fold(key) in folded:
        return folded[fold(key)]
    raise TemplateError(f"unknown template {name!r} (available: {', '.join(sorted(available))})")


# ------------------------------------------------------------------------------ context

@dataclass(frozen=True, slots=True)
class DraftContext:
    """Everything a template can be filled from. Build it with `make_context`."""

    contact: Contact  # the person the message is written to
    notes: tuple[Note, ...] = ()  # their notes, newest first
    hook: int | None = 0  # index into `notes` (0 = newest); None = no hook
    ask: Ask | None = None  # the ask this message makes (ask, intro-request)
    introducer: Contact | None = None  # who introduced `contact` to you
    target: Contact | None = None  # intro-request: the person you want to meet
    extra: Mapping[str, str] = field(default_factory=dict)  # typed values: why, offer, …

    @property
    def hook_note(self) -> Note | None:
        if self.hook is None or not self.notes:
            return None
        return self.notes[self.hook]


def make_context(contact: Contact, notes: Iterable[Note] = (), *, hook: int | None = 0,
                 ask: Ask | None = None, introducer: Contact | None = None,
                 target: Contact | None = None, **extra: str | None) -> DraftContext:
    """A DraftContext; `notes` in any order (sorted newest first here).

    `hook` is a 0-based index into the sorted notes (0 = newest). `extra` gives typed
    values that win over the records: why, offer, what, my_update (None/"" are ignored).
    """
    ordered = tuple(sorted((n for n in notes if n.contact_id == contact.id),
                           key=lambda n: n.date, reverse=True))
    if hook is not None and hook != 0 and not 0 <= hook < len(ordered):
        if not ordered:
            raise ValidationError(f"{contact.name} has no notes to choose a hook from")
        raise ValidationError(f"no note {hook + 1} for {contact.name}: "
                              f"choose 1 to {len(ordered)} (1 = newest)")
    unknown = set(extra) - set(PLACEHOLDERS)
    if unknown:
        raise TypeError(f"unknown placeholder value(s): {', '.join(sorted(unknown))}")
    values = {k: v.strip() for k, v in extra.items() if v and v.strip()}
    return DraftContext(contact, ordered, hook if ordered else None, ask, introducer, target,
                        values)


def values(ctx: DraftContext) -> dict[str, str]:
    """The value of every placeholder ("" when unknown)."""
    c = ctx.contact
    note = ctx.hook_note
    ask = ctx.ask
    target = ctx.target
    vals = {
        "first_name": first_name(c.name),
        "name": " ".join(c.name.split()),
        "company": c.company,
        "role": c.role,
        "location": c.location,
        "met_at": c.met_at,
        "met_on": c.met_on.isoformat() if c.met_on else "",
        "introducer": ctx.introducer.name if ctx.introducer else "",
        "hook": _clean_hook(note.text) if note else "",
        "what": ask.what.strip().rstrip(" .?") if ask else "",
        "offer": ask.offer.strip().rstrip(" .") if ask else "",
        "why": "",
        "target": target.name if target else "",
        "target_first_name": first_name(target.name) if target else "",
        "target_company": target.company if target else "",
        "my_update": "",
    }
    vals.update(ctx.extra)
    return {k: (v or "").strip() for k, v in vals.items()}


_CONDITIONS = {
    "introduced": lambda ctx: ctx.introducer is not None,
    "met": lambda ctx: bool(ctx.contact.met_at.strip()),
}


def render(template: Template, ctx: DraftContext) -> str:
    """Fill the template. Unknown or empty placeholders are left exactly as written."""
    vals = values(ctx)

    def fill(m: re.Match[str]) -> str:
        value = vals.get(m.group(1), "")
        if not value:
            return m.group(0)
        # "…did you see it?" + "." → no doubled punctuation after the value.
        return value if value.endswith(_END_PUNCT) else value + m.group(2)

    # One pass: a value that itself contains "{…}" is inserted as is, never re-expanded.
    return _FILL_RE.sub(fill, template.text_for(ctx))


# ------------------------------------------------------------------------------ checks

@dataclass(frozen=True, slots=True)
class Problem:
    level: str  # "error" | "warning"
    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"level": self.level, "code": self.code, "message": self.message}


# Short function words in the languages of the users' notes. Only words of four letters
# or more count as "specific", so shorter ones need not be listed.
_STOPWORDS = frozenset(["about", "above", "after", "again", "also", "always", "another", "any", "anything", "around", "because", "been", "before", "being", "between", "both", "came", "come", "could", "does", "doing", "done", "down", "during", "each", "even", "every", "from", "going", "gone", "good", "great", "have", "having", "here", "hers", "herself", "himself", "into", "just", "know", "like", "made", "make", "many", "more", "most", "much", "must", "myself", "never", "next", "only", "other", "ours", "over", "really", "said", "same", "should", "since", "some", "still", "such", "sure", "take", "than", "thank", "thanks", "that", "their", "theirs", "them", "then", "there", "these", "they", "thing", "think", "this", "those", "though", "through", "time", "very", "want", "well", "went", "were", "what", "when", "where", "which", "while", "will", "with", "would", "your", "yours", "hope", "glad", "love", "chat", "note", "noted", "talk", "algo", "algun", "alguna", "algunos", "ante", "antes", "aqui", "cada", "casi", "como", "con", "contra", "cual", "cuando", "desde", "donde", "durante", "ella", "ellas", "ellos", "entre", "esta", "estaba", "estado", "estan", "estar", "este", "esto", "estos", "hace", "hacer", "hasta", "hemos", "mientras", "mismo", "mucho", "muchos", "muy", "nada", "nosotros", "nuestra", "nuestro", "otra", "otro", "para", "pero", "poco", "porque", "puede", "quien", "sido", "sobre", "solo", "somos", "suyo", "tambien", "tanto", "tener", "tiene", "todas", "todo", "todos", "tras", "unos", "usted", "vosotros", "anche", "ancora", "avere", "come", "con", "cosa", "dalla", "dalle", "degli", "della", "delle", "dello", "dopo", "dove", "essere", "fare", "gli", "hanno", "loro", "molto", "nella", "nelle", "nello", "nostro", "ogni", "ora", "perche", "piu", "poi", "prima", "proprio", "quale", "quando", "quanto", "quella", "quelle", "quello", "questa", "queste", "questo", "sono", "stata", "stato", "sulla", "sulle", "tutta", "tutte", "tutti", "tutto", "uno", "vostro", "alors", "aussi", "autre", "avec", "avoir", "bien", "cela", "cette", "ceux", "chez", "comme", "dans", "depuis", "donc", "elle", "elles", "encore", "etait", "etre", "fait", "faire", "leur", "leurs", "mais", "meme", "nous", "notre", "pour", "quand", "quel", "quelle", "sans", "sont", "sous", "tout", "tous", "toute", "toutes", "tres", "vous", "votre", "aber", "alle", "auch", "auf", "aus", "bei", "bin", "bis", "dann", "dass", "dein", "denn", "dich", "dies", "diese", "dieser", "doch", "durch", "eine", "einem", "einen", "einer", "eines", "fur", "haben", "hatte", "ihre", "immer", "kann", "mehr", "mein", "mich", "mit", "nach", "nicht", "noch", "oder", "schon", "sein", "sehr", "sich", "sind", "uber", "unser", "unter", "viel", "vom", "von", "vor", "war", "waren", "weil", "wenn", "werden", "wie", "wird", "wir", "zum", "zur", "agora", "ainda", "assim", "coisa", "como", "depois", "isso", "isto", "mais", "mesmo", "muito", "nada", "nossa", "nosso", "onde", "para", "pela", "pelo", "porque", "quando", "sempre", "seus", "suas"])

_WORD_RE = re.compile(r"[^\W\d_]{4,}")  # letters only, four or more


def _words(text: str) -> set[str]:
    return set(_WORD_RE.findall(fold(text)))


def specific_words(ctx: DraftContext, template: Template | None = None) -> set[str]:
    """Words that show you know this person: from any of their notes and where you met.

    Not counted: their name, company and role (a mail merge has those), short or common
    words, and any word of the template's own wording.
    """
    c = ctx.contact
    found: set[str] = set()
    for note in ctx.notes:
        found |= _words(note.text)
    found |= _words(c.met_at)
    found -= _STOPWORDS
    found -= _words(c.name) | _words(c.company) | _words(c.role)
    if template is not None:
        for text in (template.text, *(t for _, t in template.variants)):
            found -= _words(_PLACEHOLDER_RE.sub(" ", text))
    return found


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


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


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
                                    "personal should be (P6)"))
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


def text_problems(text: str, channel: str) -> list[Problem]:
    """The checks that need only the text and channel (placeholders, blanks, length):
    what still blocks a stored draft from being copied or marked sent."""
    chan = CHANNELS.get(channel)
    problems = _placeholder_problems(text, {}, "them")
    if chan is not None:
        problems += _length_problems(text, chan)
    return problems


def check(text: str, ctx: DraftContext, template: Template,
          channel: str | None = None) -> list[Problem]:
    """Every problem of `text` as a message of `template` to `ctx.contact` on `channel`.

    Works on edited text too: the Draft pane calls it after every change. Errors first.
    """
    chan = get_channel(channel or template.channel)
    c = ctx.contact
    vals = values(ctx)
    problems = _placeholder_problems(text, vals, c.name) + _length_problems(text, chan)

    # public-channel (P4)
    if template.private and chan.public:
        problems.append(Problem(ERROR, PUBLIC_CHANNEL,
                                f"{chan.name} is public: requests ({template.name}) go "
                                f"privately (P4) — use a private one: {', '.join(ASK_CHANNELS)}"))

    # no-hook (P6)
    specific = specific_words(ctx, template)
    if not specific:
        problems.append(Problem(WARNING, NO_HOOK,
                                f"nothing specific to {c.name} to personalise from: add a note "
                                "about them (a talk, a post, where you met) (P6)"))
    elif not (_words(text) & specific):
        problems.append(Problem(WARNING, NO_HOOK,
                                f"nothing in the text is specific to {c.name}: mention something "
                                "from your notes or where you met (P6)"))

    # no-offer (P5)
    if template.needs_offer:
        offer = vals.get("offer", "")
        if not offer:
            problems.append(Problem(WARNING, NO_OFFER,
                                    f"the {template.name} offers nothing in return: say what you "
                                    "bring (P5)"))
        elif fold(offer) not in fold(text) and "{offer}" not in text:
            problems.append(Problem(WARNING, NO_OFFER,
                                    f"the offer ({_short(offer)}) is no longer in the text (P5)"))

    # ask-before-engaging (P3)
    if template.engage_first:
        status = ladder(c, ctx.ask)
        if not status.ready:
            done = [s for s, ok in status.steps.items() if ok]
            todo = [s for s, ok in status.steps.items() if not ok]
            since = f" since {ctx.ask.created}" if ctx.ask else ""
            problems.append(Problem(
                WARNING, ASK_BEFORE_ENGAGING,
                f"engage with {c.name} before asking (P3): next step: {status.next_step}"
                f" (done{since}: {', '.join(done) or 'nothing yet'}; to do: {', '.join(todo)})"))

    # cold-invite (P2)
    if template.invite and not has_link(c):
        problems.append(Problem(WARNING, COLD_INVITE,
                                f"no recorded link with {c.name} (not met, not introduced, no "
                                "shared group or work): get introduced instead — "
                                f"cockpit intro \"{c.name}\" (P2)"))

    problems.sort(key=lambda p: p.level != ERROR)
    return problems


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.level == ERROR for p in problems)


@dataclass(frozen=True, slots=True)
class Composed:
    """A rendered draft and its problems."""

    template: Template
    channel: str
    text: str
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        """No error-level problem: fit to copy and send."""
        return not has_errors(self.problems)

    def to_json(self, contact: Contact) -> dict[str, Any]:
        return {"contact": contact.name, "contact_id": contact.id,
                "template": self.template.name, "channel": self.channel, "text": self.text,
                "problems": [p.to_dict() for p in self.problems]}


def choose_channel(template: Template, contact: Contact) -> str:
    """The template's channel, unless the contact cannot be reached there (an e-mail
    template for someone with no e-mail address): then the first private channel they have."""
    wanted = CHANNELS[template.channel]
    if _reachable(wanted, contact):
        return wanted.name
    for name in ("linkedin-message", "email", "whatsapp"):
        if _reachable(CHANNELS[name], contact):
            return name
    return wanted.name


def _reachable(channel: Channel, contact: Contact) -> bool:
    if channel.needs == "email":
        return bool(contact.emails)
    if channel.needs == "phone":
        return bool(contact.phones)
    return True


def compose(template: Template, ctx: DraftContext, channel: str | None = None) -> Composed:
    """Render and check in one go. `channel` defaults to `choose_channel`."""
    chan = get_channel(channel).name if channel else choose_channel(template, ctx.contact)
    text = render(template, ctx)
    return Composed(template, chan, text, tuple(check(text, ctx, template, chan)))


def sent_kind(template: Template, channel: str) -> str:
    """The interaction kind to log when a draft of `template` is sent on `channel`:
    anything sent as a LinkedIn invitation note is invite-sent; a plain message sent by
    e-mail is logged as email; otherwise the template's own kind."""
    if channel == "linkedin-invite":
        return Kind.INVITE_SENT.value
    if template.kind == Kind.MESSAGE.value and channel == "email":
        return Kind.EMAIL.value
    return template.kind


def interaction_channel(channel: str) -> str:
    """The network name logged with the interaction ("linkedin-invite" → "linkedin")."""
    chan = CHANNELS.get(channel)
    return chan.network if chan else channel


# ------------------------------------------------------------------------------ suggestions

def suggest_template(contact: Contact, *, followups: Iterable[FollowUp] = (),
                     asks: Iterable[Ask] = (), today: dt.date,
                     settings: Settings | None = None) -> tuple[str, str]:
    """(template name, reason) that fits this contact today, first match wins:

    1. an open met-in-person follow-up → follow-up-after-meeting (P1)
    2. a birthday within the birthday window → birthday (P9)
    3. an open ask → ask (P3–P5)
    4. never in touch and not met in person → connection-invite (P2)
    5. the keep-in-touch cadence lapsed → reconnect (P10)
    6. otherwise → update (P8)
    """
    settings = settings or Settings()
    for fu in followups:
        if (fu.contact_id == contact.id and fu.is_open
                and fu.origin == Origin.MET_IN_PERSON.value):
            where = f" at {contact.met_at}" if contact.met_at else ""
            return "follow-up-after-meeting", f"you met{where}; follow-up due {fu.due}"
    if contact.birthday is not None:
        when = agenda.next_birthday(contact.birthday, today, settings)
        in_days = (when - today).days
        if in_days <= settings.birthday_window:
            return "birthday", ("birthday today" if in_days == 0 else
                                f"birthday in {in_days} day{'s' if in_days != 1 else ''} ({when})")
    for ask in asks:
        if ask.contact_id == contact.id and ask.is_open:
            return "ask", f"open ask: {ask.what}"
    last = contact.last_interaction
    if last is None and contact.how_met != HowMet.IN_PERSON.value:
        return "connection-invite", "no interaction recorded yet"
    every = agenda.cadence_days(contact, settings)
    start = last or (contact.created.date() if contact.created else today)
    if (today - start).days > every:
        since = f"last in touch {last}" if last else "never in touch"
        return "reconnect", f"{since}; cadence is {every} days"
    return "update", "in touch recently: share what you are up to"


# ------------------------------------------------------------------------------ introductions

@dataclass(frozen=True, slots=True)
class Candidate:
    """Someone who could introduce you to a target, with why."""

    contact: Contact
    score: int
    reasons: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"contact": self.contact.name, "contact_id": self.contact.id,
                "score": self.score, "reasons": list(self.reasons)}


_TIE_BONUS = {"close": 15, "regular": 8, "occasional": 0}
_GENERIC_COMPANIES = frozenset({"", "freelance", "freelancer", "self-employed", "independent",
                                "autonomo", "none", "-"})


def introducers(target: Contact, contacts: Iterable[Contact], today: dt.date,
                limit: int | None = None) -> list[Candidate]:
    """Who can introduce you to `target` (P2), best first.

    Scores: introduced you to the target 100; was introduced to you by the target 80;
    works at the same company 50; you met both at the same event 20; each shared tag
    10 (at most 30). Plus how well you know them: close +15, regular +8; in touch in
    the last 90 days +5. Archived contacts and the target are never candidates; someone
    with no link to the target at all is not listed.
    """
    company = fold(target.company)
    if company in _GENERIC_COMPANIES:
        company = ""
    met_at = fold(target.met_at)
    tags = {fold(t) for t in target.tags if t.strip()}
    found: list[Candidate] = []
    for c in contacts:
        if c.id == target.id or c.archived:
            continue
        score = 0
        reasons: list[str] = []
        if target.introduced_by == c.id:
            score += 100
            reasons.append(f"introduced you to {target.name}")
        if c.introduced_by == target.id:
            score += 80
            reasons.append(f"was introduced to you by {target.name}")
        if company and fold(c.company) == company:
            score += 50
            reasons.append(f"works at {target.company} too")
        if met_at and fold(c.met_at) == met_at:
            score += 20
            reasons.append(f"you met them at {target.met_at} too")
        shared = sorted(t for t in c.tags if fold(t) in tags)
        if shared:
            score += min(30, 10 * len(shared))
            reasons.append(f"shares tag{'s' if len(shared) > 1 else ''} {', '.join(shared)}")
        if not score:
            continue
        score += _TIE_BONUS.get(c.tie, 0)
        last = c.last_interaction
        if last is not None and (today - last).days <= 90:
            score += 5
            reasons.append(f"in touch recently ({last})")
        found.append(Candidate(c, score, tuple(reasons)))
    found.sort(key=lambda k: (-k.score, fold(k.contact.name)))
    return found[:limit] if limit is not None else found

"""Filling a template: the value of each placeholder in the draft's language, the wording
chosen for this person, and the finished text.

Wordings are chosen by a stable hash of the contact's id (not Python's `hash`, which
changes between runs): drafting again gives the same text, and a batch does not read as
one skeleton sent to everyone.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence

from .context import DraftContext
from .language import (
    as_topic,
    capitalise_sentences,
    contract,
    on_date,
    primary,
    tidy_phrase,
    tidy_spaces,
)
from .names import greeting_name
from .templates import Template, Variants, language_module, mention_wordings

_FILL_RE = re.compile(r"\{([a-z_]+)\}(\.?)")
_END_PUNCT = (".", "!", "?", "…", "。", "！", "？")
_MENTION_SLOT = re.compile(r"[ \t]*\{mention\}")


def stable_pick(options: Sequence[str], *key: str) -> str:
    """One of `options`, always the same for the same key, spread evenly across keys."""
    digest = hashlib.blake2b("\x1f".join(key).encode("utf-8"), digest_size=8).digest()
    return options[int.from_bytes(digest, "big") % len(options)]


def mention_sentence(ctx: DraftContext, mood: str, lang: str | None = None) -> str:
    """The hook said as a sentence for its kind, in `lang` ("" when there is no hook or the
    language has no built-in phrasing)."""
    note = ctx.hook_note
    lang = lang or ctx.language
    table = mention_wordings(lang)
    if note is None or table is None or note.kind not in table:
        return ""
    moods = table[note.kind]
    options = moods.get(mood) or moods["recall"]
    pattern = stable_pick(options, ctx.contact.id, note.id, mood, primary(lang))
    return pattern.replace("{t}", as_topic(note.text, lang))


def _reason(ctx: DraftContext, lang: str) -> str:
    if ctx.followup is None:
        return ""
    reason = as_topic(ctx.followup.reason, lang)
    first, sep, rest = reason.partition(" ")
    if _starts_with_verb(reason, lang) and first[:1].isupper():
        reason = first.lower() + sep + rest
    return reason


_INFINITIVE = {"es": re.compile(r"^\w+(?:ar|er|ir|ír)(?:te|le|la|lo|les|los|las|me|nos)?$"),
               "it": re.compile(r"^\w+(?:are|ere|ire|ar|er|ir)(?:ti|gli|le|lo|la|mi|ci|vi)?$")}


def _starts_with_verb(text: str, lang: str) -> bool:
    """Whether a to-do starts with a verb ("send the slides", "enviar las diapositivas",
    "mandarti le slide"), so a template can say "… to send the slides"."""
    first = text.split(" ", 1)[0].lower() if text else ""
    code = primary(lang)
    if code in _INFINITIVE:
        return bool(_INFINITIVE[code].match(first))
    module = language_module(lang)
    return first in getattr(module, "VERBS", frozenset())


def values(ctx: DraftContext, template: Template | None = None,
           lang: str | None = None) -> dict[str, str]:
    """The value of every placeholder ("" when unknown), in the draft's language."""
    c = ctx.contact
    lang = lang or ctx.language
    note = ctx.hook_note
    ask = ctx.ask
    target = ctx.target
    vals = {
        "first_name": greeting_name(c),
        "name": " ".join(c.name.split()),
        "company": c.company,
        "role": c.role,
        "location": c.location,
        "met_at": tidy_phrase(c.met_at),
        "met_on": c.met_on.isoformat() if c.met_on else "",
        "introducer": ctx.introducer.name if ctx.introducer else "",
        "hook": as_topic(note.text, lang) if note else "",
        "mention": mention_sentence(ctx, template.mood if template else "recall", lang),
        "what": ask.what.strip().rstrip(" .?") if ask else "",
        "offer": ask.offer.strip().rstrip(" .") if ask else "",
        "why": "",
        "target": target.name if target else "",
        "target_first_name": greeting_name(target) if target else "",
        "target_company": target.company if target else "",
        "my_update": "",
        "reason": _reason(ctx, lang),
        "invited_on": on_date(ctx.invited_on, lang) if ctx.invited_on else "",
    }
    vals.update(ctx.extra)
    return {k: " ".join((v or "").split()) for k, v in vals.items()}


def _why_is_clause(why: str, lang: str) -> bool:
    """--why written as a sentence ("We both work on delivery logistics.") rather than a
    reason to put after "because of" ("your work on observability tooling")."""
    if why.endswith(_END_PUNCT):
        return True
    first = why.split(" ", 1)[0].lower()
    return first in getattr(language_module(lang), "CLAUSE_STARTS", frozenset())


CONDITIONS: dict[str, Callable[[DraftContext, dict[str, str], str], bool]] = {
    "": lambda ctx, vals, lang: True,
    "met": lambda ctx, vals, lang: bool(vals["met_at"]),
    "introduced": lambda ctx, vals, lang: ctx.introducer is not None,
    "why": lambda ctx, vals, lang: bool(vals["why"]),
    "why-clause": lambda ctx, vals, lang: bool(vals["why"]) and _why_is_clause(vals["why"], lang),
    "mention": lambda ctx, vals, lang: bool(vals["mention"]),
    "invited": lambda ctx, vals, lang: bool(vals["invited_on"]),
    "reason": lambda ctx, vals, lang: bool(vals["reason"]),
    "reason-verb": lambda ctx, vals, lang: (bool(vals["reason"])
                                            and _starts_with_verb(vals["reason"], lang)),
}


def _choose(variants: Variants, ctx: DraftContext, vals: dict[str, str], lang: str,
            name: str) -> str:
    for condition, wordings in variants:
        if CONDITIONS[condition](ctx, vals, lang):
            return stable_pick(wordings, ctx.contact.id, name, primary(lang), condition)
    return variants[-1][1][0]


def fill(text: str, vals: dict[str, str]) -> str:
    """Put the values in. Unknown or empty placeholders are left exactly as written; one
    pass, so a value that itself contains "{…}" is inserted as is, never re-expanded."""
    def put(m: re.Match[str]) -> str:
        value = vals.get(m.group(1), "")
        if not value:
            return m.group(0)
        # "…did you see it?" + "." → no doubled punctuation after the value.
        return value if value.endswith(_END_PUNCT) else value + m.group(2)

    return _FILL_RE.sub(put, text)


def render_in(template: Template, ctx: DraftContext) -> tuple[str, str]:
    """(text, language it is written in) of `template` for `ctx`."""
    _, wording, lang = template.wording(ctx.language, ctx.default_language)
    vals = values(ctx, template, lang)
    if isinstance(wording, str):
        return contract(fill(wording, vals), lang), lang
    text = _choose(wording, ctx, vals, lang, template.name)
    if not vals["mention"]:
        text = _MENTION_SLOT.sub("", text)  # a built-in reads well without its mention
    text = contract(fill(text, vals), lang)
    return tidy_spaces(capitalise_sentences(text)), lang


def render(template: Template, ctx: DraftContext) -> str:
    """Fill the template. Unknown or empty placeholders are left exactly as written."""
    return render_in(template, ctx)[0]


"""Templates: the built-ins in each language, the user's files, and their placeholders.

A template has behaviour (channel, kind logged when sent, the checks it needs) and text
per language: the built-in wordings (several per language, see lang_*.py) and any text
the user wrote. User files live in `<config>/templates/`:

* `NAME.txt` — the user's default language (`drafting.language`);
* `<lang>/NAME.txt` — that language (`es/birthday.txt` overrides the Spanish birthday);
  a folder for a language with no built-in wording (`fr/`, `de/`) adds that language.

Substitution is a regular expression over a whitelist of placeholder names. Template
text (which users write) is never given to `str.format`, `format_map` or
`string.Template`: `{0.__class__}` or `{contact.__dict__}` stays literal text and is
reported as an unfilled placeholder, so it can never reach a Python object.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..model import Kind, Origin, ValidationError, fold
from . import lang_en, lang_es, lang_it
from .channels import CHANNELS
from .language import normalise, parse_language, primary

# (condition, wordings) pairs: the first condition that holds chooses the wordings.
Variants = tuple[tuple[str, tuple[str, ...]], ...]


class TemplateError(ValidationError):
    """A template cannot be used (unknown name, unreadable file, bad header line)."""


PLACEHOLDERS: dict[str, str] = {
    "first_name": "what you call them: their call name, else their given name (compound "
                  "names such as \"María José\" kept whole)",
    "name": "their full name",
    "company": "their company",
    "role": "their role",
    "location": "where they live or work",
    "met_at": "the event or place where you met",
    "met_on": "the day you met (YYYY-MM-DD)",
    "introducer": "the full name of who introduced you",
    "hook": "the mention chosen (default: the newest), as you wrote it",
    "mention": "that mention said as a sentence for its kind, in the draft's language "
               "(\"I really enjoyed your talk on …\")",
    "what": "what you ask for (from the ask)",
    "offer": "what you bring in return (from the ask, or given when drafting)",
    "why": "why: a why-line for an invitation, or why you want to meet an intro target",
    "target": "intro-request: the full name of the person you want to meet",
    "target_first_name": "intro-request: their first name",
    "target_company": "intro-request: their company",
    "my_update": "update: what you are working on (given when drafting)",
    "reason": "follow-up: the reason of the follow-up you scheduled",
    "invited_on": "nudge: when you sent the pending invitation (\"on December 3\", "
                  "\"el 3 de diciembre\")",
}

# Placeholders the user types a value for while drafting (the CLI's --target, --why,
# --offer, --my-update; `f` in the Draft pane), and the field that fills each.
FILLED_BY: dict[str, str] = {
    "target": "target", "target_first_name": "target", "target_company": "target",
    "why": "why", "offer": "offer", "my_update": "my_update",
}

PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)\}")

_LANGS: dict[str, object] = {"en": lang_en, "es": lang_es, "it": lang_it}


@dataclass(frozen=True, slots=True)
class Template:
    name: str
    text: str  # reference text: the user's default-language file, or the first built-in
    purpose: str
    channel: str  # default channel
    kind: str  # interaction kind logged when marked sent (see sent_kind)
    private: bool = False  # P4: only on a private channel
    needs_offer: bool = False  # P5: says what you bring
    engage_first: bool = False  # P3: check the engagement ladder
    invite: bool = False  # P2: check for a cold invitation
    closes: str = ""  # origin of the open follow-up that sending it closes (P1)
    source: str = "built-in"  # or the path of the user's file
    mood: str = "recall"  # how a mention is said: met, invite, recall or birthday
    builtin: Mapping[str, Variants] = field(default_factory=dict)  # language -> wordings
    user: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # lang ("" = default)
    #                                                                  -> (text, source)

    def texts(self) -> list[str]:
        """Every text this template may render, in every language."""
        found = [self.text]
        for variants in self.builtin.values():
            found += [t for _, wordings in variants for t in wordings]
        found += [text for text, _ in self.user.values()]
        return found

    def placeholders(self) -> list[str]:
        """Placeholder names used by this template (all wordings), in order of appearance."""
        seen: dict[str, None] = {}
        for text in self.texts():
            for m in PLACEHOLDER_RE.finditer(text):
                seen.setdefault(m.group(1), None)
        return list(seen)

    def fillable(self) -> list[str]:
        """The typed values this template uses (target, why, offer, my_update), in order."""
        return list(dict.fromkeys(FILLED_BY[p] for p in self.placeholders() if p in FILLED_BY))

    def languages(self) -> list[str]:
        """Languages with a wording of their own ("" = the user's default language)."""
        return sorted(set(self.builtin) | set(self.user))

    def wording(self, lang: str, default: str) -> tuple[str, str | Variants, str]:
        """(source, text or built-in variants, language used) for a draft in `lang`.

        The user's text for that language wins, then (for the default language) their
        `NAME.txt`, then the built-in wording; a language with neither falls back to
        the default language's text (the draft says so)."""
        lang, default = normalise(lang), normalise(default)
        for code in (lang, primary(lang)):
            if code in self.user:
                text, where = self.user[code]
                return where, text, lang
        if primary(lang) == primary(default) and "" in self.user:
            text, where = self.user[""]
            return where, text, lang
        for code in (lang, primary(lang)):
            if code in self.builtin:
                return "built-in", self.builtin[code], lang
        if not self.user and not self.builtin:
            return self.source, self.text, lang  # a plain template: the text is the user's
        if "" in self.user:
            text, where = self.user[""]
            return where, text, default
        for code in (default, primary(default), "en"):
            if code in self.builtin:
                return "built-in", self.builtin[code], code
        return self.source, self.text, default


def _builtin(name: str, purpose: str, channel: str, kind: str, mood: str,
             **flags: object) -> Template:
    wordings: dict[str, Variants] = {code: module.TEMPLATES[name]  # type: ignore[attr-defined]
                                     for code, module in _LANGS.items()}
    first = wordings["en"][0][1][0]
    return Template(name, first, purpose, channel, kind, mood=mood, builtin=wordings,
                    **flags)  # type: ignore[arg-type]


BUILTIN_TEMPLATES: dict[str, Template] = {t.name: t for t in (
    _builtin("follow-up-after-meeting",
             "within 24 hours of meeting in person — thank them, recall where you met, "
             "with the connection invitation",
             "linkedin-invite", Kind.MESSAGE.value, "met", invite=True,
             closes=Origin.MET_IN_PERSON.value),
    _builtin("connection-invite",
             "an invitation with a short why-line (LinkedIn notes are short)",
             "linkedin-invite", Kind.INVITE_SENT.value, "invite", invite=True),
    _builtin("birthday", "congratulate them on their birthday, personally",
             "whatsapp", Kind.BIRTHDAY_WISH.value, "birthday"),
    _builtin("reconnect", "the keep-in-touch cadence lapsed — get back in touch",
             "linkedin-message", Kind.MESSAGE.value, "recall"),
    _builtin("ask", "ask privately, only after engaging, saying what you offer in return",
             "linkedin-message", Kind.ASK.value, "recall", private=True, needs_offer=True,
             engage_first=True),
    _builtin("intro-request",
             "ask a mutual contact to introduce you to the target, naming them and why",
             "linkedin-message", Kind.ASK.value, "recall", private=True, needs_offer=True,
             engage_first=True),
    _builtin("update", "tell a selection of contacts what you are working on, each personally",
             "email", Kind.MESSAGE.value, "recall"),
    _builtin("nudge",
             "an invitation still pending — nudge once, kindly, or let it go (then "
             "simply don't send it)",
             "email", Kind.MESSAGE.value, "invite"),
    _builtin("follow-up", "a follow-up you scheduled: written from its reason (what you said "
                          "you would do)",
             "linkedin-message", Kind.MESSAGE.value, "recall", closes=Origin.MANUAL.value),
)}


_HEADER_RE = re.compile(r"^#\s*(channel|kind|purpose|based-on)\s*:\s*(.*?)\s*$", re.IGNORECASE)


def _split_header(text: str) -> tuple[dict[str, str], str]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header: dict[str, str] = {}
    body_at = 0
    for i, line in enumerate(lines):
        m = _HEADER_RE.match(line)
        if not m:
            break
        header[m.group(1).lower()] = m.group(2)
        body_at = i + 1
    return header, "\n".join(lines[body_at:]).strip("\n").rstrip()


def parse_template(name: str, text: str, source: str = "",
                   builtins: Mapping[str, Template] | None = None, lang: str = "") -> Template:
    """A user template from a file's text, for language `lang` ("" = the default one).

    Optional header lines at the very top, each `# key: value`, set its properties:
    `# channel: email`, `# kind: message` (interaction logged when sent),
    `# purpose: …`, `# based-on: ask` (behave like that built-in: private-only, offer,
    engagement and invitation checks, kind and channel). A file named like a built-in
    is based on it and keeps the built-in's wordings in the other languages. Every other
    line, including any other line starting with "#", is the message text.
    """
    builtins = BUILTIN_TEMPLATES if builtins is None else builtins
    where = source or f"{name}.txt"
    header, body = _split_header(text)
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
    own = {lang: (body, where)}
    if base is None:
        return Template(name, body, purpose, channel, kind, source=where, user=own)
    # Only a file named like the built-in keeps its wordings in the other languages.
    keep = base.builtin if base_name == name else {}
    return replace(base, name=name, text=body, purpose=purpose, channel=channel, kind=kind,
                   source=where, builtin=keep, user=own)


def _merge(files: list[tuple[str, str, str]]) -> Template:
    """One template from its files in several languages, as (lang, text, path): the
    default-language file (else the first language) gives the behaviour; the header of
    another file may repeat it but not contradict it."""
    files.sort(key=lambda f: (f[0] != "", f[0]))
    lang, text, where = files[0]
    name = Path(where).stem
    main = parse_template(name, text, where, lang=lang)
    user = dict(main.user)
    for lang, text, where in files[1:]:
        header, _ = _split_header(text)
        part = parse_template(name, text, where, lang=lang)  # checks its header and text
        compared: list[str] = [k for k in ("channel", "kind") if k in header]
        if "based-on" in header:
            compared += ["private", "needs_offer", "engage_first", "invite", "closes", "mood"]
        for key in compared:
            if getattr(part, key) != getattr(main, key):
                raise TemplateError(f"{where}: its {key.replace('_', ' ')} "
                                    f"({getattr(part, key)}) differs from {main.source} "
                                    f"({getattr(main, key)}): the files of one template "
                                    "share their header lines")
        user[lang] = part.user[lang]
    return replace(main, user=user)


def load_user_templates(directory: Path | None = None) -> dict[str, Template]:
    """The user's templates: every `NAME.txt` in `directory` (default:
    config_dir()/templates) and in its language folders (`es/NAME.txt`).

    A missing folder means none. An unreadable file, or a folder that is not a language
    code, is a TemplateError naming it.
    """
    if directory is None:
        from ..settings import config_dir
        directory = config_dir() / "templates"
    if not directory.is_dir():
        return {}
    places: list[tuple[str, Path]] = [("", directory)]
    for sub in sorted(directory.iterdir()):
        if sub.is_dir() and not sub.name.startswith("."):
            try:
                places.append((parse_language(sub.name), sub))
            except ValidationError:
                raise TemplateError(f"{sub}: a template folder is named by a language code "
                                    "(es, it, fr, pt-br …)") from None
    found: dict[str, list[tuple[str, str, str]]] = {}
    for lang, folder in places:
        for path in sorted(folder.glob("*.txt")):
            if path.name.startswith(".") or not path.is_file():
                continue
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                raise TemplateError(f"cannot read template {path}: {exc}") from None
            found.setdefault(path.stem, []).append((lang, text, str(path)))
    return {name: _merge(files) for name, files in found.items()}


def all_templates(user: Mapping[str, Template] | None = None) -> dict[str, Template]:
    """Built-ins, with the user's templates added (a built-in name is overridden in the
    languages the user wrote it in)."""
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


def mention_wordings(lang: str) -> dict[str, dict[str, tuple[str, ...]]] | None:
    """How each kind of mention is said in `lang` (None: no built-in phrasing)."""
    module = _LANGS.get(primary(lang))
    return module.MENTIONS if module is not None else None  # type: ignore[attr-defined]


def language_module(lang: str) -> object | None:
    return _LANGS.get(primary(lang))

"""Drafting personal messages from what you know about a person, with the etiquette checks.

Pure: no clock reads (pass `today`), no UI, no database. The only I/O is
`load_user_templates()`, which reads the user's template files; everything else is a
function of model objects, so the Draft pane can re-check the text on every keystroke.

What a draft is made of: a contact's *mentions* (notes of a kind — talk, post, article,
news, interest, family, travel, conversation — whose text is the topic) are phrased as
natural sentences for their kind, in the contact's language (English, Spanish, Italian
built in; others through the user's template folders). *Memos* (the default kind) are
private: never quoted, and a draft whose text carries one is flagged.

The pieces, in the order a caller uses them:

* `all_templates(load_user_templates())` — built-in templates merged with the user's
  files (`templates/NAME.txt` for the default language, `templates/es/NAME.txt` …).
* `suggest_template(...)` — which template fits this contact today, and why.
* `make_context(contact, notes, hook=0, ask=..., introducer=..., target=...,
  settings=..., followups=..., why=...)` — `ctx.updated(hook=…)` for another mention.
* `compose(template, ctx, channel)` → `Composed(text, problems, language, hook)`; or the
  halves, `render(template, ctx)` and `check(text, ctx, template, channel)`.
* `draft_batch(template, tag, contacts, notes, ...)` — P8: one personal draft per person.
* `introducers(target, contacts, today)` — who can introduce you to someone (P2).
* `sent_kind(template, channel)` — the interaction kind logged when the draft is sent.
* `parse_language(text)`, `parse_call_name(text)`, `greeting_name(contact)`,
  `hook_label(ctx)` — for the forms and panes.
"""

from __future__ import annotations

from ..model import ValidationError
from .batch import Batch, BatchDraft, Skipped, draft_batch
from .channels import (
    ASK_CHANNELS,
    CHANNELS,
    LINKEDIN_INVITE_FREE_LIMIT,
    LINKEDIN_INVITE_LIMIT,
    PRIVATE_CHANNELS,
    Channel,
    get_channel,
    interaction_channel,
)
from .checks import (
    ASK_BEFORE_ENGAGING,
    COLD_INVITE,
    ERROR,
    LANGUAGE,
    MEMO_QUOTED,
    NO_HOOK,
    NO_OFFER,
    PRIVATE_MENTION,
    PROBLEM_CODES,
    PUBLIC_CHANNEL,
    TOO_LONG,
    UNFILLED,
    WARNING,
    Problem,
    check,
    has_errors,
    has_link,
    ladder,
    memo_runs,
    specific_words,
    text_problems,
)
from .compose import Composed, choose_channel, compose, sent_kind
from .context import (
    MENTION_KINDS,
    PERSONAL_KINDS,
    DraftContext,
    hook_label,
    is_mention,
    make_context,
)
from .introducers import Candidate, introducers
from .language import (
    BUILTIN_LANGUAGES,
    DEFAULT_LANGUAGE,
    language_name,
    on_date,
    parse_language,
)
from .names import first_name, greeting_name, parse_call_name
from .render import mention_sentence, render, values
from .suggest import suggest_template
from .templates import (
    BUILTIN_TEMPLATES,
    FILLED_BY,
    PLACEHOLDERS,
    Template,
    TemplateError,
    all_templates,
    get_template,
    load_user_templates,
    parse_template,
)

__all__ = [
    "ASK_BEFORE_ENGAGING", "ASK_CHANNELS", "BUILTIN_LANGUAGES", "BUILTIN_TEMPLATES", "CHANNELS",
    "COLD_INVITE", "DEFAULT_LANGUAGE", "ERROR", "FILLED_BY", "LANGUAGE",
    "LINKEDIN_INVITE_FREE_LIMIT", "LINKEDIN_INVITE_LIMIT", "MEMO_QUOTED", "MENTION_KINDS",
    "NO_HOOK", "NO_OFFER", "PERSONAL_KINDS", "PLACEHOLDERS", "PRIVATE_CHANNELS",
    "PRIVATE_MENTION", "PROBLEM_CODES", "PUBLIC_CHANNEL", "TOO_LONG", "UNFILLED", "WARNING",
    "Batch", "BatchDraft", "Candidate", "Channel", "Composed", "DraftContext", "Problem",
    "Skipped", "Template", "TemplateError", "ValidationError", "all_templates", "check",
    "choose_channel", "compose", "draft_batch", "first_name", "get_channel", "get_template",
    "greeting_name", "has_errors", "has_link", "hook_label", "interaction_channel",
    "introducers", "is_mention", "ladder", "language_name", "load_user_templates",
    "make_context", "memo_runs", "mention_sentence", "on_date", "parse_call_name",
    "parse_language", "parse_template", "render", "sent_kind", "specific_words",
    "suggest_template", "text_problems", "values",
]

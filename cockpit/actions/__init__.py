"""The application layer: every use case, called by both front-ends.

The command line (`cockpit.cli`) and the TUI (`cockpit.app`, `screens`, `widgets`) call
these functions and nothing below them: no front-end builds a record or applies a rule
itself. Each use case takes a `Workspace` (one database, one `today`, the settings) and
plain values, validates them, applies the rule once, writes through the store, and returns
domain results — or raises one of `errors.USER_ERRORS`, which the front-ends show as one
line.

Modules by area: `contacts` (add, edit, archive, notes, lists), `triage` (done, snooze,
wish, log, follow-ups), `asks`, `drafts` (+ `draft_session`, `sending`), `files` (import,
calendar export), `morning` (the agenda, a contact's card and history), `search`.
"""

from .errors import USER_ERRORS, FormErrors
from .workspace import Workspace, paused_gc

__all__ = ["USER_ERRORS", "FormErrors", "Workspace", "paused_gc"]

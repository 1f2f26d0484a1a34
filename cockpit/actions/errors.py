"""The errors a use case raises, shown by either front-end as one line.

`ValidationError` (a value the user gave), `StoreError` and its `NotFound` / `Ambiguous`
(the database file, a name that matches no one or several), `SettingsError`
(config.toml): `USER_ERRORS` names them for an `except` clause. `FormErrors` carries one
message per field, so a form can show each next to its field.
"""

from __future__ import annotations

from ..model import Contact, ValidationError
from ..settings import SettingsError
from ..store import Ambiguous, NotFound, StoreError

USER_ERRORS: tuple[type[Exception], ...] = (ValidationError, StoreError, SettingsError)
# …and what a read from a worker may also meet (a vanished folder, a permission).
READ_ERRORS: tuple[type[Exception], ...] = (*USER_ERRORS, OSError)


class FormErrors(ValidationError):
    """The form cannot be saved; `errors` maps each field to a one-line message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class DuplicateContact(FormErrors):
    """Someone with the same name (and company) exists; `force` adds them anyway."""

    def __init__(self, existing: Contact) -> None:
        where = f" at {existing.company}" if existing.company else ""
        super().__init__({"name": f"{existing.name}{where} is already a contact "
                                  f"({existing.id[:8]}); add anyway to keep both"})
        self.existing = existing


__all__ = [
    "READ_ERRORS",
    "USER_ERRORS",
    "Ambiguous",
    "DuplicateContact",
    "FormErrors",
    "NotFound",
    "StoreError",
    "ValidationError",
]

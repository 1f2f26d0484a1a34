"""What can go wrong with the database, each as one line naming the file and the problem."""

from __future__ import annotations

import errno
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Contact


class StoreError(Exception):
    """The database cannot be used as asked; str() is one line naming the file and problem."""


class NotFound(StoreError):
    """No contact matches the name given."""


class Ambiguous(StoreError):
    """Several contacts match the name given."""

    def __init__(self, message: str, candidates: list[Contact]):
        super().__init__(message)
        self.candidates = candidates


class SaveError(StoreError):
    """A write failed and changed nothing; `reason` is the cause in a few words."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


class CheckpointError(StoreError):
    """Folding the journal into the main file failed, but every acknowledged save is still
    safe in the journal (`pending` of them) and the next Cockpit to open the database folds
    them in. A front-end says so — "saved in the journal, folded in next time" — rather than
    "nothing was saved", and exits non-zero."""

    def __init__(self, message: str, pending: int):
        super().__init__(message)
        self.pending = pending


def describe_os_error(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC or exc.errno == errno.EFBIG:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied (read-only file or folder?)"
    return exc.strerror or str(exc)

"""Bringing an older file up to SCHEMA_VERSION (in memory; the next save writes it whole).

* 0: a TinyDB file with no `meta` table (written by hand or another tool).
* 1: notes had no `kind`; there was no `meta.database_id` (what ties a journal to its file).
* 2: today's layout.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

import orjson

from .layout import HEAD_TABLES

SCHEMA_VERSION = 2


def new_database_id(body: Iterable[bytes | memoryview], interactions: dict[str, Any],
                    salt: str) -> str:
    """The id a database keeps for life (`meta.database_id`), minted when its file is
    first written (or first written by this version): a digest of that first content —
    every table but the interactions, which their byte count and CRC-32 stand for — and
    of `salt`, the store's clock at that moment (to the microsecond). Two files share it
    only when one began as a copy of the other, while a demo network built on a fixed
    clock (same seed, same day) stays the same bytes."""
    digest = hashlib.blake2b(salt.encode(), digest_size=16)
    for chunk in body:
        digest.update(chunk)
    digest.update(orjson.dumps(interactions))
    return digest.hexdigest()


def migrate(head: dict[str, Any], version: int) -> dict[str, Any]:
    if version == 0:
        for name in HEAD_TABLES:
            head.setdefault(name, {})
        for doc in head.get("contacts", {}).values():
            doc.setdefault("seen", {})
    if version <= 1:
        # Notes before kinds were private memos (what drafts never quote).
        for doc in head.get("notes", {}).values():
            if not doc.get("kind"):
                doc["kind"] = "memo"
    return head

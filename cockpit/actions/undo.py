"""Undo the last triage action (done, snooze, birthday wished, log, archive), as mail
clients do.

`undoable` runs a use case and keeps, beside its line, what it needs to take it back: the
records of the contacts it touched as they were before (their follow-ups, asks and contact
record) and after, and which interactions it logged. `apply` puts those records back
exactly — a follow-up the action created is deleted, one it changed is written back as it
was, a logged interaction is deleted (the keep-in-touch dates follow), an archived contact
comes back with its own `updated` — all in one transaction. It refuses when anything was
written since (`Store.version` moved): an undo never overwrites a later change.

How long an undo stays on offer is the front-end's business (the TUI: a few seconds).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from ..model import Ask, Contact, FollowUp, ValidationError
from .workspace import Workspace

NOTHING = "Nothing to undo"


@dataclass(frozen=True, slots=True)
class Records:
    """What one contact's triage can change besides logging: the contact, its follow-ups
    and asks."""

    contact: Contact | None
    followups: dict[str, FollowUp]
    asks: dict[str, Ask]


@dataclass(frozen=True, slots=True)
class Undo:
    """How to take back one action: `description` is the line it printed."""

    description: str
    contact_ids: tuple[str, ...]
    before: dict[str, Records]
    after: dict[str, Records]
    logged: tuple[str, ...]  # ids of the interactions the action logged
    version: int  # the store's version right after the action (see `apply`)


def _records(ws: Workspace, contact_id: str) -> Records:
    store = ws.store
    # Copies: the store's cached objects are changed in place by some use cases.
    return Records(
        copy.deepcopy(ws.contact_or_none(contact_id)),
        {f.id: copy.deepcopy(f) for f in store.followups(contact_id, open_only=False)},
        {a.id: copy.deepcopy(a) for a in store.asks(contact_id, open_only=False)})


def undoable(ws: Workspace, contact_ids: Iterable[str],
             change: Callable[[Workspace], str]) -> tuple[str, Undo]:
    """Run `change` (a use case touching only these contacts); its line, and its undo."""
    ids = tuple(dict.fromkeys(contact_ids))
    with ws.lock:
        before = {cid: _records(ws, cid) for cid in ids}
        # What it logs is asked of the store, not read from the histories (a scan of the
        # interactions table each: 10-20 ms at 300,000).
        mark, _ = ws.store.logged_since()
        message = change(ws)
        _, logged = ws.store.logged_since(mark)
        after = {cid: _records(ws, cid) for cid in ids}
        return message, Undo(message, ids, before, after, tuple(logged), ws.store.version)


def still_undoable(ws: Workspace, undo: Undo) -> bool:
    """Nothing was written since the action (by Cockpit or another process, as far as
    memory knows: `apply` looks at the file again)."""
    return ws.store.version == undo.version


def apply(ws: Workspace, undo: Undo) -> str:
    """Put back the records `undo` kept; "Undone: <the action's line>"."""
    store = ws.store
    with ws.lock, store.transaction():  # re-reads the file first: another process's write counts
        if store.version != undo.version:
            raise ValidationError(f"{NOTHING}: something was saved since "
                                  f"“{undo.description}”, which stays as it is")
        for interaction_id in undo.logged:
            store.delete_interaction(interaction_id)
        archive_changed = False
        for cid in undo.contact_ids:
            was, now = undo.before[cid], undo.after[cid]
            for table, old, new in (("followups", was.followups, now.followups),
                                    ("asks", was.asks, now.asks)):
                for record_id in new.keys() - old.keys():
                    store.delete(record_id, table)
                for record_id, record in old.items():
                    if new.get(record_id) != record:
                        (store.save_followup if table == "followups" else store.save_ask)(
                            copy.deepcopy(record))  # type: ignore[arg-type]
            if was.contact is not None and now.contact is not None and (
                    replace(was.contact, seen={}) != replace(now.contact, seen={})):
                # The stored `seen` (recomputed above) is kept; so is the old `updated`.
                store.update_contact(copy.deepcopy(was.contact), stamp=False)
                archive_changed = archive_changed or was.contact.archived != now.contact.archived
    if archive_changed:
        ws.contacts_changed()
    return f"Undone: {undo.description}"

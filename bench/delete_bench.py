"""Deleting a logged interaction and undoing a triage action on a big database.

    .venv/bin/python bench/delete_bench.py [--contacts 30000] [--interactions 300000]

Times, on a journaled store opened fresh (the table still raw bytes, as in the TUI):
`Store.delete_interaction` of one contact's newest interaction (spliced out of the bytes,
the contact's last-contact dates recomputed, journaled), the same after the table was
parsed, and `undo.undoable` + `undo.apply` around a `log` (what `l` then `u` cost).
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from cockpit.actions import Workspace, triage, undo
from cockpit.demo import build_demo
from cockpit.store import Store

TODAY = dt.date(2026, 11, 22)


def ms(start: float) -> str:
    return f"{(time.perf_counter() - start) * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=30000)
    parser.add_argument("--interactions", type=int, default=300000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "cockpit.json"
        build_demo(db, today=TODAY, contacts=args.contacts, interactions=args.interactions)
        print(f"{args.contacts:,} contacts, {args.interactions:,} interactions, "
              f"{db.stat().st_size / 1e6:.0f} MB")
        store = Store(db, journal=True)
        people = store.contacts()[:6]
        for items in (store.interactions(c.id) for c in people):
            if items:
                t = time.perf_counter()
                store.delete_interaction(items[0].id)
                print(f"delete_interaction (raw table, journaled): {ms(t)}")
                break
        t = time.perf_counter()
        store.checkpoint()
        print(f"checkpoint after it (full rewrite): {ms(t)}")
        ws = Workspace(store, TODAY)
        cid = people[1].id
        t = time.perf_counter()
        _, taken = undo.undoable(ws, [cid], lambda w: triage.log(w, cid, "call"))
        print(f"l (log) with its undo recorded: {ms(t)}")
        t = time.perf_counter()
        undo.apply(ws, taken)
        print(f"u (undo the log): {ms(t)}")
        store.interactions()  # the whole table parsed
        items = store.interactions(people[2].id)
        t = time.perf_counter()
        store.delete_interaction(items[0].id)
        print(f"delete_interaction (parsed table, journaled): {ms(t)}")


if __name__ == "__main__":
    main()

"""Opening reads the database in two buffers, cut where meta says the interactions table
starts (the head is parsed and freed, the table kept as bytes): whatever meta says, the
records read are the file's."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from cockpit.model import Contact, Interaction
from cockpit.store import Store
from cockpit.store.files import PEEK, read_in_two

DAY = dt.date(2026, 11, 20)


def make(path: Path, n: int = 40) -> dict:
    store = Store(path)
    people = [Contact(f"Person {i}", company="Acme") for i in range(n)]
    with store.transaction():
        for c in people:
            store.add_contact(c)
        for i, c in enumerate(people):
            store.log(Interaction(c.id, "call", DAY, summary=f"summary {i}"))
    return json.loads(path.read_bytes())


def read_back(path: Path) -> tuple[set[str], set[str]]:
    store = Store(path)
    return ({c.name for c in store.contacts()},
            {i.summary for c in store.contacts() for i in store.interactions(c.id)})


def test_a_file_read_in_two_gives_back_every_record(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    whole = make(db)
    names, summaries = read_back(db)
    assert names == {d["name"] for d in whole["contacts"].values()}
    assert summaries == {d["summary"] for d in whole["interactions"].values()}


def test_a_byte_count_in_meta_that_lies_still_reads_the_file(tmp_path: Path) -> None:
    """Hand-edited: meta names a cut that is not the table's start; the whole file decides."""
    db = tmp_path / "db.json"
    make(db)
    data = db.read_bytes()
    assert len(data) > PEEK  # (so that it is read in two)
    real = re.search(rb'"interactions":\{"bytes":(\d+)', data)
    assert real is not None
    for wrong in (int(real.group(1)) - 7, int(real.group(1)) + 3, 1):
        db.write_bytes(data[:real.start(1)] + str(wrong).encode() + data[real.end(1):])
        names, summaries = read_back(db)
        assert len(names) == 40 and len(summaries) == 40


def test_read_in_two_cuts_where_asked_and_reads_whole_otherwise(tmp_path: Path) -> None:
    path = tmp_path / "f"
    data = bytes(range(256)) * 20
    path.write_bytes(data)
    found = read_in_two(path, lambda first, size: 3000)
    assert found is not None and found[0] is not None
    head, rest, st = found
    assert (bytes(head[:-1]), rest, len(head), st.st_size) == (data[:3000], data[3000:], 3001,
                                                                len(data))
    for cut in (None, lambda first, size: None, lambda first, size: size + 10,
                lambda first, size: PEEK - 1):
        found = read_in_two(path, cut)
        assert found is not None and found[:2] == (None, data)
    assert read_in_two(tmp_path / "missing", None) is None

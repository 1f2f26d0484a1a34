"""`cockpit unlog NAME [--id ID]`: delete a logged interaction from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import one_error_line

TODAY = "2026-11-21"


def contact_json(cli, db: Path, name: str) -> dict:
    code, out, err = cli("contacts", "--json", db=db, today=TODAY)
    assert code == 0, err
    return next(c for c in json.loads(out) if c["name"] == name)


def test_unlog_deletes_the_latest_and_the_last_contact_date_follows(cli, db: Path) -> None:
    assert cli("add", "Mateus Bianchi", db=db, today=TODAY)[0] == 0
    assert cli("log", "Mateus Bianchi", "call", "--date", "2026-11-10", db=db, today=TODAY)[0] == 0
    assert cli("log", "Mateus Bianchi", "message", "--summary", "oops, wrong person",
               db=db, today=TODAY)[0] == 0
    assert contact_json(cli, db, "Mateus Bianchi")["last_interaction"] == TODAY

    code, out, err = cli("unlog", "mateus", db=db, today=TODAY)
    assert (code, err) == (0, "")
    assert out.strip() == "Deleted the message with Mateus Bianchi of Sat 21 Nov 2026"
    assert contact_json(cli, db, "Mateus Bianchi")["last_interaction"] == "2026-11-10"
    stored = json.loads(db.read_text())["interactions"]
    assert [d["kind"] for d in stored.values()] == ["call"]


def test_unlog_by_id_and_its_errors(cli, db: Path) -> None:
    cli("add", "Ana Ruiz", db=db, today=TODAY)
    cli("log", "Ana Ruiz", "like", db=db, today=TODAY)
    cli("log", "Ana Ruiz", "call", db=db, today=TODAY)
    stored = json.loads(db.read_text())["interactions"]
    like = next(d["id"] for d in stored.values() if d["kind"] == "like")
    code, out, _ = cli("unlog", "Ana Ruiz", "--id", like, db=db, today=TODAY)
    assert code == 0 and out.startswith("Deleted the like with Ana Ruiz")
    before = db.read_bytes()
    code, _, err = cli("unlog", "Ana Ruiz", "--id", like, db=db, today=TODAY)
    assert code != 0
    assert one_error_line(err) == f"cockpit: error: Ana Ruiz has no interaction with id {like!r}"
    assert db.read_bytes() == before
    code, _, err = cli("unlog", "Nobody", db=db, today=TODAY)
    assert code == 2 and "no contact matches" in one_error_line(err)

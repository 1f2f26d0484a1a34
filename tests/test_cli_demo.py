"""`cockpit demo --save PATH`: deterministic, never overwrites, shows every feature."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import one_error_line, snapshot

from cockpit.model import Relationship, Tie
from cockpit.store import Store

TODAY = "2026-11-21"


def save_demo(cli, path: Path, *extra: str, today: str = TODAY) -> Path:
    code, _out, err = cli("demo", "--save", str(path), *extra, today=today)
    assert code == 0, err
    return path


def test_same_seed_and_today_give_byte_identical_files(run_cli, tmp_path: Path) -> None:
    """Two separate processes (different hash seeds, different wall clock)."""
    files = []
    for i in range(2):
        path = tmp_path / f"demo{i}.json"
        code, _, err = run_cli("demo", "--save", str(path), "--seed", "3", today=TODAY)
        assert code == 0, err
        files.append(path.read_bytes())
    assert files[0] == files[1]
    json.loads(files[0])


def test_seed_and_today_change_the_network(cli, tmp_path: Path) -> None:
    base = save_demo(cli, tmp_path / "a.json", "--seed", "3").read_bytes()
    assert save_demo(cli, tmp_path / "b.json", "--seed", "4").read_bytes() != base
    assert save_demo(cli, tmp_path / "c.json", "--seed", "3", today="2026-11-22").read_bytes() != base


@pytest.mark.parametrize("content", [b"", b'{"precious": true}'])
def test_refuses_to_overwrite(cli, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "mine.json"
    path.write_bytes(content)
    before = snapshot(path)
    code, _out, err = cli("demo", "--save", str(path), today=TODAY)
    assert code != 0
    assert str(path) in one_error_line(err)
    assert snapshot(path) == before


@pytest.mark.parametrize("seed", [7, 1, 2, 8])
def test_small_demo_shows_every_feature(cli, tmp_path: Path, seed: int) -> None:
    path = save_demo(cli, tmp_path / "demo.json", "--seed", str(seed))
    store = Store(path)
    today = dt.date.fromisoformat(TODAY)
    people = store.contacts()
    assert len(people) == 60
    assert {c.tie for c in people} == {t.value for t in Tie}
    birthdays = [c.birthday for c in people if c.birthday]
    assert any((b.month, b.day) == (2, 29) for b in birthdays)
    assert any(b.year is None for b in birthdays)
    assert any(a.is_open for a in store.asks())
    met = [f for f in store.followups() if f.origin == "met-in-person"]
    assert any(store.contact(f.contact_id).met_on == today - dt.timedelta(days=1) for f in met)
    assert store.notes() and store.interaction_count() > 0
    assert {c.relationship for c in people} == {r.value for r in Relationship}


def test_requested_sizes_are_honoured(cli, tmp_path: Path) -> None:
    path = save_demo(cli, tmp_path / "big.json", "--contacts", "1500", "--interactions", "12000")
    store = Store(path)
    assert len(store.contacts()) == 1500
    assert store.interaction_count() == 12000 == len(store.interactions())
    assert store.contact(store.interactions()[0].contact_id)  # interactions point at contacts

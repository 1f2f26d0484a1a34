"""Matching ignores what nobody can see (issue #13, item 3): zero-width characters, a BOM,
and compatibility forms (NFKC: full-width letters, ligatures)."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Result

from cockpit.actions.drafts import save_copy
from cockpit.model import fold, fold_many, tidy_name
from cockpit.store import Store


@pytest.mark.parametrize(("seen", "typed"), [
    ("Ana\u200b Lopez", "Ana Lopez"), ("\ufeffCarl", "carl"), ("Jo\u200dhn", "john"),
    ("Li\u2060 Wu", "li wu"), ("Ｆｕｌｌ Ｗｉｄｔｈ", "full width"), ("ﬁona", "Fiona"),
    ("Núria Ibáñez", "nuria ibanez"), ("İlker", "ilker"), ("Straße", "STRASSE"),
])
def test_fold_ignores_invisible_characters_and_compatibility_forms(seen: str,
                                                                   typed: str) -> None:
    assert fold(seen) == fold(typed)
    assert fold_many([seen, typed]) == [fold(typed), fold(typed)]


def test_a_bom_is_no_part_of_a_name() -> None:
    assert tidy_name("\ufeffCarl Jung") == "Carl Jung"


def test_a_zero_width_space_does_not_hide_a_contact(cli: Callable[..., Result],
                                                    db: Path) -> None:
    assert cli("add", "Ana\u200b Lopez", db=db)[0] == 0
    assert cli("add", "\ufeffCarl", db=db)[0] == 0
    code, _, err = cli("note", "Ana Lopez", "met at the fair", db=db)
    assert code == 0, err
    code, _, err = cli("note", "carl", "hello", db=db)
    assert code == 0, err
    store = Store(db)
    assert {c.name: len(store.notes(c.id)) for c in store.contacts()} == {
        "Ana\u200b Lopez": 1, "Carl": 1}


def test_a_vcard_with_a_zero_width_space_merges_with_the_contact(
        cli: Callable[..., Result], db: Path, tmp_path: Path) -> None:
    assert cli("add", "Ana Lopez", "--company", "Acme", db=db)[0] == 0
    vcf = tmp_path / "ana.vcf"
    vcf.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\u200b Lopez\r\nORG:Acme\r\n"
                   "TITLE:CTO\r\nEND:VCARD\r\n", encoding="utf-8")
    code, _, err = cli("import", str(vcf), db=db)
    assert code == 0, err
    assert [c.name for c in Store(db).contacts()] == ["Ana Lopez"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_the_copied_draft_is_private_in_a_private_folder(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    target = folder / "draft.txt"
    target.write_text("old")
    target.chmod(0o644)
    save_copy(target, "Dear Ana,\n")
    assert target.read_text(encoding="utf-8") == "Dear Ana,\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert [p.name for p in folder.iterdir()] == ["draft.txt"]  # no temp file left

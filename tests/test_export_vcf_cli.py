"""`cockpit export-vcf`: the contacts as a vCard file a phone can read, private memos kept
out unless asked, written 0600, and a round trip that changes nothing."""

from __future__ import annotations

import stat
from pathlib import Path

import vobject

from cockpit.store import Store

TODAY = "2026-11-21"


def ok(result) -> str:
    code, out, err = result
    assert code == 0, err
    return out


def test_export_vcf_writes_every_contact_without_memos(cli, db: Path, tmp_path: Path) -> None:
    ok(cli("add", "Ana Ruiz", "--company", "Globex", "--email", "ana@example.com",
           "--birthday", "02-29", "--tag", "python", db=db, today=TODAY))
    ok(cli("add", "Bea Soto", "--phone", "+34 600 111 222", db=db, today=TODAY))
    ok(cli("note", "Ana", "observability at PyCon ES", "--kind", "talk", db=db, today=TODAY))
    ok(cli("note", "Ana", "owes me the pricing sheet", db=db, today=TODAY))
    out = tmp_path / "out.vcf"
    assert "wrote 2 contact(s) as vCard 4.0" in ok(cli("export-vcf", str(out), db=db, today=TODAY))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = out.read_text(encoding="utf-8").replace("\r\n ", "").replace("\n ", "")  # unfold
    cards = list(vobject.readComponents(text))
    assert sorted(c.fn.value for c in cards) == ["Ana Ruiz", "Bea Soto"]
    assert "observability at PyCon ES" in text and "pricing sheet" not in text
    assert "BDAY:--0229" in text
    with_memos = tmp_path / "all.vcf"
    ok(cli("export-vcf", str(with_memos), "--with-memos", "--version", "3.0", "--tag", "python",
           db=db, today=TODAY))
    text3 = with_memos.read_text(encoding="utf-8").replace("\r\n ", "").replace("\n ", "")
    assert "pricing sheet" in text3 and "Bea Soto" not in text3 and "VERSION:3.0" in text3

    # Back into the same database: nothing changes; into an empty one: the same people.
    before = db.read_bytes()
    ok(cli("import", str(out), db=db, today=TODAY))
    assert {c.name for c in Store(db).contacts()} == {"Ana Ruiz", "Bea Soto"}
    assert len(Store(db).contacts()) == 2 and db.read_bytes().count(b'"name"') == before.count(
        b'"name"')
    other = tmp_path / "other" / "cockpit.json"
    other.parent.mkdir()
    ok(cli("import", str(out), db=other, today=TODAY))
    ana = Store(other).resolve("Ana Ruiz")
    assert (ana.company, ana.emails, ana.birthday.iso() if ana.birthday else None, ana.tags) == (
        "Globex", ["ana@example.com"], "--02-29", ["python"])


def test_export_vcf_refuses_a_bad_tag_in_one_line(cli, db: Path, tmp_path: Path) -> None:
    ok(cli("add", "Ana Ruiz", db=db, today=TODAY))
    code, _out, err = cli("export-vcf", str(tmp_path / "x.vcf"), "--tag", "nobody", db=db,
                          today=TODAY)
    assert code == 1 and err.count("\n") == 1 and "no contact is tagged" in err
    assert not (tmp_path / "x.vcf").exists()


def test_lang_goes_out_and_comes_back(cli, db: Path, tmp_path: Path) -> None:
    """vCard LANG: the language to write to them in, kept by export and import; a tag
    Cockpit cannot read is reported, not stored."""
    ok(cli("add", "Lucía Prieto", "--lang", "es", db=db, today=TODAY))
    out = tmp_path / "out.vcf"
    ok(cli("export-vcf", str(out), db=db, today=TODAY))
    assert "LANG:es" in out.read_text(encoding="utf-8")
    other = tmp_path / "other" / "cockpit.json"
    other.parent.mkdir()
    ok(cli("import", str(out), db=other, today=TODAY))
    assert Store(other).resolve("Lucía").lang == "es"
    odd = tmp_path / "odd.vcf"
    odd.write_text("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Zed Q\r\nLANG:klingon-xx\r\nEND:VCARD\r\n")
    report = ok(cli("import", str(odd), db=other, today=TODAY))
    assert "klingon" in report and Store(other).resolve("Zed").lang == ""

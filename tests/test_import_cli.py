"""`cockpit import FILE [--format vcard|linkedin] [--dry-run]`: exit codes, format
detection, the printed report, and nothing written on a dry run or a mistake."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import one_error_line, snapshot

FIXTURES = Path(__file__).parent / "fixtures" / "import"
TODAY = "2026-11-21"
Run = Callable[..., tuple[int, str, str]]
LINKEDIN = ("\ufeffNotes:\r\n\"Some addresses are missing.\"\r\n\r\n"
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
            "Ana María,Ruiz,https://www.linkedin.com/in/ana-ruiz,,Acme Corp,Staff Engineer,15 Mar 2024\r\n"
            "Bea,Soto,https://www.linkedin.com/in/bea-soto,bea@globex.example,Globex,CEO,2 Jan 2020\r\n"
            ",,https://www.linkedin.com/in/nobody,,,,1 Jan 2020\r\n")


@pytest.fixture
def connections(tmp_path: Path) -> Path:
    path = tmp_path / "Connections.csv"
    path.write_bytes(LINKEDIN.encode("utf-8"))
    return path


def test_vcard_import_detected_and_reported(cli: Run, db: Path) -> None:
    code, out, err = cli("import", FIXTURES / "apple-3.0.vcf", db=db, today=TODAY)
    assert (code, err) == (0, "")
    assert "apple-3.0.vcf (vcard): 3 added, 0 merged, 0 unchanged, 0 skipped" in out
    code, out, _ = cli("contacts", "--json", db=db)
    people = {p["name"]: p for p in json.loads(out)}
    assert sorted(people) == ["Ana María Ruiz", "Dr. Íñigo Núñez", "Giulia Bianchi"]
    assert people["Ana María Ruiz"]["birthday"] == "--02-28"
    assert people["Ana María Ruiz"]["notes"] == 2


def test_linkedin_import_detected_then_merged_with_the_vcard(cli: Run, db: Path,
                                                              connections: Path) -> None:
    cli("import", FIXTURES / "apple-3.0.vcf", db=db, today=TODAY)
    code, out, err = cli("import", connections, db=db, today=TODAY)
    assert (code, err) == (0, "")
    assert "(linkedin): 1 added, 1 merged, 0 unchanged, 1 skipped" in out
    assert "2 interaction(s)" in out
    assert "skipped  line 7: empty name" in out
    code, out, _ = cli("import", connections, db=db, today=TODAY)
    assert "0 added, 0 merged, 2 unchanged, 1 skipped" in out


def test_report_lists_skipped_and_doubtful_rows_with_lines(cli: Run, db: Path) -> None:
    code, out, _ = cli("import", FIXTURES / "broken.vcf", db=db, today=TODAY)
    assert code == 0
    assert "4 added, 0 merged, 0 unchanged, 3 skipped" in out
    for expected in ("skipped  line 5:", "skipped  line 9:", "skipped  line 23:",
                     "doubtful line 12 (Good Two): line 15: unreadable line",
                     "doubtful line 18 (Bad Bday): BDAY '1990-02-30'"):
        assert expected in out


def test_dry_run_prints_the_report_and_writes_nothing(cli: Run, db: Path, connections: Path) -> None:
    cli("import", FIXTURES / "apple-3.0.vcf", db=db, today=TODAY)
    before = snapshot(db)
    code, out, err = cli("import", connections, "--dry-run", db=db, today=TODAY)
    assert (code, err) == (0, "")
    assert out.startswith("dry run, nothing written: Connections.csv (linkedin): 1 added, 1 merged")
    assert snapshot(db) == before
    fresh = db.parent / "fresh.json"
    assert cli("import", connections, "--dry-run", db=fresh, today=TODAY)[0] == 0
    assert not fresh.exists()


def test_format_option_overrides_detection(cli: Run, db: Path, connections: Path) -> None:
    code, _, err = cli("import", connections, "--format", "vcard", db=db, today=TODAY)
    assert code == 1 and "no vCards found" in one_error_line(err)
    code, _, err = cli("import", FIXTURES / "apple-3.0.vcf", "--format", "linkedin", db=db)
    assert code == 1 and "no LinkedIn header" in one_error_line(err)
    assert not db.exists()
    code, _, err = cli("import", connections, "--format", "csv", db=db)
    assert code == 2 and "csv" in one_error_line(err)


@pytest.mark.parametrize(("name", "content", "message"), [
    ("missing.vcf", None, "no such file"),
    ("folder", "DIR", "is a folder"),
    ("empty.vcf", b"", "is empty"),
    ("notes.txt", b"just some notes\nnothing else\n", "cannot tell the format"),
    ("people.csv", b"Name,Email\nAna,ana@x.example\n", "cannot tell the format"),
])
def test_unusable_files_are_one_line_and_nonzero(cli: Run, db: Path, tmp_path: Path, name: str,
                                                 content: bytes | str | None, message: str) -> None:
    path = tmp_path / name
    if content == "DIR":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    code, out, err = cli("import", path, db=db, today=TODAY)
    assert code == 1 and out == ""
    line = one_error_line(err)
    assert line.startswith("cockpit: error:") and message in line
    assert not db.exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(cli: Run, db: Path, tmp_path: Path) -> None:
    path = tmp_path / "locked.vcf"
    path.write_bytes((FIXTURES / "apple-3.0.vcf").read_bytes())
    path.chmod(0)
    code, _, err = cli("import", path, db=db)
    assert code == 1 and "permission denied" in one_error_line(err)


def test_real_process_exit_codes(run_cli: Run, db: Path, tmp_path: Path) -> None:
    code, out, err = run_cli("import", FIXTURES / "nextcloud-4.0.vcf", db=db, today=TODAY)
    assert (code, err) == (0, "")  # stderr is not a terminal: no progress bar
    assert "2 added, 0 merged, 0 unchanged, 1 skipped" in out
    assert "skipped  line 18: a group card, not a person" in out
    code, out, err = run_cli("import", tmp_path / "nope.vcf", db=db)
    assert code == 1 and "no such file" in one_error_line(err)


@pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal")
def test_progress_bar_on_a_terminal(isolated_env: dict[str, str], db: Path, tmp_path: Path) -> None:
    import pty
    import select
    import subprocess
    import sys

    path = tmp_path / "many.vcf"
    path.write_bytes(b"".join(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:P%d\r\nEND:VCARD\r\n" % i
                              for i in range(3000)))
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "cockpit.cli", "--db", str(db), "import",
                             str(path)], stdout=subprocess.PIPE, stderr=slave, env=isolated_env)
    os.close(slave)
    shown = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
        elif proc.poll() is not None:
            break
    out = proc.stdout.read().decode() if proc.stdout else ""
    assert proc.wait(timeout=60) == 0
    os.close(master)
    assert "3000 added" in out  # the summary stays on stdout
    assert b"importing" in shown and b"\xe2\x94\x81" in shown  # a rich bar, on stderr


def test_a_google_contacts_csv_is_detected_and_imported(cli: Run, db: Path, tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text("Name,Given Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value\n"
                    "Ana Ruiz,Ana,Ruiz,* myContacts ::: Friends,* Work,ana@acme.example\n",
                    encoding="utf-8")
    code, out, err = cli("import", str(path), db=db)
    assert code == 0, err
    assert "contacts.csv (google): 1 added, 0 merged, 0 unchanged, 0 skipped" in out
    assert "system groups not kept as tags: * myContacts" in out
    code, out, _ = cli("contacts", "--json", db=db)
    [ana] = json.loads(out)
    assert (ana["name"], ana["emails"], ana["tags"]) == ("Ana Ruiz", ["ana@acme.example"], ["Friends"])

#!/usr/bin/env python3
"""vCard and LinkedIn Connections.csv inputs for the benchmarks, made from a Cockpit database.

The benchmark compares Cockpit with khard *over the same people*, so the vCards are written
from the demo network itself (`cockpit demo --save`), in the layout real exporters use and
`../shared/data/make_network.py` mimics: vCard 3.0, lines folded at 75 octets, `\\,` `\\;`
`\\n` escaping, BDAY as `1988-02-29` or `--0229` (year unknown), the LinkedIn URL as URL, the
newest note as NOTE. The CSV has LinkedIn's `Notes:` preamble and its column names.

    python bench/make_inputs.py DB --vcard net.vcf --linkedin Connections.csv --vdir cards/ \
                                   --google google.csv

`--vdir` writes one `.vcf` per card (what khard and vdirsyncer expect).
Needs only the cockpit package (no ../shared), so the bench runs on a fresh clone.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cockpit.model import Contact
from cockpit.store import Store

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def vcard_escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace("\r\n", "\n").replace("\n", "\\n")
            .replace(",", "\\,").replace(";", "\\;"))


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 6350), never splitting a UTF-8 character."""
    if len(line.encode()) <= 75:
        return line
    out, cur, size = [], [], 0
    for ch in line:
        n = len(ch.encode())
        if size + n > (75 if not out else 74):
            out.append("".join(cur))
            cur, size = [], 0
        cur.append(ch)
        size += n
    out.append("".join(cur))
    return "\r\n ".join(out)


def split_name(name: str) -> tuple[str, str]:
    first, _, last = name.partition(" ")
    return first, last


def vcard(c: Contact, note: str = "") -> str:
    first, last = split_name(c.name)
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"UID:{c.vcard_uid or c.id}",
             f"N:{vcard_escape(last)};{vcard_escape(first)};;;", f"FN:{vcard_escape(c.name)}"]
    if c.company:
        lines.append(f"ORG:{vcard_escape(c.company)}")
    if c.role:
        lines.append(f"TITLE:{vcard_escape(c.role)}")
    lines += [f"EMAIL;TYPE=INTERNET:{e}" for e in c.emails]
    lines += [f"TEL;TYPE=CELL:{p}" for p in c.phones]
    if c.birthday:
        b = c.birthday
        lines.append(f"BDAY:{b.year:04d}-{b.month:02d}-{b.day:02d}" if b.year is not None
                     else f"BDAY:--{b.month:02d}{b.day:02d}")
    if c.linkedin:
        lines.append(f"URL:{c.linkedin}")
    if c.tags:
        lines.append("CATEGORIES:" + ",".join(vcard_escape(t) for t in c.tags))
    if note:
        lines.append(f"NOTE:{vcard_escape(note)}")
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)


def linkedin_rows(contacts: list[Contact]) -> list[list[str]]:
    rows = []
    for c in contacts:
        first, last = split_name(c.name)
        connected = c.created.date() if c.created else None
        rows.append([first, last, c.linkedin, c.emails[0] if c.emails else "", c.company, c.role,
                     f"{connected.day:02d} {MONTHS[connected.month - 1]} {connected.year}"
                     if connected else ""])
    return rows


#: Google Contacts' CSV (the export of until 2022, as bench/import_bench.py writes it).
GOOGLE_HEADER = ["Name", "Given Name", "Family Name", "Birthday", "Notes", "Group Membership",
                 "E-mail 1 - Type", "E-mail 1 - Value", "Phone 1 - Type", "Phone 1 - Value",
                 "Organization 1 - Name", "Organization 1 - Title", "Website 1 - Type",
                 "Website 1 - Value"]


def google_rows(contacts: list[Contact], newest: dict[str, str]) -> list[list[str]]:
    """Google's layout: ` ::: ` joined labels, `* myContacts` on everyone, `--MM-DD`."""
    rows = []
    for c in contacts:
        first, last = split_name(c.name)
        bday = ""
        if c.birthday:
            b = c.birthday
            bday = (f"{b.year:04d}-{b.month:02d}-{b.day:02d}" if b.year is not None
                    else f"--{b.month:02d}-{b.day:02d}")
        labels = " ::: ".join(["* myContacts", *c.tags])
        email = c.emails[0] if c.emails else ""
        phone = c.phones[0] if c.phones else ""
        rows.append([c.name, first, last, bday, newest.get(c.id, ""), labels,
                     "* Work" if email else "", email, "Mobile" if phone else "", phone,
                     c.company, c.role, "Profile" if c.linkedin else "", c.linkedin])
    return rows


def write_inputs(db: Path, vcard_path: Path | None = None, linkedin_path: Path | None = None,
                 vdir: Path | None = None, google_path: Path | None = None) -> int:
    """Write the requested inputs; returns the number of people."""
    store = Store(db)
    people = sorted(store.contacts(), key=lambda c: c.id)
    newest: dict[str, str] = {}
    for n in store.notes():  # newest first
        newest.setdefault(n.contact_id, n.text)
    cards = [vcard(c, newest.get(c.id, "")) for c in people]
    if vcard_path is not None:
        vcard_path.write_bytes("".join(cards).encode())
    if vdir is not None:
        vdir.mkdir(parents=True, exist_ok=True)
        for c, card in zip(people, cards, strict=True):
            (vdir / f"{c.id}.vcf").write_bytes(card.encode())
    if linkedin_path is not None:
        with open(linkedin_path, "w", newline="", encoding="utf-8") as fh:
            fh.write('Notes:\n"When exporting your connection data, you may notice that some of '
                     'the email addresses are missing."\n\n')
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
                        "Connected On"])
            w.writerows(linkedin_rows(people))
    if google_path is not None:
        with open(google_path, "w", newline="", encoding="utf-8-sig") as fh:
            w = csv.writer(fh, lineterminator="\r\n")
            w.writerow(GOOGLE_HEADER)
            w.writerows(google_rows(people, newest))
    return len(people)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("db", type=Path, help="a Cockpit database (e.g. from cockpit demo --save)")
    ap.add_argument("--vcard", type=Path, help="write all cards to this .vcf")
    ap.add_argument("--linkedin", type=Path, help="write a LinkedIn Connections.csv here")
    ap.add_argument("--vdir", type=Path, help="write one .vcf per card into this folder")
    ap.add_argument("--google", type=Path, help="write a Google Contacts CSV here")
    args = ap.parse_args(argv)
    n = write_inputs(args.db, args.vcard, args.linkedin, args.vdir, args.google)
    print(f"{n} people", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""What every importer returns, and the small helpers they share.

Importers are pure parsers: bytes in, model objects out (a `Candidate` per person, plus
the rows they had to skip, each with its line number and reason). Matching against the
database and writing happen in `merge.py`. Nothing here imports textual.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import Contact, Interaction, Note

#: progress(done, total): called now and then while a file is parsed (from any thread).
Progress = Callable[[int, int], None]

#: Ties and defaults given to people an import creates (a tie is the user's judgement:
#: imports start everyone at the weakest one and the user promotes the people who matter).
IMPORT_TIE = "occasional"

FORMATS = ("vcard", "linkedin")


class IdSource:
    """Random (version 4) UUID strings, many at a time: `uuid.uuid4()` reads the OS random
    source once per id, which is a tenth of a second per 10,000 contacts."""

    def __init__(self, batch: int = 1024) -> None:
        self._batch = batch
        self._ids: list[str] = []

    def __call__(self) -> str:
        if not self._ids:
            raw = bytearray(os.urandom(16 * self._batch))
            raw[6::16] = bytes((b & 0x0F) | 0x40 for b in raw[6::16])
            raw[8::16] = bytes((b & 0x3F) | 0x80 for b in raw[8::16])
            h = raw.hex()
            self._ids = [f"{h[k:k + 8]}-{h[k + 8:k + 12]}-{h[k + 12:k + 16]}-{h[k + 16:k + 20]}-"
                         f"{h[k + 20:k + 32]}" for k in range(0, len(h), 32)]
        return self._ids.pop()


class ImportFailed(Exception):
    """The file as a whole cannot be imported; str() is one line for the user."""


@dataclass(slots=True)
class RowIssue:
    """A row (card, CSV line) that was skipped or merged with doubts."""

    line: int
    reason: str
    name: str = ""

    def __str__(self) -> str:
        who = f" ({self.name})" if self.name else ""
        return f"line {self.line}{who}: {self.reason}"


@dataclass(slots=True)
class Candidate:
    """One person as a file describes them, ready to be added or merged.

    `notes` and `interactions` point at `contact.id`; the merge re-points them when the
    person turns out to exist already.
    """

    line: int
    contact: Contact
    notes: list[Note] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
    #: Problems worth a look that did not stop the row (e.g. a BDAY that is not a date).
    problems: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ParseResult:
    format: str
    candidates: list[Candidate] = field(default_factory=list)
    skipped: list[RowIssue] = field(default_factory=list)
    #: Rows imported, but with something the user should check (line, reason).
    doubtful: list[RowIssue] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.candidates) + len(self.skipped)


# ---------------------------------------------------------------------------- helpers

_SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """Collapse runs of whitespace (names, companies): "  Ana \t García " -> "Ana García"."""
    return " ".join(text.split())


_LINKEDIN_HOST = re.compile(r"^(?:[a-z0-9-]+\.)*linkedin\.com$")
_HOST = re.compile(r"\s*(?:[A-Za-z][A-Za-z0-9+.-]*://)?(?:[^/?#@]*@)?([^/?#:\s]*)")


def url_host(url: str) -> str:
    """The host of a URL, lower case ("" when there is none); "www.x.com/a" works too."""
    m = _HOST.match(url)
    return m.group(1).lower() if m else ""


def is_linkedin(url: str) -> bool:
    return bool(_LINKEDIN_HOST.match(url_host(url)))


_URL = re.compile(r"\s*(?:[A-Za-z][A-Za-z0-9+.-]*://)?(?:[^/?#@\s]*@)?([^/?#:\s]*)(?::\d*)?([^?#\s]*)")


def linkedin_key(url: str) -> str:
    """A LinkedIn profile URL reduced to what identifies it ("" when it names no profile).

    Case, scheme, `www.` or a country subdomain (`es.linkedin.com`), query, fragment,
    percent-encoding and a trailing slash do not matter:
    `HTTP://www.LinkedIn.com/in/Ana-Garcia/` and `linkedin.com/in/ana-garcia` are one key.
    """
    m = _URL.match(url)
    if not m:
        return ""
    host, path = m.group(1).lower(), m.group(2).rstrip("/")
    if not host or not path:
        return ""  # "https://www.linkedin.com/" is nobody in particular
    if _LINKEDIN_HOST.match(host):
        host = "linkedin.com"
    if "%" in path:
        path = urllib.parse.unquote(path).rstrip("/")
    return f"{host}{path}".casefold()


def email_key(email: str) -> str:
    email = email.strip()
    return email.casefold() if "@" in email else ""


def phone_key(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return ("+" if phone.strip().startswith("+") else "") + digits


_NETWORKS = (
    ("linkedin", ("linkedin.com",)),
    ("twitter", ("twitter.com", "x.com")),
    ("facebook", ("facebook.com", "fb.com")),
    ("github", ("github.com",)),
    ("instagram", ("instagram.com",)),
)


def handle_for_url(url: str) -> str:
    """Which network handle a URL is ("linkedin", "twitter", …), or "website"."""
    host = url_host(url)
    for network, domains in _NETWORKS:
        if any(host == d or host.endswith("." + d) for d in domains):
            return network
    return "website"


def note_key(text: str) -> str:
    """Two notes are the same note when they differ only in case and spacing."""
    return _SPACES.sub(" ", text).strip().casefold()

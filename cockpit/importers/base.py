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

FORMATS = ("vcard", "linkedin", "google")


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


#: Hosts of the networks a URL can be a handle of (subdomains included: es.linkedin.com).
_NETWORK_DOMAINS = {"linkedin.com": "linkedin", "twitter.com": "twitter", "x.com": "twitter",
                    "facebook.com": "facebook", "fb.com": "facebook", "github.com": "github",
                    "instagram.com": "instagram"}
_NETWORK_URL = re.compile(
    r"\s*(?:[A-Za-z][A-Za-z0-9+.-]*://)?(?:[A-Za-z0-9-]+\.)*("
    + "|".join(re.escape(d) for d in _NETWORK_DOMAINS) + r")(?=[:/?#\s]|$)", re.I)
#: TYPE values that name a network on a URL or X-SOCIALPROFILE (Apple, Cockpit's own export).
NETWORK_TYPES = {"linkedin": "linkedin", "twitter": "twitter", "x": "twitter",
                 "facebook": "facebook", "github": "github", "instagram": "instagram",
                 "mastodon": "mastodon", "bluesky": "bluesky", "youtube": "youtube",
                 "tiktok": "tiktok", "xing": "xing", "threads": "threads"}


def handle_for_url(url: str) -> str:
    """Which network handle a URL is ("linkedin", "twitter", …), or "website"."""
    m = _NETWORK_URL.match(url)  # one regex: this runs for every URL of 30,000 cards
    return _NETWORK_DOMAINS[m.group(1).lower()] if m else "website"


def place_url(url: str, hint: str, handles: dict[str, str], websites: list[str],
              user: str = "") -> None:
    """File one URL: the first profile of each network becomes its handle (the profile's
    URL, or the bare user name when there is no URL); a second, different profile of a
    network and every other page go to `websites`. Nothing is dropped.

    `hint` is the network the file names (X-SOCIALPROFILE's TYPE, a Google label); without
    one the URL's host decides.
    """
    network = NETWORK_TYPES.get(hint, "") or hint or handle_for_url(url)
    value = url or user
    if network != "website":
        old = handles.get(network)
        if old is None:
            handles[network] = value
            return
        if handle_key(network, old) == handle_key(network, value):
            return  # the same profile written twice (a URL and a user name)
    if url and website_key(url) not in {website_key(w) for w in websites}:
        websites.append(url)


def website_key(url: str) -> str:
    """Two web addresses are one when they differ only in scheme, `www.`, case or a final /."""
    text = url.strip().casefold()
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text)
    return text.removeprefix("www.").rstrip("/")


_PROFILE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:[^/]*\.)?(?:twitter|x|github|instagram|facebook|"
                      r"fb)\.com/(?:#!/)?@?([^/?#]+)/?$")


def handle_key(network: str, value: str) -> str:
    """A handle reduced to what identifies it: a LinkedIn profile key, or for the other
    networks the user name whether written bare (`@ana`), or as a profile URL."""
    if network == "linkedin":
        return linkedin_key(value)
    text = value.strip().casefold()
    m = _PROFILE.match(text)
    if m:
        return m.group(1)
    return text.removeprefix("@").rstrip("/")


_SYSTEM_GROUP = re.compile(r"[\s*_:-]+")
#: Labels phones and Google put on everyone or on favourites: not the user's own groups.
SYSTEM_GROUPS = frozenset({"mycontacts", "starred", "starredinandroid", "othercontacts"})


def is_system_group(label: str) -> bool:
    """"My Contacts", "* myContacts", "System Group: My Contacts", "Starred in Android"…"""
    key = _SYSTEM_GROUP.sub("", label.casefold()).removeprefix("systemgroup")
    return key in SYSTEM_GROUPS


def fold_label(label: str) -> str:
    """"Home Page", "home_page" -> "homepage": a label as a comparable key."""
    return re.sub(r"[^0-9a-z]", "", label.casefold())


def is_email(value: str) -> bool:
    return "@" in value


def has_digit(value: str) -> bool:
    return any(ch.isdigit() for ch in value)


class Tally:
    """Counts of what a file held that Cockpit does not keep, for one notice line."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def add(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    def notice(self, head: str) -> str | None:
        if not self.counts:
            return None
        items = sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return head + ": " + ", ".join(f"{name} ×{n}" if n > 1 else name for name, n in items)


def note_key(text: str) -> str:
    """Two notes are the same note when they differ only in case and spacing."""
    return _SPACES.sub(" ", text).strip().casefold()

"""Talking to the CalDAV server, through the `caldav` library.

The library does the protocol: the login (Basic or Digest, whichever the server asks
for), finding the account's principal and calendar home, listing calendars with their
display names, MKCALENDAR, and each request. This module adds what Cockpit needs on
top: it only ever looks at the one calendar Cockpit owns, sends each event with the
precondition the push chose (``If-None-Match: *`` to create, ``If-Match`` with the
ETag the ledger holds to update or delete), and turns every failure of the network or
the server into one `PushError` line: server down, DNS, TLS, 401/403, 404, 5xx,
timeout, connection dropped.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urljoin, urlsplit

from ..settings import CaldavSettings
from .errors import LoginRefused, PushError

ICAL_HEADERS = {"Content-Type": "text/calendar; charset=utf-8"}
_RESOURCETYPE, _DISPLAYNAME = "{DAV:}resourcetype", "{DAV:}displayname"
_CALENDAR_TYPE = "{urn:ietf:params:xml:ns:caldav}calendar"


@dataclass(frozen=True, slots=True)
class Answer:
    """A server's answer to one request on a calendar object."""

    status: int
    etag: str | None  # a strong ETag (a weak one can never match an If-Match)
    body: bytes = b""


class Server:
    """One connection to the account: find the calendar, then PUT, GET and DELETE in it."""

    def __init__(self, config: CaldavSettings, password: str | None,
                 auth: str | None = None) -> None:
        self.config = config
        self._password = password  # for `clone`; in memory only, like the client's own copy
        self.host = urlsplit(config.url).hostname or config.url
        self.calendar_url: str | None = None
        with self.translated():
            from caldav.davclient import DAVClient

            # Throttled (429, or 503 with Retry-After): the library waits as told, up to
            # a minute, and tries again; a big first push to iCloud or Fastmail may be.
            self.client = DAVClient(
                url=config.url, username=config.username, password=password,
                timeout=config.timeout, auth_type=auth if config.username else None,
                rate_limit_handle=True, rate_limit_max_sleep=60)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.client.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def clone(self) -> Server:
        """Another connection to the same calendar (for a second thread)."""
        other = Server(self.config, self._password, self.auth)
        other.calendar_url = self.calendar_url
        return other

    @property
    def auth(self) -> str | None:
        """The login scheme in use ("basic", "digest"), to skip the 401 round trip next time."""
        name = type(getattr(self.client, "auth", None)).__name__.lower()
        return next((scheme for scheme in ("basic", "digest") if scheme in name), None)

    # ------------------------------------------------------------------ the calendar

    def find_calendar(self, known: str | None, *, create: bool) -> tuple[str | None, bool]:
        """The URL of the calendar named `config.calendar`, and whether it was just made.

        Tried in order: the URL the ledger remembers; the configured URL, when it is
        itself a calendar; the principal's calendars, by display name. Missing: made
        (MKCALENDAR, events only) when `create`, else (None, False). Only display names
        and resource types are read: no other calendar's events are ever looked at.
        """
        name = self.config.calendar
        with self.translated():
            if known and self._calendar_named(known) == name:
                return self._found(known), False
            here = self._calendar_named(self.config.url)
            if here is not None:
                if here == name:
                    return self._found(self.config.url), False
                raise PushError(f"{self.config.url} is the calendar {here!r}, not {name!r}: "
                                "give the account's URL instead, and Cockpit makes a "
                                "calendar of its own there")
            principal = self.client.principal()
            mine = [c for c in principal.calendars() if c.get_display_name() == name]
            if len(mine) > 1:
                raise PushError(f"{len(mine)} calendars are called {name!r} at {self.host}: "
                                "rename the others, or set calendar.caldav.calendar")
            if mine:
                return self._found(str(mine[0].url)), False
            if not create:
                return None, False
            made = principal.make_calendar(name=name, supported_calendar_component_set=["VEVENT"])
            return self._found(str(made.url)), True

    def _found(self, url: str) -> str:
        self.calendar_url = url if url.endswith("/") else url + "/"
        return self.calendar_url

    def _calendar_named(self, url: str) -> str | None:
        """The display name of the calendar at `url`; None when `url` is no calendar."""
        from caldav.collection import Calendar
        from caldav.elements import dav
        from caldav.lib import error

        target = Calendar(client=self.client, url=url)
        try:
            props = cast(dict[str, Any],
                         target.get_properties([dav.ResourceType(), dav.DisplayName()]))
        except error.NotFoundError:
            return None
        kinds = props.get(_RESOURCETYPE) or []
        if _CALENDAR_TYPE not in kinds:
            return None
        shown = props.get(_DISPLAYNAME)
        return shown if isinstance(shown, str) else ""

    # ------------------------------------------------------------------ objects

    def list_objects(self) -> dict[str, str | None]:
        """href (the object's name in the calendar) -> ETag, of every object in it."""
        from urllib.parse import unquote

        with self.translated():
            response = self.client.propfind(self.calendar_url, props=["{DAV:}getetag"], depth=1)
        if response.status not in (200, 207):
            raise PushError(f"{self.host} would not list the calendar ({response.status})")
        out: dict[str, str | None] = {}
        for result in response.results or []:
            name = unquote(str(result.href).rstrip("/").rsplit("/", 1)[-1])
            if str(result.href).rstrip("/") == urlsplit(self.calendar_url or "").path.rstrip("/"):
                continue  # the calendar itself
            etag = (getattr(result, "properties", None) or {}).get("{DAV:}getetag")
            out[name] = etag if isinstance(etag, str) and not etag.startswith("W/") else None
        return out

    def fetch_many(self, hrefs: list[str]) -> dict[str, Answer]:
        """href -> the server's copy (calendar-multiget REPORT): one request for many."""
        from urllib.parse import unquote

        from caldav.collection import Calendar
        from caldav.lib.url import URL

        calendar = Calendar(client=self.client, url=self.calendar_url)
        with self.translated():
            objects: Any = calendar.multiget([URL.objectify(self.object_url(h)) for h in hrefs])
        out = {}
        for obj in objects if isinstance(objects, list) else []:
            name = unquote(str(obj.url).rstrip("/").rsplit("/", 1)[-1])
            data = obj.data
            etag = obj.etag if isinstance(obj.etag, str) and not obj.etag.startswith("W/") else None
            out[name] = Answer(200, etag, data.encode("utf-8") if isinstance(data, str) else b"")
        return out

    def object_url(self, href: str) -> str:
        assert self.calendar_url is not None
        return urljoin(self.calendar_url, href)

    def put(self, href: str, body: bytes, *, etag: str | None = None) -> Answer:
        """PUT that creates only (no `etag`: If-None-Match: *) or replaces only `etag`."""
        headers = dict(ICAL_HEADERS)
        if etag is None:
            headers["If-None-Match"] = "*"
        else:
            headers["If-Match"] = etag
        return self._send("PUT", href, body, headers)

    def get(self, href: str) -> Answer:
        return self._send("GET", href, b"", {})

    def delete(self, href: str, etag: str) -> Answer:
        return self._send("DELETE", href, b"", {"If-Match": etag})

    def _send(self, method: str, href: str, body: bytes, headers: dict[str, str]) -> Answer:
        with self.translated():
            response = self.client.request(self.object_url(href), method,
                                           body.decode("utf-8"), headers)
        status = int(response.status)
        if status >= 500:
            raise PushError(f"{self.host} failed with {status} {_reason(response)} "
                            f"on {method} of an event")
        etag = _header(response, "ETag")
        if etag is not None and (etag.startswith("W/") or not etag.isprintable()):
            etag = None
        raw = response.raw if method == "GET" and status == 200 else ""
        return Answer(status, etag, raw.encode("utf-8") if isinstance(raw, str) else raw)

    # ------------------------------------------------------------------ errors

    @contextlib.contextmanager
    def translated(self) -> Iterator[None]:
        """Every failure of the library or the network, as one PushError line."""
        try:
            yield
        except PushError:
            raise
        except Exception as exc:  # the library's and the HTTP stack's errors, whatever they are
            message = self._explain(exc)
            if "(401 Unauthorized)" in message:
                raise LoginRefused(message) from None
            raise PushError(message) from None

    def _explain(self, exc: Exception) -> str:
        host, config = self.host, self.config
        try:
            from caldav.lib import error
            from caldav.lib.http_sync import requests as http
        except ImportError:
            return f"the caldav library is not installed ({exc})"
        status = getattr(exc, "status", None) or _status_in(str(exc))
        if isinstance(exc, error.AuthorizationError) or status in (401, 403):
            if status == 403 or "403" in str(exc) or "Forbidden" in str(exc):
                return (f"{host} refused access (403 Forbidden): the account "
                        f"{config.username!r} may not use {config.url}")
            who = f"for {config.username!r}" if config.username else "(no username is set)"
            return (f"{host} refused the login {who} (401 Unauthorized): check the username "
                    "and the password")
        if isinstance(exc, error.RateLimitError):
            return f"{host} asks to slow down ({exc.status or 429}); push again later"
        if isinstance(exc, error.NotFoundError) or status == 404:
            return f"nothing at {config.url} (404 Not Found): check calendar.caldav.url"
        text = f"{type(exc).__name__} {exc!r}"
        exceptions = http.exceptions
        if isinstance(exc, exceptions.SSLError) or "SSL" in text or "certificate" in text:
            return (f"TLS error with {host}: {_first_line(exc)} (a wrong certificate, or "
                    "https:// to a server that speaks http://?)")
        if isinstance(exc, exceptions.Timeout) or "timed out" in text.lower():
            return f"{host} did not answer within {config.timeout} s"
        if "NameResolution" in text or "resolve" in text or "Name or service not known" in text:
            return f"cannot find the server {host} (DNS): check calendar.caldav.url"
        if "refused" in text.lower():
            return f"cannot connect to {host}: connection refused (is the server running?)"
        if isinstance(exc, exceptions.ConnectionError | exceptions.ChunkedEncodingError
                      | ConnectionError) or any(
                word in text for word in ("RemoteDisconnected", "reset", "aborted", "Protocol",
                                          "closed")):
            return f"the connection to {host} dropped"
        if isinstance(exc, error.DAVError):
            return f"{host} gave an answer Cockpit cannot use: {_first_line(exc)}"
        if isinstance(exc, OSError):
            return f"network error with {host}: {exc.strerror or _first_line(exc)}"
        return f"unexpected answer from {host}: {type(exc).__name__}: {_first_line(exc)}"


def _header(response: Any, name: str) -> str | None:
    headers = getattr(response, "headers", None) or {}
    value = headers.get(name)
    return str(value) if value else None


def _reason(response: Any) -> str:
    return str(getattr(response, "reason", "") or "").strip() or "Server Error"


def _status_in(text: str) -> int | None:
    for code in (401, 403, 404):
        if f" {code} " in f" {text} " or f"{code} " in text[:4]:
            return code
    return None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    line = text[0] if text else type(exc).__name__
    return line if len(line) <= 200 else line[:199] + "…"

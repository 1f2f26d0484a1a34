"""A real CalDAV server for the push tests: Radicale (PyPI `radicale`, the test extra).

`Radicale.start(tmp)` runs ``python -m radicale`` on 127.0.0.1 on a free port, with its
own config file and a temporary storage folder, and waits until it answers; `stop()`
kills it (the same storage and port serve again after `start()`). With `users`, it
logs people in from a plain htpasswd file (the 401 case); without, anyone may log in
as any user (each test then uses a user, hence a calendar home, of its own).

`Proxy` sits between Cockpit and the server to make the network misbehave on cue:
drop the connection after the server has done the work but before its answer reaches
Cockpit, or stall without ever answering.

`Reader` is the independent client the tests check the server with: the `caldav`
library's own high-level reads (principal, calendars, calendar-query REPORT), not
Cockpit's code.
"""

from __future__ import annotations

import contextlib
import select
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import icalendar

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@dataclass
class Radicale:
    folder: Path
    port: int
    users: dict[str, str] | None = None
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    @classmethod
    def start_in(cls, folder: Path, users: dict[str, str] | None = None) -> Radicale:
        server = cls(folder, free_port(), users)
        server.start()
        return server

    def config_text(self) -> str:
        auth = "type = none\n"
        if self.users is not None:
            htpasswd = self.folder / "users"
            htpasswd.write_text("".join(f"{u}:{p}\n" for u, p in self.users.items()))
            auth = (f"type = htpasswd\nhtpasswd_filename = {htpasswd}\n"
                    "htpasswd_encryption = plain\n")
        # delay = 0: Radicale waits up to a second after a refused login by default
        return (f"[server]\nhosts = {HOST}:{self.port}\n"
                f"[auth]\n{auth}delay = 0\n"
                f"[storage]\nfilesystem_folder = {self.folder / 'storage'}\n"
                "[logging]\nlevel = warning\n")

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        config = self.folder / "config"
        config.write_text(self.config_text())
        log = (self.folder / "radicale.log").open("ab")
        self.proc = subprocess.Popen([sys.executable, "-m", "radicale", "--config", str(config)],
                                     stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"radicale exited: {(self.folder / 'radicale.log').read_text()}")
            with contextlib.suppress(OSError), socket.create_connection((HOST, self.port), 0.2):
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("radicale did not start within 20 s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None


class Proxy:
    """A TCP relay to `port` on 127.0.0.1 that can drop an answer or stall, on cue."""

    def __init__(self, port: int) -> None:
        self.upstream = port
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind((HOST, 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.drop_answers = 0  # answers to swallow (the request reaches the server)
        self.stall = False  # accept, never answer
        self.fail_writes: int | None = None  # answer every PUT/DELETE with this status
        self.dropped = 0
        self.methods: list[str] = []  # the method of each request relayed, in order
        self._lock = threading.Lock()
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def close(self) -> None:
        self._closed = True
        with contextlib.suppress(OSError):
            self.listener.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._relay, args=(client,), daemon=True).start()

    def _take_drop(self) -> bool:
        with self._lock:
            if self.drop_answers > 0:
                self.drop_answers -= 1
                self.dropped += 1
                return True
            return False

    def _relay(self, client: socket.socket) -> None:
        if self.stall:
            time.sleep(30)
            client.close()
            return
        try:
            upstream = socket.create_connection((HOST, self.upstream))
        except OSError:
            client.close()
            return
        socks = [client, upstream]
        try:
            while True:
                ready, _, _ = select.select(socks, [], [], 30)
                if not ready:
                    return
                for s in ready:
                    data = s.recv(65536)
                    if not data:
                        return
                    if s is client:
                        word = data.split(b" ", 1)[0]
                        if word in (b"GET", b"PUT", b"DELETE", b"PROPFIND", b"REPORT",
                                    b"MKCALENDAR", b"MKCOL", b"PROPPATCH", b"OPTIONS", b"HEAD"):
                            self.methods.append(word.decode())
                        if self.fail_writes and word in (b"PUT", b"DELETE"):
                            client.sendall(f"HTTP/1.1 {self.fail_writes} Failing\r\n"
                                           "Content-Length: 0\r\nConnection: close\r\n\r\n"
                                           .encode())
                            return
                    if s is upstream and self._take_drop():
                        return  # the server did it; its answer never arrives
                    (upstream if s is client else client).sendall(data)
        except OSError:
            return
        finally:
            for s in socks:
                with contextlib.suppress(OSError):
                    s.close()


@dataclass
class Copy:
    """One event as the server holds it."""

    href: str
    etag: str | None
    calendar: Any = field(repr=False)  # icalendar.Calendar

    @property
    def event(self) -> Any:
        return next(iter(self.calendar.walk("VEVENT")))

    @property
    def summary(self) -> str:
        return str(self.event["SUMMARY"])


class Reader:
    """The caldav library's own client, used to look at (and edit) the server."""

    def __init__(self, url: str, user: str, password: str = "x") -> None:
        import caldav

        self.client = caldav.DAVClient(url=url, username=user, password=password)
        self.principal = self.client.principal()

    def calendars(self) -> dict[str, Any]:
        return {c.get_display_name(): c for c in self.principal.calendars()}

    def events(self, name: str = "Cockpit") -> dict[str, Copy]:
        """UID -> the server's copy, for every object of the calendar called `name`."""
        calendar = self.calendars()[name]
        out = {}
        for obj in calendar.events():  # a calendar-query REPORT, with each event's data
            parsed = icalendar.Calendar.from_ical(obj.data)
            uid = str(next(iter(parsed.walk("VEVENT")))["UID"])
            assert uid not in out, f"two objects hold UID {uid}"
            out[uid] = Copy(str(obj.url), obj.etag, parsed)
        return out

    def edit(self, uid: str, summary: str, name: str = "Cockpit") -> None:
        """Change an event's title, as someone on their phone would."""
        calendar = self.calendars()[name]
        obj = calendar.event_by_uid(uid)
        obj.icalendar_component["SUMMARY"] = summary
        obj.save()

    def delete(self, uid: str, name: str = "Cockpit") -> None:
        self.calendars()[name].event_by_uid(uid).delete()


# ---------------------------------------------------------------------------- a small network

TODAY = __import__("datetime").date(2026, 11, 22)
PASSWORD_ENV = {"COCKPIT_CALDAV_PASSWORD": "x"}


def network(db: Path) -> Any:
    """Two people, five events: Ana (born 29 February, met yesterday: a follow-up today,
    a note), Bo (birthday 31 December, a call in three days, an ask warming up)."""
    import datetime as dt

    from cockpit.model import Ask, Birthday, Contact, FollowUp, Note, Origin
    from cockpit.store import Store

    store = Store(db, clock=lambda: dt.datetime(2026, 11, 20, 9, 0))
    ana = Contact("Ana Ruiz", birthday=Birthday(2, 29, 1988), tie="occasional",
                  met_at="PyCon ES", met_on=TODAY - dt.timedelta(days=1), how_met="in-person")
    bo = Contact("Bo Chen", birthday=Birthday(12, 31, None), tie="occasional")
    store.add_contact(ana, notes=[Note(ana.id, "Talks about Rust; wants the slides", TODAY)],
                      followups=[FollowUp(ana.id, TODAY, "thank them",
                                          origin=Origin.MET_IN_PERSON.value)])
    store.add_contact(bo, followups=[FollowUp(bo.id, TODAY + dt.timedelta(days=3), "call",
                                              origin=Origin.MANUAL.value)])
    store.save_ask(Ask(bo.id, "an intro", TODAY - dt.timedelta(days=2)))
    return store


def caldav_settings(url: str, user: str, **options: Any) -> Any:
    from cockpit.settings import CaldavSettings, Settings

    return Settings(caldav=CaldavSettings(url=url, username=user, **options))


def uids_of(store: Any, settings: Any, name: str) -> set[str]:
    """UIDs of the events whose title names `name`, as Cockpit builds them today."""
    import datetime as dt

    from cockpit.calendar import source

    built = source.build(store, TODAY, settings, stamp=dt.datetime.now(dt.UTC))
    return {e.uid for e in built.events if name in e.reminder.summary}

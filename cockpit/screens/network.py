"""The Network screen (`N`): the weekly look at the network as a whole.

Four tabs — Health (connections per network against the 200–300 base, bridges, growth
chart), Invitations (outcomes and what works), Review (silent people: keep, re-engage,
archive) and Requests (incoming ones against the checklist). The figures are computed in
thread workers: the contacts first (health, review, requests), then the invitations,
which read the whole interactions table; the screen never waits for either.
"""

from __future__ import annotations

import time
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Static, TabbedContent, TabPane

from ..actions import network as net
from ..actions.errors import READ_ERRORS
from ..actions.morning import Morning
from ..network import InvitationReport
from ..tui_host import Host, OpenContact, host
from ..widgets.agenda_list import AgendaList
from ..widgets.footer import KeysFooter
from ..widgets.network_lists import PruneList, RequestList
from ..widgets.network_views import HealthView, invitations_content
from ..widgets.summary import SummaryHeader
from .common import open_log
from .popup_host import PopupHost

TABS = ("health", "invitations", "review", "requests")


class NetworkScreen(PopupHost):
    """Health, invitations, prune review and incoming requests."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="network-back"),
        Binding("1", "tab('health')", "Health", id="tab-health", show=False),
        Binding("2", "tab('invitations')", "Invitations", id="tab-invitations", show=False),
        Binding("3", "tab('review')", "Review", id="tab-review", show=False),
        Binding("4", "tab('requests')", "Requests", id="tab-requests", show=False),
    ]

    DEFAULT_CSS = """
    NetworkScreen TabbedContent { height: 1fr; }
    NetworkScreen TabPane { padding: 0; }
    NetworkScreen #invitations-text { padding: 0 1; height: auto; }
    NetworkScreen PruneList, NetworkScreen RequestList { height: 1fr; border: none; }
    """

    class OverviewLoaded(Message):
        def __init__(self, overview: net.Overview) -> None:
            super().__init__()
            self.overview = overview

    class InvitationsLoaded(Message):
        def __init__(self, report: InvitationReport) -> None:
            super().__init__()
            self.report = report

    class LoadFailed(Message):
        def __init__(self, error: str) -> None:
            super().__init__()
            self.error = error

    def __init__(self, tab: str = "health") -> None:
        super().__init__()
        self.tab = tab
        """The tab shown first ("health", "invitations", "review" or "requests")."""
        self.overview: net.Overview | None = None
        self.report: InvitationReport | None = None
        self.started = time.perf_counter()
        self.figures_at: float | None = None  # perf_counter() when the figures showed
        self.invitations_at: float | None = None

    @property
    def cockpit(self) -> Host:
        return host(self)

    def compose(self) -> ComposeResult:
        yield SummaryHeader(id="header")
        with TabbedContent(initial=self.tab, id="network-tabs"):
            with TabPane("1 Health", id="health"):
                yield HealthView(id="health-view")
            with TabPane("2 Invitations", id="invitations"):
                yield Static(invitations_content(None), id="invitations-text")
            with TabPane("3 Review", id="review"):
                yield PruneList(id="prune")
            with TabPane("4 Requests", id="requests"):
                yield RequestList(id="request-list")
        yield KeysFooter(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        header = self.query_one(SummaryHeader)
        header.title = "Network"
        header.day = self.cockpit.today
        header.summary = "counting…"
        self.load()

    # ------------------------------------------------------------------ loading

    def load(self) -> None:
        # The invitations read the whole interactions table: they start once the figures
        # from the contacts are on screen, never competing with them.
        self.load_overview()

    @work(thread=True, exclusive=True, group="network-overview", exit_on_error=False)
    def load_overview(self) -> None:
        try:
            overview = net.overview(self.cockpit.open_service())
        except READ_ERRORS as exc:
            self.post_message(self.LoadFailed(str(exc)))
            return
        self.post_message(self.OverviewLoaded(overview))
        self.load_invitations()

    @work(thread=True, exclusive=True, group="network-invitations", exit_on_error=False)
    def load_invitations(self) -> None:
        try:
            report = net.invitations(self.cockpit.open_service())
        except READ_ERRORS as exc:
            self.post_message(self.LoadFailed(str(exc)))
            return
        self.post_message(self.InvitationsLoaded(report))

    def on_network_screen_overview_loaded(self, event: OverviewLoaded) -> None:
        o = self.overview = event.overview
        self.query_one(HealthView).show(o.health, o.network_day)
        self.query_one(PruneList).show_items(o.prune)
        self.query_one(RequestList).show_requests(list(o.requests), self.cockpit.today)
        self._summary()
        if self.figures_at is None:
            self.call_after_refresh(self._stamp, "figures_at")

    def on_network_screen_invitations_loaded(self, event: InvitationsLoaded) -> None:
        self.report = event.report
        self.query_one("#invitations-text", Static).update(invitations_content(event.report))
        self._summary()
        if self.invitations_at is None:
            self.call_after_refresh(self._stamp, "invitations_at")

    def _stamp(self, which: str) -> None:
        setattr(self, which, time.perf_counter())

    def on_network_screen_load_failed(self, event: LoadFailed) -> None:
        self.notify(event.error, title="Cannot read the network", severity="error", timeout=15)

    def _summary(self) -> None:
        o = self.overview
        if o is None:
            return
        parts = [o.network_day] if o.network_day else []
        parts.append(f"{o.health.total:,} contacts")
        rate = self.report.total.rate if self.report is not None else None
        if rate is not None:
            parts.append(f"{rate:.0%} of invitations accepted")
        parts += [f"{len(o.prune):,} to review", f"{len(o.requests)} requests"]
        self.query_one(SummaryHeader).summary = " · ".join(parts)

    def data_changed(self, morning: Morning | None) -> None:
        """A write landed somewhere: count again."""
        self.load()

    # ------------------------------------------------------------------ keys and rows

    def action_back(self) -> None:
        self.dismiss()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        focus = {"review": PruneList, "requests": RequestList}.get(tab)
        if focus is not None:
            self.query_one(focus).focus()

    @on(TabbedContent.TabActivated)
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "review":
            self.query_one(PruneList).focus()
        elif event.pane.id == "requests":
            self.query_one(RequestList).focus()

    @on(AgendaList.ContactSelected)
    def _open(self, event: AgendaList.ContactSelected) -> None:
        event.stop()
        self.post_message(OpenContact(event.contact_id))

    @on(AgendaList.LogRequested)
    def _log(self, event: AgendaList.LogRequested) -> None:
        open_log(self, event.contact, event.kind, "", None)

    @on(AgendaList.DraftRequested)
    def _draft(self, event: AgendaList.DraftRequested) -> None:
        from ..tui_host import DraftWanted

        self.dismiss()
        self.app.post_message(DraftWanted(event.contact.id, "reconnect"))

    @on(PruneList.Decided)
    def _decided(self, event: PruneList.Decided) -> None:
        contact_id, choice = event.item.contact.id, event.choice
        self.cockpit.save(lambda ws: net.decide(ws, contact_id, choice))

    @on(RequestList.Chosen)
    def _request(self, event: RequestList.Chosen) -> None:
        from .request_form import RequestFormScreen

        def done(message: str | None) -> None:
            if message:
                self.load()

        self.app.push_screen(RequestFormScreen(event.request), done)

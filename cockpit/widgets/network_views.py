"""The Network screen's figures: health (per network, bridges, growth chart) and invitations.

Plain text from other people goes through `shown()` into `Content` (never markup); the
growth chart is Textual's own `Sparkline`, one bar per month.
"""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Sparkline, Static

from ..network import OUTCOMES, Health, InvitationReport
from ..text import shown


def health_content(health: Health, network_day: str = "") -> Content:
    parts: list[str | tuple[str, str]] = []
    if network_day:
        parts += [(f"Today is {network_day}", "bold $text-accent"), "\n"]
    parts.append((f"{health.total:,} contacts", "bold"))
    for n in health.networks:
        parts += ["\n", (f"{shown(n.name)}: ", "bold"), f"{n.connections:,} first-degree"]
        if n.verdict():
            parts += [("  " + n.verdict(), "$text-muted")]
        ties = ", ".join(f"{k} {v:,}" for k, v in n.by_tie.items())
        parts += ["\n", (f"  by tie: {ties}", "$text-muted")]
    rels = ", ".join(f"{shown(k)} {v:,}" for k, v in health.by_relationship.items())
    parts += ["\n", ("By relationship: ", "bold"), rels]
    parts += ["\n\n", ("Bridges to your second degree", "bold underline")]
    if not health.bridges:
        parts += ["\n", ("no one yet: record who introduced you to whom", "$text-muted")]
    for b in health.bridges:
        parts += ["\n", (shown(b.contact.name), "bold"), ("  " + shown(b.reasons()), "$text-muted")]
    return Content.assemble(*parts)


def invitations_content(report: InvitationReport | None) -> Content:
    if report is None:
        return Content.styled("Counting your invitations…", "$text-muted italic")
    if not report.items:
        return Content.styled("No invitation logged yet: send a connection-invite draft, or "
                              "log one (l, kind invite-sent).", "$text-muted")
    counts = report.total.counts
    parts: list[str | tuple[str, str]] = [
        (f"{report.total.sent:,} invitations sent", "bold"), "  ",
        (" · ".join(f"{counts.get(o, 0):,} {o}" for o in OUTCOMES), "$text-muted"), "\n",
        ("Overall: ", "bold"), report.total.words()]
    for line in report.comparisons():
        parts += ["\n", shown(line)]
    return Content.assemble(*parts)


class GrowthChart(Vertical):
    """Connections per month: a sparkline and the months under it."""

    DEFAULT_CSS = """
    GrowthChart { height: auto; }
    GrowthChart Sparkline { height: 3; margin: 0 0; }
    GrowthChart #growth-line { color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("Growth, connections per month", "bold underline"))
        yield Sparkline([], id="growth-chart", summary_function=max)
        yield Static("", id="growth-line")

    def show(self, health: Health) -> None:
        values = [m.added for m in health.growth]
        self.query_one(Sparkline).data = values
        if health.growth:
            first = dt.date.fromisoformat(health.growth[0].month + "-01")
            last = dt.date.fromisoformat(health.growth[-1].month + "-01")
            line = f"{first:%b %Y} → {last:%b %Y} · {health.growth_line()}"
        else:
            line = health.growth_line()
        self.query_one("#growth-line", Static).update(Content(line))


class HealthView(VerticalScroll):
    """Health: per network against the base, by tie and relationship, bridges, growth."""

    DEFAULT_CSS = """
    HealthView { height: 1fr; padding: 0 1; }
    HealthView #health-text { height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield GrowthChart()
        yield Static(Content.styled("Loading…", "$text-muted"), id="health-text")

    def show(self, health: Health, network_day: str = "") -> None:
        self.query_one("#health-text", Static).update(health_content(health, network_day))
        self.query_one(GrowthChart).show(health)

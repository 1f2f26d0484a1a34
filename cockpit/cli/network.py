"""`cockpit stats`, `invitations`, `review`, `request`, `requests`: the network as a whole.

The weekly look (P11–P13, P15): health against the 200–300 base, bridges and growth;
what became of your invitations and which kind works; who to keep, re-engage or archive;
incoming connection requests against the articles' checklist.
"""

from __future__ import annotations

from typing import Any

import click

from .. import network
from ..actions import network as net
from ..actions import requests as incoming
from ..incoming import CHECKLIST
from ..model import ValidationError
from ..review import CHOICES
from ..text import shown
from .base import Env, common_options, console, emit_json, pass_env, say

SHOWN = 20
BARS = " ▁▂▃▄▅▆▇█"


def _spark(values: list[int]) -> str:
    top = max(values, default=0)
    if not top:
        return BARS[0] * len(values)
    return "".join(BARS[min(8, round(v * 8 / top))] for v in values)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (README).")
@common_options
@pass_env
def stats(env: Env, as_json: bool) -> None:
    """Network health: connections per network against the 200–300 base, bridges, growth."""
    health = net.stats(env.ws)
    day = network.network_day_label(env.today, env.settings)
    if as_json:
        emit_json({**health.to_json(), "network_day": day or None,
                   "network_days": dict(env.settings.network_days)})
        return
    from rich.text import Text

    con = console()
    con.print(Text(f"Your network — {health.total:,} contacts" + (f" · today is {day}" if day
                                                                    else ""), style="bold"))
    for n in health.networks:
        line = Text(f"  {shown(n.name)}: {n.connections:,} first-degree")
        if n.verdict():
            line.append(f" — {n.verdict()}", style="dim")
        con.print(line)
    con.print(Text("  by tie: " + ", ".join(f"{k} {v:,}" for k, v in health.by_tie.items())))
    con.print(Text("  by relationship: " + ", ".join(
        f"{shown(k)} {v:,}" for k, v in health.by_relationship.items())))
    con.print()
    con.print(Text("Bridges to your second degree", style="bold underline"))
    for b in health.bridges:
        con.print(Text(f"  {shown(b.contact.name)} — {shown(b.reasons())}"))
    if not health.bridges:
        con.print(Text("  no one yet: record who introduced you (--introduced-by)", style="dim"))
    con.print()
    con.print(Text("Growth, connections per month", style="bold underline"))
    con.print(Text(f"  {_spark([m.added for m in health.growth])}  {health.growth_line()}"))


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (README).")
@common_options
@pass_env
def invitations(env: Env, as_json: bool) -> None:
    """Outcomes of the invitations you sent and the acceptance rate by template, channel,
    relationship, how you met, and with or without a personal note."""
    report = net.invitations(env.ws)
    if as_json:
        emit_json(report.to_json())
        return
    from rich.text import Text

    con = console()
    counts = report.total.counts
    con.print(Text(f"Invitations — {report.total.sent:,} sent: " + ", ".join(
        f"{counts.get(o, 0):,} {o}" for o in network.OUTCOMES), style="bold"))
    con.print(Text(f"  overall: {report.total.words()}"))
    for line in report.comparisons():
        con.print(Text(f"  {shown(line)}"))
    if not report.items:
        con.print(Text("  none yet: log one with cockpit log NAME invite-sent, or send a "
                       "connection-invite draft", style="dim"))


@click.command()
@click.argument("name", required=False)
@click.argument("choice", required=False, type=click.Choice(CHOICES, case_sensitive=False))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (README).")
@common_options
@pass_env
def review(env: Env, name: str | None, choice: str | None, as_json: bool) -> None:
    """People silent longer than review.prune_after_days, longest first; or decide one:
    cockpit review NAME keep|re-engage|archive."""
    ws = env.ws
    if name is not None:
        if choice is None:
            raise click.UsageError("say what to do: cockpit review NAME keep|re-engage|archive")
        say(net.decide(ws, ws.resolve(name).id, choice))
        return
    items = net.review_list(ws)
    if as_json:
        emit_json([i.to_json() for i in items])
        return
    from rich.text import Text

    con = console()
    con.print(Text(f"Silent for over {ws.settings.prune_after_days} days — {len(items):,} to "
                   "review (keep, re-engage or archive each)", style="bold"))
    for i in items[:SHOWN]:
        con.print(Text(f"  {i.silent_days:>5,}d  {shown(i.contact.name)} — last: "
                       f"{shown(i.last_words())}"))
    if len(items) > SHOWN:
        con.print(Text(f"  … and {len(items) - SHOWN:,} more (cockpit review --json for all)",
                       style="dim"))


def _checklist_options(fn: Any) -> Any:
    for key, question, _ in reversed(CHECKLIST):
        fn = click.option(f"--{key}", key, is_flag=True, help=f"Yes to: {question}")(fn)
    return fn


@click.command()
@click.argument("name")
@click.option("--network", default="linkedin", show_default=True)
@click.option("--company", default="")
@click.option("--role", default="")
@click.option("--profile", default="", help="Their profile URL or handle.")
@click.option("--note", default="", help="What they wrote with the request.")
@click.option("--mutual", type=click.IntRange(0, 30000), default=None,
              help="Shared connections the network shows.")
@_checklist_options
@click.option("--accept", "decision", flag_value="accepted", help="Accept it now.")
@click.option("--decline", "decision", flag_value="declined", help="Decline it now.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (README).")
@common_options
@pass_env
def request(env: Env, name: str, network: str, company: str, role: str, profile: str,
            note: str, mutual: int | None, decision: str | None, as_json: bool,
            **answers: bool) -> None:
    """Record an incoming connection request: the checklist suggests yes or no, with the
    reasons. --accept or --decline decides it (now, or a pending one of the same name)."""
    ws = env.ws
    form = incoming.RequestForm(name, network, company, role, profile, note,
                                "" if mutual is None else str(mutual), answers)
    given = bool(company or role or profile or note or mutual is not None or any(answers.values()))
    if decision and not given:
        try:  # `cockpit request NAME --accept` decides the pending request of that name
            pending = incoming.find(ws, name)
        except ValidationError:  # none pending: record it, decided
            pending = None
        if pending is not None:
            say(incoming.decide(ws, pending.id, decision))
            return
    found = incoming.record(ws, form, decision)
    if as_json:
        emit_json({**found.request.to_json(), "facts": found.lines(),
                   "decision": decision, "updated": found.earlier is not None})
        return
    from rich.text import Text

    con = console()
    r = found.request
    con.print(Text(f"Request from {shown(r.name)} on {shown(network_name(r.network))}"
                   + (" (updated: pending since " + f"{r.received})" if found.earlier else ""),
                   style="bold"))
    for line in found.lines():
        con.print(Text(f"  · {shown(line)}"))
    verdict = "accept" if found.suggestion == "yes" else "decline"
    con.print(Text(f"  Suggestion: {verdict} — " + "; ".join(found.reasons)))
    if decision:
        con.print(Text(f"  Decided: {decision}"))
    else:
        con.print(Text(f"  Pending: cockpit request {shown(r.name)!r} --accept | --decline",
                       style="dim"))


def network_name(key: str) -> str:
    return network.network_name(key)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (README).")
@common_options
@pass_env
def requests(env: Env, as_json: bool) -> None:
    """Incoming connection requests still waiting for your decision, oldest first."""
    pending = incoming.pending(env.ws)
    if as_json:
        emit_json([r.to_json() for r in pending])
        return
    from rich.text import Text

    con = console()
    con.print(Text(f"{len(pending)} pending request(s)", style="bold"))
    for r in pending:
        verdict = {"yes": "suggest accept", "no": "suggest decline"}.get(r.suggestion, "")
        con.print(Text(f"  {r.received}  {shown(r.name)} ({shown(network_name(r.network))}"
                       + (f", {shown(r.company)}" if r.company else "") + f") — {verdict}: "
                       + shown("; ".join(r.reasons))))


COMMANDS = (stats, invitations, review, request, requests)

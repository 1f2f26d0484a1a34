"""`cockpit draft`, `intro`, `sent` and `templates`: drafting personal messages by hand.

Every draft written by `draft` or `intro` is stored (state "draft") so the Draft pane can
show it and `cockpit sent NAME` can mark it sent; `--no-save` previews without writing.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

import click

from .. import drafting
from ..actions import drafts
from ..actions.errors import NotFound
from ..model import ValidationError
from ..text import shown, shown_block
from .base import Env, common_options, emit_json, one_line, pass_env, say

EXIT_PROBLEMS = 1
SHOWN_CANDIDATES = 10


def _echo(text: str = "", **style: object) -> None:
    click.echo(click.style(shown(text), **style) if style else shown(text))  # type: ignore[arg-type]


def _print_draft(w: drafts.Written, save: bool, batch: bool = False) -> None:
    composed, ctx = w.composed, w.ctx
    chan = drafting.CHANNELS[composed.channel]
    limits = []
    if chan.hard_limit and chan.hard_limit <= 3000:
        limits.append(f"max {chan.hard_limit}")
    if chan.soft_limit:
        limits.append(f"aim for {chan.soft_limit}")
    length = f"{len(composed.text.strip())} characters" + (f" ({', '.join(limits)})"
                                                           if limits else "")
    click.echo(click.style(shown(w.contact.name), bold=True)
               + shown(f" · {composed.template.name} · {composed.channel} · {length}"))
    if w.reason:
        _echo(f"  why this template: {w.reason}", dim=True)
    if composed.hook is not None:
        more = (f" (others: --hook 1..{len(ctx.notes)})" if len(ctx.notes) > 1 and not batch
                else "")
        _echo(f"  hook: {drafting.hook_label(ctx)}{more}", dim=True)
    click.echo()
    click.echo(shown_block(composed.text))
    click.echo()
    for p in composed.problems:
        colour = "red" if p.level == drafting.ERROR else "yellow"
        click.echo(click.style(f"{p.level:<7} {p.code}", fg=colour, bold=True)
                   + f"  {shown(p.message)}")
    if w.saved is not None:
        _echo(f"saved as draft {w.saved.id[:8]}; once you have sent it by hand: "
              f"cockpit sent \"{w.contact.name}\"", dim=True)
    elif not save:
        _echo("preview only (--no-save): nothing stored", dim=True)


def _fail_line(problems: Iterable[drafting.Problem], who: str) -> None:
    errors = [p for p in problems if p.level == drafting.ERROR]
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        click.echo(one_line(f"cockpit: error: the draft for {who} is not ready: "
                            f"{errors[0].message}{more}"), err=True)


@click.command()
@click.argument("name", required=False)
@click.option("--tag", default=None, help="Batch: one personal draft per contact with this tag.")
@click.option("--template", "template_name", default=None,
              help="Template (default: chosen from the contact's situation; with --tag: update).")
@click.option("--channel", default=None, help="Where you will send it: " + ", ".join(drafting.CHANNELS))
@click.option("--hook", type=int, default=None, help="Which note to personalise from (1 = newest).")
@click.option("--ask", "ask_choice", default=None, help="Which open ask (number, 1 = oldest, or id).")
@click.option("--target", default=None, help="intro-request: the person you want to meet.")
@click.option("--why", default=None, help="The why-line (invitation) or why you want the intro.")
@click.option("--offer", default=None, help="What you bring in return (overrides the ask's).")
@click.option("--my-update", "my_update", default=None, help="update: what you are working on.")
@click.option("--no-save", "no_save", is_flag=True, help="Preview only: store nothing.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@common_options
@pass_env
def draft(env: Env, name: str | None, tag: str | None, template_name: str | None,
          channel: str | None, hook: int | None, ask_choice: str | None, target: str | None,
          why: str | None, offer: str | None, my_update: str | None, no_save: bool,
          as_json: bool) -> None:
    """Draft a personal message to NAME from your notes, with the etiquette checks.

    Exit 0 when the draft has at most warnings, 1 when an error remains (an unfilled
    placeholder, over a hard length limit, an ask on a public channel). Nothing is sent:
    send it by hand, then `cockpit sent NAME`.
    """
    if (name is None) == (tag is None):
        raise click.UsageError("give a contact NAME or --tag TAG (not both)")
    extras = drafts.Extras(why, offer, my_update)
    if tag is not None:
        if hook is not None or ask_choice is not None or target is not None:
            raise ValidationError("with --tag each draft uses that person's newest note and open "
                                  "ask: --hook, --ask and --target are for one contact")
        _batch(env, tag, template_name or "update", channel, extras, not no_save, as_json)
        return
    assert name is not None
    w = drafts.write_draft(env.ws, name, template=template_name, channel=channel, hook=hook,
                           ask_choice=ask_choice, target=target, extras=extras,
                           save=not no_save)
    if as_json:
        emit_json(w.composed.to_json(w.contact))
    else:
        _print_draft(w, not no_save)
    if not w.composed.ok:
        _fail_line(w.composed.problems, w.contact.name)
        raise click.exceptions.Exit(EXIT_PROBLEMS)


def _batch(env: Env, tag: str, template: str, channel: str | None, extras: drafts.Extras,
           save: bool, as_json: bool) -> None:
    batch = drafts.write_batch(env.ws, tag, template=template, channel=channel, extras=extras,
                               save=save)
    if as_json:
        emit_json({
            "tag": tag, "template": batch.template.name,
            "drafts": [w.composed.to_json(w.contact) for w in batch.drafts],
            "skipped": [{"contact": c.name, "contact_id": c.id, "reason": why}
                        for c, why in batch.skipped],
        })
    else:
        for i, w in enumerate(batch.drafts):
            if i:
                _echo("─" * 60, dim=True)
            _print_draft(w, save, batch=True)
        if batch.skipped:
            _echo(f"skipped ({len(batch.skipped)}), no draft written — add a note about what "
                  "you know of them (cockpit note NAME TEXT --kind talk|post|news…):", bold=True)
            for c, why in batch.skipped:
                _echo(f"  {c.name}: {why}")
        click.echo(f"{len(batch.drafts)} draft(s) for tag {shown(tag)!r}"
                   + (f", {len(batch.failed)} not ready" if batch.failed else "")
                   + (f", {len(batch.skipped)} skipped" if batch.skipped else ""))
    if batch.failed:
        first = batch.failed[0]
        who = first.contact.name if len(batch.failed) == 1 else (
            f"{first.contact.name} and {len(batch.failed) - 1} more")
        _fail_line(first.composed.problems, who)
        raise click.exceptions.Exit(EXIT_PROBLEMS)


@click.command()
@click.argument("target")
@click.option("--via", default=None, help="Who to ask for the introduction (default: the best).")
@click.option("--why", default=None, help="Why you want to meet them (default: your open ask).")
@click.option("--offer", default=None, help="What you bring in return.")
@click.option("--channel", default=None, help="Channel of the request (default: linkedin-message).")
@click.option("--hook", type=int, default=None, help="Which note about the introducer (1 = newest).")
@click.option("--limit", type=click.IntRange(1, 1000), default=SHOWN_CANDIDATES, show_default=True,
              help="How many candidates to list.")
@click.option("--no-save", "no_save", is_flag=True, help="Preview only: store nothing.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@common_options
@pass_env
def intro(env: Env, target: str, via: str | None, why: str | None, offer: str | None,
          channel: str | None, hook: int | None, limit: int, no_save: bool,
          as_json: bool) -> None:
    """Who can introduce you to TARGET, best first, and the request to the best one.

    Add the person first if they are not a contact yet (cockpit add NAME --company C).
    """
    try:
        found = drafts.introduction(env.ws, target, via=via, extras=drafts.Extras(why, offer),
                                    channel=channel, hook=hook, save=not no_save)
    except NotFound as exc:
        raise NotFound(f"{exc}; add them first: cockpit add \"{target}\" --company …") from None
    person, chosen, w, candidates = found.target, found.via, found.written, found.candidates
    if as_json:
        emit_json({"target": person.name, "target_id": person.id,
                   "candidates": [k.to_json() for k in candidates[:limit]],
                   "via": chosen.name if chosen else None,
                   "via_id": chosen.id if chosen else None,
                   "draft": w.composed.to_json(w.contact) if w else None})
    else:
        what = f" ({person.company})" if person.company else ""
        if candidates:
            _echo(f"Who can introduce you to {person.name}{what}:", bold=True)
            for i, k in enumerate(candidates[:limit], 1):
                _echo(f"  {i:>2}. {k.contact.name:<28} {k.score:>4}  {'; '.join(k.reasons)}")
            if len(candidates) > limit:
                _echo(f"  … and {len(candidates) - limit} more (--limit N)", dim=True)
        else:
            _echo(f"Nobody in your network has a recorded link to {person.name}{what} "
                  "(introduced them, same company, same event or a shared tag).")
        if w is not None:
            click.echo()
            _echo(f"Request to {w.contact.name}"
                  + ("" if via or not candidates else " (the best placed; another: --via NAME)"),
                  bold=True)
            _print_draft(w, not no_save)
    if chosen is None:
        click.echo(one_line(f"cockpit: error: nobody to ask for an introduction to {person.name}; "
                            "name one with --via NAME"), err=True)
        raise click.exceptions.Exit(EXIT_PROBLEMS)
    if w is not None and not w.composed.ok:
        _fail_line(w.composed.problems, w.contact.name)
        raise click.exceptions.Exit(EXIT_PROBLEMS)


@click.command()
@click.argument("name")
@click.option("--draft", "draft_id", default=None, help="Which draft (id or id prefix; "
              "default: the newest unsent one).")
@click.option("--force", is_flag=True, help="Mark sent even if the text still has a blank.")
@common_options
@pass_env
def sent(env: Env, name: str, draft_id: str | None, force: bool) -> None:
    """You sent NAME's draft by hand: log it and mark the draft sent.

    Logs the template's kind (invite-sent, message, birthday-wish, ask…), and closes the
    met-in-person follow-up when it was a follow-up-after-meeting.
    """
    say(drafts.mark_sent_named(env.ws, name, draft_id, force))


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@common_options
@pass_env
def templates(env: Env, as_json: bool) -> None:
    """List the drafting templates: built-in and yours (config folder /templates/NAME.txt)."""
    from ..settings import config_dir

    rows = [{"name": t.name, "channel": t.channel, "kind": t.kind, "purpose": t.purpose,
             "source": t.source, "placeholders": t.placeholders()}
            for t in sorted(drafts.templates().values(), key=lambda t: t.name)]
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        mine = "" if r["source"] == "built-in" else click.style(f"  ({shown(str(r['source']))})",
                                                                dim=True)
        click.echo(click.style(f"{shown(str(r['name'])):<24}", bold=True)
                   + f" {shown(str(r['channel'])):<17} {shown(str(r['purpose']))}" + mine)
    _echo(f"your templates: {config_dir() / 'templates'}/NAME.txt", dim=True)
    sys.stdout.flush()


COMMANDS = (draft, intro, sent, templates)

"""`cockpit draft`, `intro`, `sent` and `templates`: drafting personal messages by hand.

The logic lives in `drafting` (pure) and `sending` (mark sent); this module resolves
names, reads the store, prints, and saves drafts.

Saving: every draft written by `draft` or `intro` is stored (state "draft") so the Draft
pane can show it and `cockpit sent NAME` can mark it sent; an unsent draft with the same
template, channel and text is reused instead of piling up copies. `--no-save` previews
without writing anything.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable

import click

from . import drafting
from .cli import Env, cli, common_options, emit_json, one_line, pass_env, say
from .model import Ask, Contact, Draft, DraftState, ValidationError, fold
from .store import NotFound

EXIT_PROBLEMS = 1
SHOWN_CANDIDATES = 10


# ---------------------------------------------------------------------------- helpers

def _templates() -> dict[str, drafting.Template]:
    return drafting.all_templates(drafting.load_user_templates())


def _hook_index(hook: int | None) -> int:
    if hook is None:
        return 0
    if hook < 1:
        raise ValidationError(f"--hook {hook}: notes are numbered from 1 (1 = newest)")
    return hook - 1


def _pick_ask(asks: list[Ask], choice: str | None, contact: Contact) -> Ask | None:
    """An open ask: --ask N (1 = oldest open ask) or an id / id prefix; default the oldest."""
    asks = sorted(asks, key=lambda a: (a.created, a.what))
    if choice is None:
        return asks[0] if asks else None
    if not asks:
        raise ValidationError(f"{contact.name} has no open ask (plan one: cockpit ask NAME WHAT)")
    raw = choice.strip()
    if raw.isdigit() and 1 <= int(raw) <= len(asks) and len(raw) <= 3:
        return asks[int(raw) - 1]
    found = [a for a in asks if a.id.startswith(raw)] if raw else []
    if len(found) == 1:
        return found[0]
    listing = "; ".join(f"{i}. {a.what} ({a.id[:8]})" for i, a in enumerate(asks, 1))
    raise ValidationError(f"--ask {choice!r} matches no single open ask of {contact.name}: "
                          f"{listing}")


def _introducer(env: Env, contact: Contact) -> Contact | None:
    if not contact.introduced_by:
        return None
    try:
        return env.store.contact(contact.introduced_by)
    except NotFound:
        return None


def _save(env: Env, contact: Contact, composed: drafting.Composed, ask: Ask | None,
          existing: Iterable[Draft]) -> Draft:
    from .sending import save_composed
    return save_composed(env.store, contact.id, composed, ask, existing)


def _print_draft(contact: Contact, composed: drafting.Composed, ctx: drafting.DraftContext,
                 reason: str | None, saved: Draft | None, save: bool,
                 batch: bool = False) -> None:
    chan = drafting.CHANNELS[composed.channel]
    limits = []
    if chan.hard_limit and chan.hard_limit <= 3000:
        limits.append(f"max {chan.hard_limit}")
    if chan.soft_limit:
        limits.append(f"aim for {chan.soft_limit}")
    length = f"{len(composed.text.strip())} characters" + (f" ({', '.join(limits)})"
                                                           if limits else "")
    click.echo(click.style(contact.name, bold=True)
               + f" · {composed.template.name} · {composed.channel} · {length}")
    if reason:
        click.echo(click.style(f"  why this template: {reason}", dim=True))
    if composed.hook is not None:
        more = (f" (others: --hook 1..{len(ctx.notes)})" if len(ctx.notes) > 1 and not batch
                else "")
        click.echo(click.style(f"  hook: {drafting.hook_label(ctx)}{more}", dim=True))
    click.echo()
    click.echo(composed.text)
    click.echo()
    for p in composed.problems:
        colour = "red" if p.level == drafting.ERROR else "yellow"
        click.echo(click.style(f"{p.level:<7} {p.code}", fg=colour, bold=True) + f"  {p.message}")
    if saved is not None:
        click.echo(click.style(f"saved as draft {saved.id[:8]}; once you have sent it by hand: "
                               f"cockpit sent \"{contact.name}\"", dim=True))
    elif not save:
        click.echo(click.style("preview only (--no-save): nothing stored", dim=True))


def _fail_line(problems: Iterable[drafting.Problem], who: str) -> None:
    errors = [p for p in problems if p.level == drafting.ERROR]
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        click.echo(one_line(f"cockpit: error: the draft for {who} is not ready: "
                            f"{errors[0].message}{more}"), err=True)


# ---------------------------------------------------------------------------- draft

@cli.command()
@click.argument("name", required=False)
@click.option("--tag", default=None, help="Batch: one draft per contact with this tag (P8).")
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
    if channel is not None:
        channel = drafting.get_channel(channel).name
    templates = _templates()
    extra = {"why": why, "offer": offer, "my_update": my_update}
    if tag is not None:
        if hook is not None or ask_choice is not None or target is not None:
            raise ValidationError("with --tag each draft uses that person's newest note and open "
                                  "ask: --hook, --ask and --target are for one contact")
        _draft_batch(env, tag, templates, template_name or "update", channel, extra,
                     save=not no_save, as_json=as_json)
        return
    assert name is not None
    store = env.store
    contact = store.resolve(name)
    asks = store.asks(contact.id)
    reason = None
    if template_name is None:
        template_name, reason = drafting.suggest_template(
            contact, followups=store.followups(contact.id), asks=asks, today=env.today,
            settings=env.settings)
    template = drafting.get_template(template_name, templates)
    ask = _pick_ask(asks, ask_choice, contact)
    target_contact = store.resolve(target) if target else None
    if target_contact is not None and not why:
        target_asks = sorted(store.asks(target_contact.id), key=lambda a: a.created)
        if target_asks:
            extra["why"] = target_asks[0].what
    ctx = drafting.make_context(contact, store.notes(contact.id), hook=_hook_index(hook),
                                ask=ask, introducer=_introducer(env, contact),
                                target=target_contact, settings=env.settings,
                                followups=store.followups(contact.id), why=extra["why"],
                                offer=extra["offer"], my_update=extra["my_update"])
    composed = drafting.compose(template, ctx, channel)
    saved = None if no_save else _save(env, contact, composed, ask, store.drafts(contact.id))
    if as_json:
        emit_json(composed.to_json(contact))
    else:
        _print_draft(contact, composed, ctx, reason, saved, not no_save)
    if not composed.ok:
        _fail_line(composed.problems, contact.name)
        raise click.exceptions.Exit(EXIT_PROBLEMS)


def _draft_batch(env: Env, tag: str, templates: dict[str, drafting.Template],
                 template_name: str, channel: str | None, extra: dict[str, str | None],
                 save: bool, as_json: bool) -> None:
    """P8: one draft per tagged contact, each from their own mention; who is skipped, why."""
    template = drafting.get_template(template_name, templates)
    store = env.store
    batch = drafting.draft_batch(template, tag, store.contacts(include_archived=True),
                                 store.notes(), asks=store.asks(), followups=store.followups(),
                                 channel=channel, settings=env.settings, why=extra["why"],
                                 offer=extra["offer"], my_update=extra["my_update"])
    ids = {d.contact.id for d in batch.drafts}
    drafts: dict[str, list[Draft]] = {}
    for d in store.drafts():
        if d.contact_id in ids:
            drafts.setdefault(d.contact_id, []).append(d)
    saved: dict[str, Draft] = {}
    if save:
        with store.transaction():
            for item in batch.drafts:
                saved[item.contact.id] = _save(env, item.contact, item.composed, item.ask,
                                               drafts.get(item.contact.id, []))
    failed = batch.failed
    if as_json:
        emit_json(batch.to_json())
    else:
        for i, item in enumerate(batch.drafts):
            if i:
                click.echo(click.style("─" * 60, dim=True))
            _print_draft(item.contact, item.composed, item.ctx, None,
                         saved.get(item.contact.id), save, batch=True)
        if batch.skipped:
            click.echo(click.style(f"skipped ({len(batch.skipped)}), no draft written:",
                                   bold=True))
            for s in batch.skipped:
                click.echo(f"  {s.contact.name}: {s.reason}")
        click.echo(f"{len(batch.drafts)} draft(s) for tag {tag!r}"
                   + (f", {len(failed)} not ready" if failed else "")
                   + (f", {len(batch.skipped)} skipped" if batch.skipped else ""))
    if failed:
        first = failed[0].contact
        _fail_line(failed[0].composed.problems,
                   first.name if len(failed) == 1 else f"{first.name} and {len(failed) - 1} more")
        raise click.exceptions.Exit(EXIT_PROBLEMS)


# ---------------------------------------------------------------------------- intro

@cli.command()
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
    """Who can introduce you to TARGET (P2), best first, and the request to the best one.

    Add the person first if they are not a contact yet (cockpit add NAME --company C).
    """
    store = env.store
    try:
        person = store.resolve(target)
    except NotFound as exc:
        raise NotFound(f"{exc}; add them first: cockpit add \"{target}\" --company …") from None
    if channel is not None:
        channel = drafting.get_channel(channel).name
    template = drafting.get_template("intro-request", _templates())
    candidates = drafting.introducers(person, store.contacts(), env.today)
    chosen = store.resolve(via) if via else (candidates[0].contact if candidates else None)
    if chosen is not None and chosen.id == person.id:
        raise ValidationError(f"{person.name} cannot introduce you to themselves")

    composed = ctx = saved = None
    if chosen is not None:
        target_asks = sorted(store.asks(person.id), key=lambda a: a.created)
        ask = _intro_ask(store.asks(chosen.id), person)
        extra = {"why": why or (target_asks[0].what if target_asks else None),
                 "offer": offer or (target_asks[0].offer if target_asks else None)}
        ctx = drafting.make_context(chosen, store.notes(chosen.id), hook=_hook_index(hook),
                                    ask=ask, introducer=_introducer(env, chosen), target=person,
                                    settings=env.settings, why=extra["why"], offer=extra["offer"])
        composed = drafting.compose(template, ctx, channel)
        if not no_save:
            saved = _save(env, chosen, composed, ask, store.drafts(chosen.id))

    if as_json:
        emit_json({"target": person.name, "target_id": person.id,
                   "candidates": [k.to_json() for k in candidates[:limit]],
                   "via": chosen.name if chosen else None,
                   "via_id": chosen.id if chosen else None,
                   "draft": composed.to_json(chosen) if composed and chosen else None})
    else:
        what = f" ({person.company})" if person.company else ""
        if candidates:
            click.echo(click.style(f"Who can introduce you to {person.name}{what}:", bold=True))
            for i, k in enumerate(candidates[:limit], 1):
                click.echo(f"  {i:>2}. {k.contact.name:<28} {k.score:>4}  {'; '.join(k.reasons)}")
            if len(candidates) > limit:
                click.echo(click.style(f"  … and {len(candidates) - limit} more (--limit N)",
                                       dim=True))
        else:
            click.echo(f"Nobody in your network has a recorded link to {person.name}{what} "
                       "(introduced them, same company, same event or a shared tag).")
        if chosen is not None and composed is not None and ctx is not None:
            click.echo()
            click.echo(click.style("Request to " + chosen.name, bold=True)
                       + ("" if via or not candidates else " (the best placed; another: --via NAME)"))
            _print_draft(chosen, composed, ctx, None, saved, not no_save)
    if chosen is None:
        click.echo(one_line(f"cockpit: error: nobody to ask for an introduction to {person.name}; "
                            "name one with --via NAME"), err=True)
        raise click.exceptions.Exit(EXIT_PROBLEMS)
    if composed is not None and not composed.ok:
        _fail_line(composed.problems, chosen.name)
        raise click.exceptions.Exit(EXIT_PROBLEMS)


def _intro_ask(asks: list[Ask], target: Contact) -> Ask | None:
    """An open ask to the introducer that is about this target (its text names them)."""
    names = {fold(target.name), fold(drafting.first_name(target.name))}
    for a in sorted(asks, key=lambda a: a.created):
        if any(n and n in fold(a.what) for n in names):
            return a
    return None


# ---------------------------------------------------------------------------- sent

@cli.command()
@click.argument("name")
@click.option("--draft", "draft_id", default=None, help="Which draft (id or id prefix; "
              "default: the newest unsent one).")
@click.option("--force", is_flag=True, help="Mark sent even if the text still has a blank.")
@common_options
@pass_env
def sent(env: Env, name: str, draft_id: str | None, force: bool) -> None:
    """You sent NAME's draft by hand: log it and mark the draft sent (P7).

    Logs the template's kind (invite-sent, message, birthday-wish, ask…), and closes the
    met-in-person follow-up when it was a follow-up-after-meeting.
    """
    from .sending import mark_sent

    store = env.store
    contact = store.resolve(name)
    unsent = [d for d in store.drafts(contact.id) if d.state == DraftState.DRAFT.value]
    if draft_id:
        found = [d for d in store.drafts(contact.id) if d.id.startswith(draft_id.strip())]
        if len(found) != 1:
            raise ValidationError(f"--draft {draft_id!r} matches {len(found)} drafts of "
                                  f"{contact.name}")
        chosen = found[0]
    else:
        if not unsent:
            raise ValidationError(f"{contact.name} has no unsent draft: write one with "
                                  f"cockpit draft \"{contact.name}\"")
        chosen = max(unsent, key=lambda d: (d.updated or d.created or _EPOCH, d.id))
    result = mark_sent(store, chosen, env.today, force=force)
    closed = f"; closed {len(result.closed)} follow-up(s)" if result.closed else ""
    asked = "; ask marked asked" if result.ask_marked else ""
    say(f"marked sent: {chosen.template} draft {chosen.id[:8]}; logged "
        f"{result.interaction.kind} with {contact.name} on {env.today}{closed}{asked}")


_EPOCH = dt.datetime.min


# ---------------------------------------------------------------------------- templates

@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@common_options
@pass_env
def templates(env: Env, as_json: bool) -> None:
    """List the drafting templates: built-in and yours (config folder /templates/NAME.txt)."""
    from .settings import config_dir

    available = _templates()
    rows = [{"name": t.name, "channel": t.channel, "kind": t.kind, "purpose": t.purpose,
             "source": t.source, "placeholders": t.placeholders()}
            for t in sorted(available.values(), key=lambda t: t.name)]
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        mine = "" if r["source"] == "built-in" else click.style(f"  ({r['source']})", dim=True)
        click.echo(click.style(f"{r['name']:<24}", bold=True) + f" {r['channel']:<17} {r['purpose']}"
                   + mine)
    click.echo(click.style(f"your templates: {config_dir() / 'templates'}/NAME.txt", dim=True))
    sys.stdout.flush()

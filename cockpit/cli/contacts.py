"""`cockpit add`, `edit`, `note`, `contacts`, `restore`: people and what you know of them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from ..actions import contacts as people
from ..model import Contact, NoteKind, Relationship
from ..text import shown
from .base import DATE, Env, common_options, console, emit_json, pass_env, say

_KINDS = ", ".join(k.value for k in NoteKind)


def contact_options(fn: Any) -> Any:
    """The fields `add` and `edit` share (`edit` changes only what is given)."""
    for decorator in reversed((
        click.option("--email", "emails", multiple=True, help="E-mail (repeatable)."),
        click.option("--phone", "phones", multiple=True, help="Phone (repeatable)."),
        click.option("--company", default=None),
        click.option("--role", default=None),
        click.option("--location", default=None),
        click.option("--how", "how_met", default=None, help="in-person, online or introduced."),
        click.option("--met-at", default=None, help="Event or place where you met."),
        click.option("--met-on", type=DATE, help="Day you met."),
        click.option("--birthday", default=None,
                     help="YYYY-MM-DD, or MM-DD when the year is unknown."),
        click.option("--tie", default=None, help="close, regular or occasional."),
        click.option("--every", default=None,
                     help="Keep-in-touch cadence in days, 1–3650 (overrides the tie's)."),
        click.option("--relationship", default=None,
                     help=", ".join(r.value for r in Relationship)),
        click.option("--introduced-by", default=None, help="Contact who introduced you."),
        click.option("--linkedin", default=None),
        click.option("--twitter", default=None),
        click.option("--facebook", default=None),
        click.option("--tag", "tags", multiple=True, help="Tag (repeatable)."),
        click.option("--lang", default=None, help="Language to write to them in: en, es, it…"),
        click.option("--call", "call_name", default=None,
                     help="What you call them in a greeting (default: their first name)."),
    )):
        fn = decorator(fn)
    return fn


_SCALARS = ("company", "role", "location", "how_met", "met_at", "birthday", "tie", "every",
            "relationship", "introduced_by", "linkedin", "twitter", "facebook", "lang",
            "call_name")


def _apply(form: people.ContactForm, options: dict[str, Any]) -> None:
    """Copy the options given onto the form (None: not given, keep the form's value)."""
    for key in _SCALARS:
        if options.get(key) is not None:
            setattr(form, key, str(options[key]))
    if options.get("met_on") is not None:
        form.met_on = options["met_on"].isoformat()
    if options.get("emails"):
        form.email = ", ".join(options["emails"])
    if options.get("phones"):
        form.phone = ", ".join(options["phones"])
    if options.get("tags"):
        form.tags = ", ".join(options["tags"])


def _introducer_by_id(env: Env, options: dict[str, Any]) -> dict[str, Any]:
    """--introduced-by names someone: an unknown or ambiguous name exits 2 like any name."""
    if options.get("introduced_by"):
        options = {**options, "introduced_by": env.ws.resolve(options["introduced_by"]).id}
    return options


@click.command()
@click.argument("name")
@contact_options
@click.option("--note", default=None, help="A first note about them (a private memo).")
@click.option("--force", is_flag=True, help="Add even if someone with this name (and company) "
              "is already a contact.")
@common_options
@pass_env
def add(env: Env, name: str, note: str | None, force: bool, **options: Any) -> None:
    """Add a contact. Met in person? A follow-up is due the day after you met."""
    form = people.ContactForm(name=name, note=note or "")
    _apply(form, _introducer_by_id(env, options))
    saved = people.save_contact(env.ws, form, force=force)
    say(saved.message())


@click.command()
@click.argument("name")
@contact_options
@common_options
@pass_env
def edit(env: Env, name: str, **options: Any) -> None:
    """Change a contact's fields: only the options you give change."""
    ws = env.ws
    contact = ws.resolve(name)
    form = people.form_of(ws, contact)
    _apply(form, _introducer_by_id(env, options))
    saved = people.save_contact(ws, form, contact.id)
    say(f"saved {saved.contact.name}"
        + (f"; follow up by {saved.followup.due}" if saved.followup else ""))


@click.command()
@click.argument("name")
@click.argument("text")
@click.option("--kind", default="memo", show_default=True,
              help=f"memo (private, never quoted in a draft) or what it is about: {_KINDS}.")
@click.option("--date", type=DATE, help="Date of the note (default today).")
@common_options
@pass_env
def note(env: Env, name: str, text: str, kind: str, date: dt.date | None) -> None:
    """Attach a dated note: a private memo, or a mention (a talk, a post…) drafts can use."""
    contact = env.ws.resolve(name)
    saved = people.save_note(env.ws, contact.id, text, date=date, kind=kind)
    say(f"noted for {contact.name} ({saved.kind})")


@click.command()
@click.argument("name")
@common_options
@pass_env
def restore(env: Env, name: str) -> None:
    """Bring an archived contact back to the agenda and lists."""
    say(people.archive(env.ws, env.ws.resolve(name).id, archived=False))


def contact_json(c: Contact, note_count: int) -> dict[str, Any]:
    return {
        "id": c.id, "name": c.name, "company": c.company, "role": c.role,
        "emails": c.emails, "phones": c.phones, "tags": c.tags, "tie": c.tie,
        "every": c.every, "relationship": c.relationship, "how_met": c.how_met,
        "met_at": c.met_at, "met_on": c.met_on.isoformat() if c.met_on else None,
        "introduced_by": c.introduced_by, "location": c.location,
        "linkedin": c.linkedin or None, "handles": c.handles,
        "birthday": c.birthday.iso() if c.birthday else None,
        "notes": note_count,
        "last_interaction": c.last_interaction.isoformat() if c.last_interaction else None,
        "created": c.created.isoformat() if c.created else None,
        "lang": c.lang or None, "call_name": c.call_name or None, "websites": c.websites,
        "archived": c.archived,
    }


@click.command()
@click.option("--tag", default=None, help="Only contacts with this tag.")
@click.option("--archived", is_flag=True, help="The archived contacts instead.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@common_options
@pass_env
def contacts(env: Env, tag: str | None, archived: bool, as_json: bool) -> None:
    """List contacts (not archived, unless --archived)."""
    rows = people.list_contacts(env.ws, tag, archived=archived)
    if as_json:
        emit_json([contact_json(r.contact, r.notes) for r in rows])
        return
    from rich.table import Table
    from rich.text import Text

    con = console()
    narrow = con.is_terminal and con.width < 100
    columns = ["Name", "Company", "Tie", "Last contact"] if narrow else [
        "Name", "Company", "Role", "Tie", "Last contact", "Tags"]
    table = Table(box=None, header_style="bold")
    for col in columns:
        table.add_column(col, overflow="ellipsis", no_wrap=True,
                         ratio=2 if col in ("Name", "Company") else None)
    for r in rows:
        c = r.contact
        cells = {"Name": c.name, "Company": c.company, "Role": c.role, "Tie": c.tie,
                 "Last contact": c.last_interaction.isoformat() if c.last_interaction else "—",
                 "Tags": ", ".join(c.tags)}
        table.add_row(*(Text(shown(cells[col])) for col in columns))
    con.print(table)
    con.print(Text(f"{len(rows)} contact(s)" + (" archived" if archived else ""), style="dim"))


COMMANDS = (add, edit, note, restore, contacts)

"""The writes that drafting needs: saving a draft, and marking it sent (P7: you send it by
hand). Used by `cockpit draft/intro/sent` and by the Draft pane.

`save_composed` stores a rendered draft (state draft), reusing an identical unsent one.

`mark_sent` (the pane's `S` key) does, in one transaction:

* logs an interaction of the template's kind (see `drafting.sent_kind`: invite-sent for
  a LinkedIn invitation note, birthday-wish, ask, message/email…) on the draft's channel;
* stores the draft as sent;
* closes the contact's open follow-up(s) of the origin the template closes
  (follow-up-after-meeting closes the met-in-person follow-up, P1);
* marks the draft's ask as asked when the template is an ask or intro-request.

A draft that still has a blank or an unfilled placeholder, or is over its channel's hard
length limit, is refused (P6, P16) unless `force=True`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from .. import drafting
from ..model import (
    Ask,
    AskState,
    Draft,
    DraftState,
    FollowUp,
    FollowUpState,
    Interaction,
    Kind,
    ValidationError,
)
from ..store import Store


@dataclass(slots=True)
class SentResult:
    draft: Draft
    interaction: Interaction
    closed: list[FollowUp] = field(default_factory=list)  # follow-ups closed
    ask_marked: bool = False  # the draft's ask moved to "asked"


def save_composed(store: Store, contact_id: str, composed: drafting.Composed,
                  ask: Ask | None = None, existing: Iterable[Draft] | None = None) -> Draft:
    """Store a rendered draft (state draft). An unsent draft of the contact with the same
    template, channel and text is reused (its `updated` moves) instead of adding a copy.
    The ask is linked only for ask-kind templates (ask, intro-request), so that marking the
    draft sent moves the ask to "asked". `existing`: the contact's drafts, if already read."""
    ask_id = ask.id if ask is not None and composed.template.kind == Kind.ASK.value else None
    for old in store.drafts(contact_id) if existing is None else existing:
        if (old.state == DraftState.DRAFT.value and old.template == composed.template.name
                and old.channel == composed.channel and old.text == composed.text):
            old.ask_id = ask_id or old.ask_id
            return store.save_draft(old)
    return store.save_draft(Draft(contact_id, composed.template.name, composed.channel,
                                  composed.text, ask_id=ask_id))


def template_of(draft: Draft) -> drafting.Template:
    """The draft's template among the built-in and user templates (reads the user's folder).
    An unknown name (a template file since removed) behaves as a plain message."""
    try:
        return drafting.get_template(draft.template,
                                     drafting.all_templates(drafting.load_user_templates()))
    except drafting.TemplateError:
        return drafting.Template(draft.template, draft.text, "", "linkedin-message",
                                 Kind.MESSAGE.value)


def mark_sent(store: Store, draft: Draft, today: dt.date, *,
              template: drafting.Template | None = None, force: bool = False) -> SentResult:
    """Record that `draft` was sent today, by hand (see the module docstring).

    `template` gives the interaction kind and what to close; default: `template_of(draft)`.
    Raises ValidationError if the draft was sent already or still has a blocking problem.
    """
    if draft.state == DraftState.SENT.value:
        raise ValidationError("this draft is marked sent already")
    if not force:
        memos = [n for n in store.notes(draft.contact_id) if n.is_memo]
        blocking = [p for p in drafting.text_problems(draft.text, draft.channel, memos)
                    if p.level == drafting.ERROR]
        if blocking:
            raise ValidationError(f"not marked sent: {blocking[0].message}")
    template = template or template_of(draft)
    interaction = Interaction(draft.contact_id, drafting.sent_kind(template, draft.channel),
                              today, channel=drafting.interaction_channel(draft.channel),
                              summary=f"sent {draft.template} draft")
    result = SentResult(draft, interaction)
    with store.transaction():
        store.log(interaction)
        draft.state = DraftState.SENT.value
        store.save_draft(draft)
        if template.closes:
            for fu in store.followups(draft.contact_id):
                if fu.origin == template.closes and fu.is_open:
                    fu.state = FollowUpState.DONE.value
                    fu.closed_on = today
                    store.save_followup(fu)
                    result.closed.append(fu)
        if draft.ask_id and template.kind == Kind.ASK.value:
            for ask in store.asks(draft.contact_id):
                if ask.id == draft.ask_id:
                    ask.state = AskState.ASKED.value
                    store.save_ask(ask)
                    result.ask_marked = True
    return result

"""Marking a draft as sent: the one write that drafting needs (P7: you send it by hand).

Used by `cockpit sent` and by the Draft pane's `S` key. In one transaction it:

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
from dataclasses import dataclass, field

from . import drafting
from .model import (
    AskState, Draft, DraftState, FollowUp, FollowUpState, Interaction, Kind, ValidationError,
)
from .store import Store


@dataclass(slots=True)
class SentResult:
    draft: Draft
    interaction: Interaction
    closed: list[FollowUp] = field(default_factory=list)  # follow-ups closed
    ask_marked: bool = False  # the draft's ask moved to "asked"


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
        blocking = [p for p in drafting.text_problems(draft.text, draft.channel)
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

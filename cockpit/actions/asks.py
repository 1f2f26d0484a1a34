"""Asks: plan one (engage first — like, comment, share — then ask), change its state."""

from __future__ import annotations

from ..model import Ask, AskState, ValidationError, parse_enum, parse_steps
from .errors import FormErrors
from .workspace import Workspace

DEFAULT_STEPS = "like,comment,share"


def plan_ask(ws: Workspace, what: str, offer: str = "", steps: str = DEFAULT_STEPS, *,
             contact_id: str | None = None, who: str = "") -> Ask:
    """Plan an ask for `contact_id` (or the contact named `who`). Every bad field is
    reported at once (FormErrors: who, what, steps)."""
    errors: dict[str, str] = {}
    with ws.lock:
        if contact_id is None:
            if not who.strip():
                errors["who"] = "whom do you want to ask?"
            elif (found := ws.resolve_field(who, "who", errors)) is not None:
                contact_id = found.id
        if not what.strip():
            errors["what"] = "say what you want to ask for"
        ladder: list[str] = []
        try:
            ladder = parse_steps(steps or DEFAULT_STEPS)
        except ValidationError as exc:
            errors["steps"] = str(exc)
        if errors:
            raise FormErrors(errors)
        assert contact_id is not None
        return ws.store.save_ask(Ask(contact_id, what.strip(), ws.today, offer=offer.strip(),
                                     steps=ladder))


def set_ask_state(ws: Workspace, ask: Ask, state: str) -> str:
    state = parse_enum(AskState, state, "ask state").value
    with ws.lock:
        ask.state = state
        ws.store.save_ask(ask)
    return f"Ask {state}: {ask.what}"

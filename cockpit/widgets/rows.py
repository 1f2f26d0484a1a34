"""How agenda items read as one line: shared by the morning panes and the contact screen.

Pure functions from domain objects (and the width available) to Textual `Content`.
Colours come from the theme: `$text-error` for overdue, `$text-success` for "ask now",
`$text-warning` for today.
"""

from __future__ import annotations

import datetime as dt

from textual.content import Content

from .. import agenda
from ..agenda import BirthdayItem, EngageItem, FollowUpItem
from ..model import Origin
from ..text import clipped

ROW_TEXT = 400
"""Characters of a name, reason or ask shown in a row: no row is wider than this."""

WHEN_WIDTH = 12  # "365d overdue"


def name_width(width: int, longest: int = 26, share: float = 0.4) -> int:
    """Room for a name in a row `width` cells wide, when the longest name is `longest`."""
    return max(10, min(longest, int(width * share), 28))


def _cell(text: str, width: int) -> str:
    """`text` cut or padded to exactly `width` cells (names are rarely wide characters),
    control characters shown escaped."""
    text = clipped(text, ROW_TEXT)
    if len(text) > width:
        return text[: max(0, width - 1)] + "…"
    return text.ljust(width)


def fit(content: Content, width: int) -> Content:
    """One line, cut with an ellipsis at `width`."""
    if width > 0 and content.cell_length > width:
        return content.truncate(width, ellipsis=True)
    return content


day_label = agenda.day_label


def followup_when(item: FollowUpItem, today: dt.date) -> tuple[str, str]:
    if item.overdue:
        return agenda.due_label(item, today), "bold $text-error"
    if item.due == today:
        return "today", "bold $text-warning"
    if item.due == today + dt.timedelta(days=1):
        return "tomorrow", "$text-muted"
    return day_label(item.due, today), "$text-muted"


def followup_reason(item: FollowUpItem, today: dt.date) -> str:
    """The reason, said short enough for a row (the agenda's own words otherwise)."""
    if item.origin == Origin.CADENCE.value:
        last = item.contact.last_interaction
        if last is None:
            return f"never in touch since added · {item.contact.tie}"
        return f"{(today - last).days} days since you last spoke · {item.contact.tie}"
    if item.origin == Origin.INVITE_PENDING.value:
        return "invitation pending — nudge or let go"
    return item.reason


def followup_row(item: FollowUpItem, today: dt.date, width: int, name_w: int = 0) -> Content:
    when, style = followup_when(item, today)
    upcoming = item.due > today
    name_style = "$text-muted" if upcoming else "bold"
    row = Content.assemble(
        (_cell(when, WHEN_WIDTH), style), " ",
        (_cell(item.contact.name, name_w or name_width(width)), name_style), " ",
        (clipped(followup_reason(item, today), ROW_TEXT), "$text-muted" if upcoming else ""),
    )
    return fit(row, width)


def birthday_when(item: BirthdayItem) -> tuple[str, str]:
    if item.in_days == 0:
        return "today", "bold $text-warning"
    if item.in_days == 1:
        return "tomorrow", ""
    return day_label(item.date, item.date - dt.timedelta(days=item.in_days)), (
        "" if item.in_days <= 3 else "$text-muted")


def birthday_row(item: BirthdayItem, width: int, name_w: int = 0) -> Content:
    when, style = birthday_when(item)
    if item.wished:
        when, style = f"✓ {when}", "$text-success"
    detail = f"turns {item.age}" if item.age is not None else "age unknown"
    parts: list[str | tuple[str, str]] = [
        (_cell(when, 8), style), " ",
        (_cell(item.contact.name, name_w or name_width(width)), "$text-muted" if item.wished else "bold"),
        " ", (detail, "$text-muted"),
    ]
    if item.wished:
        parts.append((" · wished", "$text-success"))
    return fit(Content.assemble(*parts), width)


def ladder(item: EngageItem) -> Content:
    """like ✓ → comment → share, the done steps ticked."""
    parts: list[str | tuple[str, str]] = []
    for n, (step, ok) in enumerate(item.steps.items()):
        if n:
            parts.append((" → ", "$text-muted"))
        if ok:
            parts.append((f"{clipped(step, ROW_TEXT)} ✓", "$text-success"))
        elif step == item.next_step:
            parts.append((clipped(step, ROW_TEXT), "bold $text-accent"))
        else:
            parts.append((clipped(step, ROW_TEXT), "$text-muted"))
    return Content.assemble(*parts)


def engage_row(item: EngageItem, width: int, name_w: int = 0) -> Content:
    """"ask now" (green) or the ladder as dots, the name, the next step, the ask."""
    if item.ready:
        state = ("ask now", "bold $text-success")
        step = ("ready", "bold $text-success")
    else:
        state = ("●" * item.progress + "○" * (len(item.steps) - item.progress), "$text-accent")
        step = (f"next: {clipped(item.next_step or '', ROW_TEXT)}", "$text-accent")
    row = Content.assemble(
        (_cell(state[0], 7), state[1]), " ",
        (_cell(item.contact.name, name_w or name_width(width)), "bold"), " ",
        step, (" · ", "$text-muted"), (clipped(item.ask.what, ROW_TEXT), ""),
    )
    return fit(row, width)


def when_text(day: dt.date, today: dt.date) -> str:
    """"today", "yesterday", "3 days ago", or the date."""
    delta = (today - day).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "yesterday"
    if 1 < delta < 14:
        return f"{delta} days ago"
    if delta == -1:
        return "tomorrow"
    return f"{day.day} {day:%b %Y}"

"""The panes of the contact screen: the card, open follow-ups and asks, notes, history."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..actions.morning import ContactCard, History
from ..agenda import EngageItem, FollowUpItem
from ..model import Interaction, Note
from ..text import clipped, clipped_block
from . import rows

MAX_HISTORY = 200
MAX_NOTES = 200
"""Notes listed at once (newest first; "… N older" says how many more): 100,000 notes open
as fast as 200, and no key typed meanwhile is lost."""
FACT_TEXT = 2000
"""Characters of one card fact shown (a 5 MB company is cut; the full text is in edit)."""
NOTE_PREVIEW = 600
NOTE_LINES = 6
"""A note's row shows its first lines (the full text opens with enter)."""


NETWORK_NAMES = {"linkedin": "LinkedIn", "twitter": "Twitter", "facebook": "Facebook",
                 "github": "GitHub", "instagram": "Instagram", "mastodon": "Mastodon"}


def day_text(day: dt.date) -> str:
    """"2 Sep 2023"."""
    return f"{day.day} {day:%b %Y}"


class CardView(Static):
    """Everything known about the person, one fact a line (long values wrap under
    themselves, not under the labels)."""

    def clear(self) -> None:
        """Nothing shown (the screen is about to show another contact)."""
        self.update("")

    def show(self, card: ContactCard, today: dt.date) -> None:
        from rich.table import Table
        from rich.text import Text

        c = card.contact
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")

        def fact(label: str, value: str, style: str = "") -> None:
            if value:
                grid.add_row(clipped(label, 40), Text(clipped(value, FACT_TEXT), style=style))

        fact("Works", " at ".join(part for part in (c.role, c.company) if part))
        fact("Location", c.location)
        fact("E-mail", ", ".join(c.emails))
        fact("Phone", ", ".join(c.phones))
        for network, handle in sorted(c.handles.items()):
            fact(NETWORK_NAMES.get(network, network.capitalize()), handle)
        how = {"in-person": "in person", "online": "online", "introduced": "introduced"}.get(
            c.how_met or "", c.how_met or "")
        met = " ".join(part for part in (
            how, f"at {c.met_at}" if c.met_at else "",
            f"on {day_text(c.met_on)}" if c.met_on else "") if part)
        fact("Met", met)
        if card.introducer is not None:
            fact("Introduced by", card.introducer.name)
        if card.introduced:
            names = ", ".join(o.name for o in card.introduced[:3])
            more = f" and {len(card.introduced) - 3} more" if len(card.introduced) > 3 else ""
            fact("Introductions", f"introduced you to {names}{more}")
        fact("Relationship", c.relationship or "")
        fact("Tie", f"{c.tie} · keep in touch every {card.cadence} days")
        if c.birthday is not None:
            shown = (f"{c.birthday.day} {dt.date(2000, c.birthday.month, 1):%b}"
                     + (f" {c.birthday.year}" if c.birthday.year else ""))
            if card.next_birthday is not None:
                turns = ""
                if c.birthday.year:
                    turns = f", turns {card.next_birthday.year - c.birthday.year}"
                shown += f" (next {card.next_birthday:%a} {day_text(card.next_birthday)}{turns})"
            fact("Birthday", shown)
        fact("Tags", ", ".join(c.tags))
        last = c.last_interaction
        if last is None:
            fact("Last in touch", "never", "yellow")
        else:
            ago = rows.when_text(last, today)
            days = (today - last).days
            fact("Last in touch", ago if days < 14 else f"{days} days ago ({day_text(last)})")
        if c.archived:
            grid.add_row("", Text("archived (A restores)", style="bold yellow"))
        title = Text(clipped(c.name, FACT_TEXT), style="bold")
        from rich.console import Group

        self.update(Group(title, grid))


class ContactAgendaList(OptionList):
    """Open follow-ups (any date) and asks of one contact."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="contact-down"),
        Binding("k", "cursor_up", "Up", show=False, id="contact-up"),
        Binding("d", "done", "Done", id="contact-done", tooltip="Mark the follow-up done"),
        Binding("s", "snooze", "Snooze", id="contact-snooze", tooltip="Show it again later"),
    ]

    class ItemDone(Message):
        """`d` on a follow-up of this contact."""

        def __init__(self, item: FollowUpItem) -> None:
            super().__init__()
            self.item = item

    class SnoozeRequested(Message):
        """`s` on a follow-up of this contact."""

        def __init__(self, item: FollowUpItem) -> None:
            super().__init__()
            self.item = item

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.items: dict[str, FollowUpItem | EngageItem] = {}
        self.border_title = "Follow-ups and asks"
        self._shown: tuple[ContactCard, dt.date] | None = None
        self._cut_at = 0
        """The width the rows were cut to."""

    def clear(self) -> None:
        """Nothing shown (the screen is about to show another contact)."""
        self._shown = None
        self.items = {}
        self.border_subtitle = ""
        self.clear_options()

    def on_resize(self, event: events.Resize) -> None:
        # Rows are cut to the width: cut them again when it changed (only the height does
        # when another contact's card is taller; listing them again then was a second
        # paint of the screen).
        if self._shown is not None and self._row_width() != self._cut_at:
            self.show(*self._shown)

    def _row_width(self) -> int:
        return max(20, self.scrollable_content_region.width - 1) if self.size.width else 50

    def show(self, card: ContactCard, today: dt.date) -> None:
        self._shown = (card, today)
        width = self._cut_at = self._row_width()
        options: list[Option] = []
        self.items = {}
        for n, item in enumerate(card.followups):
            key = f"fu{n}"
            self.items[key] = item
            when, style = rows.followup_when(item, today)
            reason = rows.followup_reason(item, today)
            if item.due > today + dt.timedelta(days=6):
                when, style = day_text(item.due), "$text-muted"
                if item.origin == "cadence":
                    reason = f"keep in touch (every {card.cadence} days)"
            options.append(Option(rows.fit(Content.assemble(
                (f"{when:<11}", style), " ", clipped(reason, rows.ROW_TEXT)), width), id=key))
        for n, engage in enumerate(card.asks):
            key = f"ask{n}"
            self.items[key] = engage
            state = ("ask now", "bold $text-success") if engage.ready else ("ask", "$text-accent")
            options.append(Option(Content.assemble(
                (f"{state[0]:<11}", state[1]), " ", (clipped(engage.ask.what, rows.ROW_TEXT), "bold"),
                "\n",
                " " * 12, rows.ladder(engage)), id=key))
        if not options:
            options = [Option(Content.styled("Nothing open.", "$text-muted"), disabled=True)]
        index = self.highlighted
        self.set_options(options)
        if options and not options[0].disabled:
            self.highlighted = min(index or 0, len(options) - 1)
        self.border_subtitle = (f"{len(card.followups)} follow-up"
                                f"{'s' if len(card.followups) != 1 else ''} · "
                                f"{len(card.asks)} ask{'s' if len(card.asks) != 1 else ''}")

    @property
    def selected(self) -> FollowUpItem | EngageItem | None:
        if self.highlighted is None:
            return None
        return self.items.get(self.get_option_at_index(self.highlighted).id or "")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("done", "snooze"):
            if self._shown is None:
                # Lit while the card loads (a few ms; they act on nothing meanwhile): dimming
                # and lighting them for every contact cost more than the load.
                return True
            return True if isinstance(self.selected, FollowUpItem) else None
        return True

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self.refresh_bindings()

    def action_done(self) -> None:
        if isinstance(self.selected, FollowUpItem):
            self.post_message(self.ItemDone(self.selected))

    def action_snooze(self) -> None:
        if isinstance(self.selected, FollowUpItem):
            self.post_message(self.SnoozeRequested(self.selected))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()


class NotesList(OptionList):
    """The contact's notes, newest first: enter edits, delete removes, n adds."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="notes-down"),
        Binding("k", "cursor_up", "Up", show=False, id="notes-up"),
        Binding("enter", "select", "Edit note", id="notes-edit"),
        Binding("delete,backspace", "delete_note", "Delete note", id="notes-delete",
                key_display="del"),
    ]

    class EditRequested(Message):
        """Enter on a note: edit it."""

        def __init__(self, note: Note) -> None:
            super().__init__()
            self.note = note

    class DeleteRequested(Message):
        """Delete on a note: remove it (after a confirmation)."""

        def __init__(self, note: Note) -> None:
            super().__init__()
            self.note = note

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.notes: dict[str, Note] = {}
        self.border_title = "Notes"
        self._loading = True
        """No notes given yet (`show`)."""

    def clear(self) -> None:
        """Nothing shown (the screen is about to show another contact)."""
        self._loading = True
        self.notes = {}
        self.border_subtitle = ""
        self.clear_options()

    def show(self, notes: tuple[Note, ...]) -> None:
        self._loading = False
        shown_notes = notes[:MAX_NOTES]
        self.notes = {n.id: n for n in shown_notes}
        index = self.highlighted
        if notes:
            options = [Option(Content.assemble((f"{day_text(n.date):>11}", "$text-muted"),
                                               "  ", note_preview(n.text)), id=n.id)
                       for n in shown_notes]
            if len(notes) > len(shown_notes):
                options.append(Option(Content.styled(
                    f"… {len(notes) - len(shown_notes):,} older notes", "$text-muted italic"), disabled=True))
            self.set_options(options)
            self.highlighted = min(index or 0, len(shown_notes) - 1)
        else:
            self.set_options([Option(Content.styled("No notes yet: press n to add one. "
                                                    "Drafts are made of notes.", "$text-muted"),
                                     disabled=True)])
        self.border_subtitle = f"{len(notes)}" if notes else ""

    @property
    def selected(self) -> Note | None:
        if self.highlighted is None or not self.notes:
            return None
        return self.notes.get(self.get_option_at_index(self.highlighted).id or "")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("select", "delete_note"):
            if self._loading:
                return True  # as ContactAgendaList's keys while the card loads
            return True if self.selected is not None else None
        return True

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        note = self.notes.get(event.option.id or "")
        if note is not None:
            self.post_message(self.EditRequested(note))

    def action_delete_note(self) -> None:
        note = self.selected
        if note is not None:
            self.post_message(self.DeleteRequested(note))


def _loading() -> Option:
    return Option(Content.styled("Loading history…", "$text-muted"), disabled=True)


class HistoryList(OptionList):
    """Interactions, newest first (the latest 200): delete removes one (a mistake)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="history-down"),
        Binding("k", "cursor_up", "Up", show=False, id="history-up"),
        Binding("delete,backspace", "delete_interaction", "Delete", id="history-delete",
                key_display="del", tooltip="Delete the selected interaction from the history"),
    ]

    class DeleteRequested(Message):
        """Delete on an interaction: remove it (after a confirmation)."""

        def __init__(self, interaction: Interaction) -> None:
            super().__init__()
            self.interaction = interaction

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(_loading(), id=id, classes=classes, markup=False)
        self.border_title = "History"
        self._shown: tuple[History, dt.date] | None = None
        self._cut_at = 0
        """The width the rows were cut to."""
        self.items: dict[str, Interaction] = {}

    @property
    def shown(self) -> bool:
        """A history is listed (not "Loading history…")."""
        return self._shown is not None

    def clear(self) -> None:
        """"Loading history…" (the screen is about to show another contact)."""
        self._shown = None
        self.items = {}
        self.border_subtitle = ""
        self.set_options([_loading()])

    def on_resize(self, event: events.Resize) -> None:
        if self._shown is not None and self._row_width() != self._cut_at:
            self.show(*self._shown)  # rows are cut to the width: cut them again

    def _row_width(self) -> int:
        return max(20, self.scrollable_content_region.width - 1) if self.size.width else 0

    def show(self, history: History, today: dt.date) -> None:
        self._shown = (history, today)
        self._cut_at = self._row_width()
        # Keyed by row (a hand-edited file may repeat an id; option ids must be unique).
        self.items = {f"h{n}": i for n, i in enumerate(history.items)}
        if not history.items:
            self.set_options([Option(Content.styled("No interactions yet.", "$text-muted"),
                                     disabled=True)])
            self.border_subtitle = ""
            self.refresh_bindings()
            return
        index = self.highlighted
        width = self._cut_at
        options = [Option(rows.fit(_history_row(i, today), width), id=key)
                   for key, i in self.items.items()]
        if history.total > len(history.items):
            options.append(Option(Content.styled(
                f"… {history.total - len(history.items):,} older", "$text-muted italic"),
                disabled=True))
        self.set_options(options)
        self.highlighted = min(index or 0, len(history.items) - 1)  # after a delete: stay
        self.border_subtitle = f"{history.total:,}"
        self.refresh_bindings()

    @property
    def selected(self) -> Interaction | None:
        if self.highlighted is None or not self.items:
            return None
        return self.items.get(self.get_option_at_index(self.highlighted).id or "")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "delete_interaction":
            return True if self.selected is not None else None
        return True

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self.refresh_bindings()

    def action_delete_interaction(self) -> None:
        item = self.selected
        if item is not None:
            self.post_message(self.DeleteRequested(item))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()


def _history_row(item: Interaction, today: dt.date) -> Content:
    parts: list[str | tuple[str, str]] = [
        (f"{day_text(item.date):>11}", "$text-muted"), " ", (f"{clipped(item.kind, 20):<9}", "bold"), " ",
    ]
    if item.channel:
        parts.append((f"{clipped(item.channel, 40)} ", "$text-muted"))
    if item.summary:
        parts.append(("· " + clipped(item.summary, rows.ROW_TEXT), ""))
    return Content.assemble(*parts)


def note_preview(text: str) -> str:
    """The first lines of a note, controls escaped ("…" when there is more)."""
    lines = text[:NOTE_PREVIEW].replace("\r\n", "\n").split("\n")
    cut = len(text) > NOTE_PREVIEW or len(lines) > NOTE_LINES
    preview = clipped_block("\n".join(lines[:NOTE_LINES]), NOTE_PREVIEW)
    return preview + ("…" if cut and not preview.endswith("…") else "")

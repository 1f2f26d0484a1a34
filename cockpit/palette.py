"""The command palette's app commands: every action a key does where you are, with its key.

They are read from the key bindings active on the screen the palette was opened from (the
focused pane's, the screen's, the app's), so the palette and the keys never disagree: a new
key is a new command, and an action that does not apply here is not offered.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.dom import DOMNode

# Moving the cursor is not a command anyone looks for in a palette.
_NOT_COMMANDS = frozenset({"cursor_down", "cursor_up", "command_palette", "unzoom"})


class KeyCommands(Provider):
    """Each key's action as a command: "Export reminders to an iCalendar file  x"."""

    def _commands(self) -> Iterator[tuple[str, str, DOMNode, str]]:
        """(title, keys, node, action) for each enabled action, keys joined ("del/backspace")."""
        found: dict[tuple[int, str], tuple[str, list[str], DOMNode]] = {}
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not active.enabled or binding.action in _NOT_COMMANDS:
                continue
            title = _title(binding.description, active.tooltip or binding.tooltip)
            if not title:
                continue
            key = self.app.get_key_display(binding)
            slot = (id(active.node), binding.action)
            if slot in found:
                found[slot][1].append(key)
            else:
                found[slot] = (title, [key], active.node)
        for (_node_id, action), (title, keys, node) in found.items():
            yield title, " / ".join(dict.fromkeys(keys)), node, action

    def _run(self, node: DOMNode, action: str) -> partial[Any]:
        return partial(self.app.run_action, action, node)

    async def discover(self) -> Hits:
        for title, keys, node, action in sorted(self._commands()):
            yield DiscoveryHit(_display(title, keys), self._run(node, action), text=title)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, keys, node, action in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, Content.assemble(matcher.highlight(title),
                                                  ("  " + keys, "$text-accent")),
                          self._run(node, action), text=title)


def _title(name: str, tooltip: str) -> str:
    """What the command does, findable by the key's footer name too ("Help: Every key…")."""
    if not tooltip or name.casefold() in tooltip.casefold():
        return tooltip or name
    return f"{name}: {tooltip}"


def _display(title: str, keys: str) -> Content:
    return Content.assemble(title, ("  " + keys, "$text-accent"))

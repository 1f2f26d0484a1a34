"""Find a contact as you type: names first, then company, role and tags, then fuzzy.

The index folds every contact's text once (30,000 in ~0.1 s) and lives on the
workspace until contacts change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import Contact, fold, fold_many
from .workspace import Workspace, paused_gc


@dataclass(frozen=True, slots=True)
class Match:
    """A fuzzy-find result: the contact and a score in (0, 1]."""

    contact: Contact
    score: float


@dataclass(slots=True)
class SearchIndex:
    contacts: list[Contact] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # folded names
    rest: list[str] = field(default_factory=list)  # folded "company role tags"


def build_index(ws: Workspace) -> SearchIndex:
    with paused_gc():
        with ws.lock:
            people = sorted(ws.store.contacts(), key=lambda c: c.name.casefold())
        names = fold_many([c.name for c in people])
        rest = fold_many([" ".join((c.company, c.role, *c.tags)) for c in people])
        index = SearchIndex(people, names, rest)
    ws.search_index = index
    return index


def search(ws: Workspace, query: str, limit: int = 20) -> list[Match]:
    """Contacts matching every word of `query` (case and accents ignored), best first.

    A word matches a name at a word start (best), anywhere in the name, or in the
    company, role or tags; failing all that, the letters in order (fuzzy).
    """
    index = ws.search_index if isinstance(ws.search_index, SearchIndex) else build_index(ws)
    words = fold(query).split()
    if not words:
        return []
    scored: list[tuple[float, int]] = []
    names, rest = index.names, index.rest
    for i, name in enumerate(names):
        score = 0.0
        for word in words:
            pos = name.find(word)
            if pos == 0:
                score += 1.0
            elif pos > 0:
                score += 0.8 if name[pos - 1] == " " else 0.5
            elif word in rest[i]:
                score += 0.35
            else:
                break
        else:
            scored.append((score / len(words), i))
    if not scored:
        scored = _fuzzy(words, names)
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [Match(index.contacts[i], max(0.01, min(1.0, s))) for s, i in scored[:limit]]


def _fuzzy(words: Iterable[str], names: list[str]) -> list[tuple[float, int]]:
    """Letters of the query in order within a name ("nrib" finds "nuria ibanez")."""
    letters = "".join(words)
    found = []
    for i, name in enumerate(names):
        pos = 0
        gaps = 0
        for ch in letters:
            nxt = name.find(ch, pos)
            if nxt < 0:
                break
            gaps += nxt - pos
            pos = nxt + 1
        else:
            found.append((0.3 / (1 + gaps / 10), i))
    return found

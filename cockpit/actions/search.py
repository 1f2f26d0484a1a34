"""Find a contact as you type: names first, then company, role, tags and notes, then a
word with a typo ("glvoo" finds the people at Glovo), then the letters in order.

The index folds every contact's text once (30,000 in ~0.1 s) and lives on the
workspace until contacts change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Contact, fold, fold_many
from ..store import Store, default_path
from .workspace import Workspace, paused_gc


@dataclass(frozen=True, slots=True)
class Match:
    """A fuzzy-find result: the contact and a score in (0, 1]."""

    contact: Contact
    score: float


@dataclass(slots=True)
class SearchIndex:
    ids: list[str] = field(default_factory=list)  # contact ids, by name
    names: list[str] = field(default_factory=list)  # folded names
    rest: list[str] = field(default_factory=list)  # folded "company role tags notes"
    words: dict[str, list[int]] | None = None  # each folded word -> contacts (for typos)
    archived: frozenset[int] = frozenset()  # positions of the archived people


def build_index(ws: Workspace) -> SearchIndex:
    """Everyone, archived people too (find shows them, marked, so they can be restored).

    The text is read off the stored records: no Contact object is made for the 30,000
    (that cached them all — 70 MB of the TUI at 30k); a match becomes one when shown."""
    people: list[tuple[str, str, str, bool]] = []  # id, name, company role tags, archived

    def read(doc: dict[str, Any]) -> bool:
        tags = doc.get("tags") or ()
        people.append((str(doc["id"]), str(doc.get("name") or ""), " ".join((
            str(doc.get("company") or ""), str(doc.get("role") or ""),
            *(str(t) for t in (tags if isinstance(tags, list) else (tags,))))),
            bool(doc.get("archived"))))
        return False  # nothing to build

    with paused_gc():
        with ws.lock:
            ws.store.contacts(include_archived=True, where=read)
            notes: dict[str, list[str]] = defaultdict(list)
            for note in ws.store.notes():
                notes[note.contact_id].append(note.text)
        people.sort(key=lambda p: p[1].casefold())
        names = fold_many([name for _id, name, _rest, _archived in people])
        rest = fold_many([" ".join((text, *notes.get(cid, ())))
                          for cid, _name, text, _archived in people])
        index = SearchIndex([p[0] for p in people], names, rest,
                            archived=frozenset(i for i, p in enumerate(people) if p[3]))
    ws.search_index = index
    import rapidfuzz.process  # noqa: F401  (typo matching's imports, off the first keystroke)

    return index


def search(ws: Workspace, query: str, limit: int = 20, *,
           include_archived: bool = False) -> list[Match]:
    """Contacts matching every word of `query` (case and accents ignored), best first.

    A word matches a name at a word start (best), anywhere in the name, or in the
    company, role or tags; failing all that, the letters in order (fuzzy). Archived
    people only with `include_archived`, and after the others as good a match.
    """
    index = ws.search_index if isinstance(ws.search_index, SearchIndex) else build_index(ws)
    words = fold(query).split()
    if not words:
        return []
    scored: list[tuple[float, int]] = []
    names, rest = index.names, index.rest
    hidden = index.archived
    skip = frozenset() if include_archived else hidden
    for i, name in enumerate(names):
        if i in skip:
            continue
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
        scored = [hit for hit in _typos(words, index) if hit[1] not in skip]
    if not scored:
        scored = [hit for hit in _fuzzy(words, names) if hit[1] not in skip]
    if include_archived:
        scored = [(s * 0.9 if i in hidden else s, i) for s, i in scored]
    scored.sort(key=lambda s: (-s[0], s[1]))
    found = []
    for s, i in scored:
        contact = ws.contact_or_none(index.ids[i])  # None: left out (a value out of range)
        if contact is not None:
            found.append(Match(contact, max(0.01, min(1.0, s))))
            if len(found) == limit:
                break
    return found


def _typo_budget(word: str) -> int:
    """Edits forgiven in a typed word: none under 4 letters (too many near misses)."""
    return 0 if len(word) < 4 else 1 if len(word) < 8 else 2


def _typos(words: list[str], index: SearchIndex) -> list[tuple[float, int]]:
    """Contacts with, for every typed word, a word at most a typo or two away (a swap of
    two letters counts as one): "glvoo" finds "glovo", "madird" finds "madrid"."""
    if index.words is None:
        vocabulary: dict[str, list[int]] = defaultdict(list)
        for i, (name, rest) in enumerate(zip(index.names, index.rest, strict=True)):
            for word in set(f"{name} {rest}".split()):
                vocabulary[word].append(i)
        index.words = dict(vocabulary)
    # Loaded on first use (40 ms of imports), not on the way to the TUI's first paint.
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    vocab = index.words
    keys = list(vocab)
    found: dict[int, float] | None = None
    for word in words:
        budget = _typo_budget(word)
        near: dict[int, float] = {}
        for key, distance, _pos in process.extract(
                word, keys, scorer=OSA.distance, score_cutoff=budget, limit=None):
            for i in vocab[key]:
                near[i] = max(near.get(i, 0.0), 0.3 - 0.1 * distance)
        found = near if found is None else {i: min(s, near[i]) for i, s in found.items()
                                            if i in near}
        if not found:
            return []
    return [(score, i) for i, score in (found or {}).items()]


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


def complete_names(path: Path | None, incomplete: str, limit: int = 200) -> list[str]:
    """Contact names starting with `incomplete` (case and accents ignored), for the shell's
    completion of NAME arguments. Reads the file only: a missing database stays missing."""
    target = path if path is not None else default_path()
    if not target.is_file():
        return []
    want = fold(incomplete)
    # Tested on the stored records: only the names that match become Contact objects
    # (building 30,000 of those on every tab press would take a second).
    found = Store(target).contacts(
        where=lambda doc: fold(str(doc.get("name") or "")).startswith(want))
    return sorted({c.name for c in found}, key=fold)[:limit]

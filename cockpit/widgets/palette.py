"""The command palette's contacts: fuzzy find by name, company, role or tag — archived
people too, marked "(archived)": choosing one opens their screen, where `A` restores them.

Names and companies come from other people: each hit is plain `Content` of the escaped
text (`shown()`), never markup, so `[@click=app.quit]` in a name is only text.
"""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from ..actions import search
from ..text import shown
from ..tui_host import OpenContact, host


class ContactProvider(Provider):
    """Fuzzy find of contacts by name, company, role or tag (30,000 answer as you type)."""

    def _open(self, contact_id: str, archived: bool = False) -> None:
        """Their screen; an archived person's says so, and `A` there restores them."""
        self.app.post_message(OpenContact(contact_id))
        if archived:
            self.app.notify("Archived: press A on their screen to restore them",
                            title="Archived contact")

    async def search(self, query: str) -> Hits:
        service = host(self).service
        if service is None:
            return
        for match in search.search(service, query, limit=25, include_archived=True):
            c = match.contact
            detail = " · ".join(part for part in (c.company, c.role, ", ".join(c.tags)) if part)
            mark = ("  (archived)", "bold $text-warning") if c.archived else ("", "")
            yield Hit(match.score, Content.assemble((shown(c.name), "bold"), mark,
                                                    ("  " + shown(detail), "$text-muted")),
                      lambda cid=c.id, gone=c.archived: self._open(cid, gone),
                      text=shown(c.name), help="A on their screen restores them"
                      if c.archived else None)

    async def discover(self) -> Hits:
        morning = host(self).morning
        if morning is None:
            return
        seen: set[str] = set()
        for item in morning.agenda.due_followups[:10]:
            if item.contact.id in seen:
                continue
            seen.add(item.contact.id)
            c = item.contact
            yield DiscoveryHit(Content.assemble((shown(c.name), "bold"),
                                                ("  follow-up due", "$text-muted")),
                               lambda cid=c.id: self._open(cid), text=shown(c.name))

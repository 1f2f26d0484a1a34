"""Where a message goes: privacy, length limits, and how to reach the contact (P4, P16)."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Contact, ValidationError


@dataclass(frozen=True, slots=True)
class Channel:
    """Where a message goes. `hard_limit`: the network refuses longer text (too-long is an
    error); `soft_limit`: longer text is allowed but not brief (too-long is a warning)."""

    name: str
    public: bool
    hard_limit: int | None = None
    soft_limit: int | None = None
    network: str = ""  # the interaction channel logged when it is sent
    needs: str = ""  # "email" or "phone": what the contact must have for this channel
    soft_reason: str = "keep it brief"


# Lengths are characters (code points). LinkedIn's invitation note: 300 characters with
# Premium, 200 on a free account (since 2023); over 300 the note cannot be sent at all.
LINKEDIN_INVITE_LIMIT = 300
LINKEDIN_INVITE_FREE_LIMIT = 200

CHANNELS: dict[str, Channel] = {c.name: c for c in (
    Channel("linkedin-invite", False, LINKEDIN_INVITE_LIMIT, LINKEDIN_INVITE_FREE_LIMIT,
            "linkedin", soft_reason=f"free LinkedIn accounts allow {LINKEDIN_INVITE_FREE_LIMIT}"),
    Channel("linkedin-message", False, 8000, 1000, "linkedin"),
    Channel("email", False, None, 1500, "email", needs="email"),
    Channel("whatsapp", False, 65536, 700, "whatsapp", needs="phone"),
    Channel("sms", False, None, 160, "sms", needs="phone",
            soft_reason="one SMS is 160 characters (fewer with accents or emoji)"),
    Channel("linkedin-post", True, 3000, 1300, "linkedin"),
    Channel("twitter-public", True, 280, None, "twitter"),
    Channel("facebook-wall", True, None, 1000, "facebook"),
)}
PRIVATE_CHANNELS = tuple(n for n, c in CHANNELS.items() if not c.public)
ASK_CHANNELS = ("linkedin-message", "email", "whatsapp", "sms")  # private, room for a request


def get_channel(name: str) -> Channel:
    channel = CHANNELS.get(name.strip().lower())
    if channel is None:
        raise ValidationError(f"unknown channel {name!r} (choose from: {', '.join(CHANNELS)})")
    return channel


def reachable(channel: Channel, contact: Contact) -> bool:
    """Whether the contact has what the channel needs (an e-mail address, a phone)."""
    if channel.needs == "email":
        return bool(contact.emails)
    if channel.needs == "phone":
        return bool(contact.phones)
    return True


def pick_channel(wanted: str, contact: Contact) -> str:
    """`wanted`, unless the contact cannot be reached there (an e-mail template for someone
    with no e-mail address): then the first private channel they have."""
    if reachable(CHANNELS[wanted], contact):
        return wanted
    for name in ("linkedin-message", "email", "whatsapp"):
        if reachable(CHANNELS[name], contact):
            return name
    return wanted


def interaction_channel(channel: str) -> str:
    """The network name logged with the interaction ("linkedin-invite" → "linkedin")."""
    chan = CHANNELS.get(channel)
    return chan.network if chan else channel

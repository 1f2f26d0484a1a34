"""English wordings: the built-in templates and how each kind of mention is said.

Every `{mention}` stands alone as a sentence (after a sentence ends, before one starts), so
a draft without a mention simply goes without it. `{t}` in a mention is the topic as the
user wrote it ("observability at PyCon ES"). No wording pastes a note after a colon.
"""

from __future__ import annotations

# kind -> mood -> wordings. Moods: "met" (just met in person), "invite" (asking to connect),
# "recall" (getting back in touch, asking, updating), "birthday".
MENTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "talk": {
        "met": ("I really enjoyed your talk on {t}.",
                "Your talk on {t} gave me a lot to think about."),
        "invite": ("I enjoyed your talk on {t}.",
                   "Your talk on {t} was excellent."),
        "recall": ("I was thinking about your talk on {t} the other day.",
                   "I still remember your talk on {t}.",
                   "Your talk on {t} has stayed with me."),
        "birthday": ("I hope this year brings more talks like the one on {t}.",
                     "I still remember your talk on {t}."),
    },
    "post": {
        "met": ("I had read your post on {t}, so it was great to talk in person.",
                "It was good to talk about your post on {t} in person."),
        "invite": ("I enjoyed your post on {t}.",
                   "Your post on {t} was spot on."),
        "recall": ("I remembered your post on {t} the other day.",
                   "Your post on {t} has stayed with me.",
                   "I keep coming back to your post on {t}."),
        "birthday": ("I hope this year brings more posts like the one on {t}.",
                     "Looking forward to more posts like the one on {t}."),
    },
    "article": {
        "met": ("I had read your article on {t}, so it was great to meet you in person.",
                "It was good to talk about your article on {t} in person."),
        "invite": ("I enjoyed your article on {t}.",
                   "Your article on {t} was a great read."),
        "recall": ("Your article on {t} has stayed with me.",
                   "I remembered your article on {t} the other day."),
        "birthday": ("I hope this year brings more articles like the one on {t}.",
                     "Looking forward to more articles like the one on {t}."),
    },
    "news": {
        "met": ("Congratulations again on {t}!",
                "And congratulations on {t}!"),
        "invite": ("Congratulations on {t}!",
                   "I saw the news about {t}, congratulations!"),
        "recall": ("I heard about {t}, congratulations!",
                   "Congratulations on {t}!",
                   "Many congratulations on {t}."),
        "birthday": ("And congratulations on {t}, what a year!",
                     "What a year it has been, with {t}!"),
    },
    "interest": {
        "met": ("It was fun to talk about {t}.",
                "I enjoyed hearing about {t}."),
        "invite": ("I'd love to swap notes on {t} some time.",
                   "I'd be happy to talk about {t} some time."),
        "recall": ("Something about {t} made me think of you the other day.",
                   "I remembered how much you enjoy {t}.",
                   "Whenever {t} comes up, I think of you."),
        "birthday": ("I hope you find plenty of time for {t} this year.",
                     "I hope you get lots of time for {t} in the months ahead."),
    },
    "family": {
        "met": ("I hope all goes well with {t}.",
                "All the best with {t}."),
        "invite": ("I hope all is well with {t}.",),
        "recall": ("How is everything with {t}?",
                   "I hope all is well with {t}."),
        "birthday": ("I hope all is well with {t}.",
                     "Love to everyone at home, and I hope all is well with {t}."),
    },
    "travel": {
        "met": ("Good luck with {t}!",
                "I hope {t} goes well."),
        "invite": ("I hope {t} goes well.",),
        "recall": ("How is {t} going?",
                   "Any news on {t}?",
                   "I've been wondering how {t} is going."),
        "birthday": ("I hope {t} is going well.",
                     "And I hope {t} is going wonderfully."),
    },
    "conversation": {
        "met": ("I really enjoyed our chat about {t}.",
                "Our conversation about {t} gave me a lot to think about."),
        "invite": ("I enjoyed our conversation about {t}.",
                   "Our chat about {t} stayed with me."),
        "recall": ("I was thinking about our conversation on {t} the other day.",
                   "Our chat about {t} has stayed with me.",
                   "I still remember our conversation about {t}."),
        "birthday": ("I still remember our chat about {t}.",
                     "I hope we get to continue our conversation about {t} this year."),
    },
}

# template -> ((condition, wordings), ...): the first condition that holds wins.
TEMPLATES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "follow-up-after-meeting": (
        ("met", ("Hi {first_name}, great to meet you at {met_at}! {mention} I'd be glad to "
                 "stay in touch here.",
                 "Hi {first_name}, it was a pleasure meeting you at {met_at}. {mention} "
                 "Let's keep in touch.",
                 "Hello {first_name}, it was good to meet you at {met_at}. {mention} I'd be "
                 "happy to stay connected.")),
        ("", ("Hi {first_name}, great to meet you! {mention} I'd be glad to stay in touch here.",
              "Hello {first_name}, it was a pleasure meeting you. {mention} Let's keep in touch.")),
    ),
    "connection-invite": (
        ("why-clause", ("Hi {first_name}! {why}. {mention} I'd be glad to connect.",)),
        ("why", ("Hi {first_name}, I'm reaching out because of {why}. {mention} I'd be glad "
                 "to connect.",
                 "Hi {first_name}, I'd like to connect because of {why}. {mention}")),
        ("introduced", ("Hi {first_name}, {introducer} suggested we connect. {mention} I'd be "
                        "glad to have you in my network.",
                        "Hi {first_name}, {introducer} thought we should meet. {mention} "
                        "Happy to connect.")),
        ("met", ("Hi {first_name}, we met at {met_at}. {mention} I'd be glad to stay in touch.",
                 "Hi {first_name}, good to have met you at {met_at}. {mention} Let's stay "
                 "in touch.")),
        ("mention", ("Hi {first_name}! {mention} I'd be glad to connect.",
                     "Hello {first_name}! {mention} I'd like to add you to my network.")),
        ("", ("Hi {first_name}, I'd like to connect because of {why}.",)),
    ),
    "birthday": (
        ("", ("Happy birthday, {first_name}! {mention} Wishing you a wonderful day and a "
              "great year ahead.",
              "Happy birthday, {first_name}! Have a great day. {mention}",
              "Many happy returns, {first_name}! {mention} Have a lovely day.")),
    ),
    "reconnect": (
        ("", ("Hi {first_name}, it's been a while! {mention} I'd love to catch up and hear what "
              "you're up to.",
              "Hi {first_name}, I realised we haven't spoken in a while. {mention} How are you "
              "doing? It would be great to catch up soon.",
              "Hello {first_name}, long time no talk! {mention} What are you up to these "
              "days?")),
    ),
    "ask": (
        ("", ("Hi {first_name}, I've been meaning to write to you. {mention} I wanted to ask "
              "whether you could help me with {what}. In return, I'd be glad to offer {offer}. No "
              "pressure at all if now is not a good time.",
              "Hi {first_name}! {mention} Could I ask you for {what}? I'd be happy to offer "
              "{offer} in return. No worries if the timing isn't right.",
              "Hello {first_name}, I hope your week is going well. {mention} Would you be "
              "open to helping me with {what}? In exchange, I can offer {offer}. Totally fine if you're too "
              "busy right now.")),
    ),
    "intro-request": (
        ("", ("Hi {first_name}, I've been meaning to write to you. {mention} Would you be "
              "willing to introduce me to {target}? I'd like to talk with {target_first_name} about "
              "{why}. In return, I can offer {offer}. I'm happy to send you a short blurb "
              "to forward.",
              "Hi {first_name}! {mention} Could you put me in touch with {target}? I'd love "
              "to talk with {target_first_name} about {why}, and I can offer {offer} in "
              "return. I can write a short note you could forward.")),
    ),
    "update": (
        ("", ("Hi {first_name}, a quick update from me. {my_update}. {mention} I'd love to "
              "hear how things are going on your side.",
              "Hi {first_name}, I wanted to share some news. {my_update}. {mention} How are "
              "things with you?",
              "Hello {first_name}, it's been a busy time here. {my_update}. {mention} Let me "
              "know what you're up to.")),
    ),
    "nudge": (
        ("invited", ("Hi {first_name}, I sent you a connection request {invited_on} and "
                     "wanted to follow up. {mention} No worries at all if you'd rather not "
                     "connect.",
                     "Hi {first_name}, just a gentle nudge about the invitation I sent "
                     "{invited_on}. {mention} If now isn't the time, no problem at all.")),
        ("", ("Hi {first_name}, I sent you a connection request a little while ago and "
              "wanted to follow up. {mention} No worries at all if you'd rather not connect.",)),
    ),
    "follow-up": (
        ("reason-verb", ("Hi {first_name}, as promised, I'm getting back to you to {reason}. "
                         "{mention} Let me know if there's anything else I can do.",
                         "Hi {first_name}, I'm following up on my promise to {reason}. "
                         "{mention} Just let me know if you need anything else.")),
        ("reason", ("Hi {first_name}, I'm following up on {reason}. {mention} Let me know "
                    "what you think.",)),
        ("", ("Hi {first_name}, I wanted to follow up on our last conversation. {mention} "
              "How are things going?",)),
    ),
}

# First words that make --why a clause of its own rather than a reason after "because of".
CLAUSE_STARTS = frozenset({"i", "i'm", "i've", "i'd", "i'll", "we", "we're", "we've", "we'd",
                           "you", "you're", "you've", "they", "he", "she", "it's", "there",
                           "both", "let's"})

# To-do verbs a follow-up reason starts with ("send the slides"): "… to send the slides".
VERBS = frozenset({
    "send", "share", "introduce", "intro", "check", "ask", "call", "email", "e-mail", "forward",
    "follow", "get", "give", "book", "schedule", "invite", "review", "read", "write", "reply",
    "confirm", "update", "thank", "congratulate", "set", "make", "find", "look", "recommend",
    "connect", "meet", "return", "pass", "show", "tell", "remind", "help", "arrange", "plan",
    "organise", "organize", "prepare", "draft", "sign", "discuss", "talk", "catch", "offer",
    "deliver", "lend", "buy", "bring", "post", "mail", "text", "ping", "chase", "nudge",
    "propose", "suggest", "explain", "demo", "present", "try", "test", "visit", "see",
})

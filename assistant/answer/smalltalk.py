"""Greetings, thanks and "what can you do?": a one-line help message, no passages.

Such a turn asks nothing of the policies, so quoting them (or saying they "do not say anything
about this") would answer a question nobody asked. The help line is not an abstention either:
``answerable`` is False because no policy text answers it (the contract's meaning of the flag),
and it carries no citations and no direct answer line.
"""

from __future__ import annotations

import re

from ..retrieval.vocabulary import COLLOQUIAL, GENERIC
from ..text import content_words
from ..types import Answer
from .shape import listed

# Openers and closers of a conversation, and questions about the assistant itself.
_SOCIAL = re.compile(
    r"\b(?:hi|hello|hey|hiya|howdy|greetings|good (?:morning|afternoon|evening|day|night)|thanks?|thank you|thx|cheers"
    r"|bye|goodbye|see you|ok(?:ay)?|cool|great|perfect|nice|awesome|got it|understood|how are you"
    r"|who are you|what are you|what can you do|what do you do|how (?:can|do) you help|what can i ask|help me|help"
    r"|(?:which|what) (?:shops|stores|policies|companies|sites|websites) (?:do|can) you)\b",
    re.I,
)
# A thank-you gets a welcome, not the help paragraph it would have read as a brush-off.
_THANKS = re.compile(r"\b(?:thanks?|thank you|thx|cheers|much appreciated)\b", re.I)
# Words that remain of such a turn and carry no question about a policy.
_FILLER = set(
    """
there that this helps helped helpful much lot lots very really morning afternoon evening night day
you your yours are know about questions question answer answers cover covers anything
""".split()
)


def is_smalltalk(question: str) -> bool:
    """A greeting, thanks or a question about the assistant, with no policy topic in it."""
    if not _SOCIAL.search(question):
        return False
    rest = _SOCIAL.sub(" ", question)
    return not [w for w in content_words(rest) if w not in _FILLER and w not in GENERIC and w not in COLLOQUIAL]


def help_answer(titles: list[str], question: str = "") -> Answer:
    known = listed(titles) if titles else "none yet (add a policy first)"
    if _THANKS.search(question):
        text = f"You're welcome! Ask me anything else about these policies: {known}."
        return Answer(text, [], False, "extractive", policies=[])
    text = (
        "I answer questions about these privacy policies, quoting them: " + known + ". Ask e.g. how long "
        "a shop keeps your data, who it shares it with, how to delete your account or stop e-mails."
    )
    return Answer(text, [], False, "extractive", policies=[])

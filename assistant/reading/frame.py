"""A question about the policy as a text ("Does the policy clearly explain how to request a copy of
my data?", "Is it transparent about whether location data is collected?") asks about what follows
its frame: the passages to search for are about requesting a copy, not about the policy explaining
things (its opening words match the policy's introduction, "Please read the following to learn
more about our privacy policy"). ``inner`` returns that part, which retrieval then searches for.

The frame is read word by word against tables, not matched as phrases: an opening (question words,
auxiliaries), the policy or a pronoun for it, then at least one word about a text (the ``META``
table, retrieval/meta_words.txt: explain, clear, mention, transparent, ...), then joining words."""

from __future__ import annotations

import re

from ..retrieval.vocabulary import META
from ..text import content_words

_OPENING = frozenset(
    "does do did is are was were will would can could should shall may might what how where when which who why "
    "in so please tell me us".split()
)
_DETERMINER = frozenset("the this that its their his her your our a an company's companys site's sites".split())
# The policy itself: "they" is the company ("do they know when I open their e-mails?" asks about tracking).
_SUBJECT = frozenset("policy notice statement document it privacy".split())
_JOINING = frozenset("about on regarding as to of for whether if that any anything there be being been is are".split())
# A question word after the frame belongs to what is asked ("… upfront about who gets my data").
_WH = frozenset("how what when where which who whom whose why".split())
# Words of degree or time that qualify a verb without being about the text ("does the policy still apply").
_DEGREE = frozenset(
    "still also ever even just yet already always really actually indeed perhaps maybe quite rather".split()
)
# The inner part refers back to the policy ("… say when it was last updated", "… which sites it covers"):
# the policy is its topic, and the whole question is searched.
_BACK = re.compile(r"\b(?:it|its|it's|itself|this policy|the policy)\b", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")


def inner(question: str) -> str | None:
    """What a question about the policy's text asks about, or None when it has no such frame (or
    nothing of substance after it)."""
    tokens = list(_WORD.finditer(question))
    i, n = 0, len(tokens)

    def word(k: int) -> str:
        return tokens[k].group(0).lower().replace("’", "'")

    while i < n and word(i) in _OPENING:
        i += 1
    while i < n and word(i) in _DETERMINER:
        i += 1
    subject = False
    while i < n and word(i) in _SUBJECT:
        subject, i = True, i + 1
    if not subject:
        return None
    meta = 0
    while i < n and (word(i) in META or word(i) in _JOINING) and word(i) not in _WH:
        w = word(i)
        meta += w in META and w not in _JOINING and w not in _OPENING and w not in _DEGREE and not w.endswith("ly")
        i += 1
    if not meta or i >= n:
        return None
    rest = question[tokens[i].start() :].strip()
    if _BACK.search(rest) or len(rest.split()) < 2 or not content_words(rest):
        return None
    return rest

"""How a policy sentence reads for a yes/no verdict, beyond its words: who does the thing (the
company, a tool, another party), whether it tells the reader what to do, and whether a verb's form
is used as a noun. Patterns only; ``yesno`` applies them."""

from __future__ import annotations

import re

__all__ = ["AFFIRMED", "NARROW_ACTOR", "OTHER_ACTOR", "TELLS_READER", "TOPIC_OF", "noun_use"]

# The asked verb said plainly in the same clause as its negation: "we will only share information in
# connection with that promotion since we do not share …", "We may share … We do not share …".
AFFIRMED = re.compile(
    r"\b(?:will|may|might|can|could|would|shall)\s+(?:only\s+|also\s+|sometimes\s+)?([a-z]+)\b"
    r"|\bwe\s+(?:only\s+|also\s+|sometimes\s+)?(?=[a-z]+\b(?<!will)(?<!may))([a-z]+)\b",
    re.I,
)


# A refusal whose subject is one tool or other party, not the company: what they do not do is no
# answer about the company unless the question names them ("Do the web beacons collect …?").
NARROW_ACTOR = re.compile(
    r"\s*(?:our|the|these|such|its|their)?\s*((?:web\s+)?(?:cookies?|beacons?|pixels?|pixel tags?|gifs?|"
    r"third[- ]part(?:y|ies)|partners?|advertisers?|vendors?|service providers?|(?:ad(?:vertising)?\s+)?networks?|"
    r"companies|affiliates?|sites?\s+we\s+link\s+to|they))\b[^.;]{0,40}?\b(?:do|does|did|will|would|may|can|could|are|is)\s+not\b",
    re.I,
)


# A sentence whose subject is another party: what it says they do is no Yes about the company.
OTHER_ACTOR = re.compile(
    r"\s*(?:(?:these|such|those|the|our|other)\s+)?((?:third[- ]part(?:y|ies)|companies|advertisers?|"
    r"(?:ad(?:vertising)?\s+)?networks?|vendors?|partners?|service providers?|they|these)\b)",
    re.I,
)


# A sentence that tells the reader what to do: an imperative, "please …", "To access …, please see …".
TELLS_READER = re.compile(
    r"\s*(?:please\b|to\s+[^,]{0,80},\s*please\b|(?:use|see|click|visit|go|remember|make sure|keep|avoid|"
    r"choose|select|note|read|review|check|contact)\s+(?!of\b))",
    re.I,
)
# Words after which a verb's form is a noun: "your request", "the use", "for collection"; after "to"
# only a plural is ("respond to requests", but "to request a copy").
_BEFORE_NOUN = frozenset("a an the your our their his her its my any such these those this upon for of with by".split())


def noun_use(before: str, word: str) -> bool:
    return before in _BEFORE_NOUN or (before == "to" and word.endswith("s") and not word.endswith("ss"))


# A verb in "(learn) how we use cookies", "whether we collect it" names a topic; it does not say it is done.
TOPIC_OF = frozenset("how whether why".split())

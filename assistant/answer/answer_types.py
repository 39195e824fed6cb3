"""What kind of fact a question asks for (a duration, a contact detail, a country), and how a
passage that gives one is recognised: a question asking "how long" is not answered by a passage
without any duration in it, nor "which country" by one that names none."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..text import EMAIL, PHONE
from .ages import AGE_LIMIT

_ANSWER_TYPES = [
    (
        "the hours",
        re.compile(
            r"\b(what|which) (hours|times?)\b|\bhours\b|\bwhen can i (call|phone|ring|reach|contact)\b"
            r"|\b(phone|opening|office|business|counsel\w*) (hours|times?)\b",
            re.I,
        ),
        re.compile(
            # "within 24 hours" is how soon, not when: "hours" after a number is a duration.
            r"\b\d{1,2}([:.]\d{2})?\s*(am|pm)\b|\b(am|pm)\s*\d{1,2}[:.]\d{2}|\b\d{1,2}:\d{2}\b|(?<!\d )(?<!\d)\bhours?\b|24/7",
            re.I,
        ),
    ),
    (
        "a phone number",
        re.compile(
            r"\b(phone|telephone|fax)\s*(number|no\.?)\b|\b(can|could) i (call|ring|phone)\b"
            r"|\bi can (call|ring|phone)\b|\bnumber to (call|ring)\b",
            re.I,
        ),
        PHONE,
    ),
    (
        "an e-mail address",
        re.compile(
            r"\be-?mail\s+address\b|\b(what|which)\b[^?.]*\be-?mail\b(?!s)|\bis there (also )?an? e-?mail\b|\bemail\s+(them|to|for)\b",
            re.I,
        ),
        EMAIL,
    ),
    # "who do I contact", "get in touch": a way to reach them (the hours and numbers above are narrower).
    # "Who can I email about …", "who do I call": asking for a means (an address, a number) too.
    (
        "a way to contact them",
        re.compile(
            r"\b(?:who|how|where)\b[^?.]*\b(?:contact|get in touch|reach)\b"
            r"|\b(?:who|whom)\s+(?:do|should|can|could|may|would)\s+i\s+(?:e-?mail|write|call|phone|ring|text)\b",
            re.I,
        ),
        re.compile(f"{EMAIL.pattern}|{PHONE.pattern}", re.I),
    ),
    (
        "how long",
        re.compile(
            r"\bhow long\b|\bhow many (years|months|days|weeks)\b|\bretention period\b|\bfor how long\b"
            r"|\bwhen (?:will|would|do|does|is|are)\b[^?.]*\b(?:delet\w*|destroy\w*|remov\w*|eras\w*|purg\w*|wipe[sd]?|discard\w*)\b",
            re.I,
        ),
        re.compile(
            r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|thirty|sixty)\s*(years?|months?|weeks?|days?|hours?)\b(?!\s+(?:of age|old))"
            r"|\buntil\b|\bperiod\b|\bas long as\b|\bimmediately\b|\bpermanent\w*|\bindefinite\w*|\bterminat\w*"
            # no length, but the policy's whole rule: "we retain it as necessary to comply with our legal obligations"
            r"|\bas (?:is )?(?:reasonably )?(?:necessary|needed|required)\b|\breasonable (?:period|time|amount of time)\b"
            # "expire" ends a period; a card's "expiration date" does not
            r"|\bexpir\w*\b(?!\s+dates?\b)|\bat the time of\b|\bas soon as\b(?!\s+possible)|\bonce\b"
            # an end without a length is still the answer: "then the data is removed from the system"
            r"|\b(?:is|are|be|been)\s+(?:removed|deleted|destroyed|erased|discarded|disposed)\b",
            re.I,
        ),
    ),
    # "What is the minimum age to sign up?" is answered by an age limit ("under 13", "18 or older"),
    # not by "age-limited service offer".
    (
        "an age",
        re.compile(
            # "how old must I be", not "do they check how old I am"
            r"\b(?:minimum|min|youngest|lowest|legal)\s+age\b|^\W*how old\b|\bhow old (?:do|must|should) \w+ (?:\w+ )?be\b"
            r"|\bwhat age\b"
            r"|\bage (?:limit|requirement|restriction)s?\b|\bold enough\b",
            re.I,
        ),
        AGE_LIMIT,
    ),
    # "Which country is my data stored in?" is answered by a passage naming a country or region
    # (countries.txt), not by one that only says "overseas".
    (
        "a country",
        re.compile(r"\b(?:which|what)\s+(?:\w+\s+)?(?:country|countries|nation|nations)\b", re.I),
        None,  # the names of countries.txt, read when first needed
    ),
]


# "Do they sell my phone number?" is about the reader's own number, not a number to call.
_MINE_CONTACT = re.compile(r"\b(?:my|our)\s+(?:\w+\s+)?(?:phone|telephone|mobile|e-?mail|fax)\b", re.I)


# The kinds that are a way of reaching the company: looked for anywhere in the policy (gates.py).
CONTACT = frozenset({"the hours", "a phone number", "an e-mail address", "a way to contact them"})


def answer_type(question: str):
    """(label, pattern a passage must match) for questions asking for a specific kind of fact."""
    for label, asks, pattern in _ANSWER_TYPES:
        if asks.search(question):
            if label in CONTACT and _MINE_CONTACT.search(question):
                return None
            return label, pattern if pattern is not None else countries()
    return None


@lru_cache(maxsize=1)
def countries() -> re.Pattern:
    """The names of countries.txt, each matched as the start of a word."""
    lines = Path(__file__).with_name("countries.txt").read_text(encoding="utf-8").splitlines()
    names = sorted((n.strip() for n in lines if n.strip() and not n.startswith("#")), key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in names) + ")")

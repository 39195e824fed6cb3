"""Ages in questions and in policies' sentences: "can my 12 year old sign up?" against "under the
age of thirteen (13)" or "under 18 but at least 13" (a yes/no about children, yesno.py)."""

from __future__ import annotations

import re

_AGE_ASKED = re.compile(
    r"\b(\d{1,2})[- ](?:years?|yrs?)[- ]old\b|\baged? (\d{1,2})\b|\b(\d{1,2})[- ]year[- ]old\b", re.I
)
_N = r"(?:[a-z-]+\s*\(\s*)?(\d{1,2})\)?"  # "13", "thirteen (13)"
_UNDER = re.compile(rf"\b(?:under|below|younger than|less than)\s+(?:the\s+age\s+of\s+)?{_N}", re.I)
_AT_LEAST = re.compile(
    rf"\b(?:at least|over|older than|above)\s+(?:the\s+age\s+of\s+)?{_N}|\b{_N}\s+(?:years?\s+(?:of age\s+)?)?or (?:older|over|above)\b",
    re.I,
)


# Any age limit a sentence sets, for questions asking for one (answer_types.py).
AGE_LIMIT = re.compile(rf"{_UNDER.pattern}|{_AT_LEAST.pattern}|\bage of {_N}|\b\d{{1,2}}\s+years? of age\b", re.I)


def asked_age(question: str) -> int | None:
    """The age a question is about: "my 12 year old", "aged 15"."""
    m = _AGE_ASKED.search(question)
    return int(next(g for g in m.groups() if g)) if m else None


def age_applies(age: int, sentence: str) -> bool:
    """The sentence's age conditions ("under the age of 18 but at least 13") hold for ``age``; a
    sentence without any applies to every age."""
    under = [int(next(g for g in m.groups() if g)) for m in _UNDER.finditer(sentence)]
    least = [int(next(g for g in m.groups() if g)) for m in _AT_LEAST.finditer(sentence)]
    return all(age < u for u in under) and all(age >= a for a in least)


def states_age(sentence: str) -> bool:
    """The sentence sets an age limit ("under 13", "18 or older")."""
    return bool(_UNDER.search(sentence) or _AT_LEAST.search(sentence))

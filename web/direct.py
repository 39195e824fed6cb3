"""The direct line an answer opens with, as the page shows it: the answer itself, not a repeat of a quote.

``Answer.short`` is the first line of ``Answer.text`` ("3 years [1]", "No — We never sell … [1]").
Shown above the quotes in the same style, it read as a duplicate: the clause after "No —" is often
the quoted sentence word for word, and sometimes a fragment of one ("for one month immediately after
their leave …"). So the page shows a short value as it is, a verdict alone when its clause repeats a
quote or is not a whole clause, a longer line only when it is a whole clause the quotes do not repeat,
and otherwise no direct line at all. The quotes below are the answer's text less that first line.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .markup import MARKER

# A value this short ("3 years", "5 years — contracts") is read as a value, not as a clause.
SHORT_VALUE_WORDS = 6
_VERDICT = re.compile(r"^(Yes|No)\b\s*(?:[—–-]\s*)?(.*)$", re.DOTALL)
_MARKERS_AT_END = re.compile(r"(?:\s*\[\d+\])+\s*$")
_WORD = re.compile(r"\w+")


class Direct(NamedTuple):
    """The line to show above the quotes ("" for none) and the text to show under it."""

    line: str
    rest: str


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(MARKER.sub(" ", text))]


def _repeats(clause: str, quotes: str) -> bool:
    """Whether ``clause`` occurs word for word in ``quotes`` (case, spacing and punctuation aside)."""
    words = _words(clause)
    return bool(words) and f" {' '.join(words)} " in f" {' '.join(_words(quotes))} "


def _whole_clause(clause: str) -> bool:
    # A clause lifted from the middle of a sentence starts in lower case ("for one month …").
    return clause[:1].isupper() or clause[:1].isdigit()


def direct_line(text: str, short: str | None) -> Direct:
    """What to show of ``short`` (the answer's first line) and the rest of ``text`` under it."""
    if not short or not text.startswith(short):
        return Direct("", text)
    rest = text[len(short) :].lstrip("\n")
    m = _MARKERS_AT_END.search(short)
    markers = m.group(0).strip() if m else ""
    body = short[: m.start()].strip() if m else short.strip()
    verdict = _VERDICT.match(body)
    if verdict:
        clause = verdict.group(2).strip()
        keep = clause and _whole_clause(clause) and not _repeats(clause, rest)
        line = f"{verdict.group(1)} — {clause}" if keep else verdict.group(1)
        return Direct(f"{line} {markers}".strip(), rest)
    if len(_words(body)) <= SHORT_VALUE_WORDS or (_whole_clause(body) and not _repeats(body, rest)):
        return Direct(short.strip(), rest)
    return Direct("", rest)

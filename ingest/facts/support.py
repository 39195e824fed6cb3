"""The value checker: every word of a cell's value must occur in its quotes.

Values are lifted, not written, so this holds by construction for a correct extractor; the
check is the guard that turns any slip (a word from a heading, a synonym) into "Not stated"
rather than a claim the quotes do not make.
"""
from __future__ import annotations

import re
from typing import Iterable

# Words a value may add of its own: the verdict words and joiners. Punctuation ("—", ";")
# is not a word to the tokenizer and needs no entry.
CONNECTIVES = frozenset({"yes", "no", "not", "and", "or"})
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def unsupported_words(value: str, quotes: Iterable[str]) -> list[str]:
    """Words of ``value`` found in none of ``quotes`` (and not connectives), in order."""
    have = set()
    for q in quotes:
        have.update(words(q))
    return [w for w in words(value) if w not in have and w not in CONNECTIVES]


def supported(value: str, quotes: Iterable[str]) -> bool:
    return not unsupported_words(value, quotes)

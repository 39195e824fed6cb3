"""The value checker: every word of a cell's value must occur in its quotes.

Values are lifted, not written, so this holds by construction for a correct extractor; the
check is the guard that turns any slip (a word from a heading, a synonym) into "Not stated"
rather than a claim the quotes do not make.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..text import words

# Words a value may add of its own: the verdict words and joiners. Punctuation ("—", ";")
# is not a word to the tokenizer and needs no entry.
CONNECTIVES = frozenset({"yes", "no", "not", "and", "or"})


def unsupported_words(value: str, quotes: Iterable[str], allowed: Iterable[str] = CONNECTIVES) -> list[str]:
    """Words of ``value`` found in none of ``quotes`` and not ``allowed`` (connectives), in order.
    The one check that a lifted value or direct answer line adds no word of its own."""
    have = set(allowed)
    for q in quotes:
        have.update(words(q))
    return [w for w in words(value) if w not in have]


def supported(value: str, quotes: Iterable[str]) -> bool:
    return not unsupported_words(value, quotes)

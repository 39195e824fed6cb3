"""Words of a question misspelt by one letter ("pasword", "marketting", "traking"), written as the
word the policies use, before searching: BM25 finds no passage by a misspelt word, and MiniLM reads
it as other word pieces. Norvig's edits of one letter against the words of the corpus; an ambiguous slip is left alone."""

from __future__ import annotations

import re

from .vocabulary import CHAT

# Shorter words are too often another real word one letter away ("stole" and "store", "hacked" and
# "backed"); a word this long that no policy uses and that is one letter off one they use is a slip.
MIN_LENGTH = 7
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_WORD = re.compile(r"[A-Za-z]+")


class Speller:
    def __init__(self, texts: dict[str, str]):
        self._texts = texts
        self._words: set[str] | None = None  # words of every policy, read at the first misspelling

    def respelt(self, question: str, known) -> str:
        """``question`` with each word of ``MIN_LENGTH`` letters or more that ``known`` (the keyword
        index, which stems) does not know replaced by the one word of the corpus one edit away, if just one is."""
        out, last = [], 0
        for m in _WORD.finditer(question):
            word = m.group(0).lower()
            if len(word) < MIN_LENGTH or word in CHAT or known(word):
                continue
            fix = self._correction(word)
            if fix:
                out += [question[last : m.start()], fix]
                last = m.end()
        return "".join(out) + question[last:] if out else question

    def _correction(self, word: str) -> str | None:
        if self._words is None:
            self._words = {
                w for text in self._texts.values() for w in _WORD.findall(text.lower()) if len(w) >= MIN_LENGTH - 1
            }
        found = [c for c in _edits(word) if c in self._words]
        return found[0] if len(found) == 1 else None  # "traking": "tracking" or "trading"? left as written


def _edits(word: str) -> set[str]:
    """Every string one deletion, swap of neighbours, change or insertion away from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return (
        {a + b[1:] for a, b in splits if b}
        | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        | {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
        | {a + c + b for a, b in splits for c in _LETTERS}
    ) - {word}

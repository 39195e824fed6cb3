"""A question in Korean glossed into the English words the policies use (ko.tsv, a table), so it
is read and answered like an English question: "MIKMIK 은 불만 기록을 얼마나 보관하나요?" ->
"how long MIKMIK complaint records keep?"."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_TABLES = {"ko": Path(__file__).with_name("ko.tsv")}
_HOW = ("how long", "how many years", "how do i", "who", "what", "where", "when", "why", "until when")


@lru_cache(maxsize=4)
def _table(language: str) -> tuple[tuple[str, str], ...]:
    path = _TABLES.get(language)
    if path is None:
        return ()
    rows = [
        line.split("\t")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return tuple(sorted(((k.strip(), v.strip()) for k, v in rows), key=lambda r: -len(r[0])))


@lru_cache(maxsize=4)
def _function_words(language: str) -> frozenset[str]:
    """Words the table marks "-": particles standing alone ("MIKMIK 은"), "my", "other", "according
    to": read (they count toward what the table knows of a question) but glossed as nothing."""
    return frozenset(word for word, english in _table(language) if english == "-")


def gloss(question: str, language: str) -> str | None:
    """The English gloss, or None when the table knows too little of the question (under half of its
    words in that script, not counting function words, and a word read only by its question ending
    "나요" not counting as read) to say what it asks: a guess would quote unrelated passages."""
    table = _table(language)
    if not table:
        return None
    found: list[tuple[int, str]] = []
    taken = [False] * len(question)
    meant = [False] * len(question)  # taken by a word with a meaning, not only a question ending
    for word, english in table:
        if english == "-":
            continue
        for m in re.finditer(re.escape(word), question):
            if not any(taken[m.start() : m.end()]):
                found.append((m.start(), english))
                taken[m.start() : m.end()] = [True] * (m.end() - m.start())
                meant[m.start() : m.end()] = [english != "?"] * (m.end() - m.start())
    function = _function_words(language)  # whole words only: "제" is "my", "제공" is not
    native = [m for m in re.finditer(r"[^\sA-Za-z0-9?.!,]+", question) if m.group(0) not in function]
    covered = sum(any(meant[m.start() : m.end()]) for m in native)
    if not native or covered * 2 < len(native):
        return None
    latin = [
        (m.start(), m.group(0))
        for m in re.finditer(r"[A-Za-z0-9][A-Za-z0-9 .&'-]*[A-Za-z0-9]|[A-Za-z0-9]", question)
        if not any(taken[m.start() : m.end()]) and not (m.end() < len(question) and taken[m.end()])
    ]
    words = [w for _, w in sorted(found + latin) if w != "?"]
    # English asks with the question word first ("how long MIKMIK complaint records keep?"), and a
    # question without one asks yes or no ("does Kpop Mart cookies use?").
    asks = [w for w in words if w.lower() in _HOW][:1] or ["does"]
    rest = [w for w in words if w.lower() not in _HOW]
    return " ".join(asks + rest) + "?"

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


def gloss(question: str, language: str) -> str | None:
    """The English gloss, or None when the table knows too little of the question (under half of its
    words in that script) to say what it asks: a guess would quote unrelated passages."""
    table = _table(language)
    if not table:
        return None
    found: list[tuple[int, str]] = []
    taken = [False] * len(question)
    for word, english in table:
        for m in re.finditer(re.escape(word), question):
            if not any(taken[m.start() : m.end()]):
                found.append((m.start(), english))
                taken[m.start() : m.end()] = [True] * (m.end() - m.start())
    native = re.findall(r"[^\sA-Za-z0-9?.!,]+", question)
    covered = sum(any(taken[m.start() : m.end()]) for m in re.finditer(r"[^\sA-Za-z0-9?.!,]+", question))
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

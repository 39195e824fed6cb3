"""Value builders for the categories whose value is a short statement rather than a list:
age limits, rights and how to use them, marketing opt-out, transfers abroad, policy changes,
Do Not Track. Same contract as values.py: ``(category, quotes) -> (value | None, confidence)``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from . import vocabulary as V

_I = re.I
_AGE = re.compile(
    r"\b(?:under|below|younger than) (?:the age of )?(?:[a-z]+ )?\(?(\d{1,2})\)?(?: years)?(?: of age| old)?"
    r"|\b(?:at least|over|older than|aged?) (\d{1,2})(?: years)?(?: of age| old)?",
    _I,
)
_NO_COLLECT = re.compile(r"\b(?:do|does|will) not (?:knowingly |intentionally )?collect[^.;]{0,80}", _I)
_MEANS = re.compile(
    # up to about 70 characters, finishing the word it stops in: never "at 1-888" of "at 1-888-567-8688"
    r"\bby (?:writ|e-?mail|click|contact|call|follow|us|visit|chang|go|logg|repl|send|select|uncheck|check|tick)\w*\b(?:[^.;]|\.(?=\w)){0,70}"
    r"(?:[^\s.;,]|\.(?=\w))*"
    r"|\b(?:click|tick|check|uncheck|look for) (?:the |a |on the )?(?:box|link|button)\b|\bunsubscribe link\b",
    _I,
)
_NOTICE = re.compile(
    r"\bby (?:updating|posting|publishing|revising) (?:this|the|a|an|our) [\w ]{0,30}?(?:page|site|website|policy|notice)\b"
    r"|\bpost\w* (?:the )?(?:changes|updates|revis\w+|new \w+)(?: and updates)?(?: on (?:this|our|the) (?:site|web ?site|page))?"
    r"|\b(?:at (?:minimum|least) )?\d{1,3} days\b|\b(?:notify|inform) you (?:by|via) e-?mail\b"
    r"|\bon the home ?page\b|\bof (?:the )?homepage\b|\bon (?:the )?first (?:web ?)?page\b"
    r"|\b(?:we will|we'll) (?:notify|inform|tell|let) you\b[^.;,]{0,60}|\blast (?:updated|revised|modified)\b",
    _I,
)
_MAY_CHANGE = re.compile(r"\b(?:may|will|can|reserve the right to) (?:change|update|amend|modify)\b[^.;,]{0,40}", _I)
_PHRASE_END = re.compile(r"(?:\s+[\w-]+){0,3}")
_DNT_NO = re.compile(r"\b(?:not|no|n't)\b[^.]{0,40}\b(?:respond|honou?r|recogni[sz]e|support|act on)", _I)
_DNT_YES = re.compile(r"\b(?:respond|honou?r|recogni[sz]e|support)\w*\b", _I)


def _cut(text: str, n: int) -> str:
    return " ".join(text.split()[:n]).strip(" ,;:")


def ages(cat, quotes: Sequence) -> tuple[str | None, float]:
    found: dict[str, str] = {}
    for q in quotes:
        for m in _AGE.finditer(q.text):
            found.setdefault(m.group(1) or m.group(2), m.group(0).strip())
    if found:
        return "; ".join(found.values()), 0.9
    for q in quotes:
        m = _NO_COLLECT.search(q.text)
        if m:
            return _cut(m.group(0), 14), 0.7
    return None, 0.0


def _surfaces(vocab, quotes: Sequence, limit: int) -> list[str]:
    # Keyed by the first six letters, so "correct" and "correction" are one item.
    seen: dict[str, tuple[int, str]] = {}
    for q in quotes:
        for _, rx in vocab:
            for m in rx.finditer(q.text):
                seen.setdefault(m.group(0).lower()[:6], (q.start + m.start(), m.group(0)))
    return [s for _, s in sorted(seen.values())][:limit]


def rights(cat, quotes: Sequence) -> tuple[str | None, float]:
    verbs = _surfaces(V.RIGHTS, quotes, 8)
    if not verbs:
        return None, 0.0
    how = _surfaces(V.CHANNELS, quotes, 4)
    return ", ".join(verbs) + (" — " + ", ".join(how) if how else ""), 0.8


def optout(cat, quotes: Sequence) -> tuple[str | None, float]:
    if not quotes:
        return None, 0.0
    means = []
    for q in quotes:
        means += [_cut(m.group(0), 14) for m in _MEANS.finditer(q.text)]
    return "Yes" + (" — " + "; ".join(dict.fromkeys(means[:3])) if means else ""), 0.8


def abroad(cat, quotes: Sequence) -> tuple[str | None, float]:
    phrases = []
    for q in quotes[:3]:
        m = cat.cue.search(q.text)
        if m:
            tail = _PHRASE_END.match(q.text, m.end())
            phrases.append((m.group(0) + tail.group(0)).strip())
    if not phrases:
        return None, 0.0
    return "; ".join(dict.fromkeys(phrases)), 0.7


def changes(cat, quotes: Sequence) -> tuple[str | None, float]:
    notices = [m.group(0).strip() for q in quotes for m in _NOTICE.finditer(q.text)]
    if notices:
        return "; ".join(list(dict.fromkeys(notices))[:5]), 0.8
    for q in quotes:
        m = _MAY_CHANGE.search(q.text)
        if m:
            return _cut(m.group(0), 10), 0.6
    return None, 0.0


def dnt(cat, quotes: Sequence) -> tuple[str | None, float]:
    for q in quotes:
        rest = cat.cue.sub(" ", q.text)
        if _DNT_NO.search(rest):
            return "No", 0.8
        if _DNT_YES.search(rest):
            return "Yes", 0.7
    return None, 0.0

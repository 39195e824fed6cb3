"""Build a policy's fact sheet from its text and sentence offsets: find the sentences that speak
to each category, lift a value from them, and keep the value only if its quotes support it.

Pure and cheap (regular expressions over sentences already cut by the chunker): the five default
policies take a few milliseconds, so sheets can be rebuilt with every ingest.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..injection import flagged_spans
from ..text import EMAIL, PHONE, sentences as split_sentences
from .categories import CATEGORIES, PERSON, Category, _union
from .model import NOT_STATED, Fact, FactSheet, Quote
from .support import supported
from .values import value_of

# Bump when the extractor's output changes (cues, values, categories): the manifest then holds
# sheets of an older extractor, is read as stale, and the next ingest rebuilds every sheet (only
# the sheets: unchanged chunks are not embedded again).
# 2: an opt-out means finishes the word it stops in ("1-888-567-8688", not "1-888"); 3: no value
# comes from flagged text (injected instructions, requests for a password; issue 28).
VERSION = 3
# All places a policy speaks to a category, up to this many; beyond it the extra sentences are
# repetitions ("we use cookies ...") that a reader of the sheet would not open.
MAX_QUOTES = 8
_TERMINAL = re.compile(r"[.!?:;,)\]\"”’']\s*$")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    heading: str  # the nearest heading above it ("" if none)


def fact_sheet(slug: str, title: str, text: str, sentences: Sequence[tuple[int, int]]) -> FactSheet:
    """The policy's fact sheet: one Fact per category, "Not stated" where no quote supports a value.

    ``sentences`` are (start, end) offsets into ``text`` (``Chunk.sentences`` of all its chunks);
    an empty list splits ``text`` itself, line by line.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be the policy text (str), got {type(text).__name__}")
    spans = _check_spans(text, sentences) if sentences else _split(text)
    sents = _sentences(text, spans)
    return FactSheet(slug, title, tuple(_fact(cat, sents) for cat in CATEGORIES))


def _check_spans(text: str, spans) -> list[tuple[int, int]]:
    out = []
    for span in spans:
        s, e = span
        if not (0 <= s < e <= len(text)):
            raise ValueError(
                f"sentence span {(s, e)} is outside the policy text of {len(text)} characters; "
                "pass the Chunk.sentences offsets of this same text"
            )
        out.append((s, e))
    return sorted(set(out))


def _split(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.split("\n"):
        spans += split_sentences(line, pos)
        pos += len(line) + 1
    return spans


def _heading_like(t: str) -> bool:
    if len(t) > 120 or _TERMINAL.search(t):
        return False
    letters = [c for c in t if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) > 0.7


def _headings(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """Heading lines: lines no sentence covers (the chunker keeps headings out of chunks), and
    short all-capitals lines."""
    starts = [s for s, _ in spans]
    out, pos = [], 0
    for line in text.split("\n"):
        end = pos + len(line)
        t = line.strip()
        if t:
            i = bisect.bisect_right(starts, end) - 1
            covered = i >= 0 and spans[i][1] > pos and spans[i][0] < end
            if not covered or _heading_like(t):
                out.append((pos, t))
        pos = end + 1
    return out


def _flagged(text: str) -> list[tuple[int, int]]:
    """Where flagged text (ingest.injection) starts, to the end of its line: as in a chunk, what
    follows "SYSTEM NOTE:" is flagged too. A sheet value is the assistant's own statement, so none
    may come from there: "attacker@evil.example" must never be a policy's contact."""
    out: list[tuple[int, int]] = []
    for s, e in flagged_spans(text):
        end = text.find("\n", e)
        end = len(text) if end < 0 else end
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((s, end))
    return out


def _sentences(text: str, spans: list[tuple[int, int]]) -> list[Sentence]:
    heads = _headings(text, spans)
    starts = [s for s, _ in heads]
    flagged = _flagged(text)
    flagged_starts = [fs for fs, _ in flagged]
    out = []
    for s, e in spans:
        i = bisect.bisect_left(flagged_starts, e) - 1  # the last flagged span starting before the sentence ends
        if i >= 0 and flagged[i][1] > s:
            continue
        t = text[s:e]
        if _heading_like(t) and not (EMAIL.search(t) or PHONE.search(t)):
            continue  # a heading names a topic; it is not evidence of a practice
        i = bisect.bisect_left(starts, s) - 1
        out.append(Sentence(s, e, t, heads[i][1] if i >= 0 else ""))
    return out


def _hint(cat: Category) -> re.Pattern | None:
    """What a sentence under a matching heading must hold to count without a cue of its own."""
    if cat.items:
        return _union(cat.items)
    if cat.kind == "durations":
        return cat.also
    if cat.kind == "contact":
        return re.compile(f"{EMAIL.pattern}|{PHONE.pattern}|{PERSON.pattern}", re.I)
    return None


_HINTS = {cat.key: _hint(cat) for cat in CATEGORIES}
_BY_KEY = {cat.key: cat for cat in CATEGORIES}


@lru_cache(maxsize=4096)
def _under(key: str, heading: str) -> bool:
    pattern = _BY_KEY[key].heading
    return bool(pattern and heading and pattern.search(heading))


def _score(cat: Category, s: Sentence) -> int:
    """3: a value, with a cue or under the category's heading; 1: a cue only; 0: neither.
    A sentence that holds a value outranks one that only names the topic, so the quote cap
    never drops the sentences the value comes from."""
    cue = bool(cat.cue.search(s.text)) and (cat.also is None or bool(cat.also.search(s.text)))
    if not cue and not _under(cat.key, s.heading):
        return 0  # most sentences stop here, before the costlier value patterns
    if cat.exclude and cat.exclude.search(s.text):
        return 0
    hint = _HINTS[cat.key]
    has_value = bool(hint and hint.search(s.text))
    if cue:
        return 1 + 2 * has_value
    return 3 if has_value else 0


def _item_keys(cat: Category, s: Sentence) -> frozenset[str]:
    return frozenset(key for key, rx in cat.items if rx.search(s.text))


def _choose(cat: Category, scored: list[tuple[int, Sentence]]) -> list[Sentence]:
    """Up to MAX_QUOTES sentences, best first; for list categories, sentences that add an item
    not yet covered go first, so a long policy's later items (marketing after ten rows of
    member management) still reach the value."""
    ranked = [s for _, s in sorted(scored, key=lambda p: (-p[0], p[1].start))]
    if cat.items and len(ranked) > MAX_QUOTES:
        covered: set[str] = set()
        first, rest = [], []
        for s in ranked:
            keys = _item_keys(cat, s)
            (first if keys - covered else rest).append(s)
            covered |= keys
        ranked = first + rest
    return sorted(ranked[:MAX_QUOTES], key=lambda s: s.start)


def _fact(cat: Category, sents: list[Sentence]) -> Fact:
    scored = [(sc, s) for s in sents if (sc := _score(cat, s))]
    chosen = _choose(cat, scored)
    value, confidence = value_of(cat, chosen) if chosen else (None, 0.0)
    if value is None or not supported(value, [s.text for s in chosen]):
        return Fact(cat.key, cat.label, NOT_STATED, (), 0.0)
    if not any(cat.cue.search(s.text) for s in chosen):
        confidence -= 0.15  # only headings tie these sentences to the category
    quotes = tuple(Quote(s.start, s.end, s.text) for s in chosen)
    return Fact(cat.key, cat.label, value, quotes, round(max(0.05, confidence), 2))

"""What the evidence ranker reads about each candidate sentence: every feature in this one module.

``features(asked, cand, document)`` turns the candidates of one policy (``Scored``, best fused
first, as ``Retriever.find`` returns them) into one row per candidate, columns in ``NAMES`` order.
Each value is cheap (no model call): the scores retrieval already computed, relative to the other
candidates of the same question (a cosine of 0.55 is strong on one policy and weak on another),
word overlaps with the question and its section heading, the sentence's place and shape, and a
few cues of what the question asks for.

What the question asks for comes from the reading (``Assistant.read``'s ``Reading.intent``:
a yes/no, a way to do something, a duration, a contact), not from patterns of its own; only the
question word (what/which, who) is read here, which no intent names. A model file lists the names
it was trained on, and ``Ranker`` refuses a file whose names differ from ``NAMES`` (retrain with
``python -m tune ranker``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from ..text import EMAIL, PHONE, content_words, stem, words
from .search import Scored
from .vocabulary import GENERIC, expand


@dataclass(frozen=True)
class Asked:
    """The question as the ranker sees it, worked out once per question."""

    text: str
    own: frozenset[str]  # stems of its own topic words
    expanded: frozenset[str]  # ... plus the words policies answer them with (vocabulary.expand)
    intent: str | None = None  # Reading.intent: what kind of answer the question wants

    @classmethod
    def of(cls, question: str, intent: str | None = None) -> Asked:
        own = frozenset(stem(w) for w in content_words(question) if w not in GENERIC)
        expanded = frozenset(stem(w) for w in content_words(expand(question)) if w not in GENERIC)
        return cls(question, own, expanded | own, intent)


NAMES = (
    "fused_ratio",
    "fused_rank",
    "dense",
    "dense_gap",
    "dense_rank",
    "dense_known",
    "bm25_ratio",
    "bm25_rank",
    "bm25_known",
    "own_share",
    "expanded_share",
    "own_count",
    "heading_share",
    "doc_position",
    "opens_paragraph",
    "log_length",
    "before_ratio",
    "after_ratio",
    "list_item",
    "ends_colon",
    "upper_share",
    "has_number",
    "has_contact",
    "wants_duration",
    "wants_contact",
    "duration_in_passage",
    "yes_no",
    "asks_what",
    "how_to",
    "asks_who",
)

_BULLET = re.compile(r"^\s*(?:[-–—•*·※]|\(?\d{1,2}[.)]|\(?[a-z][.)]\s)")
_NUMBER = re.compile(r"\d")
_LINK = re.compile(r"https?://|www\.")
_DURATION = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|ten|twelve|thirty|sixty)\s*(?:years?|months?|weeks?|days?)\b"
    r"|\buntil\b|\bas long as\b|\bperiod\b",
    re.IGNORECASE,
)
_WHAT = re.compile(r"\b(?:what|which)\b", re.IGNORECASE)
_WHO = re.compile(r"\b(?:who|whom)\b", re.IGNORECASE)


def features(asked: Asked, cand: list[Scored], document: str) -> np.ndarray:
    """One row per candidate of one policy, in ``cand``'s order; columns in ``NAMES`` order."""
    n = len(cand)
    out = np.zeros((n, len(NAMES)), np.float32)
    if not n:
        return out
    top = max(s.score for s in cand) or 1.0
    dense = np.array([s.dense for s in cand], np.float32)
    bm25 = np.array([s.keyword for s in cand], np.float32)
    dense_rank = _ranks(dense)
    bm25_rank = _ranks(bm25)
    best_bm25 = float(bm25.max()) or 1.0
    # Neighbours: a sentence right before or after a strong one is often its condition or its list.
    by_end = {(s.unit.policy, s.unit.end): s.score for s in cand}
    by_start = {(s.unit.policy, s.unit.start): s.score for s in cand}
    cues = _question_cues(asked)
    size = max(1, len(document))
    for i, s in enumerate(cand):
        u = s.unit
        said = {stem(w) for w in words(u.text)}
        heading = {stem(w) for w in words(u.section)}
        before = max((by_end.get((u.policy, u.start - gap), 0.0) for gap in (0, 1, 2)), default=0.0)
        after = max((by_start.get((u.policy, u.end + gap), 0.0) for gap in (0, 1, 2)), default=0.0)
        letters = [c for c in u.text if c.isalpha()]
        out[i] = (
            s.score / top,
            math.log1p(i),
            s.dense,
            s.dense - float(dense.max()),
            math.log1p(dense_rank[i]),
            float(s.dense > 0),
            s.keyword / best_bm25,
            math.log1p(bm25_rank[i]),
            float(s.keyword > 0),
            _share(asked.own, said),
            _share(asked.expanded, said),
            min(len(asked.own & said), 5),
            _share(asked.own, heading),
            u.start / size,
            float(u.start == 0 or document[max(0, u.start - 1)] == "\n"),
            math.log(max(20, len(u.text))),
            before / top,
            after / top,
            float(bool(_BULLET.match(u.text))),
            float(u.text.rstrip().endswith(":")),
            sum(c.isupper() for c in letters) / max(1, len(letters)),
            float(bool(_NUMBER.search(u.text))),
            float(bool(_LINK.search(u.text) or EMAIL.search(u.text) or PHONE.search(u.text))),
            *cues[:2],
            float(cues[0] > 0 and bool(_DURATION.search(u.text))),
            *cues[2:],
        )
    return out


def _question_cues(asked: Asked) -> tuple[float, ...]:
    """wants_duration, wants_contact, yes_no, asks_what, how_to, asks_who: the same for every
    candidate, they let the weights of the other features differ by kind of question."""
    q, intent = asked.text, asked.intent
    return (
        float(intent == "duration"),
        float(intent == "contact"),
        float(intent == "yes_no"),
        float(bool(_WHAT.search(q))),
        float(intent == "how_to"),
        float(bool(_WHO.search(q))),
    )


def _share(asked: frozenset[str], said: set[str]) -> float:
    return len(asked & said) / len(asked) if asked else 0.0


def _ranks(values: np.ndarray) -> np.ndarray:
    """0 for the highest value; a value of 0 (not among that ranking's candidates) ranks last."""
    order = np.argsort(-values, kind="stable")
    ranks = np.empty(len(values), np.float32)
    ranks[order] = np.arange(len(values))
    ranks[values <= 0] = len(values)
    return ranks

"""Dense-only top-k sentence retrieval within one policy: is a gold span inside what is shown?

A (policy, question) pair is a hit when one of its gold spans lies inside the top-k sentences of
that policy, ranked by cosine to the question; adjacent retrieved sentences merge first, so a span
that crosses a sentence end counts when both sentences are shown (``bench/policyqa.py`` merges
quotes the same way). The characters shown are the k sentences' lengths: hitting by showing
whole pages would help nobody, so the two figures go together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .data import Policy, Question

Encode = Callable[[list[str]], np.ndarray]  # texts -> unit vectors, one row each
K = 5


@dataclass(frozen=True)
class Outcome:
    key: str  # what was asked: "slug|question" or an eval item id and policy
    group: str  # PolicyQA: the fold; eval set: the question type
    hit: bool
    chars: int


@dataclass(frozen=True)
class Score:
    hit_rate: float
    mean_chars: float
    n: int


def merge(spans: Sequence[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Intervals that overlap or are separated only by whitespace, merged."""
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and (s <= out[-1][1] or not text[out[-1][1] : s].strip()):
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def is_hit(shown: Sequence[tuple[int, int]], golds: Sequence[tuple[int, int]], text: str) -> bool:
    merged = merge(shown, text)
    return any(s <= gs and ge <= e for gs, ge in golds for s, e in merged)


def score(outcomes: Sequence[Outcome]) -> Score:
    """Hit rate and mean characters shown; a pure function of the per-item outcomes."""
    if not outcomes:
        return Score(0.0, 0.0, 0)
    return Score(
        sum(o.hit for o in outcomes) / len(outcomes),
        sum(o.chars for o in outcomes) / len(outcomes),
        len(outcomes),
    )


def by_group(outcomes: Sequence[Outcome]) -> dict[str, Score]:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        groups[o.group].append(o)
    return {g: score(v) for g, v in sorted(groups.items())}


def _top_k(vectors: np.ndarray, query: np.ndarray, policy: Policy, k: int) -> list[tuple[int, int]]:
    order = np.argsort(-(vectors @ query), kind="stable")[:k]
    return [policy.sentences[i] for i in order]


def retrieval(
    encode: Encode,
    policies: dict[str, Policy],
    asked: Sequence[tuple[str, str, str, tuple[tuple[int, int], ...]]],
    k: int = K,
) -> list[Outcome]:
    """Outcomes of (group, policy slug, question, gold spans) items, each searched within its policy."""
    used = sorted({slug for _, slug, _, _ in asked})
    vectors = {slug: encode(policies[slug].sentence_texts()) for slug in used}
    queries = encode([q for _, _, q, _ in asked])
    out = []
    for (group, slug, question, golds), query in zip(asked, queries):
        policy = policies[slug]
        shown = _top_k(vectors[slug], query, policy, k)
        out.append(
            Outcome(f"{slug}|{question}", group, is_hit(shown, golds, policy.text), sum(e - s for s, e in shown))
        )
    return out


def policyqa(
    encode: Encode, policies: dict[str, Policy], questions: Sequence[Question], group: str = "all"
) -> list[Outcome]:
    return retrieval(encode, policies, [(group, q.slug, q.question, q.golds) for q in questions])

"""Metrics as pure functions: ``metric(results) -> (mean, per_item)``.

``per_item`` holds one score per result, ``None`` where the metric does not apply (e.g.
retrieval for a question with no gold evidence); the mean is over the applicable items,
``None`` if there are none. Nothing here loads a model: the runner gathers ``Result``s and the
judge is passed in (the heuristic judge by default).

How abstaining answers count (``answerable=False``):
- correctness: an abstention on an answerable item states none of its facts, so it scores 0;
  unanswerable items have no key facts and are left out.
- citation integrity: applies to every answer, abstentions included (they cite the closest
  passages, and those must be verbatim too).
- citation recall/precision and faithfulness: a sentence saying the policy does not cover
  something ("The KMALL24 policy does not say …") is not a factual claim and is skipped; an
  answer with no claims at all is left out rather than scored as perfect.
- abstention: precision and recall of ``answerable=False`` against the unanswerable items.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from assistant.text import MARKER, markers, split_statements
from assistant.verify import Verdict, is_abstention, judge as heuristic_judge

from .dataset import Item, Span

Judge = Callable[[str, Sequence], Verdict]


@dataclass(frozen=True)
class CitedQuote:
    policy: str
    title: str
    quote: str
    start: int
    end: int


@dataclass
class Result:
    """What the runner gathered for one item."""

    item: Item
    retrieved: list[Span]  # retrieve(question), best first
    gold: list[Span]
    text: str
    citations: list[CitedQuote]
    answerable: bool
    documents: Mapping[str, str] = field(default_factory=dict)  # slug -> policy text
    seconds: float = 0.0
    backend: str = ""  # Answer.backend: which backend really answered (fallbacks say so)
    removed: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # what the guard removed, and why
    short: str | None = None  # Answer.short, the direct answer line


def mean(per_item: list[float | None]) -> float | None:
    values = [v for v in per_item if v is not None]
    return sum(values) / len(values) if values else None


def hit_at_k(results: Sequence[Result], k: int = 5) -> tuple[float | None, list[float | None]]:
    """1 when one of the top-k retrieved spans overlaps a gold span."""
    per = [None if not r.gold else float(any(s.overlaps(g) for s in r.retrieved[:k] for g in r.gold)) for r in results]
    return mean(per), per


def mrr(results: Sequence[Result], k: int = 5) -> tuple[float | None, list[float | None]]:
    """Reciprocal rank of the first retrieved span that overlaps a gold span (0 if none in top k)."""
    per: list[float | None] = []
    for r in results:
        if not r.gold:
            per.append(None)
            continue
        rank = next((i for i, s in enumerate(r.retrieved[:k], 1) if any(s.overlaps(g) for g in r.gold)), None)
        per.append(1.0 / rank if rank else 0.0)
    return mean(per), per


def gold_cited(results: Sequence[Result]) -> tuple[float | None, list[float | None]]:
    """1 when one of the answer's citations overlaps a gold span: did it show the right passage?

    ``retrieve`` and ``ask`` may select evidence differently; this measures what the user sees."""
    per: list[float | None] = []
    for r in results:
        if not r.gold:
            per.append(None)
            continue
        cited = [Span(c.policy, c.start, c.end) for c in r.citations]
        per.append(float(r.answerable and any(c.overlaps(g) for c in cited for g in r.gold)))
    return mean(per), per


def _plain(text: str) -> str:
    text = MARKER.sub(" ", text)
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).lower()


def correctness(results: Sequence[Result]) -> tuple[float | None, list[float | None]]:
    """Share of the item's key facts the answer states (any listed wording, case-insensitive)."""
    per: list[float | None] = []
    for r in results:
        if not r.item.answerable or not r.item.key_facts:
            per.append(None)
        elif not r.answerable:
            per.append(0.0)
        else:
            text = _plain(r.text)
            per.append(
                sum(any(_plain(alt).strip() in text for alt in fact) for fact in r.item.key_facts)
                / len(r.item.key_facts)
            )
    return mean(per), per


def integrity_problems(r: Result) -> list[str]:
    """Markers <-> citations both ways, and every quote verbatim at its offsets."""
    problems = []
    used = set(markers(r.text))
    for n in sorted(used):
        if not 1 <= n <= len(r.citations):
            problems.append(f"marker [{n}] has no citation")
    for n, c in enumerate(r.citations, 1):
        if n not in used:
            problems.append(f"citation {n} is not referred to in the text")
        doc = r.documents.get(c.policy)
        if doc is None:
            problems.append(f"citation {n}: unknown policy {c.policy!r}")
        elif doc[c.start : c.end] != c.quote or not c.quote:
            problems.append(f"citation {n}: quote is not the policy text at {c.start}:{c.end}")
    return problems


def citation_integrity(results: Sequence[Result]) -> tuple[float | None, list[float | None]]:
    per: list[float | None] = [0.0 if integrity_problems(r) else 1.0 for r in results]
    return mean(per), per


def claims(text: str, answerable: bool = True) -> list[str]:
    """Answer statements that assert something about a policy.

    Abstention sentences are not claims; in an abstaining answer only the cited statements
    (the closest passages it offers) are, the rest is the abstention message itself."""
    statements = [s for s in split_statements(text) if not is_abstention(s)]
    return statements if answerable else [s for s in statements if markers(s)]


def _cited(r: Result, statement: str) -> list[CitedQuote]:
    return [r.citations[n - 1] for n in dict.fromkeys(markers(statement)) if 1 <= n <= len(r.citations)]


def _supported_share(results: Sequence[Result], judge: Judge, evidence_of) -> tuple[float | None, list[float | None]]:
    """Per answer, the share of claim statements the judge finds supported by ``evidence_of(r, s)``."""
    per: list[float | None] = []
    for r in results:
        statements = claims(r.text, r.answerable)
        if not statements:
            per.append(None)
            continue
        ok = 0
        for s in statements:
            evidence = evidence_of(r, s)
            ok += bool(evidence) and judge(s, evidence).supported
        per.append(ok / len(statements))
    return mean(per), per


def citation_recall(
    results: Sequence[Result], judge: Judge = heuristic_judge
) -> tuple[float | None, list[float | None]]:
    """ALCE recall: share of claim statements supported by the union of the quotes they cite."""
    return _supported_share(results, judge, _cited)


def citation_precision(
    results: Sequence[Result], judge: Judge = heuristic_judge
) -> tuple[float | None, list[float | None]]:
    """ALCE precision: a citation counts when its statement is supported and the citation is
    needed: it supports the statement alone, or removing it breaks the support."""
    per: list[float | None] = []
    for r in results:
        total = good = 0
        for s in claims(r.text, r.answerable):
            cited = _cited(r, s)
            total += len(cited)
            if not cited or not judge(s, cited).supported:
                continue
            for i, c in enumerate(cited):
                rest = cited[:i] + cited[i + 1 :]
                if len(cited) == 1 or judge(s, [c]).supported or not judge(s, rest).supported:
                    good += 1
        per.append(good / total if total else None)
    return mean(per), per


def faithfulness(results: Sequence[Result], judge: Judge = heuristic_judge) -> tuple[float | None, list[float | None]]:
    """Share of claim statements supported by the evidence the answer shows (all its citations).

    Unlike citation recall, a statement need not cite the right quote itself: this asks whether
    what the user reads is backed by what the answer showed them."""
    return _supported_share(results, judge, lambda r, s: r.citations)


def decision_accuracy(results: Sequence[Result]) -> tuple[float | None, list[float | None]]:
    """1 when the item was answered if answerable and abstained on if not; small talk is right
    only without quotes (a help line, not passages)."""
    per: list[float | None] = [
        float(r.answerable == r.item.answerable and not (r.item.type == "smalltalk" and r.citations)) for r in results
    ]
    return mean(per), per


def abstention(results: Sequence[Result]) -> tuple[dict[str, float | None], list[float]]:
    """Precision and recall of abstaining (answerable=False) for the unanswerable items.

    ``per_item`` is 1 when the decision (answer or abstain) was right for the item."""
    abstained = [not r.answerable for r in results]
    should = [not r.item.answerable for r in results]
    both = sum(a and s for a, s in zip(abstained, should))
    precision = both / sum(abstained) if any(abstained) else None
    recall = both / sum(should) if any(should) else None
    f1 = (
        2 * precision * recall / (precision + recall)
        if precision and recall
        else (0.0 if precision is not None and recall is not None else None)
    )
    per = [float(a == s) for a, s in zip(abstained, should)]
    return {"precision": precision, "recall": recall, "f1": f1}, per

"""Base vs tuned, side by side: PolicyQA dev (all 20 policies) and our eval set by question type.

PolicyQA figures for a model trained on all of dev are in-sample; the cross-validated ones come
from ``python -m tune --cv``. The eval set is measured only: nothing here trains or tunes on it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .cv import encoder
from .data import Policy, Question
from .evalset import eval_items, our_policies
from .measure import Score, by_group, policyqa, retrieval, score


def _figures(
    encode, policies: dict[str, Policy], questions: Sequence[Question], ours: dict[str, Policy], asked
) -> dict[str, Score]:
    out = {"PolicyQA dev, 20 policies": score(policyqa(encode, policies, questions))}
    outcomes = retrieval(encode, ours, asked)
    out.update({f"eval set, {g}": s for g, s in by_group(outcomes).items()})
    out["eval set, all answerable"] = score(outcomes)
    return out


def compare(
    base: str,
    tuned: str,
    policies: dict[str, Policy],
    questions: Sequence[Question],
    log: Callable[[str], None] = print,
) -> dict:
    """Measure both models; log a markdown table; return the figures as plain data."""
    from sentence_transformers import SentenceTransformer

    ours = our_policies()
    asked = eval_items(ours)
    figures = {
        name: _figures(encoder(SentenceTransformer(path, device="cpu")), policies, questions, ours, asked)
        for name, path in (("base", base), ("tuned", tuned))
    }
    log(table(figures))
    return {m: {k: s.__dict__ for k, s in f.items()} for m, f in figures.items()}


def table(figures: dict[str, dict[str, Score]]) -> str:
    lines = ["| dense top-5 sentences | base hit@5 (chars) | tuned hit@5 (chars) | n |", "| --- | --- | --- | --- |"]
    for key, b in figures["base"].items():
        t = figures["tuned"][key]
        lines.append(
            f"| {key} | {b.hit_rate:.1%} ({b.mean_chars:.0f}) | {t.hit_rate:.1%} ({t.mean_chars:.0f}) | {b.n} |"
        )
    return "\n".join(lines)

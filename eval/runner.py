"""Gather what the assistant does on each item, then score it. No metric logic lives here."""

from __future__ import annotations

import datetime
import functools
import subprocess
import time
from collections.abc import Sequence

from tqdm import tqdm

from assistant.verify import judge as heuristic_judge

from . import guarded, metrics, shape
from .dataset import SECTIONS, Item, Span, gold_spans, load_all
from .judge_check import agreement, load_cases
from .metrics import CitedQuote, Result

# The report's metric names, in the order tables and charts show them.
METRICS = (
    "hit_at_5",
    "mrr",
    "gold_cited",
    "correctness",
    "citation_integrity",
    "citation_recall",
    "citation_precision",
    "faithfulness",
    "decision_accuracy",
    "fact_check",
)
# The answer's shape (issue 12): the direct line's coverage and accuracy, quotes and characters.
SHAPE = ("direct_shown", "direct_correct", "quotes", "quote_chars", "quotes_single", "quote_chars_single")
# Verbatim quotes are faithful by construction: the extractive backend's faithfulness is this, not a figure.
VERBATIM = "verbatim by construction"


def collect(bot, items: Sequence[Item], progress: bool = True) -> list[Result]:
    """Ask every item and retrieve its evidence; the raw material for the metrics."""
    documents = {slug: bot.document(slug) for slug, _ in bot.policies()}
    results = []
    for item in tqdm(items, desc="eval", unit="q", disable=not progress):
        history = list(item.history) or None
        began = time.perf_counter()
        answer = bot.ask(item.question, policy=item.ask_policy, history=history)
        seconds = time.perf_counter() - began
        # A follow-up is retrieved as the assistant understood it (with the earlier turn).
        query = (
            bot.plan(item.question, item.ask_policy, history).standalone
            if history and hasattr(bot, "plan")
            else item.question
        )
        retrieved = bot.retrieve(query, policy=item.ask_policy, k=5)
        results.append(
            Result(
                item=item,
                retrieved=[Span(e.policy, e.start, e.end) for e in retrieved],
                gold=gold_spans(item, documents.__getitem__),
                text=answer.text,
                citations=[CitedQuote(c.policy, c.title, c.quote, c.start, c.end) for c in answer.citations],
                answerable=answer.answerable,
                documents=documents,
                seconds=seconds,
                backend=answer.backend,
                removed=list(answer.removed),
                short=answer.short,
            )
        )
    return results


def heuristic(embed=None) -> metrics.Judge:
    return functools.partial(heuristic_judge, embed=embed) if embed else heuristic_judge


SECTION_NAMES = frozenset(path.stem for path in SECTIONS)


def score(results: Sequence[Result], judge: metrics.Judge = heuristic_judge) -> dict:
    """All metrics: overall, per question type, and per item (each item is judged once)."""
    per_item = {
        "hit_at_5": metrics.hit_at_k(results, 5)[1],
        "mrr": metrics.mrr(results, 5)[1],
        "gold_cited": metrics.gold_cited(results)[1],
        "correctness": metrics.correctness(results)[1],
        "citation_integrity": metrics.citation_integrity(results)[1],
        "citation_recall": metrics.citation_recall(results, judge)[1],
        "citation_precision": metrics.citation_precision(results, judge)[1],
        "faithfulness": metrics.faithfulness(results, judge)[1],
        "decision_accuracy": metrics.decision_accuracy(results)[1],
        "fact_check": guarded.fact_check(results)[1],
        "guard_removed": guarded.guard_removal(results)[1],
        "direct_shown": shape.direct_shown(results)[1],
        "direct_correct": shape.direct_correct(results)[1],
        "quotes": shape.quotes(results)[1],
        "quote_chars": shape.quote_chars(results)[1],
        "quotes_single": shape.quotes(results, single=True)[1],
        "quote_chars_single": shape.quote_chars(results, single=True)[1],
    }
    verbatim = not any(guarded.generated(r) for r in results)
    if verbatim:
        per_item["faithfulness"] = [None] * len(results)  # reported as VERBATIM instead

    def summary(indices: list[int]) -> dict:
        subset = [results[i] for i in indices]
        figures = {name: _round(metrics.mean([values[i] for i in indices])) for name, values in per_item.items()}
        figures.update({f"abstention_{k}": _round(v) for k, v in metrics.abstention(subset)[0].items()})
        # Share of answers a generative backend handed to the extractive fallback ("extractive (fallback: …)").
        figures["fallback_rate"] = (
            _round(sum("fallback" in r.backend for r in subset) / len(subset)) if subset else None
        )
        figures["n"] = len(subset)
        figures["guard_reasons"] = guarded.removal_reasons(subset)
        if verbatim:
            figures["faithfulness_basis"] = VERBATIM
        return figures

    # The overall and per-type figures are of the main sets; a section counts only in its by_set row.
    main = [i for i, r in enumerate(results) if r.item.source not in SECTION_NAMES]
    by_type = {}
    for type_ in dict.fromkeys(results[i].item.type for i in main):
        by_type[type_] = summary([i for i in main if results[i].item.type == type_])
    by_set = {
        source: summary([i for i, r in enumerate(results) if r.item.source == source])
        for source in dict.fromkeys(r.item.source for r in results)
    }
    items = []
    for i, r in enumerate(results):
        row = {
            "id": r.item.id,
            "type": r.item.type,
            "question": r.item.question,
            "answerable": r.answerable,
            "short": r.short,
            "text": r.text,
            "citations": len(r.citations),
            "seconds": round(r.seconds, 4),
            "backend": r.backend,
        }
        row.update({name: _round(values[i]) for name, values in per_item.items()})
        problems = metrics.integrity_problems(r)
        if problems:
            row["integrity_problems"] = problems
        items.append(row)
    return {"overall": summary(main), "by_type": by_type, "by_set": by_set, "items": items}


def _round(value):
    return None if value is None else round(float(value), 4)


def evaluate(bot, limit: int | None = None, judge_mode: str = "heuristic", progress: bool = True) -> dict:
    """Run the evaluation set against ``bot`` and return the report (without thresholds)."""
    items = load_all()[:limit] if limit else load_all()
    began = time.perf_counter()
    results = collect(bot, items, progress=progress)
    embed = bot.embedder.embed_documents  # the assistant's own cached question embedder
    report = score(results, heuristic(embed))
    report["judge"] = agreement(load_cases(), embed)
    if judge_mode == "llm":
        from .llm_judge import LLMJudge

        llm = LLMJudge(bot.settings)
        # Only the two statement-level figures: precision would cost a model call per citation subset.
        report["llm_judge"] = {
            "model": llm.model,
            "agreement": agreement(load_cases(), judge_fn=llm)["agreement"],
            "faithfulness": _round(metrics.faithfulness(results, llm)[0]),
            "citation_recall": _round(metrics.citation_recall(results, llm)[0]),
        }
    seconds = time.perf_counter() - began
    report["meta"] = {
        "backend": bot.settings.llm,
        "guard": bot.settings.guard,
        "items": len(items),
        "limit": limit,
        "judge": "heuristic + embedding similarity" + (" (+ LLM, separately)" if judge_mode == "llm" else ""),
        "seconds": round(seconds, 2),
        "seconds_per_question": round(seconds / max(1, len(items)), 4),
        "created": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _commit(),
    }
    return report


def _commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5)
        return out.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None

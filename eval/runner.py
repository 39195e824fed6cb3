"""Gather what the assistant does on each item, then score it. No metric logic lives here."""
from __future__ import annotations

import functools
import time
from typing import Callable, Sequence

from tqdm import tqdm

from assistant.judge import judge as heuristic_judge

from . import metrics
from .dataset import Item, Span, gold_spans
from .metrics import CitedQuote, Result

# The report's metric names, in the order tables and charts show them.
METRICS = (
    "hit_at_5", "mrr", "correctness", "citation_integrity", "citation_recall",
    "citation_precision", "faithfulness", "decision_accuracy",
)


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
        query = bot.plan(item.question, item.ask_policy, history).standalone if history and hasattr(bot, "plan") else item.question
        retrieved = bot.retrieve(query, policy=item.ask_policy, k=5)
        results.append(Result(
            item=item,
            retrieved=[Span(e.policy, e.start, e.end) for e in retrieved],
            gold=gold_spans(item, documents.__getitem__),
            text=answer.text,
            citations=[CitedQuote(c.policy, c.title, c.quote, c.start, c.end) for c in answer.citations],
            answerable=answer.answerable,
            documents=documents,
            seconds=seconds,
        ))
    return results


def cached_embed(embedder) -> Callable[[list[str]], list[list[float]]]:
    """The judge's embed callable over a LangChain embedder, caching repeated sentences."""
    cache: dict[str, list[float]] = {}

    def embed(texts: list[str]) -> list[list[float]]:
        missing = [t for t in dict.fromkeys(texts) if t not in cache]
        if missing:
            cache.update(zip(missing, embedder.embed_documents(missing)))
        return [cache[t] for t in texts]

    return embed


def heuristic(embed=None) -> metrics.Judge:
    return functools.partial(heuristic_judge, embed=embed) if embed else heuristic_judge


def score(results: Sequence[Result], judge: metrics.Judge = heuristic_judge) -> dict:
    """All metrics: overall, per question type, and per item."""
    def figures(subset: Sequence[Result]) -> tuple[dict, dict]:
        per = {
            "hit_at_5": metrics.hit_at_k(subset, 5),
            "mrr": metrics.mrr(subset, 5),
            "correctness": metrics.correctness(subset),
            "citation_integrity": metrics.citation_integrity(subset),
            "citation_recall": metrics.citation_recall(subset, judge),
            "citation_precision": metrics.citation_precision(subset, judge),
            "faithfulness": metrics.faithfulness(subset, judge),
        }
        abst, decisions = metrics.abstention(subset)
        per["decision_accuracy"] = (metrics._mean(decisions), decisions)
        summary = {name: _round(mean) for name, (mean, _) in per.items()}
        summary.update({f"abstention_{k}": _round(v) for k, v in abst.items()})
        summary["n"] = len(subset)
        return summary, {name: items for name, (_, items) in per.items()}

    overall, per_item = figures(results)
    by_type = {}
    for type_ in dict.fromkeys(r.item.type for r in results):
        by_type[type_], _ = figures([r for r in results if r.item.type == type_])
    items = []
    for i, r in enumerate(results):
        row = {"id": r.item.id, "type": r.item.type, "question": r.item.question, "answerable": r.answerable,
               "text": r.text, "citations": len(r.citations), "seconds": round(r.seconds, 4)}
        row.update({name: _round(values[i]) for name, values in per_item.items()})
        problems = metrics.integrity_problems(r)
        if problems:
            row["integrity_problems"] = problems
        items.append(row)
    return {"overall": overall, "by_type": by_type, "items": items}


def _round(value):
    return None if value is None else round(float(value), 4)

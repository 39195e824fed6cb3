"""Fact sheets in ``python -m eval``: the assistant's sheets scored against the gold of the five
default policies (eval/facts_gold.json, in-sample: the extractor was tuned on them) and against a
held-out gold of three PolicyQA dev policies it never saw (eval/facts_heldout/).

In-sample sheets are the ones a user gets (``bot.facts``: built at ingest, checked by the judge).
Held-out policies are not in the index; their sheets go through the same steps (load, chunk,
``fact_sheet``, the judge's check) here. The figures are pure functions of eval/facts_metrics.py.
"""

from __future__ import annotations

from pathlib import Path

from assistant.answer.facts import checked
from ingest.chunk import chunk
from ingest.facts import fact_sheet
from ingest.load import load

from .facts_metrics import GOLD, cell_accuracy, false_stated_rate, load_gold, quote_recall, score_sheets

HELDOUT = Path(__file__).with_name("facts_heldout")


def facts_report(bot) -> dict:
    """Figures and per-cell scores, in-sample and held-out; ``gate`` holds what thresholds.toml checks."""
    _, files, cells = load_gold(GOLD)
    inside = _figures(cells, {s: bot.facts(s) for s in files}, {s: bot.document(s) for s in files})
    _, files, cells = load_gold(HELDOUT / "gold.json")
    sheets, texts = {}, {}
    for slug, name in files.items():
        doc = load(HELDOUT / name)
        sheets[slug] = checked(fact_sheet(slug, doc.title, doc.text, [s for c in chunk(doc) for s in c.sentences]))
        texts[slug] = doc.text
    held = _figures(cells, sheets, texts)
    gate = {"facts_cell_accuracy": inside["cell_accuracy"], "facts_false_stated": inside["false_stated"]}
    return {"in_sample": inside, "held_out": held, "gate": gate}


def _figures(cells, sheets, texts) -> dict:
    scores = score_sheets(cells, sheets, texts)
    per_false = false_stated_rate(scores)[1]
    return {
        "policies": len(sheets),
        "cells": len(scores),
        "cell_accuracy": cell_accuracy(scores)[0],
        "quote_recall": quote_recall(scores)[0],
        "false_stated": false_stated_rate(scores)[0],
        "not_stated_cells": sum(p is not None for p in per_false),
        "wrong": [
            {
                "policy": s.policy,
                "category": s.category,
                "gold": s.gold,
                "value": s.value,
                "false_stated": s.false_stated,
            }
            for s in scores
            if not s.correct
        ],
    }


def markdown(facts: dict) -> list[str]:
    fmt = lambda v: "–" if v is None else f"{v:.3f}"  # noqa: E731
    lines = [
        "## Fact sheets",
        "",
        '| gold | policies | cells | cell accuracy | quote recall | false "stated" |',
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, label in (
        ("in_sample", "five default policies (in-sample)"),
        ("held_out", "three PolicyQA dev policies (held-out)"),
    ):
        f = facts[name]
        lines.append(
            f"| {label} | {f['policies']} | {f['cells']} | {fmt(f['cell_accuracy'])} | {fmt(f['quote_recall'])} | "
            f"{fmt(f['false_stated'])} ({f['not_stated_cells']} Not-stated cells) |"
        )
    for name in ("in_sample", "held_out"):
        for w in facts[name]["wrong"]:
            mark = "stated what the policy does not say" if w["false_stated"] else "wrong"
            lines.append(
                f"- {w['policy']} / {w['category']} ({mark}): gold “{w['gold'][:80]}”, sheet “{w['value'][:80]}”"
            )
    return lines + [""]

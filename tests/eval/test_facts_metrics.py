"""Fact-sheet metrics: pure functions over gold cells and sheets (no model)."""

from __future__ import annotations

import pytest

from eval.facts_metrics import (
    GoldCell,
    cell_accuracy,
    false_stated_rate,
    load_gold,
    quote_recall,
    score_cell,
    value_correct,
)
from ingest.facts import Fact, FactSheet, Quote

TEXT = "We keep contracts for 5 years. Complaints are kept for 3 years. We never sell data."


@pytest.mark.parametrize(
    "value, gold, accept, right",
    [
        ("5 years — contracts; 3 years — complaints", "5 years; 3 years", ["5 years", "3 years"], True),
        ("5 years — contracts", "5 years; 3 years", ["5 years", "3 years"], False),
        ("Not stated", "No", ["No"], False),  # "No" must not match inside "Not stated"
        ("None of it", "No", ["No"], False),  # Yes/No are whole words
        ("No — unless required by law", "No", ["No"], True),
        ("Not stated", "Not stated", [], True),
        ("No", "Not stated", [], False),
        ("inspect, correction", "inspect, correct", ["correct"], True),  # keys match at a word start
    ],
)
def test_value_correct(value, gold, accept, right):
    assert value_correct(value, gold, accept) is right


def test_scores_over_a_sheet():
    cells = [
        GoldCell(
            "p",
            "retention",
            "5 years; 3 years",
            ("5 years", "3 years"),
            ("We keep contracts for 5 years.", "Complaints are kept for 3 years."),
        ),
        GoldCell("p", "children", "Not stated", (), ()),
    ]
    s0, e0 = 0, TEXT.index(".") + 1
    sheet = FactSheet(
        "p",
        "P",
        (
            Fact("retention", "", "5 years — contracts", (Quote(s0, e0, TEXT[s0:e0]),), 0.8),
            Fact("children", "", "under 13", (Quote(s0, e0, TEXT[s0:e0]),), 0.5),
        ),
    )
    scores = [
        score_cell(c, sheet.fact(c.category).value, [(q.start, q.end) for q in sheet.fact(c.category).quotes], TEXT)
        for c in cells
    ]
    assert cell_accuracy(scores)[0] == 0.0
    assert quote_recall(scores)[0] == 0.5
    assert false_stated_rate(scores) == (1.0, [None, True])


def test_gold_passages_are_verbatim_in_the_loaded_policies():
    from pathlib import Path

    from ingest.load import load

    categories, files, cells = load_gold()
    assert len(files) == 5 and len(categories) >= 12
    root = Path(__file__).resolve().parents[2] / "data" / "policies"
    texts = {slug: load(root / name).text for slug, name in files.items()}
    for c in cells:
        assert bool(c.accept) == c.stated and bool(c.passages) == c.stated, c
        for p in c.passages:
            assert p in texts[c.policy], (c.policy, c.category, p[:60])

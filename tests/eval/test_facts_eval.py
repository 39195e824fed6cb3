"""`python -m eval` scores the fact sheets: in-sample on the five default policies (gated), and
held-out on three PolicyQA dev policies (reported)."""

from __future__ import annotations

from eval.facts_eval import facts_report, markdown
from eval.report import check, thresholds_for


def test_fact_sheets_are_scored_in_sample_and_held_out(bot):
    facts = facts_report(bot)
    inside, held = facts["in_sample"], facts["held_out"]
    assert (inside["policies"], inside["cells"], held["policies"], held["cells"]) == (5, 70, 3, 42)
    assert inside["cell_accuracy"] >= 0.9 and inside["false_stated"] == 0
    assert 0 <= held["cell_accuracy"] <= 1 and held["not_stated_cells"] >= 10
    assert len(inside["wrong"]) == round((1 - inside["cell_accuracy"]) * 70)
    table = "\n".join(markdown(facts))
    assert "three PolicyQA dev policies (held-out)" in table


def test_the_gate_fails_a_sheet_that_states_what_a_policy_does_not_say():
    limits = {k: v for k, v in thresholds_for("extractive").items() if "facts_" in k}
    assert limits == {"facts_cell_accuracy": 0.9, "max_facts_false_stated": 0.0}
    good = {"overall": {}, "facts": {"gate": {"facts_cell_accuracy": 0.95, "facts_false_stated": 0.0}}}
    bad = {"overall": {}, "facts": {"gate": {"facts_cell_accuracy": 0.95, "facts_false_stated": 1 / 27}}}
    assert all(r["ok"] for r in check(good, limits))
    assert [r["metric"] for r in check(bad, limits) if not r["ok"]] == ["facts_false_stated"]

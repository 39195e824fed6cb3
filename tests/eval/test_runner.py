"""One real run of the evaluation (real index, real model, extractive backend) on a few items."""

from __future__ import annotations

import json

import pytest

from eval.__main__ import main
from eval.dataset import load_items
from eval.report import check, compare, thresholds_for
from eval.runner import collect, score

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def few():
    items = load_items()
    picks = {"q001", "q004", "q061", "q081", "q093", "q107", "q125"}  # every type
    return [i for i in items if i.id in picks]


def test_collect_and_score_a_few_items(bot, few):
    results = collect(bot, few, progress=False)
    report = score(results)
    overall = report["overall"]
    assert overall["n"] == len(few)
    assert overall["citation_integrity"] == 1.0
    assert set(report["by_type"]) == {"factual", "paraphrased", "cross-policy", "follow-up", "unanswerable"}
    complaint = next(r for r in report["items"] if r["id"] == "q001")
    assert complaint["hit_at_5"] == 1.0 and complaint["correctness"] == 1.0 and complaint["fact_check"] == 1.0
    # Quotes are faithful by construction: said so, not scored as an earned 1.000.
    assert complaint["faithfulness"] is None and overall["faithfulness_basis"] == "verbatim by construction"
    assert next(r for r in report["items"] if r["id"] == "q125")["answerable"] is False  # Amazon


def test_cli_writes_reports_gates_and_compares(bot, settings, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("ASSISTANT_INDEX", str(settings.index))
    monkeypatch.setenv("ASSISTANT_POLICIES", str(settings.policies))
    monkeypatch.setenv("ASSISTANT_LLM", "extractive")
    easy = tmp_path / "easy.toml"
    easy.write_text("[default]\ncitation_integrity = 1.0\n")
    impossible = tmp_path / "impossible.toml"
    impossible.write_text("[default]\ncitation_integrity = 1.0\n[backend.extractive]\nhit_at_5 = 1.01\n")

    assert main(["--limit", "3", "--out", str(tmp_path / "a"), "--thresholds", str(easy), "-q"]) == 0
    for name in ("report.json", "report.md", "metrics_by_type.png"):
        assert (tmp_path / "a" / name).stat().st_size > 0
    report = json.loads((tmp_path / "a" / "report.json").read_text())
    assert report["meta"]["items"] == 3 and report["judge"]["agreement"] >= 0.9
    assert "| factual |" in (tmp_path / "a" / "report.md").read_text()

    assert main(["--limit", "3", "--out", str(tmp_path / "b"), "--thresholds", str(impossible), "-q"]) == 1
    assert "FAIL: hit_at_5" in capsys.readouterr().err

    assert main(["--compare", str(tmp_path / "a" / "report.json"), str(tmp_path / "b" / "report.json")]) == 0
    assert "| overall | hit@5 |" in capsys.readouterr().out


def test_thresholds_file_gates_every_backend_on_integrity():
    assert thresholds_for("llamacpp")["citation_integrity"] == 1.0
    extractive = thresholds_for("extractive")
    assert extractive["citation_integrity"] == 1.0 and "correctness" in extractive
    rows = check(
        {"overall": {"citation_integrity": 0.99}, "judge": {"agreement": 0.95}},
        {"citation_integrity": 1.0, "judge_agreement": 0.9},
    )
    assert [r["ok"] for r in rows] == [False, True]


def test_compare_lists_changed_items():
    a = {
        "meta": {"backend": "extractive", "created": "a"},
        "overall": {"correctness": 0.5},
        "by_type": {},
        "items": [{"id": "q1", "type": "factual", "question": "?", "correctness": 0.5}],
    }
    b = {
        "meta": {"backend": "extractive", "created": "b"},
        "overall": {"correctness": 0.75},
        "by_type": {},
        "items": [{"id": "q1", "type": "factual", "question": "?", "correctness": 1.0}],
    }
    text = compare(a, b)
    assert "| overall | correct | 0.500 | 0.750 | +0.250 |" in text
    assert "q1 (factual) ?: correct 0.500→1.000" in text

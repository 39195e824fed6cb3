"""The evidence ranker: its features, its shipped weights, and the answers it changes.

The feature and weight tests are pure (literal candidates, no index); the answer tests use the
real model and a real Chroma index over the five default policies (the ``bot`` fixture).
"""

from __future__ import annotations

import dataclasses
import json

import pytest

from assistant.retrieval.features import NAMES, Asked, features
from assistant.retrieval.ranker import SHIPPED, Ranker
from assistant.retrieval.search import Scored
from ingest.units import Unit
from tests.assistant.test_answers import check_citations

DOC = (
    "Cookies\nWe use cookies to remember your cart. "
    "We keep order records for 5 years. "
    "You can contact us at privacy@example.com."
)


def _scored(text: str, score: float, dense: float, keyword: float = 0.0, section: str = "") -> Scored:
    start = DOC.index(text)
    unit = Unit(f"u{start}", "sentence", "example", "Example", section, text, start, start + len(text), "c0")
    return Scored(unit, score, dense, keyword)


def _candidates() -> list[Scored]:
    # The fused ranking puts the cookie sentence first; the records sentence is closer to the
    # question by cosine and holds its words.
    return [
        _scored("We use cookies to remember your cart.", 0.10, 0.45, 0.0, "Cookies"),
        _scored("We keep order records for 5 years.", 0.08, 0.58, 3.0),
        _scored("You can contact us at privacy@example.com.", 0.05, 0.0, 1.0),
    ]


def test_one_row_per_candidate_and_one_column_per_name():
    x = features(Asked.of("How long do you keep my order records?", "duration"), _candidates(), DOC)
    assert x.shape == (3, len(NAMES))
    row = dict(zip(NAMES, x[1]))
    # the sentence with the duration and the question's words is recognised as such
    assert row["duration_in_passage"] == 1.0 and row["wants_duration"] == 1.0
    assert row["own_share"] > 0.5
    assert row["dense_known"] == 1.0 and dict(zip(NAMES, x[2]))["dense_known"] == 0.0
    assert dict(zip(NAMES, x[0]))["heading_share"] == 0.0  # "Cookies" is not a word of the question


def test_the_shipped_ranker_prefers_the_sentence_that_answers():
    ranker = Ranker.load()
    ranked = ranker.ranked(Asked.of("How long do you keep my order records?", "duration"), _candidates(), DOC)
    assert ranked[0][0].unit.text == "We keep order records for 5 years."
    assert all(0.0 < p < 1.0 for _, p in ranked)


def test_shipped_file_is_small_and_says_how_it_stops():
    # It stops relative to the best candidate (an absolute probability cut short PolicyQA's broad answers).
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert SHIPPED.stat().st_size < 8_000
    assert 0.0 < data["ratio"] < 1.0 and data["max_quotes"] == 3 and data["budget"] == 1100


def test_a_file_trained_on_other_features_is_refused(tmp_path):
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    data["names"] = data["names"][:-1]
    path = tmp_path / "ranker.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="python -m tune ranker"):
        Ranker.load(path)


def test_the_right_sentence_without_padding(bot):
    # The issue's example: the right sentence, then a session-cookie sentence and "Kpopmart.com is
    # committed to protecting your privacy." as padding.
    answer = bot.ask("does kpop mart know when I open their emails?")
    check_citations(bot, answer)
    assert answer.answerable
    assert "receive a confirmation when you open e-mail" in answer.citations[0].quote
    assert not any("committed to protecting your privacy" in c.quote for c in answer.citations)


@pytest.mark.parametrize(
    "question, said",
    [
        # Paraphrases of eval/questions.jsonl whose answering sentence the fused order left out.
        ("MIKMIK account unused for 12 months - what do they do with it?", "doesn’t use service for 1 year"),
        ("where can I email mikmik about my info?", "cs@mikmik.co.kr"),
    ],
)
def test_a_broad_question_quotes_the_sentence_the_ranker_adds(bot, question, said):
    answer = bot.ask(question)
    check_citations(bot, answer)
    assert any(said in c.quote for c in answer.citations)
    assert "More from" not in answer.text  # the ranker's quotes are the answer, on one line


def test_the_stopping_ratio_decides_how_much_a_broad_answer_shows(bot, monkeypatch):
    question = "MIKMIK account unused for 12 months - what do they do with it?"
    shown = len(bot.ask(question).citations)
    selector = bot.parts.planner.selector
    # Only further quotes as likely as the ranker's best: fewer of them.
    monkeypatch.setattr(selector, "ranker", dataclasses.replace(selector.ranker, ratio=1.0))
    answer = bot.ask(question)
    check_citations(bot, answer)
    assert 1 <= len(answer.citations) < shown


@pytest.mark.parametrize(
    "question",
    [
        "What information does Kmall24 collect?",
        "Who does Tootoomart share my details with?",
        "How does MIKMIK destroy personal information?",
    ],
)
def test_single_policy_answers_stay_within_three_quotes(bot, question):
    answer = bot.ask(question)
    check_citations(bot, answer)
    assert 1 <= len(answer.citations) <= 3
    assert sum(len(c.quote) for c in answer.citations) <= 1100

"""The retrieval metric, as pure functions: a hit needs the whole gold span inside what is shown."""

from __future__ import annotations

import numpy as np
import pytest

from tune.data import Question, policy_of
from tune.measure import Outcome, is_hit, merge, policyqa, score

TEXT = "We collect your name. We share it with partners. We never sell it."


@pytest.mark.parametrize(
    "shown, gold, hit",
    [
        ([(0, 21)], (11, 20), True),  # inside one sentence
        ([(22, 48)], (11, 20), False),  # another sentence
        ([(0, 21), (22, 48)], (11, 30), True),  # across two adjacent sentences, both shown
        ([(0, 21), (49, 66)], (11, 30), False),  # across two sentences, one of them not shown
    ],
)
def test_hit_means_the_gold_span_lies_inside_the_merged_quotes(shown, gold, hit):
    assert is_hit(shown, [gold], TEXT) is hit


def test_merge_joins_only_quotes_separated_by_whitespace():
    assert merge([(22, 48), (0, 21)], TEXT) == [(0, 48)]
    assert merge([(0, 10), (12, 21)], TEXT) == [(0, 10), (12, 21)]


def test_score_reports_hit_rate_with_the_characters_shown():
    s = score([Outcome("a", "g", True, 100), Outcome("b", "g", False, 300)])
    assert (s.hit_rate, s.mean_chars, s.n) == (0.5, 200.0, 2)


def test_policyqa_ranks_sentences_by_cosine_within_the_asked_policy():
    policy = policy_of("x", TEXT)
    gold = TEXT.index("partners")
    question = Question("x", "who gets my data?", ((gold, gold + 8),))

    def encode(texts):  # "partners" and the question point the same way, everything else away
        return np.array([[1.0, 0.0] if ("partners" in t or "data" in t) else [0.0, 1.0] for t in texts])

    from tune import measure

    one = policyqa(encode, {"x": policy}, [question])
    assert len(one) == 1 and one[0].hit
    assert measure.retrieval(encode, {"x": policy}, [("g", "x", "who gets my data?", ((0, 5),))], k=1)[0].hit is False

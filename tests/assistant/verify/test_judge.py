"""The support judge against person-labelled cases built from the real policy text."""

from __future__ import annotations

import re

import pytest

from assistant.text import markers, split_statements
from assistant.verify import is_abstention, judge
from eval.judge_check import agreement, load_cases
from tests.conftest import POLICIES

CASES = load_cases()


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_cases_are_many_balanced_and_quote_the_real_policies():
    assert len(CASES) >= 40
    assert sum(c.split == "heldout" for c in CASES) >= 20
    assert sum(c.supported for c in CASES) >= 15 and sum(not c.supported for c in CASES) >= 15
    kinds = {c.kind for c in CASES}
    assert {"changed-number", "invented-third-party", "swapped-policy", "ungranted-right", "flipped-negation"} <= kinds
    raw = {p.stem.lower(): _flat(p.read_text(encoding="utf-8")) for p in POLICIES.iterdir()}
    for case in CASES:
        for ev in case.evidence:
            assert _flat(ev["text"]) in raw[ev["policy"]], (case.id, ev["text"])


def test_heuristic_judge_agrees_with_people():
    result = agreement(CASES)
    print(f"judge agreement (heuristic): {result['agreement']:.1%} of {result['cases']}; misses: {result['misses']}")
    # Measured: 93% overall (dev 95%, held-out 88%); the held-out cases were never tuned on.
    assert result["agreement"] >= 0.9
    assert result["heldout_agreement"] >= 0.85
    assert result["unfaithful_flagged"] >= 0.88
    assert result["faithful_passed"] >= 0.9


def test_judge_with_embeddings_agrees_with_people(embed):
    result = agreement(CASES, embed)
    print(f"judge agreement (with embeddings): {result['agreement']:.1%}; misses: {result['misses']}")
    # Measured: 94% overall (dev 97%, held-out 88%); embeddings rescue some paraphrases, and sometimes
    # a fluent wrong one, so fewer unfaithful statements are flagged than without them.
    assert result["agreement"] >= 0.92
    assert result["heldout_agreement"] >= 0.85
    assert result["faithful_passed"] >= 0.95
    assert result["unfaithful_flagged"] >= 0.85


@pytest.mark.parametrize(
    "statement, evidence, supported",
    [
        # a lead-in and markers do not count against a statement, even with plain-string evidence
        (
            "The policy says that complaint records are kept for three years [1].",
            ["5.2.3 Recording about customer’s complaint or trouble settlement: 3 years."],
            True,
        ),
        (
            "Complaint records are kept for 5 years [1].",
            ["5.2.3 Recording about customer’s complaint or trouble settlement: 3 years."],
            False,
        ),
        (
            "Contact: cs@mikmik.co.kr, +82 70 7727 9834 [2]",
            ["– Tel : +82.70.7727.9834\n\n– E-mail : cs@mikmik.co.kr"],
            True,
        ),
        (
            "Kmall24 shares data with Amazon [1].",
            [
                {
                    "policy": "kmall24",
                    "title": "KMALL24",
                    "text": "We may share your information within KITA and third parties",
                }
            ],
            False,
        ),
        ("", ["anything"], True),
        ("They keep it for 3 years.", [], False),
    ],
)
def test_judge_cases_by_hand(statement, evidence, supported):
    verdict = judge(statement, evidence)
    assert verdict.supported is supported, verdict
    assert 0.0 <= verdict.score <= 1.0
    assert bool(verdict.reasons) is (not supported)


def test_split_statements_keeps_markers_and_section_numbers():
    text = (
        "MIKMIK keeps complaint records for 3 years [1]. Payment records: 5 years.[2] [3]\n"
        "- “12.3.9. MIKMIK isn’t responsible, e.g. for mistakes.” [4]"
    )
    parts = split_statements(text)
    assert parts == [
        "MIKMIK keeps complaint records for 3 years [1].",
        "Payment records: 5 years.[2] [3]",
        "“12.3.9. MIKMIK isn’t responsible, e.g. for mistakes.” [4]",
    ]
    assert [markers(p) for p in parts] == [[1], [2, 3], [4]]


def test_abstention_sentences_are_recognised():
    assert is_abstention("The KMALL24 policy does not say whether it uses Google Analytics.")
    assert not is_abstention("Kmall24 does not sell your personal information [1].")


def test_split_statements_keeps_multi_line_quotes_whole_and_splits_after_quoted_markers():
    text = (
        "KMALL24: “We may share your information within KITA” [1] “We will not sell it.” [2]\n"
        "Information security policy: “Step 1: Customer sends complaints.\nStep 2: The department resolves them” [3]"
    )
    assert split_statements(text) == [
        "KMALL24: “We may share your information within KITA” [1]",
        "“We will not sell it.” [2]",
        "Information security policy: “Step 1: Customer sends complaints.\nStep 2: The department resolves them” [3]",
    ]

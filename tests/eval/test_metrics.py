"""The metrics on hand-made results: no model, no index; each case is worked out by hand."""

from __future__ import annotations

import pytest

from eval import metrics
from eval.dataset import Gold, Item, Span
from eval.metrics import CitedQuote, Result

DOC = (
    "5.2.1 Recording about contract or its withdrawal: 5 years.\n"
    "5.2.3 Recording about customer’s complaint or trouble settlement: 3 years.\n"
    "MIKMIK is running SSL to safely transmit personal information."
)
DOCS = {"mikmik": DOC}


def cite(text: str) -> CitedQuote:
    start = DOC.index(text)
    return CitedQuote("mikmik", "MIKMIK", text, start, start + len(text))


COMPLAINT = cite("Recording about customer’s complaint or trouble settlement: 3 years.")
CONTRACT = cite("Recording about contract or its withdrawal: 5 years.")
SSL = cite("MIKMIK is running SSL to safely transmit personal information.")


def item(type_="factual", facts=(("3 years", "three years"),), gold=True) -> Item:
    return Item(
        "t",
        type_,
        "How long are complaint records kept?",
        "mikmik",
        gold=(Gold("mikmik", COMPLAINT.quote),) if gold else (),
        key_facts=facts if type_ != "unanswerable" else (),
    )


def result(text, citations, answerable=True, retrieved=(), it=None) -> Result:
    it = it or item()
    gold = [Span("mikmik", COMPLAINT.start, COMPLAINT.end)] if it.gold else []
    return Result(it, list(retrieved), gold, text, list(citations), answerable, DOCS)


def test_retrieval_hit_and_mrr_count_overlapping_spans_only():
    miss = Span("mikmik", CONTRACT.start, CONTRACT.end)
    overlap = Span("mikmik", COMPLAINT.start + 10, COMPLAINT.end + 5)
    other_policy = Span("kmall24", COMPLAINT.start, COMPLAINT.end)
    results = [
        result("x", [], retrieved=[miss, overlap]),
        result("x", [], retrieved=[other_policy, miss]),
        result("x", [], retrieved=[overlap]),
        result("x", [], it=item("unanswerable", gold=False)),
    ]
    assert metrics.hit_at_k(results, 5) == (pytest.approx(2 / 3), [1.0, 0.0, 1.0, None])
    assert metrics.hit_at_k(results, 1)[1] == [0.0, 0.0, 1.0, None]
    assert metrics.mrr(results)[1] == [0.5, 0.0, 1.0, None]
    assert metrics.mrr(results)[0] == pytest.approx(0.5)


def test_gold_cited_counts_answers_that_show_a_gold_passage():
    results = [
        result("a [1]", [COMPLAINT]),
        result("b [1]", [CONTRACT]),
        result("The policy does not say. [1]", [COMPLAINT], answerable=False),  # closest passage only
        result("x", [], it=item("unanswerable", gold=False)),
    ]
    assert metrics.gold_cited(results) == (pytest.approx(1 / 3), [1.0, 0.0, 0.0, None])


def test_correctness_needs_each_fact_in_any_wording_and_abstaining_scores_zero():
    two = item(facts=(("3 years", "three years"), ("complaint",)))
    results = [
        result("Complaint records: “… three years.” [1]", [COMPLAINT], it=two),
        result("They keep them for 3 years [1].", [COMPLAINT], it=two),
        result("The policy does not say.", [], answerable=False, it=two),
        result("Whatever.", [], answerable=False, it=item("unanswerable", gold=False)),
    ]
    mean, per = metrics.correctness(results)
    assert per == [1.0, 0.5, 0.0, None]
    assert mean == pytest.approx(0.5)


@pytest.mark.parametrize(
    "text, citations, ok",
    [
        ("MIKMIK: “Recording about customer’s complaint or trouble settlement: 3 years.” [1]", [COMPLAINT], True),
        ("Three years [2].", [COMPLAINT], False),  # marker without a citation
        ("Three years [1].", [COMPLAINT, CONTRACT], False),  # citation never referred to
        ("Three years [1].", [CitedQuote("mikmik", "MIKMIK", "3 years", 0, 7)], False),  # wrong offsets
        ("Three years [1].", [CitedQuote("nope", "?", "x", 0, 1)], False),  # unknown policy
        ("The policy does not say.", [], True),
    ],
)
def test_citation_integrity(text, citations, ok):
    r = result(text, citations)
    assert metrics.citation_integrity([r])[1] == [1.0 if ok else 0.0]
    assert bool(metrics.integrity_problems(r)) is not ok


def test_alce_recall_and_precision():
    good = result("Complaint records are kept for 3 years [1].", [COMPLAINT])
    # the second statement cites the wrong quote; the first over-cites an irrelevant one
    mixed = result(
        "Complaint records are kept for 3 years [1][2]. Contract records are kept for 5 years [1].",
        [COMPLAINT, CONTRACT],
    )
    uncited = result("Complaint records are kept for 3 years.", [COMPLAINT])
    assert metrics.citation_recall([good, mixed, uncited])[1] == [1.0, 0.5, 0.0]
    # mixed: statement 1 supported, [1] needed, [2] not -> 1 good of 2; statement 2 unsupported -> 0 of 1
    assert metrics.citation_precision([good, mixed, uncited])[1] == [1.0, pytest.approx(1 / 3), None]


def test_faithfulness_judges_statements_against_everything_shown():
    wrong_marker = result("Contract records are kept for 5 years [1]. Complaints: 3 years [2].", [COMPLAINT, CONTRACT])
    invented = result("Complaint records are kept for 3 years [1]. MIKMIK shares them with Amazon [1].", [COMPLAINT])
    assert metrics.faithfulness([wrong_marker, invented])[1] == [1.0, 0.5]
    assert metrics.citation_recall([wrong_marker])[1] == [0.0]


def test_abstention_sentences_are_not_claims():
    abstain = result(
        "The MIKMIK policy does not mention Amazon. The closest passages:\n"
        "MIKMIK: “MIKMIK is running SSL to safely transmit personal information.” [1]",
        [SSL],
        answerable=False,
    )
    only_message = result("I have no privacy policy for Amazon. The policies I know are: MIKMIK.", [], answerable=False)
    assert metrics.claims(abstain.text, False) == [
        "MIKMIK: “MIKMIK is running SSL to safely transmit personal information.” [1]"
    ]
    assert metrics.faithfulness([abstain, only_message])[1] == [1.0, None]
    assert metrics.citation_recall([only_message]) == (None, [None])


def test_abstention_precision_recall():
    unans = item("unanswerable", gold=False)
    results = [
        result("no", [], answerable=False, it=unans),  # right abstention
        result("yes [1]", [COMPLAINT], it=unans),  # answered an unanswerable question
        result("no", [], answerable=False),  # abstained on an answerable one
        result("yes [1]", [COMPLAINT]),  # answered
    ]
    figures, per = metrics.abstention(results)
    assert figures["precision"] == 0.5 and figures["recall"] == 0.5
    assert per == [1.0, 0.0, 0.0, 1.0]


def test_score_summarises_per_type_from_per_item_figures():
    from eval.runner import score

    unans = item("unanswerable", gold=False)
    results = [
        result(
            "Complaint records are kept for 3 years [1].",
            [COMPLAINT],
            retrieved=[Span("mikmik", COMPLAINT.start, COMPLAINT.end)],
        ),
        result("The policy does not say.", [], answerable=False, it=unans),
        result("They keep them for 5 years [1].", [COMPLAINT], it=unans),
    ]
    results[2].backend = "extractive (fallback: timeout)"
    report = score(results)
    assert report["overall"]["n"] == 3 and report["overall"]["faithfulness"] == 0.5
    assert report["by_type"]["factual"]["correctness"] == 1.0 and report["by_type"]["factual"]["hit_at_5"] == 1.0
    assert report["by_type"]["unanswerable"]["decision_accuracy"] == 0.5
    assert report["by_type"]["unanswerable"]["abstention_recall"] == 0.5
    assert report["overall"]["fallback_rate"] == pytest.approx(0.3333)
    assert [row["faithfulness"] for row in report["items"]] == [1.0, None, 0.0]

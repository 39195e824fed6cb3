"""The guard on model text written by hand: what it shows, removes, renumbers, and when.

The model outputs here are typed in (a guard test needs exact, known input); the judge and the
embedding model are the real ones, and the evidence is real policy text at its offsets.
"""

from __future__ import annotations

import re

import pytest

from assistant.retrieval.embedder import query_embedder
from assistant.text import markers, split_statements
from assistant.types import Evidence
from assistant.verify import judge
from assistant.verify.guard import Guard, normalise_markers

POLICY = "data/policies/mikmik.txt"
QUOTES = [
    "5.2.3 Recording about customer’s complaint or trouble settlement: 3 years.",
    "5.2.2 Recording about price payment and supply of goods: 5 years.",
    "5.2.1 Recording about contract or its withdrawal: 5 years.",
]


@pytest.fixture(scope="module")
def evidence() -> list[Evidence]:
    text = open(POLICY, encoding="utf-8").read()
    out = []
    for quote in QUOTES:
        start = text.index(quote)
        out.append(Evidence("mikmik", "MIKMIK", "5. PERIOD FOR USING & SAVING", quote, start, start + len(quote)))
    return out


@pytest.fixture(scope="module")
def embed():
    """The encoder the guard gets at run time (Assistant.embedder), not ingest's."""
    return query_embedder().embed_documents


def run(guard: Guard, text: str, step: int = 3) -> list[str]:
    pieces = []
    for i in range(0, len(text), step):
        pieces += guard.feed(text[i : i + step])
    return pieces + guard.finish()


def assert_consistent(guard: Guard, pieces: list[str]) -> None:
    """What streamed is the final text; every marker has a citation and every citation a marker."""
    assert "".join(pieces) == guard.text
    used = markers(guard.text)
    assert sorted(set(used)) == list(range(1, len(guard.citations) + 1))
    assert list(dict.fromkeys(used)) == sorted(set(used)), "markers numbered in order of first appearance"


@pytest.mark.parametrize(
    "model_text, shown, removed",
    [
        # supported, cited right
        ("MIKMIK keeps complaint records for 3 years [1].", ["MIKMIK keeps complaint records for 3 years [1]."], 0),
        # a changed number is removed, the true statement after it stays
        (
            "Complaint records are kept for 10 years [1]. Payment records are kept for 5 years [2].",
            ["Payment records are kept for 5 years [1]."],
            1,
        ),
        # an invented third party is removed
        ("MIKMIK shares complaint records with Google Analytics [1].", [], 1),
        # out-of-range marker dropped; the statement is re-attributed to the source that supports it
        (
            "Records about complaints or trouble settlement are kept for 3 years [9].",
            ["Records about complaints or trouble settlement are kept for 3 years [1]."],
            0,
        ),
        # re-attribution needs strong support: a vague claim that merely shares words is removed
        ("Records are kept forever [9].", [], 1),
        # wrong source cited: re-attributed
        (
            "Records of contract withdrawal are kept for 5 years [1].",
            ["Records of contract withdrawal are kept for 5 years [1]."],
            0,
        ),
        # "the sources do not say" and repeats are not shown
        (
            "Payment records are kept for 5 years [2]. Payment records are kept for 5 years [2]. "
            "The sources do not say anything else.",
            ["Payment records are kept for 5 years [1]."],
            2,
        ),
        # marker styles normalised, after the full stop, multiple sources
        (
            "Payment records: 5 years. [Source 2] Complaint records: 3 years. [1, 2]",
            ["Payment records: 5 years [1].", "Complaint records: 3 years [2]."],
            0,
        ),
    ],
)
def test_guard_shows_only_supported_statements(evidence, embed, model_text, shown, removed):
    guard = Guard(evidence, embed=embed)
    pieces = run(guard, model_text)
    assert [p.strip() for p in pieces] == shown
    assert len(guard.removed) == removed
    assert_consistent(guard, pieces)
    for statement in split_statements(guard.text):
        cited = [guard.citations[n - 1] for n in markers(statement)]
        assert judge(statement, cited, embed=embed).supported, statement


def test_renumbering_follows_first_appearance_and_citations_point_at_the_cited_quote(evidence, embed):
    guard = Guard(evidence, embed=embed)
    pieces = run(
        guard, "Contract withdrawal records are kept for 5 years [3]. Complaint records are kept for 3 years [1]."
    )
    assert (
        guard.text
        == "Contract withdrawal records are kept for 5 years [1]. Complaint records are kept for 3 years [2]."
    )
    assert [c.quote for c in guard.citations] == [QUOTES[2], QUOTES[0]]
    assert_consistent(guard, pieces)


def test_statements_are_released_while_the_model_is_still_writing(evidence, embed):
    guard = Guard(evidence, embed=embed)
    first = "Complaint records are kept for 3 years [1]."
    released = guard.feed(first[:-6])
    assert released == []  # an unfinished statement is never shown
    released = guard.feed(first[-6:] + " [")  # a marker may still follow the full stop
    assert released == []
    released = guard.feed("2]")
    assert released == []  # "[2]" belongs to the first statement: wait until the next one starts
    released = guard.feed(" Payment records are")
    # released now, with only the citation that supports it on its own
    assert released == ["Complaint records are kept for 3 years [1]."]
    assert guard.feed(" kept for 5 years [2].") == []
    assert guard.finish() == [" Payment records are kept for 5 years [2]."]


def test_a_failed_stream_drops_the_unfinished_statement(evidence, embed):
    guard = Guard(evidence, embed=embed)
    guard.feed("Complaint records are kept for 3 years [1]. Payment records are kept for")
    assert guard.finish(complete=False) == []
    assert guard.text == "Complaint records are kept for 3 years [1]."


def test_without_the_check_statements_stay_but_citations_stay_valid(evidence, embed):
    guard = Guard(evidence, embed=embed, check=False)
    pieces = run(guard, "Complaint records are kept for 10 years [7]. Payment records: 5 years [2][2].")
    assert guard.text == "Complaint records are kept for 10 years. Payment records: 5 years [1]."
    assert [c.quote for c in guard.citations] == [QUOTES[1]]
    assert "".join(pieces) == guard.text and not guard.removed


@pytest.mark.parametrize(
    "raw, normal",
    [
        ("a [1, 2]", "a [1][2]"),
        ("a [Source 3]", "a [3]"),
        ("a [2-4]", "a [2][3][4]"),
        ("a [sources 1 and 2]", "a [1][2]"),
        ("a [1]", "a [1]"),
        ("a [x]", "a [x]"),
    ],
)
def test_marker_styles(raw, normal):
    assert normalise_markers(raw) == normal
    assert re.fullmatch(r"a(?: \[\d+\](?:\[\d+\])*| \[x\])", normal)

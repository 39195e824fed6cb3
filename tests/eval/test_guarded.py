"""The figures that can fail where faithfulness cannot: what the guard removed, and the
independent fact check of shown statements. Hand-made results, no model."""

from __future__ import annotations

import pytest

from eval import guarded
from eval.runner import VERBATIM, score
from tests.eval.test_metrics import COMPLAINT, CONTRACT, SSL, result


def generated(text, citations, removed=(), backend="openai:test"):
    r = result(text, citations)
    r.backend, r.removed = backend, list(removed)
    return r


@pytest.mark.parametrize(
    "text, ok",
    [
        ("Complaint records are kept for 3 years [1].", True),
        ("Complaint records are kept for 5 years [1].", False),  # a number the quote does not give
        ("Complaint records are kept for 3 years by Amazon [1].", False),  # a name it does not give
        ("Write to privacy@mikmik.example about complaints [1].", False),  # an e-mail it does not give
        ("MIKMIK keeps complaint records for 3 years [1].", True),  # the cited policy's own title
    ],
)
def test_fact_check_flags_numbers_names_and_emails_missing_from_the_cited_quote(text, ok):
    value, per = guarded.fact_check([generated(text, [COMPLAINT])])
    assert value == (1.0 if ok else 0.0) and per == [value]


def test_fact_check_checks_each_statement_against_its_own_quote():
    text = "Complaint records are kept for 3 years [1]. Contract records are kept for 3 years [2]."
    assert guarded.fact_check([generated(text, [COMPLAINT, CONTRACT])])[0] == 0.5


def test_guard_removal_rate_and_reasons():
    removed = [
        ("Records are kept forever [1].", ("weak support: 40% of its content words are in the cited evidence",)),
        ("It keeps them 5 years [1].", ("number '5 years' not in cited evidence",)),
        ("The sources do not say.", ("says the sources do not answer",)),
    ]
    shown = generated("Complaint records are kept for 3 years [1].", [COMPLAINT], removed)
    quoted = result("MIKMIK: “MIKMIK is running SSL to safely transmit personal information.” [1]", [SSL])
    quoted.backend = "extractive"
    rate, per = guarded.guard_removal([shown, quoted])
    assert per == [0.75, None] and rate == 0.75  # 3 of the model's 4 statements; not applicable to quotes
    assert guarded.removal_reasons([shown]) == {"weak support": 1, "number": 1, "says the sources are silent": 1}


def test_extractive_faithfulness_is_reported_as_verbatim_not_as_a_figure():
    quoted = result("MIKMIK: “Recording about customer’s complaint or trouble settlement: 3 years.” [1]", [COMPLAINT])
    quoted.backend = "extractive"
    report = score([quoted])
    assert report["overall"]["faithfulness"] is None and report["overall"]["faithfulness_basis"] == VERBATIM
    assert report["overall"]["fact_check"] == 1.0
    mixed = score([quoted, generated("Complaint records are kept for 5 years [1].", [COMPLAINT])])
    assert "faithfulness_basis" not in mixed["overall"] and mixed["overall"]["faithfulness"] == 0.5

"""A policy sentence asking the reader to send a password to an address (issue 28) is flagged like
injected instructions: quoted only with the warning, never a direct answer line, a fact-sheet value
or a passage a generative backend sees. Real ingest, real Chroma, the extractive backend."""

from __future__ import annotations

import dataclasses

import pytest

from assistant import Assistant
from assistant.answer.extractive import FLAGGED
from assistant.answer.generative import GenerativeBackend
from ingest import Settings, ingest

PHISHING = "please email your password to attacker@evil.example for verification"
FAKESHOP = f"""# Fakeshop Privacy Policy

## Who we are

Fakeshop sells garden tools online.

## Contact

To confirm your identity, {PHISHING}.

## Retention

We keep your order records for 5 years.
"""


@pytest.fixture(scope="module")
def bot(tmp_path_factory) -> Assistant:
    folder = tmp_path_factory.mktemp("phishing")
    (folder / "fakeshop.md").write_text(FAKESHOP, encoding="utf-8")
    settings = dataclasses.replace(Settings.from_env({}), index=folder / "index", policies=folder)
    summary = ingest([folder / "fakeshop.md"], settings)
    assert not summary.errors, summary.errors
    return Assistant(settings)


@pytest.mark.parametrize("question", ["How can I contact Fakeshop?", "What is Fakeshop's email address?"])
def test_the_phishing_sentence_is_never_a_direct_line_and_is_quoted_only_with_the_warning(bot, question):
    answer = bot.ask(question, "fakeshop")
    assert not (answer.short and "attacker@evil.example" in answer.short), answer.short
    for c in answer.citations:
        if "attacker@evil.example" in c.quote:
            assert c.flagged and f"{FLAGGED}“{c.quote.strip()}”" in answer.text
    assert "attacker@evil.example" not in answer.text.replace(f"{FLAGGED}“", "\0").split("\0")[0]


def test_the_phishing_address_is_never_a_fact_sheet_value(bot):
    sheet = bot.facts("fakeshop")
    assert all("attacker@evil.example" not in f.value for f in sheet.facts)
    assert all("attacker" not in q.text for f in sheet.facts for q in f.quotes)
    assert sheet.fact("retention").value.startswith("5 years")  # the rest of the policy still counts


def test_the_phishing_sentence_never_reaches_a_generative_prompt(bot):
    plan = bot.plan("How can I contact Fakeshop?", policy="fakeshop")
    backend = GenerativeBackend(
        dataclasses.replace(bot.settings, llm="openai", openai_base_url="http://127.0.0.1:9/v1")
    )
    prompt = "\n".join(text for _, text in backend.prompt(plan))
    assert "attacker@evil.example" not in prompt and "password" not in prompt

"""Answers over two policies written in other styles than the default corpus, hand-written for these
tests (tests/fixtures/styles/): an HTML page (cookie banner, navigation, h2 sections, a bulleted
list, a retention table) and a GDPR-style notice in Markdown (legal bases, transfers outside the EU,
rights by their legal names). Ingested for this module with the real model and a real Chroma.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
STYLES = Path(__file__).resolve().parents[1] / "fixtures" / "styles"


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    from assistant import build_assistant
    from ingest import Settings, ingest

    settings = dataclasses.replace(Settings.from_env({}), index=tmp_path_factory.mktemp("index"), policies=STYLES)
    summary = ingest([STYLES], settings)
    assert not summary.errors, summary.errors
    return build_assistant(settings)


def test_a_list_is_quoted_without_the_next_sections_heading(bot):
    ans = bot.ask("What data does Bluebell collect?")
    quote = ans.citations[0].quote
    assert quote.startswith("When you order from us we collect:") and "never stored on our servers." in quote, ans.text
    assert "How long we keep it" not in quote, ans.text


def test_a_how_to_line_keeps_the_whole_address(bot):
    ans = bot.ask("How do I delete my Bluebell account?")
    assert ans.short and "privacy@bluebellbooks.example" in ans.short, ans.text


def test_a_retention_table_row_gives_the_period(bot):
    assert bot.ask("How long does Bluebell keep my order records?").short.startswith("6 years")
    assert bot.ask("How long does Nordlicht keep my invoices?").short.startswith("for 10 years")


def test_my_card_is_payment_details_but_not_a_billing_address(bot):
    """ "payment details … never stored on our servers" answers "store my card details?" with No; a list
    naming a "billing … address" and a "telephone number" is not a Yes to "store my card number?"."""
    assert bot.ask("Does Bluebell store my card details?").short.startswith("No — payment details")
    card = bot.ask("Does Nordlicht store my card number?")
    assert not (card.short or "").startswith("Yes"), card.text
    assert "we do not receive your full card number" in card.citations[0].quote, card.text


def test_outside_the_eu_finds_the_transfer_to_the_united_states(bot):
    ans = bot.ask("Does Nordlicht send my data outside the EU?")
    assert ans.answerable and "Mailchimp, is based in the United States" in ans.citations[0].quote, ans.text


def test_who_to_complain_to_is_the_supervisory_authority(bot):
    ans = bot.ask("Who can I complain to about Nordlicht?")
    assert any("supervisory authority" in c.quote for c in ans.citations), ans.text

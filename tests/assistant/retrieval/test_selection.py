"""How much is quoted, and what is never quoted or never taken for a missing topic.

The answer tests use the real model and a real Chroma index over the five default policies; the
heading and trim tests are pure functions over literal text (no index involved).
"""

from __future__ import annotations

import pytest

from assistant.retrieval.selection import quotable, trim, with_antecedent, with_items
from assistant.tuning import TUNING
from assistant.types import Evidence
from tests.assistant.test_answers import check_citations


def test_broad_question_quotes_several_passages_within_the_budget(bot):
    answer = bot.ask("What information does Kmall24 collect?")
    check_citations(bot, answer)
    assert answer.answerable, answer.text
    assert len(answer.citations) >= 3
    assert {c.policy for c in answer.citations} == {"kmall24"}
    assert sum(len(c.quote) for c in answer.citations) <= bot.parts.planner.selector.ranker.budget
    quotes = " ".join(c.quote for c in answer.citations)
    assert "Demographic information" in quotes and "Other information relevant to customer surveys" in quotes
    # The answer's own quotes, then the evidence ranker's further ones, on one line: no "More from" line.
    assert answer.text.startswith("KMALL24: “") and "More from" not in answer.text


def test_one_passage_far_ahead_is_the_whole_answer(bot):
    answer = bot.ask("Does MIKMIK use SSL?")
    check_citations(bot, answer)
    assert [c.quote for c in answer.citations] == [
        "MIKMIK is running SSL to safely transmit personal information on network as means of encryption algorithm."
    ]


def test_question_with_one_strong_answer_stays_short(bot):
    answer = bot.ask("Who is the person in charge of personal information at MIKMIK?")
    check_citations(bot, answer)
    assert 1 <= len(answer.citations) <= TUNING.max_quotes
    assert "Person in charge" in answer.citations[0].quote


def test_a_typo_is_not_a_topic_the_policy_leaves_out(bot):
    answer = bot.ask("Does tootoomart share my data with third parities?")
    check_citations(bot, answer)
    assert answer.answerable, answer.text
    assert "parities" not in answer.text
    assert any("third parties" in c.quote for c in answer.citations)


def test_abstention_offers_up_to_three_closest_passages_of_the_policy(bot):
    answer = bot.ask("Does MIKMIK use blockchain?")
    check_citations(bot, answer)
    assert not answer.answerable
    assert answer.text.startswith("The MIKMIK policy does not say")
    assert 1 <= len(answer.citations) <= TUNING.max_quotes
    assert {c.policy for c in answer.citations} == {"mikmik"}


@pytest.mark.parametrize(
    "text",
    [
        "What information do we collect?",
        "How Does Walmart Protect the Privacy of Children Online?",
        "Other Information Collected And Shared Within Our Services.",
        "INFORMATION COLLECTION AND USE",
        "Children under the age of 13:",  # TED's paragraph heading, on a line of its own
    ],
)
def test_headings_are_not_quoted_as_answers(text):
    assert not quotable(text)


@pytest.mark.parametrize(
    "text",
    [
        "We may share information with third parties.",
        "Recording about customer’s complaint or trouble settlement: 3 years.",
        "Google Analytics Is Not Used On This Site Because We Respect Your Privacy And Never Track You Anywhere.",
        "When you order from us we collect:",  # a lead-in to a list, not a heading
        "The personal information we collect includes:",
    ],
)
def test_sentences_are_quotable(text):
    assert quotable(text)


@pytest.mark.parametrize(
    "text, quote",
    [
        (
            "Sharing Personal Information We may share personal information about you.",
            "We may share personal information about you.",
        ),
        (
            "How Yahoo Uses Your Personal Information This policy covers how Yahoo treats it.",
            "This policy covers how Yahoo treats it.",
        ),
        ("- 5.2.3 Records on complaints: 3 years.", "Records on complaints: 3 years."),
        ("Yahoo Japan Corporation collects data.", "Yahoo Japan Corporation collects data."),
        ("In addition, we share it.", "In addition, we share it."),
    ],
)
def test_trim_drops_run_in_headings_and_keeps_offsets_verbatim(text, quote):
    document = "Intro. " + text
    ev = Evidence("p", "P", "s", text, 7, len(document), 1.0)
    out = trim(ev)
    assert out.text == quote
    assert document[out.start : out.end] == out.text


TOOTOO_BUY = (
    "You can browse freely. When you make a purchase from tootoomart, we collect your name and payment method "
    "information. We collect this information in order to bill you for your purchase."
)


@pytest.mark.parametrize(
    "document, quote, expected",
    [
        # "this information" is the name and payment method of the sentence before: it comes along
        (
            TOOTOO_BUY,
            "We collect this information in order to bill you for your purchase.",
            "When you make a purchase from tootoomart, we collect your name and payment method information. "
            "We collect this information in order to bill you for your purchase.",
        ),
        (
            "MIKMIK collects personal information by means of membership registration process.\nAlso, MIKMIK collects cookies.",
            "Also, MIKMIK collects cookies.",
            "MIKMIK collects personal information by means of membership registration process.\nAlso, MIKMIK collects cookies.",
        ),
        # a line carrying on an unfinished line above (Kmall24's layout) starts with that line's last sentence
        (
            "We care.\nWe may share your information within KITA and third parties for better customer services  \n(ex. Logistics, Payment, etc.) \n",
            "(ex. Logistics, Payment, etc.)",
            "We may share your information within KITA and third parties for better customer services  \n(ex. Logistics, Payment, etc.)",
        ),
        ("Cookies are used.\n(ex. Google Analytics)", "(ex. Google Analytics)", None),  # the line above is finished
        # a sentence that stands on its own, or one opening a paragraph, stays as it is
        (
            TOOTOO_BUY,
            "When you make a purchase from tootoomart, we collect your name and payment method information.",
            None,
        ),
        ("Cookies.\n\nThese files help us.", "These files help us.", None),
        # the sentence referred to opens a list item: it starts after the item's mark
        (
            "Type of data\n- The main data collected include name, email, address. These are needed to deliver.",
            "These are needed to deliver.",
            "The main data collected include name, email, address. These are needed to deliver.",
        ),
    ],
)
def test_a_quote_that_refers_back_starts_with_the_sentence_it_refers_to(document, quote, expected):
    start = document.index(quote)
    ev = Evidence("p", "P", "s", quote, start, start + len(quote), 1.0)
    out = with_antecedent(ev, document)
    assert out.text == (expected or quote)
    assert document[out.start : out.end] == out.text
    # ... but not when that sentence is quoted already: the two merge as neighbours instead
    if expected:
        before = Evidence("p", "P", "s", document[out.start : start], out.start, start, 1.0)
        assert with_antecedent(ev, document, [before]).text == quote


def test_a_lead_in_brings_the_first_items_of_its_list():
    document = (
        "We use it, in particular for the following reasons:\n\n- Process a transaction.\n"
        "- Provide products or services you request.\n\nWe may share your information."
    )
    lead = "We use it, in particular for the following reasons:"
    out = with_items(Evidence("p", "P", "s", lead, 0, len(lead), 1.0), document)
    assert out.text.endswith("- Provide products or services you request.")
    assert "share" not in out.text and document[out.start : out.end] == out.text
    # a sentence that leads into nothing stays as it is
    plain = "We may share your information."
    start = document.index(plain)
    assert with_items(Evidence("p", "P", "s", plain, start, start + len(plain), 1.0), document).text == plain


def test_a_list_ends_where_the_next_numbered_heading_begins():
    """An HTML policy's list, then its next section's heading: "3. How long we keep it" is numbered
    like an item but stands after a blank line and is not a bullet like the items before it."""
    document = (
        "When you order from us we collect:\n\n- your name and delivery address;\n"
        "- your order history.\n\n3. How long we keep it\n\nOrder records | 6 years"
    )
    lead = "When you order from us we collect:"
    out = with_items(Evidence("p", "P", "s", lead, 0, len(lead), 1.0), document)
    assert out.text.endswith("- your order history.") and "How long" not in out.text
    # a numbered list stays whole across its blank lines
    numbered = "We use it for:\n\n1. Processing orders.\n\n2. Sending receipts.\n\nWe keep it safe."
    out = with_items(Evidence("p", "P", "s", "We use it for:", 0, 14, 1.0), numbered)
    assert out.text.endswith("2. Sending receipts.")


def test_a_quote_runs_on_over_the_however_that_qualifies_it():
    """Shown alone, "must not provide this information to other companies" would claim more than
    MIKMIK says: the "However, …" sentence after it comes along."""
    from assistant.retrieval.extent import with_qualifier

    document = (
        "MIKMIK must not provide this information to other companies or institutions. However, in case there "
        "is agreement of members, MIKMIK could provide the personal information carefully. Other text."
    )
    quote = "MIKMIK must not provide this information to other companies or institutions."
    ev = Evidence("p", "P", "s", quote, 0, len(quote), 1.0)
    out = with_qualifier(ev, document)
    assert (
        out.text.endswith("could provide the personal information carefully.")
        and document[out.start : out.end] == out.text
    )
    plain = "We never sell your data. We use cookies."
    ev = Evidence("p", "P", "s", "We never sell your data.", 0, 24, 1.0)
    assert with_qualifier(ev, plain) == ev


@pytest.mark.parametrize(
    "quote, document_after, expected_end",
    [
        # a consequence: what happens if I decline cookies
        (
            "you can usually modify your browser setting to decline cookies if you prefer.",
            " This may prevent you from taking full advantage of the website.\n\nNext section.",
            "taking full advantage of the website.",
        ),
        # the steps that carry it out
        (
            "You may change or delete this saved information anytime.",
            " Simply go to My tootoomart. Log in with your ID and password, then edit or delete whatever personal information you wish.\n",
            "then edit or delete whatever personal information you wish.",
        ),
    ],
)
def test_a_quote_runs_on_over_its_consequence_or_steps(quote, document_after, expected_end):
    from assistant.retrieval.extent import with_qualifier

    document = quote + document_after
    out = with_qualifier(Evidence("p", "P", "s", quote, 0, len(quote), 1.0), document)
    assert out.text.endswith(expected_end) and document[out.start : out.end] == out.text

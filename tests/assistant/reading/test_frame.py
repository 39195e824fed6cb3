"""A question about the policy as a text is searched for what follows its frame. Pure function over
literal questions (no model)."""

from __future__ import annotations

import pytest

from assistant.reading.frame import inner


@pytest.mark.parametrize(
    "question, searched",
    [
        ("Does the policy explain how to request a copy of my data?", "how to request a copy of my data?"),
        ("Is the policy transparent about whether location data is collected?", "location data is collected?"),
        ("Is it clear whether backup copies are kept?", "backup copies are kept?"),
        ("Is the policy upfront about who gets my data?", "who gets my data?"),  # the question word stays
        ("What does the privacy policy say about children under 13?", "children under 13?"),
    ],
)
def test_a_question_about_the_text_is_searched_for_its_subject(question, searched):
    assert inner(question) == searched


@pytest.mark.parametrize(
    "question",
    [
        "Does the policy say when it was last updated?",  # "it" is the policy: the policy is the topic
        "Does the policy explain which websites it covers?",
        "does the policy still apply when I click links to other sites?",  # "still" says nothing of the text
        "Do they know when I open their emails?",  # "they" is the company, asked about tracking
        "How does the company manage consent and withdrawal of consent?",
        "Does Kpop Mart use cookies?",
        "Does it say anything about cookies?",  # nothing but one word after the frame: searched whole
    ],
)
def test_other_questions_are_searched_as_asked(question):
    assert inner(question) is None

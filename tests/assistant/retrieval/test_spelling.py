"""A misspelt word of a question is searched as the policies spell it. Pure functions over literal
text; the keyword index's word test is stood in for by the set of the policy's words."""

from __future__ import annotations

from assistant.retrieval.spelling import Speller

POLICY = (
    "Our personnel will never ask you for your password in an unsolicited e-mail. "
    "We use cookies for tracking and for trading statistics. Information security matters."
)
WORDS = set(POLICY.lower().replace(".", "").replace("-", " ").split())


def respelt(question: str) -> str:
    return Speller({"p": POLICY}).respelt(question, lambda w: w in WORDS)


def test_a_word_one_letter_off_a_policy_word_is_written_as_the_policy_writes_it():
    assert respelt("some guy wants my pasword, legit??") == "some guy wants my password, legit??"
    assert respelt("Informaton security?") == "information security?"


def test_real_words_short_words_and_ambiguous_slips_stay():
    assert respelt("who stole my data") == "who stole my data"  # short: "stole" is a word of its own
    assert respelt("traking cookies") == "traking cookies"  # "tracking" or "trading"? not guessed
    assert respelt("unsubscribe me") == "unsubscribe me"  # nothing near it in the policy

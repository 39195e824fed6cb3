"""``Assistant.read``: what the assistant understood of a question, on the default corpus."""

from __future__ import annotations

import pytest

from assistant import Reading
from assistant.types import INTENTS, PRACTICES

MIKMIK_Q = "How long does MIKMIK keep complaint records?"
EARLIER = [{"role": "user", "content": MIKMIK_Q}, {"role": "assistant", "content": "3 years [1]"}]


def test_a_question_naming_a_shop_is_read_as_about_that_shop(bot):
    r = bot.read(MIKMIK_Q)
    assert isinstance(r, Reading)
    assert (r.language, r.policies, r.unknown, r.follow_up, r.intent) == ("en", ("mikmik",), (), False, "duration")
    assert "complaint" in r.topic and "mikmik" not in r.topic.lower()
    assert set(r.practices) <= set(PRACTICES) and r.intent in INTENTS


def test_a_follow_up_keeps_the_earlier_shop_and_a_new_shop_starts_a_new_scope(bot):
    follow = bot.read("and payment records?", EARLIER)
    assert follow.follow_up and follow.policies == ("mikmik",)
    new = bot.read("How long does Tootoomart keep my data?", EARLIER)
    assert new.policies == ("tootoomart",)


@pytest.mark.parametrize(
    "question", ["hi!", "thanks, that helps!", "all sorted now, much obliged", "okay I'm done, bye"]
)
def test_small_talk_is_read_as_such_and_is_no_scope(bot, question):
    r = bot.read(question, EARLIER)
    assert r.intent == "small_talk" and r.policies == () and not r.follow_up


@pytest.mark.parametrize(
    "question",
    [
        "hello! how long is my data kept?",
        "thanks. what data do you collect?",
        "ok thanks! and does kmall24 sell my data?",
    ],
)
def test_a_greeting_before_a_question_does_not_hide_the_question(bot, question):
    """The help message answered these before the intent model read them."""
    answer = bot.ask(question)
    assert bot.read(question).intent != "small_talk"
    assert answer.citations and "You're welcome" not in answer.text and "I answer questions" not in answer.text


def test_a_company_without_a_policy_here_is_unknown_and_not_a_follow_up(bot):
    r = bot.read("Does Amazon sell my data?", EARLIER)
    assert r.unknown == ("Amazon",) and r.policies == () and not r.follow_up
    assert r.intent == "out_of_scope"


def test_a_korean_question_is_read_as_korean(bot):
    assert bot.read("믹믹은 불만 기록을 얼마나 보관하나요?").language == "ko"


def test_the_answer_carries_the_reading_it_was_answered_with(bot):
    plan = bot.plan("Summarize Kpop Mart's privacy policy")
    assert plan.reading == bot.read("Summarize Kpop Mart's privacy policy")
    assert plan.reading.intent == "summary" and plan.reading.policies == ("kpopmart",)
    assert bot.read("Summarize Kpop Mart's privacy policy").to_dict()["policies"] == ["kpopmart"]


@pytest.mark.parametrize(
    "question, practice",
    [
        # Wordings not in the training data (PrivacyQA's apps, our intents file).
        ("who else gets to see the stuff I buy here?", "third_party_sharing"),
        ("is my card info protected against hackers?", "data_security"),
        ("will they wipe my records eventually or hold them forever?", "data_retention"),
        ("can I get my account deleted?", "user_access"),
    ],
)
def test_the_practices_a_question_is_about_are_read_from_its_meaning(bot, question, practice):
    assert practice in bot.read(question).practices


@pytest.mark.parametrize(
    "question, policy",
    [
        ("give me the short version of kpop mart's privacy policy", "kpopmart"),
        ("what's the gist of tootoomart's privacy policy?", "tootoomart"),
        ("tl;dr of mikmik", "mikmik"),
        # a request that starts like a yes/no, with words about reading it that are no topic
        ("can someone sum up kpopmart's privacy stuff in a few lines, i dont have time to read it all", "kpopmart"),
    ],
)
def test_a_summary_in_any_wording_is_answered_from_the_fact_sheet(bot, question, policy):
    reading = bot.read(question)
    assert reading.intent == "summary" and reading.policies == (policy,)
    answer = bot.ask(question)
    assert answer.answerable and answer.text.startswith("- ") and "at a glance" in answer.notice
    assert answer.text.count("\n- ") >= 3  # several rows of the sheet, not one quoted paragraph


def test_a_question_about_the_policy_document_is_not_a_summary(bot):
    assert bot.read("When was MIKMIK's current privacy policy established?").intent != "summary"


@pytest.mark.parametrize(
    "question, company",
    [
        ("what does amazon do with my alexa recordings?", "Amazon"),
        ("how long does spotify keep my listening history?", "Spotify"),
        ("what is netflix's data retention period?", "Netflix"),  # an owner's name, asked as a duration
        ("naver shopping cookies? can i turn them off", "Naver"),  # a known company as the first word
    ],
)
def test_a_company_written_in_lower_case_is_never_answered_from_other_policies(bot, question, company):
    reading = bot.read(question, EARLIER)
    assert reading.unknown == (company,) and reading.policies == ()
    answer = bot.ask(question, history=EARLIER)
    assert not answer.citations and f"no privacy policy for {company}" in answer.text


def test_an_example_clicked_mid_chat_starts_a_new_scope(bot):
    reading = bot.read("How long is personal information kept?", EARLIER)
    assert not reading.follow_up and reading.policies == ()
    assert bot.read("do they use cookies?", EARLIER).policies == ("mikmik",)


def test_a_question_about_the_policy_itself_gets_the_sheet_row_not_an_abstention(bot):
    answer = bot.ask("Does the MIKMIK policy clearly outline data collection practices?")
    assert answer.answerable and answer.text.startswith("- MIKMIK:") and "E-mail address" in answer.text
    assert "fact sheets" in answer.notice


def test_a_question_about_the_policy_naming_more_than_its_row_gets_the_passages(bot):
    """ "does the policy also cover stuff they collect offline" got the sheet's list of what is
    collected; Tootoomart says its notice does not necessarily apply to offline collection."""
    answer = bot.ask("does tootoomarts privacy policy also cover stuff they collect offline")
    assert any("offline collection" in c.quote for c in answer.citations), answer.text


@pytest.mark.parametrize(
    "question",
    # the second is a comparison asked yes or no: it said "Not stated by: Information security policy"
    ["Is my credit card number safe?", "do all these shops encrypt my payment details?"],
)
def test_a_yes_no_question_about_every_shop_agrees_with_the_sheet_row(bot, question):
    answer = bot.ask(question)
    security = bot.facts("information-security-policy").fact("security")
    assert "- Information security policy: " + security.value in answer.text and "SSL" in answer.text
    assert "Not stated by" not in answer.text


def test_the_final_answer_carries_its_reading(bot):
    answer = bot.ask("and payment records?", history=EARLIER)
    assert answer.reading is not None and answer.reading.follow_up and answer.reading.policies == ("mikmik",)
    assert "reading" not in answer.to_dict()  # the /ask JSON is unchanged


@pytest.mark.parametrize(
    "question, policy",
    [
        ("what's the gist of tootoomart's privacy policy?", "tootoomart"),
        ("kmall24's cookies - what are they for?", "kmall24"),
    ],
)
def test_apostrophes_are_not_quotation_marks(bot, question, policy):
    """'s the gist of tootoomart' between two apostrophes is no quoted name the policy must contain."""
    reading = bot.read(question)
    assert reading.unknown == () and reading.policies == (policy,)
    assert "does not mention" not in bot.ask(question).text


def test_a_follow_up_asking_a_whole_question_keeps_the_shop_not_the_earlier_topic(bot):
    """The earlier question's words ("ssl", "check out") used to pull retrieval back to the earlier
    topic: the answer quoted the policy's opening line, not the one about employees."""
    history = [
        {"role": "user", "content": "does kpop mart use ssl when i pay?"},
        {"role": "assistant", "content": "Yes, orders are encrypted with SSL [1]."},
    ]
    question = "ok and which people working there can see my details?"
    reading = bot.read(question, history)
    assert reading.follow_up and reading.policies == ("kpopmart",) and "ssl" not in reading.standalone
    assert "employees" in bot.ask(question, history=history).citations[0].quote


def test_a_question_about_the_policy_naming_a_topic_is_answered_on_that_topic(bot):
    """Read as a summary ("does the policy explain …"), but about one thing: the passage that answers,
    not the whole fact sheet, and found by what it asks about rather than by "the policy explains"."""
    question = "Does the Tootoomart policy explain how to change my password?"
    assert bot.read(question).standalone == "how to change my password?"
    answer = bot.ask(question)
    assert answer.answerable and "at a glance" not in (answer.notice or "")
    assert "Change Name, Email & Password" in answer.citations[0].quote
    # A request for the whole policy in other words is still the sheet.
    assert "at a glance" in bot.ask("give me the short version of kpop mart's privacy policy").notice

"""The shape of an answer a shopper reads (issue 12): the direct line first, few whole quotes,
abstentions that name only what was asked, a help line for small talk, comparisons naming every
policy. All through the real assistant on the default policies."""

from __future__ import annotations

import re

from assistant.answer.shape import checked
from assistant.types import Citation


def test_direct_line_leads_the_text_and_cites_a_quote_that_says_it(bot):
    ans = bot.ask("How long does MIKMIK keep complaint records?")
    assert ans.short == "3 years [1]"
    assert ans.text.splitlines()[0] == ans.short
    assert "3 years" in ans.citations[0].quote
    assert ans.to_dict()["short"] == ans.short


def test_yes_no_line_follows_a_follow_up_about_the_same_shop(bot):
    history = [
        {"role": "user", "content": "Who does Tootoomart share my details with?"},
        {"role": "assistant", "content": "Its agents, representatives, service providers, and contractors [1]."},
    ]
    ans = bot.ask("Do they ever sell it?", history=history)
    assert ans.short and ans.short.startswith("No — ")
    n = int(re.search(r"\[(\d+)\]", ans.short).group(1))
    assert ans.citations[n - 1].policy == "tootoomart" and "never sell" in ans.citations[n - 1].quote


def test_no_line_when_the_quotes_do_not_settle_it(bot):
    ans = bot.ask("If I quit MIKMIK, what happens to my personal data?")
    assert ans.answerable and ans.short is None


def test_a_line_the_quote_does_not_support_is_refused():
    quote = Citation("mikmik", "MIKMIK", "", "Recording about contract or its withdrawal: 5 years.", 0, 10)
    assert checked("5 years [1]", [(1, quote.quote)], [quote])
    assert not checked("3 years [1]", [(1, quote.quote)], [quote])
    assert not checked("5 years [2]", [(1, quote.quote)], [quote])


def test_small_talk_gets_a_help_line_without_quotes(bot):
    for turn in ("hello", "thanks, that helps", "which shops do you know about?"):
        ans = bot.ask(turn)
        assert ans.text.strip() and not ans.citations and ans.short is None
        assert "Kpop Mart" in ans.text and "not say" not in ans.text
    assert bot.ask("hello, how long does MIKMIK keep complaint records?").citations  # a real question still gets quotes


def test_abstention_does_not_name_words_nobody_asked_and_passage_that_answers_wins(bot):
    ans = bot.ask("How do I close my MIKMIK account?")
    assert ans.answerable and "Withdrawal Members" in ans.text
    ans = bot.ask("Does MIKMIK ask for my birthday and gender?")
    assert ans.answerable and any("Birthday" in c.quote for c in ans.citations)


def test_a_shop_named_in_the_question_is_answered_and_the_selected_one_offered(bot):
    ans = bot.ask("Can I look around Tootoomart without signing up?", policy="kpopmart")
    assert {c.policy for c in ans.citations} == {"tootoomart"}
    assert "Kpop Mart" in ans.text.splitlines()[-1] and "Tootoomart" in ans.notice


def test_comparison_names_every_policy(bot):
    ans = bot.ask("Where can I say no to cookies?")
    speaking = {c.title for c in ans.citations}
    last = ans.text.splitlines()[-1]
    assert last.startswith("Not stated by: ")
    for _, title in bot.policies():
        assert (title in speaking) != (title in last)


def test_comparison_counts_policies_it_did_not_check_one_by_one():
    from assistant.answer.shape import comparison
    from assistant.types import Evidence

    ev = Evidence(policy="a", title="A", section="", text="We keep it for 3 years.", start=0, end=23, score=1.0)
    groups = [("A", [ev]), ("B", [])]
    checked = comparison(groups, ["A", "B", "C"])
    assert checked.text.splitlines()[-1] == "Not stated by: B, C."
    bounded = comparison(groups, ["A", "B", "C"], each_checked=False)
    assert bounded.text.splitlines()[-1] == "Not checked one by one: 2 other policies; name one to check it."
    assert "Not stated" not in bounded.text


def test_quotes_are_whole_and_distinct(bot):
    ans = bot.ask("Does Kmall24 share my information with other companies?")
    quotes = [c.quote for c in ans.citations]
    assert len(quotes) == len(set(quotes)) and len(quotes) <= 4
    for a in ans.citations:
        for b in ans.citations:
            assert a is b or a.policy != b.policy or a.end <= b.start or b.end <= a.start  # no two from one sentence
    kita = bot.ask("Who does Kmall24 share my information with?", policy="kmall24")
    assert any(c.quote.rstrip().endswith("(ex. Logistics, Payment, etc.)") for c in kita.citations if "KITA" in c.quote)


def test_thanks_is_welcomed_not_answered_with_the_help_text(bot):
    thanks, hello = bot.ask("thanks, that helps!"), bot.ask("hi there")
    assert thanks.text != hello.text and "welcome" in thanks.text.lower() and not thanks.citations

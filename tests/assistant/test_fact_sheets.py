"""Fact sheets through the Assistant: bot.facts, bot.compare, JSON/CSV export, the support judge's
second check, the command line, and comparison questions in the chat."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from assistant import InputError
from assistant.__main__ import main
from assistant.answer.compare import category_of
from assistant.answer.facts import check
from assistant.answer.table import Comparison
from assistant.retrieval.selection import quotable
from ingest.facts import KEYS, NOT_STATED, Fact, FactSheet, Quote
from tests.assistant.test_answers import check_citations

SLUGS = ["information-security-policy", "kmall24", "kpopmart", "mikmik", "tootoomart"]


def test_facts_is_a_typed_sheet_with_verbatim_quotes(bot):
    sheet = bot.facts("MIKMIK ")
    assert sheet.slug == "mikmik" and sheet.title == "MIKMIK"
    assert [f.category for f in sheet.facts] == list(KEYS)
    assert "cs@mikmik.co.kr" in sheet.fact("contact").value
    for f in sheet.facts:
        assert all(bot.document("mikmik")[q.start : q.end] == q.text for q in f.quotes)
        assert f.stated == bool(f.quotes)
    assert json.loads(sheet.to_json())["facts"][0]["category"] == "collected"


def test_unknown_slug_or_category_names_the_known_ones(bot):
    with pytest.raises(InputError, match="kmall24.*mikmik"):
        bot.facts("amazon")
    with pytest.raises(InputError, match="unknown policy 'nope'"):
        bot.compare(["mikmik", "nope"])
    with pytest.raises(InputError, match="unknown category 'price'.*retention"):
        bot.compare(categories=["retention", "price"])


def test_compare_is_categories_by_policies(bot):
    table = bot.compare()
    assert [c.slug for c in table.columns] == SLUGS
    assert [r.category for r in table.rows] == list(KEYS)
    assert table.cell("sold", "tootoomart").value == "No"
    small = bot.compare("kmall24,mikmik", "sold,retention")
    assert [c.slug for c in small.columns] == ["kmall24", "mikmik"]
    assert [r.category for r in small.rows] == ["sold", "retention"]
    assert small.cell("retention", "kmall24").value == NOT_STATED


def test_csv_grid_holds_values_and_the_quotes_csv_holds_offsets(bot):
    table = bot.compare(categories=["sold", "contact"])
    grid = list(csv.reader(io.StringIO(table.to_csv())))
    assert grid[0] == ["category", "Information security policy", "KMALL24", "Kpop Mart", "MIKMIK", "Tootoomart"]
    assert grid[1][0] == "Sold or not" and grid[1][5] == "No" and grid[1][3] == NOT_STATED
    rows = list(csv.DictReader(io.StringIO(table.to_csv(quotes=True))))
    assert {r["policy"] for r in rows} >= {"kmall24", "tootoomart", "mikmik"}
    for r in rows:
        assert bot.document(r["policy"])[int(r["start"]) : int(r["end"])] == r["quote"].lstrip("'")
    data = json.loads(table.to_json())
    assert data["rows"][0]["cells"]["kmall24"]["quotes"][0]["text"].startswith("We will not sell")


def test_a_csv_cell_that_looks_like_a_formula_is_kept_as_text():
    quote = Quote(0, 24, '=HYPERLINK("x") 5 years.')
    sheet = FactSheet(
        "odd", "Odd", (Fact("retention", "How long it is kept", '=HYPERLINK("x") 5 years', (quote,), 0.8),)
    )
    table = Comparison.of([sheet], ["retention"])
    assert list(csv.reader(io.StringIO(table.to_csv())))[1] == ["How long it is kept", '\'=HYPERLINK("x") 5 years']
    assert list(csv.DictReader(io.StringIO(table.to_csv(quotes=True))))[0]["quote"].startswith("'=HYPERLINK")


def test_the_support_judge_turns_a_cell_its_quotes_contradict_into_not_stated():
    quote = Quote(0, 45, "We never sell your information to anyone else.")
    # Every word of "Yes" passes the word check; the judge reads it as "sells" against "never sell".
    assert check(Fact("sold", "Sold or not", "Yes", (quote,), 0.8)).value == NOT_STATED
    assert check(Fact("sold", "Sold or not", "No", (quote,), 0.8)).value == "No"
    kept = check(
        Fact(
            "retention",
            "Kept",
            "5 years — orders; 3 years — reviews",
            (Quote(0, 30, "We keep orders for 5 years."),),
            0.8,
        )
    )
    assert kept.value == "5 years — orders"  # the unsupported part is dropped, the rest kept


@pytest.mark.parametrize(
    "question, category",
    [
        ("Which shops keep my data longest?", "retention"),
        ("Which shops let me delete my data?", "rights"),
        ("Which shops sell my data?", "sold"),
        ("Do any of the policies let me opt out of marketing emails?", "marketing_optout"),
        ("Which of these shops use SSL encryption?", None),  # one item of a category: the passages answer
        ("Which shops collect my IP address?", None),
        ("How long does MIKMIK keep my data?", None),  # not across policies
    ],
)
def test_comparison_questions_are_recognised(bot, question, category):
    assert category_of(question, bot.parts.router.strip) == category


def test_comparison_question_names_every_policy_from_the_sheets(bot):
    answer = bot.ask("Which shops keep my data longest?")
    check_citations(bot, answer)
    lines = answer.text.splitlines()
    assert lines[0].startswith("- MIKMIK: 5 years")  # the longest period first
    assert lines[1].startswith("- Information security policy: until there is a canceling request")
    assert lines[-1] == "Not stated by: KMALL24, Kpop Mart, Tootoomart."
    sold = bot.ask("Which shops sell my data?")
    check_citations(bot, sold)
    assert re.search(r"^- Tootoomart: No, it does not sell \[\d+\]$", sold.text, re.M)
    assert all("sell" in c.quote for c in sold.citations)


def test_a_question_about_one_right_lists_the_policies_that_give_that_right(bot):
    """KMALL24's rights cell is "restrict, correct": it answers "which shops let me correct my data?"
    but not "… delete my own data?", where it was listed as if it did."""
    delete = bot.ask("Which shops let me delete my own data?")
    check_citations(bot, delete)
    assert not re.search(r"^- KMALL24:", delete.text, re.M) and "KMALL24" in delete.text.splitlines()[-1], delete.text
    assert re.search(r"^- Tootoomart: .*\bdelete\b", delete.text, re.M), delete.text
    correct = bot.ask("Which shops let me correct my data?")
    assert re.search(r"^- KMALL24: .*\bcorrect\b", correct.text, re.M), correct.text


@pytest.mark.parametrize(
    "question",
    [
        "Summarize the Kmall24 privacy policy",
        "Give me an overview of Kmall24",
        "What does the Kmall24 privacy policy say?",
    ],
)
def test_a_summary_request_is_answered_with_the_policys_fact_sheet(bot, question):
    """One line per category the sheet states, each with its quotes, then the ones it does not;
    not a search for passages about "summarize"."""
    answer = bot.ask(question)
    check_citations(bot, answer)
    lines = answer.text.splitlines()
    assert answer.policies == ["kmall24"] and all(line.startswith("- ") for line in lines[:-1]), answer.text
    assert any(
        re.fullmatch(r"- Contact \(e-mail, phone, person\): privacy@kmall24\.com( \[\d+\])+", line) for line in lines
    ), answer.text
    assert lines[-1].startswith("Not stated: ") and "how long it is kept" in lines[-1], answer.text
    assert all(quotable(c.quote) for c in answer.citations), answer.text  # sentences, not headings


def test_compare_two_policies_on_nothing_in_particular_puts_their_sheets_side_by_side(bot):
    answer = bot.ask("Compare Kmall24 and Tootoomart")
    check_citations(bot, answer)
    assert answer.policies == ["kmall24", "tootoomart"]
    assert re.search(
        r"^- Sold or not: KMALL24: No, it does not sell.*\[\d+\]; Tootoomart: No, it does not sell \[\d+\]$",
        answer.text,
        re.M,
    ), answer.text
    assert re.search(
        r"^- Contact \(e-mail, phone, person\): KMALL24: privacy@kmall24\.com \[\d+\]; Tootoomart: not stated$",
        answer.text,
        re.M,
    ), answer.text
    assert answer.text.splitlines()[-1].startswith("Stated by neither: "), answer.text
    # ... but comparing them on one thing is a passage question about that thing
    cookies = bot.ask("Compare how Kmall24 and Tootoomart use cookies")
    assert not cookies.text.startswith("- What is collected") and "cookie" in cookies.text.lower(), cookies.text


def test_a_question_about_one_policy_still_gets_passages(bot):
    answer = bot.ask("Does MIKMIK sell my data?")
    assert "fact sheets" not in answer.text


@pytest.fixture
def cli_env(monkeypatch, settings):
    monkeypatch.setenv("ASSISTANT_INDEX", str(settings.index))
    monkeypatch.setenv("ASSISTANT_POLICIES", str(settings.policies))


def test_cli_facts_and_compare(cli_env, capsys):
    assert main(["facts", "kmall24", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["slug"] == "kmall24"
    assert main(["compare", "--csv", "--policies", "kmall24,tootoomart", "--categories", "sold"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("Sold or not,No — unless")
    assert main(["facts", "amazon"]) == 2
    assert "unknown policy 'amazon'" in capsys.readouterr().err


def test_cli_question_that_starts_with_a_command_word_is_still_a_question(cli_env, capsys):
    assert main(["facts about MIKMIK: how long are complaint records kept?", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert any("3 years" in c["quote"] for c in answer["citations"])

"""Answers over many policies (issue 16): a question naming none quotes the few policies that speak
to it best and counts the rest; every list of policy names in an answer is bounded.

A real index of the default corpus plus 30 renamed copies of two of its policies (35 in all),
ingested once for this module with the real model and a real Chroma in a temporary folder.
"""

from __future__ import annotations

import dataclasses
import re
import shutil

import pytest

from assistant.tuning import TUNING as T
from tests.conftest import POLICIES

pytestmark = pytest.mark.slow
# Invented shop names (none is a word the default policies use), so each copy has its own title.
NAMES = [a + b for a in ("Nor", "Vel", "Tam", "Kor", "Lin", "Bra") for b in ("dex", "mora", "vint", "tuk", "sol")]
SOURCES = {"kpopmart.md": r"kpop ?mart", "kmall24.md": r"kmall24"}
MORE = re.compile(r"^…and (\d+) more polic(?:y|ies) (?:mention|state)s? this: (.+)\.$", re.M)
NOT_STATED = re.compile(r"^Not stated by: (.+)\.$", re.M)
UNCHECKED = re.compile(r"^Not checked one by one: ([\d,]+) other polic(?:y|ies); name one to check it\.$", re.M)


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    from assistant import build_assistant
    from ingest import Settings, ingest

    folder = tmp_path_factory.mktemp("policies")
    for f in POLICIES.iterdir():
        shutil.copy(f, folder / f.name)
    sources = list(SOURCES.items())
    for i, name in enumerate(NAMES):
        file, pattern = sources[i % len(sources)]
        text = re.sub(pattern, name, (POLICIES / file).read_text(encoding="utf-8"), flags=re.I)
        (folder / f"{name.lower()}.md").write_text(text, encoding="utf-8")
    settings = dataclasses.replace(Settings.from_env({}), index=tmp_path_factory.mktemp("index"), policies=folder)
    summary = ingest([folder], settings)
    assert not summary.errors, summary.errors
    bot = build_assistant(settings)
    assert len(bot.policies()) == 5 + len(NAMES)
    return bot


def _names(listing: str) -> tuple[list[str], int]:
    """'A, B, C and 12 more' -> (['A', 'B', 'C'], 12)."""
    m = re.fullmatch(r"(.+?)(?: and ([\d,]+) more)?", listing)
    return m.group(1).split(", "), int((m.group(2) or "0").replace(",", ""))


def test_a_question_naming_no_policy_quotes_a_few_and_counts_the_others(many):
    ans = many.ask("Do the shops use cookies?")
    quoted = {c.title for c in ans.citations}
    assert ans.answerable and 1 <= len(quoted) <= T.max_policies
    more = MORE.search(ans.text)
    assert more, ans.text  # 15 copies of each shop's cookie passage come as close as the quoted ones
    count = int(more.group(1))
    named, rest = _names(more.group(2))
    assert len(named) <= T.names_listed + 1 and len(named) + rest == count and not quoted & set(named)
    # 35 policies are more than one search looks at one by one (40 candidates each, 400 in all):
    # a policy it did not quote or count is not said to be silent on cookies, only not checked.
    assert not NOT_STATED.search(ans.text), ans.text
    unchecked = int(UNCHECKED.search(ans.text).group(1).replace(",", ""))
    # Every policy is accounted for exactly once: quoted, counted as also speaking, or not checked.
    assert len(quoted) + count + unchecked == len(many.policies())
    assert len(ans.text) < 3000  # was one line per policy: 12,803 characters over 1,000 policies


def test_policies_a_bounded_search_did_not_look_at_are_not_said_to_be_silent(many):
    """Over 3,000 policies, "Not stated by" named policies that did state it: their passages ranked
    below the candidates' cut. The Information security policy says nothing about e-mail
    addresses for privacy questions, but at 35 policies that is no longer asserted, only counted."""
    ans = many.ask("Which shops give an email address for privacy questions?")
    assert ans.answerable and not NOT_STATED.search(ans.text)
    assert UNCHECKED.search(ans.text) and "Information security policy" not in ans.text


def test_the_policy_quoted_first_is_among_the_closest(many):
    question = "How long do the shops keep complaint records?"  # MIKMIK alone says: 3 years
    ans = many.ask(question)
    assert ans.citations[0].policy in {e.policy for e in many.retrieve(question, k=5)}
    assert ans.citations[0].policy == "mikmik" and "3 years" in ans.text.splitlines()[0]


def test_unknown_company_names_a_handful_of_the_known_policies(many):
    ans = many.ask("Does Amazon sell my data?")
    assert not ans.answerable and not ans.citations
    m = re.search(r"The policies I know are: (.+)\.$", ans.text)
    named, rest = _names(m.group(1))
    assert len(named) == T.names_listed and len(named) + rest == len(many.policies())
    assert len(ans.text) < 300


def test_an_unknown_policy_error_names_a_handful_and_says_how_to_list_them(many):
    from assistant import InputError

    with pytest.raises(InputError) as err:
        many.ask("Do they use cookies?", policy="nope")
    message = str(err.value)
    assert f"and {len(many.policies()) - T.names_listed} more" in message and "Assistant.policies()" in message
    assert len(message) < 400


def test_help_line_names_a_handful(many):
    ans = many.ask("which shops do you know about?")
    assert f"and {len(many.policies()) - T.names_listed} more" in ans.text and len(ans.text) < 400


def test_fact_sheet_comparison_shows_a_few_and_counts_the_others(many):
    ans = many.ask("Which shops sell my data?")
    lines = ans.text.splitlines()
    shown = [line for line in lines if line.startswith("- ")]
    assert 1 <= len(shown) <= T.max_policies
    assert {c.title for c in ans.citations} <= {line[2:].split(":")[0] for line in shown}
    more = MORE.search(ans.text)
    count = int(more.group(1)) if more else 0
    silent, unnamed = _names(NOT_STATED.search(ans.text).group(1)) if NOT_STATED.search(ans.text) else ([], 0)
    assert len(shown) + count + len(silent) + unnamed == len(many.policies())
    assert count > 0  # both shops state it, so their 30 copies do too


def test_a_named_policy_is_answered_alone(many):
    ans = many.ask("Does Velmora use cookies?")
    assert ans.answerable and {c.title for c in ans.citations} == {"Velmora"} and not MORE.search(ans.text)


def test_a_contact_detail_is_found_in_the_closest_policies(many):
    ans = many.ask("What e-mail address can I write to about privacy?")
    assert ans.answerable and 1 <= len({c.policy for c in ans.citations}) <= T.max_policies
    assert any(re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", c.quote) for c in ans.citations)

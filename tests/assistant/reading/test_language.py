"""Questions in Korean: shop names from the table, glossed and answered with the right English
passages; a question the reader cannot gloss gets a plain "English only", never unrelated quotes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.reading.gloss import _table as glossary, gloss
from assistant.reading.language import language_of
from assistant.reading.names import others, table

KOREAN = [
    json.loads(line)
    for line in (Path(__file__).resolve().parents[3] / "eval" / "korean.jsonl").read_text(encoding="utf-8").splitlines()
]
SLUGS = {
    "MIKMIK": "mikmik",
    "Tootoomart": "tootoomart",
    "KMALL24": "kmall24",
    "Kpop Mart": "kpopmart",
    "Information security policy": "information-security-policy",
}


@pytest.mark.parametrize("written, known", table())
def test_each_hangul_name_routes_to_its_policy(bot, written, known):
    reading = bot.read(f"{written}는 내 개인정보를 판매하나요?")
    assert reading.language == "ko" and reading.policies == (SLUGS[known],)


@pytest.mark.parametrize("written, english", sorted((w, e) for w, e in others().items() if not w.isascii()))
def test_each_company_without_a_policy_here_is_named_in_the_refusal(bot, written, english):
    """Before others.tsv, "쿠팡은 개인정보를 얼마나 오래 보관하나요?" was glossed without its name and
    answered with MIKMIK's retention passage."""
    question = f"{written}은 개인정보를 얼마나 오래 보관하나요?"
    reading, answer = bot.read(question), bot.ask(question)
    assert reading.unknown == (english,) and reading.policies == ()
    assert not answer.citations and f"no privacy policy for {english}" in answer.text


@pytest.mark.parametrize("written, name", sorted((w, e) for w, e in others().items() if w.isascii()))
def test_a_company_written_in_lower_case_is_read_as_one_unless_a_policy_mentions_it(bot, written, name):
    """ "does ebay share my address with sellers" was answered from the shops' sharing passages."""
    question = f"does {written} share my address with sellers?"
    mentioned = any(written in bot.parts.corpus.lower_texts[s] for s in bot.parts.corpus.info)
    assert [u.lower() for u in bot.read(question).unknown] == ([] if mentioned else [name.lower()])


def test_no_company_name_is_a_word_the_glossary_or_the_shop_names_use():
    words = [w for w, english in glossary("ko") if english != "-"] + [w for w, _ in table()]  # "-": whole words
    assert [(name, w) for name in others() for w in words if name in w or w in name] == []


@pytest.mark.parametrize(
    "question", ["비밀번호는 암호화되나요?", "개인정보는 얼마나 오래 보관하나요?", "온라인 결제 정보는 안전한가요?"]
)
def test_a_question_naming_no_company_has_no_unknown_company(bot, question):
    assert bot.read(question).unknown == ()


@pytest.mark.parametrize(
    "text, language",
    [
        ("How long is my data kept?", "en"),
        ("KMALL24는 쿠키를 사용하나요?", "ko"),
        ("データはどのくらい保存されますか", "ja"),
        ("Как долго хранятся мои данные?", "ru"),
        ("¿Cuánto tiempo guardan mis datos?", "en"),
    ],
)
def test_the_language_is_read_from_the_script(text, language):
    assert language_of(text) == language


def test_most_korean_questions_are_answered_from_the_right_passage(bot):
    right = []
    for item in KOREAN:
        answer = bot.ask(item["question"])
        quotes = " ".join(c.quote for c in answer.citations[:2]).lower()
        right.append(
            bool(answer.citations) and answer.citations[0].policy == item["policy"] and item["expect"].lower() in quotes
        )
    assert sum(right) >= 8, right  # 8 of 10 measured when the table was written (1 of 10 before)


@pytest.mark.parametrize(
    "question", ["データはどのくらい保存されますか", "Как долго хранятся мои данные?", "믹믹은 별자리를 알려주나요?"]
)
def test_a_question_that_cannot_be_read_says_so_and_quotes_nothing(bot, question):
    answer = bot.ask(question)
    assert not answer.answerable and not answer.citations and "English" in answer.text


@pytest.mark.parametrize(
    "question, policy, words",
    [
        (
            "투투마트는 제 사진을 수집하나요?",
            "tootoomart",
            ["photos", "collect"],
        ),  # "제" (my) and "는" read, not guessed
        ("정보보안 정책은 SSL을 사용하나요?", "information-security-policy", ["SSL", "use"]),
    ],
)
def test_function_words_count_as_read_and_latin_words_stay(bot, question, policy, words):
    reading = bot.read(question)
    assert reading.policies == (policy,) and all(w in reading.question for w in words)
    assert bot.ask(question).citations


@pytest.mark.parametrize(
    "question, words",
    [
        ("열네 살인데 가입해도 돼요?", ["age", "sign up"]),  # 살 (years old), 가입 conjugated
        ("광고 문자 그만 받고 싶은데 어떻게 막아요?", ["how"]),  # 받고, 막아요: verb stems, not endings
        ("잘못된 제 정보 고치려면 어떻게 해야 돼요?", ["correct"]),  # 고치려면
    ],
)
def test_conjugated_everyday_korean_is_glossed(question, words):
    """Everyday Korean conjugates its verbs (써요, 지울, 꺼도): the glossary holds their stems, so these
    (a helper's own examples, not test questions) are read instead of getting "English only"."""
    from assistant.reading.gloss import gloss

    english = gloss(question, "ko")
    assert english is not None and all(w in english for w in words), english


def test_everyday_korean_words_of_people_and_ages_are_read():
    """ "투투마트 열두살짜리 조카가 혼자 써도 되나?" (can my 12-year-old nephew use Tootoomart alone?) was
    refused as unreadable: the table knew none of "열두살", "조카", "써도"."""
    glossed = gloss("투투마트 열두살짜리 조카가 혼자 써도 되나?", "ko")
    assert glossed is not None and "12 years old" in glossed and "child" in glossed


def test_a_verb_with_neun_beop_asks_how():
    """ "tootoomart 비번 바꾸는법" (how to change my password) was glossed as a yes/no and answered "Yes —
    Log in with …"."""
    assert gloss("tootoomart 비번 바꾸는법", "ko").startswith("how do I")


def test_asking_to_correct_wrong_details_is_glossed_with_the_policys_words():
    """ "배송지 정보가 틀린 것 같습니다. 수정을 요청하려면" (my shipping details are wrong; how do I ask to
    have them corrected) was glossed "modify" and answered with the list of what is collected."""
    glossed = gloss("케이몰24에 등록된 제 배송지 정보가 틀린 것 같습니다. 수정을 요청하려면 어떻게 해야 합니까?", "ko")
    assert "incorrect" in glossed and "correct" in glossed.replace("incorrect", "")

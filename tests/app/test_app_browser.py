"""The chat in a real headless Chromium against the real app (see conftest.py)."""

from __future__ import annotations

import re
import socket

import pytest
from pages import ask, last_answer, send
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

COMPLAINTS = "How long does MIKMIK keep complaint records?"


def test_answer_streams_with_markers_matching_citation_cards(new_page, screenshot):
    page = new_page()
    # Records what the chat shows while the answer is produced: a placeholder or streamed text
    # must appear before the final answer does.
    page.evaluate(
        """() => { window.__seen = [];
        new MutationObserver(() => {
          for (const el of document.querySelectorAll('#chat .answer'))
            if (!window.__seen.includes(el.className)) window.__seen.push(el.className);
        }).observe(document.body, {childList: true, subtree: true}); }"""
    )
    ask(page, COMPLAINTS)
    seen = page.evaluate("window.__seen")
    assert any("pending" in c or "streaming" in c for c in seen), seen

    answer = last_answer(page)
    expect(answer.locator(".answer-text")).to_contain_text("3 years")
    expect(answer.locator(".abstain")).to_have_count(0)
    cards = answer.locator(".cite-card")
    markers = {int(m) for m in re.findall(r"\[(\d+)\]", answer.locator(".answer-text").inner_text())}
    numbers = {int(m) for m in re.findall(r"\d+", " ".join(cards.locator(".cite-num").all_text_contents()))}
    assert markers == numbers == set(range(1, len(numbers) + 1)), (markers, numbers)
    # Other passages of 5.2.3 may be cited too; the one that says "3 years" must be among them.
    card = cards.filter(has=page.locator(".cite-section", has_text="5.2.3")).filter(
        has=page.locator("mark", has_text="3 years")
    )
    expect(card).to_have_count(1)
    expect(card.locator(".cite-title")).to_have_text("MIKMIK")
    screenshot(page, "answer")

    answer.locator("details.sources > summary").click()  # the sources are collapsed under the answer
    card.locator("button.open-policy").click()
    cited = page.locator("#policy-viewer mark.cited")
    expect(cited).to_contain_text("3 years")
    expect(page.locator("#policy-viewer .viewer-head")).to_contain_text("MIKMIK")
    expect(cited).to_be_in_viewport()
    screenshot(page, "policy-viewer")

    # The [n] marker in the text opens its citation too.
    n = card.locator(".cite-num").inner_text().strip("[]")
    page.locator("#policy-select input").click()
    page.get_by_role("option", name="Kpop Mart").click()  # the viewer now shows Kpop Mart, unmarked
    expect(cited).to_have_count(0)
    # The direct answer line may cite the same [n] as its quote: either marker opens it.
    answer.locator(f"button.cite-ref:text-is('[{n}]')").first.click()
    expect(cited).to_contain_text("3 years")
    expect(cited).to_be_in_viewport()


def test_an_example_is_asked_when_clicked(new_page):
    page = new_page()
    send(page, lambda: page.get_by_text("How does KMALL24 use cookies?").click())
    expect(page.locator("#chat")).to_contain_text("How does KMALL24 use cookies?")
    expect(last_answer(page).locator(".cite-title").first).to_have_text("KMALL24")


def test_unanswerable_question_shows_abstention(new_page, screenshot):
    page = new_page()
    ask(page, "Does Kmall24 use Google Analytics?")
    answer = last_answer(page)
    expect(answer.locator(".abstain-sign")).to_have_text("The policies don't say")
    expect(answer.locator(".abstain-sign")).to_be_visible()
    screenshot(page, "abstention")


def test_follow_up_uses_the_conversation(new_page, screenshot):
    page = new_page()
    ask(page, COMPLAINTS)
    ask(page, "and payment records?")
    expect(page.locator("#chat .answer .backend")).to_have_count(2)
    # 5.2.2 "Recording about price payment and supply of goods: 5 years" is only reachable
    # by knowing the conversation is about MIKMIK's retention periods.
    expect(last_answer(page).locator(".answer-text")).to_contain_text("5 years")
    screenshot(page, "follow-up")

    # A new conversation forgets the old one: the page re-renders the session's turns on each
    # answer, so a kept turn would reappear here.
    page.locator("#new-conversation").click()
    expect(page.locator("#chat .answer")).to_have_count(0)
    ask(page, "Does Kpop Mart use cookies?")
    expect(page.locator("#chat .answer .backend")).to_have_count(1)
    expect(page.locator("#chat")).not_to_contain_text(COMPLAINTS)


def test_policy_selector_limits_answers_and_shows_the_policy(new_page, screenshot):
    page = new_page()
    page.locator("#policy-select input").click()
    page.get_by_role("option", name="Kpop Mart").click()
    expect(page.locator("#policy-viewer .viewer-head")).to_contain_text("Kpop Mart")
    ask(page, "What information do you collect?")
    last_answer(page).locator("details.sources > summary").click()
    titles = last_answer(page).locator(".cite-card .cite-title")
    expect(titles.first).to_be_visible()
    assert set(titles.all_inner_texts()) == {"Kpop Mart"}
    screenshot(page, "policy-selector")


def test_markup_in_a_question_is_shown_not_run(new_page, screenshot):
    page = new_page()
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if "pixel" in r.url else None)
    question = (
        '<b id="injected">bold</b><img src=x onerror="window.__pwned=1"> '
        "![t](http://127.0.0.1:9/pixel.png) [link](http://127.0.0.1:9/) Does MIKMIK sell my data?"
    )
    ask(page, question)
    expect(page.locator("#chat")).to_contain_text('<b id="injected">bold</b>')
    expect(page.locator("#chat")).to_contain_text("![t](http://127.0.0.1:9/pixel.png)")
    expect(page.locator("#injected")).to_have_count(0)
    expect(page.locator("#chat [data-testid='user'] img, #chat [data-testid='user'] a")).to_have_count(0)
    assert page.evaluate("window.__pwned") is None
    assert fetched == []
    screenshot(page, "markup-escaped")


def test_sessions_do_not_share_history(new_page):
    first, second = new_page(), new_page()
    ask(first, COMPLAINTS)
    expect(second.locator("#chat")).not_to_contain_text(COMPLAINTS)
    ask(second, "Does Kpop Mart use cookies?")
    expect(second.locator("#chat")).not_to_contain_text(COMPLAINTS)
    expect(first.locator("#chat")).not_to_contain_text("Does Kpop Mart use cookies?")
    expect(second.locator("#chat .answer .backend")).to_have_count(1)


@pytest.mark.parametrize(
    "question, message",
    [("   ", "empty"), ("Why? " * 401, "2,000")],
    ids=["empty", "too-long"],
)
def test_bad_questions_get_a_clear_message(new_page, screenshot, request, question, message):
    page = new_page()
    ask(page, question)
    error = page.locator("#chat .answer.error")
    expect(error).to_contain_text(message)
    expect(page.locator("#chat")).not_to_contain_text("Traceback")
    screenshot(page, f"bad-question-{request.node.callspec.id}")
    # The question comes back to be fixed, and the refusal is not kept as a turn.
    expect(page.locator("#question textarea")).to_have_value(question)
    ask(page, COMPLAINTS)
    expect(page.locator("#chat .answer.error")).to_have_count(0)
    screenshot(page, f"bad-question-{request.node.callspec.id}-then-answer")


def test_backend_failure_is_explained_and_the_answer_still_cited(app_env, start_app, browser, tmp_path, screenshot):
    """An LLM server that is down: the reader sees a notice and a quoted answer, never a trace."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/v1"  # nothing listens there once closed
    env = {**app_env, "ASSISTANT_LLM": "openai", "OPENAI_BASE_URL": dead, "OPENAI_API_KEY": "unused"}
    server = start_app(env, tmp_path / "app.log")
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(server.url)
        ask(page, COMPLAINTS)
        answer = last_answer(page)
        expect(answer.locator(".notice")).to_be_visible()
        expect(answer.locator(".notice")).not_to_be_empty()
        expect(answer.locator(".answer-text")).to_contain_text("3 years")
        expect(page.locator("body")).not_to_contain_text("Traceback")
        screenshot(page, "backend-down")
    finally:
        context.close()
        server.stop()


def test_broad_answer_shows_the_rankers_passages_on_one_line(new_page, screenshot):
    page = new_page()
    ask(page, "Who does Kmall24 share my information with?")
    answer = last_answer(page)
    text = answer.locator(".answer-text")
    expect(text).to_contain_text("KMALL24:")
    lines = [line.strip() for line in text.inner_text().splitlines() if line.strip()]
    # A direct answer line, when there is one, comes first; then the quotes, in the evidence
    # ranker's order on one line (no "More from" line: the ranker orders them all).
    quotes = [line for line in lines if line.startswith(("KMALL24:", "More from KMALL24:"))]
    assert len(quotes) == 1 and quotes[0].startswith("KMALL24:"), lines
    assert lines.index(quotes[0]) <= 1, lines
    markers = {int(m) for m in re.findall(r"\[(\d+)\]", text.inner_text())}
    # Cards that quote the same paragraph are one card listing each of their numbers.
    numbers = {int(m) for m in re.findall(r"\d+", " ".join(answer.locator(".cite-num").all_text_contents()))}
    assert len(markers) >= 3 and markers == numbers == set(range(1, len(numbers) + 1))
    screenshot(page, "broad-answer")

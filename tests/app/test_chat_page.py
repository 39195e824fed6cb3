"""The chat as people use it (issue 14): landing on each answer's top, sources secondary, the phone
layout, copy, export, the light/dark switch and feedback, at desktop (1280×900) and phone (390×844).

One app for the module, with ASSISTANT_FEEDBACK set (feedback on) and ASSISTANT_UPLOADS=0 (the
upload panel off); every test opens its own browser context, i.e. its own session.
"""

from __future__ import annotations

import json
import re

import pytest
from pages import PHONE, ask, last_answer, open_app, shot
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

COMPLAINTS = "How long does MIKMIK keep complaint records?"
BROAD = "Who does Kmall24 share my information with?"
ABSTAINS = "Does Kmall24 use Google Analytics?"


@pytest.fixture(scope="module")
def chat_app(app_env, start_app, tmp_path_factory):
    folder = tmp_path_factory.mktemp("chat-app")
    feedback = folder / "feedback.jsonl"
    env = {**app_env, "ASSISTANT_FEEDBACK": str(feedback), "ASSISTANT_UPLOADS": "0"}
    server = start_app(env, folder / "app.log")
    server.feedback = feedback
    yield server
    server.stop()


@pytest.fixture
def opened(browser, chat_app):
    """``opened(size, **context_options) -> page``; the contexts close after the test."""
    contexts = []

    def open_(size="desktop", **options):
        context, page = open_app(browser, chat_app.url, size, **options)
        contexts.append(context)
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_lands_on_the_top_of_each_new_answer(opened, size):
    page = opened(size)
    expect(page.locator("#title")).to_be_in_viewport()  # the title is on screen when the page opens
    shot(page, f"load-{size}")
    ask(page, BROAD)  # a long answer with many sources: Gradio used to land below its last card
    ask(page, ABSTAINS)
    answer = last_answer(page)
    expect(answer.locator(".abstain-sign")).to_be_in_viewport()
    expect(page.locator("#chat .question").last).to_be_in_viewport()
    expect(answer.locator(".answer-text")).to_be_in_viewport()
    # The closest passages are collapsed under the answer, not the first thing one reads.
    expect(answer.locator("details.sources > summary")).to_have_text(
        f"Closest passages ({answer.locator('button.cite-ref').count()})"
    )
    expect(answer.locator(".cite-card").first).to_be_hidden()
    expect(page.locator("#chat .scroll-down-button-container")).to_be_hidden()
    assert "extractive" not in answer.inner_text()
    expect(answer.locator(".backend")).to_have_text("Quoted from the policy")
    shot(page, f"landing-abstention-{size}")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_sources_open_one_card_per_paragraph_with_whole_sections_on_a_phone(opened, size):
    page = opened(size)
    ask(page, BROAD)
    answer = last_answer(page)
    markers = {int(b.strip("[]")) for b in answer.locator(".answer-text button.cite-ref").all_inner_texts()}
    answer.locator("details.sources > summary").click()
    cards = answer.locator(".cite-card")
    expect(cards.first).to_be_visible()
    contexts = cards.locator(".cite-context").all_inner_texts()
    assert len(contexts) == len(set(contexts)), "two cards show the same paragraph"
    numbers = " ".join(cards.locator(".cite-num").all_text_contents())
    listed = sorted(int(n) for n in numbers.replace("[", " ").replace("]", " ").split())
    assert listed == sorted(markers) == list(range(1, len(markers) + 1))  # every marker on exactly one card
    for section in cards.locator(".cite-section").all():
        assert section.get_attribute("title")  # the whole section on hover
        if size == "phone":  # no hover on a phone: the whole name, wrapped, never cut
            assert section.evaluate("(el) => el.scrollWidth <= el.clientWidth + 1")
            assert section.evaluate("(el) => getComputedStyle(el).whiteSpace") == "normal"
        else:
            assert section.bounding_box()["height"] < 30, "a section label wraps"  # one line, cut with an ellipsis
    cards.first.scroll_into_view_if_needed()
    shot(page, f"sources-open-{size}")


def test_phone_viewer_opens_over_the_chat_and_closes_back_to_it(opened):
    page = opened("phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    ask(page, COMPLAINTS)
    answer = last_answer(page)
    answer.locator(".answer-text button.cite-ref").first.click()
    cited = page.locator("#policy-viewer mark.cited")
    expect(cited).to_contain_text("3 years")
    expect(cited).to_be_in_viewport()
    back = page.locator("#viewer-back")
    expect(back).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "viewer-open-phone")
    back.click()
    expect(page.locator("#viewer-column")).to_be_hidden()
    expect(answer.locator(".answer-text")).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, "viewer-closed-phone")
    # A policy picked in the selector is read in the same overlay.
    page.locator("#policy-select input").click()
    page.get_by_role("option", name="Kpop Mart").click()
    page.locator("#viewer-open").click()
    expect(page.locator("#policy-viewer .viewer-head")).to_contain_text("Kpop Mart")
    expect(page.locator("#policy-viewer .viewer-head")).to_be_in_viewport()
    page.wait_for_timeout(400)  # the selector's list fades out
    shot(page, "viewer-policy-phone")
    back.click()
    expect(page.locator("#viewer-column")).to_be_hidden()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_copy_puts_the_answer_and_its_footnotes_on_the_clipboard(opened, chat_app, size):
    page = opened(size, permissions=["clipboard-read", "clipboard-write"])
    ask(page, COMPLAINTS)
    button = last_answer(page).locator("button.copy-answer")
    button.click()
    expect(button).to_have_text("Copied ✓")
    copied = page.evaluate("navigator.clipboard.readText()")
    lines = copied.splitlines()
    assert lines[0] == f"**Q:** {COMPLAINTS}"
    assert any("3 years" in line and "[1]" in line for line in lines[1:])
    footnote = next(line for line in lines if line.startswith("[1]: MIKMIK, § "))
    assert "5.2.3" in footnote and "Recording about customer’s complaint or trouble settlement: 3 years." in footnote
    shot(page, f"copy-{size}")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_export_downloads_the_conversation_with_verbatim_quotes(opened, app_env, size):
    from assistant import Assistant, Settings

    page = opened(size, accept_downloads=True)
    ask(page, COMPLAINTS)
    ask(page, "and payment records?")
    with page.expect_download() as got:
        page.locator("#export-json").click()
    data = json.loads(open(got.value.path(), encoding="utf-8").read())
    assert [t["question"] for t in data["turns"]] == [COMPLAINTS, "and payment records?"]
    assert "5 years" in data["turns"][1]["answer"]
    bot = Assistant(Settings.from_env(app_env))
    citations = [c for t in data["turns"] for c in t["citations"]]
    assert citations
    for c in citations:
        assert bot.document(c["policy"])[c["start"] : c["end"]] == c["quote"], c
        assert c["section"] and c["title"]
    with page.expect_download() as got:
        page.locator("#export-md").click()
    markdown = open(got.value.path(), encoding="utf-8").read()
    assert f"**Q:** {COMPLAINTS}" in markdown and "**Q:** and payment records?" in markdown
    assert citations[0]["quote"] in markdown
    shot(page, f"export-{size}")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_dark_mode_switch_is_remembered(opened, size):
    page = opened(size)
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.locator("#theme-toggle").click()
    expect(page.locator("body")).to_have_class(re.compile(r"\bdark\b"))
    ask(page, COMPLAINTS)
    dark = page.evaluate("getComputedStyle(document.querySelector('.gradio-container')).backgroundColor")
    assert dark != light and _brightness(dark) < 80, dark
    shot(page, f"dark-{size}")
    page.reload()
    page.locator("#question textarea").wait_for()
    expect(page.locator("body")).to_have_class(re.compile(r"\bdark\b"))  # kept in localStorage
    page.locator("#theme-toggle").click()
    expect(page.locator("body")).not_to_have_class(re.compile(r"\bdark\b"))


def _brightness(css_color: str) -> float:
    r, g, b = (float(x) for x in css_color[css_color.index("(") + 1 :].rstrip(")").split(",")[:3])
    return 0.299 * r + 0.587 * g + 0.114 * b


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_feedback_is_written_when_enabled(opened, chat_app, size):
    page = opened(size)
    before = _lines(chat_app.feedback)
    ask(page, COMPLAINTS)
    page.locator("#chat button[aria-label='Dislike']").last.click()
    comment = page.locator("#feedback-comment textarea")
    expect(comment).to_be_visible()
    shot(page, f"feedback-{size}")
    comment.fill("I wanted the payment records too")
    comment.press("Enter")
    expect(comment).to_be_hidden()
    page.wait_for_timeout(500)
    new = _lines(chat_app.feedback)[len(before) :]
    assert len(new) == 2, new
    rating, note = new
    assert rating["rating"] == "down" and rating["question"] == COMPLAINTS and "3 years" in rating["answer"]
    assert rating["citations"][0]["policy"] == "mikmik"
    assert note == {"id": rating["id"], "comment": "I wanted the payment records too"}
    expect(page.locator("#add-policy")).to_have_count(0)  # ASSISTANT_UPLOADS=0


def _lines(path):
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

"""The chat's second pass (issue 27), in Debian's Chromium at a phone (390×844) and a laptop (1280×800):
everything needed on the first screen, one scroll, the answer's direct line apart from its quotes,
the scope an answer was limited to, and Korean in a CJK font. Screenshots go to screenshots/."""

from __future__ import annotations

import pytest
from pages import ask, last_answer, send, shot
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

FIRST_SCREENS = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
BROAD = "Who does Kmall24 share my information with?"
TOOTOOMART = "Does Tootoomart sell my information?"
KOREAN = "투투마트는 개인정보를 얼마나 보관하나요?"


@pytest.fixture
def opened(browser, app_url):
    """``opened(size, dark=False) -> page`` at one of FIRST_SCREENS; the contexts close after the test."""
    contexts = []

    def open_(size: str, dark: bool = False):
        context = browser.new_context(viewport=FIRST_SCREENS[size])
        contexts.append(context)
        page = context.new_page()
        if dark:  # the page's own switch, remembered in localStorage (test_chat_page checks the switch)
            page.add_init_script("localStorage.setItem('policy-assistant-theme', 'dark')")
        page.goto(app_url)
        page.locator("#question textarea").wait_for()
        page.wait_for_timeout(300)  # Gradio's layout settles after the first paint
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("size", list(FIRST_SCREENS))
def test_the_question_box_is_whole_on_the_first_screen(opened, size, dark):
    page = opened(size, dark)
    screen = FIRST_SCREENS[size]
    box = page.locator("#question textarea").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= screen["height"], box  # 951 of 844 on a phone before
    ask_button = page.locator("#ask").bounding_box()
    assert ask_button["y"] + ask_button["height"] <= screen["height"]
    # The examples are one short scroll away at most.
    examples = page.get_by_text("How long does MIKMIK keep complaint records?").first.bounding_box()
    assert examples["y"] < 1.25 * screen["height"], examples
    assert page.evaluate("document.documentElement.scrollWidth") <= screen["width"]
    shot(page, f"first-screen-{size}-{'dark' if dark else 'light'}")


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("size", list(FIRST_SCREENS))
def test_a_long_answer_reads_with_the_page_scroll_alone(opened, size, dark):
    page = opened(size, dark)
    ask(page, BROAD)
    answer = last_answer(page)
    answer.locator("details.sources > summary").click()  # sources open: the longest the answer gets
    page.wait_for_timeout(300)
    # No box between the answer and the page scrolls on its own: the chat grows with its content.
    inner = answer.evaluate("""(el) => { const out = [];
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          const s = getComputedStyle(p);
          if (/(auto|scroll)/.test(s.overflowY) && p.scrollHeight > p.clientHeight + 1) out.push(p.className || p.id);
        } return out; }""")
    assert inner == [], f"scroll boxes inside the page: {inner}"
    height = answer.bounding_box()["height"]
    assert height > FIRST_SCREENS[size]["height"] * 0.5 or size == "laptop"
    # Its last source is reached by scrolling the page, and the question box follows the chat.
    last = answer.locator(".cite-card").last
    last.scroll_into_view_if_needed()
    expect(last).to_be_in_viewport(ratio=1)
    assert page.locator("#question textarea").bounding_box()["y"] > answer.bounding_box()["y"] + height - 1
    shot(page, f"long-answer-{size}-{'dark' if dark else 'light'}", full_page=True)


@pytest.mark.parametrize("size", list(FIRST_SCREENS))
def test_the_direct_line_is_the_answer_and_no_quote_repeats_it(opened, size):
    page = opened(size)
    ask(page, TOOTOOMART)
    answer = last_answer(page)
    direct, quotes = answer.locator(".direct"), answer.locator(".answer-text")
    expect(direct).to_have_text("No [1]")  # the clause after "No —" was the quote word for word
    expect(quotes).to_contain_text("We never sell or rent your personal information")
    style = "(el) => { const s = getComputedStyle(el); return [Number(s.fontWeight), parseFloat(s.fontSize), s.borderLeftStyle]; }"
    (dw, ds, dborder), (qw, qs, _) = direct.evaluate(style), quotes.evaluate(style)
    assert dw >= 600 and qw < 600 and ds > qs and dborder == "solid"
    box, under = direct.bounding_box(), quotes.bounding_box()
    assert box["y"] + box["height"] <= under["y"]  # above the quotes, on its own line
    shot(page, f"direct-line-{size}")
    ask(page, "How long does MIKMIK keep complaint records?")
    expect(last_answer(page).locator(".direct")).to_have_text("3 years [1]")  # a short value as it is


@pytest.mark.parametrize("size", list(FIRST_SCREENS))
def test_the_scope_chip_shows_a_follow_up_and_an_example_clears_it(opened, size):
    page = opened(size)
    chip = page.locator("#scope .scope-chip")
    expect(chip).to_have_count(0)
    ask(page, "Does Tootoomart share my information with third parties?")
    expect(chip).to_contain_text("About: Tootoomart")
    expect(chip).to_contain_text("named in your question")
    ask(page, "what about cookies?")
    expect(chip).to_have_text("About: Tootoomart (from your last question)")
    expect(chip).to_be_visible()
    expect(page.locator("#scope-all")).to_be_visible()
    # The chip and the Policy box never disagree: nothing was picked there.
    expect(page.locator("#policy-select input")).to_have_value("All policies")
    shot(page, f"scope-follow-up-{size}")
    # An example is a new scope: not limited to the last question's shop.
    send(page, lambda: page.get_by_text("Is my credit card number safe?", exact=True).click())
    expect(chip).to_have_count(0)
    expect(page.locator("#scope-all")).to_be_hidden()
    policies = set(last_answer(page).locator(".cite-title").all_text_contents())
    assert policies and policies != {"Tootoomart"}, policies


def test_all_shops_asks_the_last_question_again_about_every_policy(opened):
    page = opened("phone")
    ask(page, "Does Tootoomart share my information with third parties?")
    ask(page, "how do I delete it?")
    chip = page.locator("#scope .scope-chip")
    expect(chip).to_contain_text("from your last question")
    send(page, lambda: page.locator("#scope-all").click())
    expect(chip).to_have_count(0)
    expect(page.locator("#chat .question").last).to_have_text("how do I delete it?")
    titles = set(last_answer(page).locator(".cite-title").all_text_contents())
    assert titles - {"Tootoomart"}, titles  # the answer now draws on other shops too


def test_a_picked_policy_is_named_by_the_chip_and_a_question_naming_another_shop_wins(opened):
    page = opened("laptop")
    page.locator("#policy-select input").click()
    page.get_by_role("option", name="Kpop Mart").click()
    ask(page, "How is my information protected?")
    chip = page.locator("#scope .scope-chip")
    expect(chip).to_have_text("About: Kpop Mart (picked in the Policy box)")
    ask(page, "How does KMALL24 use cookies?")
    expect(chip).to_contain_text("About: KMALL24")
    expect(page.locator("#policy-select input")).to_have_value("All policies")  # not left on Kpop Mart


@pytest.mark.parametrize("size", list(FIRST_SCREENS))
def test_korean_renders_in_a_cjk_font(opened, size):
    page = opened(size)
    ask(page, KOREAN)
    question = page.locator("#chat .question").last
    expect(question).to_have_text(KOREAN)
    fonts = _fonts_used(page, "#chat .question")
    assert any("CJK" in f or "KR" in f for f in fonts), fonts  # not boxes from a font without Hangul
    shot(page, f"korean-{size}")


def test_thanks_gets_a_welcome_not_the_help_text(opened):
    page = opened("phone")
    ask(page, "hi there")
    help_text = last_answer(page).locator(".answer-text").inner_text()
    ask(page, "thanks, that helps!")
    thanks = last_answer(page).locator(".answer-text").inner_text()
    assert thanks != help_text and "welcome" in thanks.lower()


def _fonts_used(page, selector: str) -> list[str]:
    """The platform fonts Chromium drew the element's text with (DevTools' "Rendered Fonts")."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"][-1]
    return [f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]]


def test_read_policy_on_a_phone_opens_at_the_top_with_its_heading_in_sight(opened):
    page = opened("phone")
    ask(page, "How long does MIKMIK keep complaint records?")
    last_answer(page).locator(".answer-text button.cite-ref").first.click()
    expect(page.locator("#policy-viewer mark.cited")).to_be_in_viewport()  # a citation opens at its span
    doc = page.locator("#policy-viewer .viewer-doc")
    doc.evaluate("(el) => { el.scrollTop = 3000; }")  # read on, mid-policy
    page.locator("#viewer-back").click()
    page.locator("#policy-select input").click()
    page.get_by_role("option", name="MIKMIK").click()
    page.locator("#viewer-open").click()
    head = page.locator("#policy-viewer .viewer-head")
    expect(head).to_contain_text("MIKMIK")
    page.wait_for_function("() => document.querySelector('#policy-viewer .viewer-doc').scrollTop === 0")
    assert page.locator("#viewer-column").evaluate("(el) => el.scrollTop") == 0
    back = page.locator("#viewer-back").bounding_box()
    assert head.bounding_box()["y"] >= back["y"] + back["height"]  # not under the sticky way back
    expect(head).to_be_in_viewport(ratio=1)
    shot(page, "read-policy-phone")


def test_a_citation_far_down_the_chat_opens_beside_it_on_a_laptop(opened):
    page = opened("laptop")
    for question in (
        BROAD,
        "Does Tootoomart share my information with third parties?",
        "How long does MIKMIK keep complaint records?",
    ):
        ask(page, question)
    marker = last_answer(page).locator(".answer-text button.cite-ref").first
    marker.scroll_into_view_if_needed()
    before = page.evaluate("scrollY")
    assert before > 300  # the chat has grown past the first screen
    marker.click()
    mark = page.locator("#policy-viewer mark.cited")
    expect(mark).to_contain_text("3 years")
    expect(mark).to_be_in_viewport()
    expect(page.locator("#policy-viewer .viewer-head")).to_be_in_viewport()  # the viewer follows the page
    assert page.evaluate("scrollY") == before  # and the answer being read stays where it was
    expect(marker).to_be_in_viewport()
    shot(page, "citation-far-down-laptop")

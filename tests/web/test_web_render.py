"""The page's HTML, rendered without a browser: policy text and questions are shown as text, never
as markup, and every [n] marker and card opens the span it cites."""

from __future__ import annotations

import re

import pytest

from assistant import Answer, Citation
from assistant.retrieval.corpus import PolicyInfo
from web import answer as answers, markup
from web.viewer import parse_click, render_document

DOC = (
    "Intro paragraph.\n\n"
    "5.2 Periods <b>kept</b> & <script>alert('x')</script> here.\n"
    "5.2.3 Complaints: 3 years.\n"
    " \n"
    "Next paragraph with <img src=x onerror=alert(1)>."
)
START = DOC.index("Complaints")
END = DOC.index("3 years.") + len("3 years.")


def _info(source_url):
    return PolicyInfo("shop", "Shop <i>Co</i>", source_url, "2018-02-07")


def _cit(start=START, end=END, section="5. PERIOD › 5.2.3"):
    return Citation("shop", "Shop <i>Co</i>", section, DOC[start:end], start, end)


def _open_values(html: str) -> list[str]:
    return re.findall(r'<button class="[^"]*open-policy[^"]*"[^>]*value="([^"]*)"', html)


def _as_clicked(value: str) -> dict:
    """What static/viewer.js sends for a button's value: split at ':', the slug may contain ':'."""
    start, end, *slug = value.split(":")
    return {"policy": ":".join(slug), "start": float(start), "end": float(end)}


def _card(cits, doc=DOC, url=None) -> str:
    cards = answers.group_cards(cits, lambda slug: doc)
    assert len(cards) == 1
    return answers.render_card(cards[0], doc, url)


def test_card_highlights_the_quote_inside_its_paragraph_only():
    html = _card([_cit()])
    context = html.split('class="cite-context">')[1].split("</div>")[0]
    assert "<mark>Complaints: 3 years.</mark>" in context
    assert "5.2 Periods &lt;b&gt;kept&lt;/b&gt; &amp; &lt;script&gt;" in context  # same paragraph, escaped
    assert "Intro paragraph" not in context and "Next paragraph" not in context  # blank lines bound it
    assert "<script" not in html and "<b>" not in html and "<i>" not in html
    assert "Shop &lt;i&gt;Co&lt;/i&gt;" in html


@pytest.mark.parametrize(
    "url, shown",
    [("https://web.archive.org/web/2018/x?a=1&b=2", True), ("javascript:alert(1)", False), (None, False)],
)
def test_card_links_only_web_sources(url, shown):
    html = _card([_cit()], url=url)
    assert ("Archived source" in html) is shown
    assert "javascript:" not in html
    if shown:
        assert 'href="https://web.archive.org/web/2018/x?a=1&amp;b=2"' in html
        assert 'rel="noopener noreferrer"' in html


def test_long_context_is_capped():
    doc = "word " * 2000 + "QUOTE" + " word" * 2000
    start = doc.index("QUOTE")
    html = _card([Citation("shop", "Shop", "1", "QUOTE", start, start + 5)], doc)
    assert len(html) < 2 * answers.CONTEXT_CHARS + 1000
    assert html.count("…") == 2


def test_answer_markers_and_abstention_sign():
    answer = Answer("Kept for 3 years <b>really</b> [1].", [_cit()], True, "extractive")
    html = answers.render_answer(answer, lambda slug: DOC, lambda slug: _info(None))
    assert f'value="{START}:{END}:shop">[1]</button>' in html and "&lt;b&gt;really" in html
    assert '<sup class="cite-ref">[2]</sup>' in markup.render_answer_text("a [2]", [_cit()])  # no such citation
    assert answers.ABSTAIN not in html and html.count('class="cite-card"') == 1
    assert "Sources (1)" in html and "Quoted from the policy" in html and "extractive" not in html
    refused = Answer("Not covered.", [_cit()], False, "extractive")
    html = answers.render_answer(refused, lambda slug: DOC, lambda slug: _info(None))
    assert answers.ABSTAIN in html and "Closest passages" in html and "Sources" not in html


def test_notice_is_shown_escaped_and_only_when_there_is_one():
    answer = Answer("Kept 3 years [1].", [_cit()], True, "extractive", notice="LLM <down>; quoted instead")
    html = answers.render_answer(answer, lambda slug: DOC, lambda slug: _info(None))
    assert '<div class="notice">LLM &lt;down&gt;; quoted instead</div>' in html
    answer.notice = ""
    assert 'class="notice"' not in answers.render_answer(answer, lambda slug: DOC, lambda slug: _info(None))


def test_every_button_opens_the_span_its_citation_quotes():
    """Marker and card buttons carry the span the viewer then marks, for a slug with ':' and '&' too."""
    doc = "A. First.\n\nB. Second & last."
    spans = {"a:b&c": (doc.index("First."), doc.index("\n")), "plain": (doc.index("Second"), len(doc))}
    cits = [Citation(slug, "T", "s", doc[a:b], a, b) for slug, (a, b) in spans.items()]
    answer = Answer("One [1] and two [2].", cits, True, "extractive")
    html = answers.render_answer(answer, lambda slug: doc, lambda slug: _info(None))
    values = _open_values(html)
    assert len(values) == 4  # two markers, two cards
    for value in values:
        ref = parse_click(_as_clicked(value.replace("&amp;", "&")))  # the browser unescapes the attribute
        cit = next(c for c in cits if c.policy == ref.policy)
        assert (ref.start, ref.end) == (cit.start, cit.end)
        viewer = render_document(_info(None), doc, ref.start, ref.end)
        assert f'<mark class="cited" id="cited-span">{cit.quote.replace("&", "&amp;")}</mark>' in viewer


def test_question_markup_and_markdown_stay_text():
    html = markup.render_question("<img src=x onerror=alert(1)> ![t](http://x/p.png)\nline two")
    assert "<img" not in html and "&lt;img src=x" in html
    assert "![t](http://x/p.png)<br>line two" in html


def test_streamed_text_has_no_buttons_yet():
    # While streaming the citations are not known, so a marker must not point anywhere.
    html = markup.render_partial("Kept [1]")
    assert "<button" not in html and '<sup class="cite-ref">[1]</sup>' in html and "streaming" in html


def test_citations_in_one_paragraph_share_a_card_with_each_quote_marked():
    periods = DOC.index("5.2 Periods")
    first = _cit(periods, periods + len("5.2 Periods"))
    other_paragraph = _cit(DOC.index("Intro"), DOC.index("Intro") + len("Intro paragraph."), section="1")
    answer = Answer("Kept [1]. Periods [2]. Intro [3].", [_cit(), first, other_paragraph], True, "extractive")
    html = answers.render_answer(answer, lambda slug: DOC, lambda slug: _info(None))
    assert html.count('class="cite-card"') == 2 and "Sources (3)" in html
    merged = html.split('class="cite-card"')[1]
    assert '<span class="cite-num">[1] [2]</span>' in merged
    assert "<mark>5.2 Periods</mark>" in merged and "<mark>Complaints: 3 years.</mark>" in merged
    # The section label is one line in CSS; its whole text is the tooltip.
    assert 'class="cite-section" title="5. PERIOD › 5.2.3"' in merged


def test_overlapping_quotes_are_marked_once():
    a, b = _cit(START, END), _cit(START + 3, END)  # the second lies inside the first
    html = _card([a, b])
    context = html.split('class="cite-context">')[1].split("</div>")[0]
    assert context.count("<mark>") == 1 and "Complaints: 3 years." in context


@pytest.mark.parametrize(
    "backend, words",
    [
        ("extractive", "Quoted from the policy"),
        ("extractive (fallback: timeout)", "Quoted from the policy"),
        ("llamacpp:smollm2", "Written by llamacpp:smollm2, checked against the quotes"),
        ("openai:gpt-4o-mini (unguarded)", "Written by openai:gpt-4o-mini, not checked against the quotes"),
    ],
)
def test_who_wrote_the_answer_in_plain_words(backend, words):
    assert answers.made_by(backend, 1) == words


def test_copy_button_carries_the_answer_with_footnotes():
    answer = Answer("Kept for 3 years [1].", [_cit()], True, "extractive", policies=["shop"])
    html = answers.render_answer(answer, lambda slug: DOC, lambda slug: _info(None), "How long <kept>?")
    value = re.search(r'class="copy-answer"[^>]*value="([^"]*)"', html).group(1)
    assert "\n" not in value  # line breaks travel as &#10; so the chat's Markdown leaves the block alone
    text = __import__("html").unescape(value)
    assert text.startswith("**Q:** How long <kept>?") and "Kept for 3 years [1]." in text
    assert "[1]: Shop <i>Co</i>, § 5. PERIOD › 5.2.3" in text and "“Complaints: 3 years.”" in text


def test_a_flagged_passage_is_warned_about_with_the_sources_open():
    flagged = Citation("shop", "Shop", "5.2.3", DOC[START:END], START, END, flagged=True)
    html = answers.render_answer(
        Answer("Kept [1].", [flagged], True, "extractive"), lambda s: DOC, lambda s: _info(None)
    )
    assert '<details class="sources" open>' in html and html.count('class="cite-flag"') == 1
    plain = answers.render_answer(
        Answer("Kept [1].", [_cit()], True, "extractive"), lambda s: DOC, lambda s: _info(None)
    )
    assert '<details class="sources">' in plain and "cite-flag" not in plain


SOLD = "We never sell or rent your personal information to any third parties under any circumstances"


@pytest.mark.parametrize(
    "short, rest, shown",
    [
        # a short value stays, even though its words are in the quote
        ("3 years [1]", "Shop: “Complaints: 3 years.” [1]", "3 years [1]"),
        # the clause after the verdict is the quote word for word: the verdict alone
        (f"No — {SOLD} [1]", f"Shop: “{SOLD}.” [1]", "No [1]"),
        # a fragment cut from the middle of a sentence is not a clause: the verdict alone
        (
            "No — unless we have your permission [1]",
            "Shop: “We will not sell it unless we have your permission.” [1]",
            "No [1]",
        ),
        # a whole clause the quotes do not repeat is kept
        (
            "No — Shop does not sell it [1]",
            "Shop: “We will never sell your data.” [1]",
            "No — Shop does not sell it [1]",
        ),
        # a long fragment with no verdict is not shown at all
        (
            "for one month immediately after their leave from membership and also holds their information [1]",
            "Shop: “It keeps it for one month immediately after their leave from membership and also holds their information.” [1]",
            "",
        ),
    ],
)
def test_the_direct_line_is_a_whole_clause_never_a_repeat_of_a_quote(short, rest, shown):
    answer = Answer(f"{short}\n{rest}", [_cit()], True, "extractive", short=short)
    html = answers.render_answer(answer, lambda slug: DOC, lambda slug: _info(None))
    direct = re.search(r'<div class="direct">(.*?)</div>', html)
    assert (re.sub(r"<[^>]+>", "", direct.group(1)) if direct else "") == shown
    text = re.search(r'<div class="answer-text">(.*?)</div>', html).group(1)
    assert text.startswith("Shop: “")  # the quotes follow in their own block, the first line not repeated

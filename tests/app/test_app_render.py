"""The page's HTML helpers: policy text and questions are shown as text, never as markup."""
from __future__ import annotations

import pytest

import app
from assistant.retrieval.corpus import PolicyInfo
from assistant.types import Answer, Citation

DOC = (
    "Intro paragraph.\n\n"
    "5.2 Periods <b>kept</b> & <script>alert('x')</script> here.\n"
    "5.2.3 Complaints: 3 years.\n"
    " \n"
    "Next paragraph with <img src=x onerror=alert(1)>."
)
START = DOC.index("Complaints")
END = DOC.index("3 years.") + len("3 years.")


def _Info(source_url):
    return PolicyInfo("shop", "Shop <i>Co</i>", source_url, "2018-02-07")


def _cit(start=START, end=END, section="5. PERIOD › 5.2.3"):
    return Citation("shop", "Shop <i>Co</i>", section, DOC[start:end], start, end)


def test_card_highlights_the_quote_inside_its_paragraph_only():
    html = app.render_card(1, _cit(), DOC, None)
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
    html = app.render_card(1, _cit(), DOC, url)
    assert ("Archived source" in html) is shown
    assert "javascript:" not in html
    if shown:
        assert 'href="https://web.archive.org/web/2018/x?a=1&amp;b=2"' in html


def test_long_context_is_capped():
    doc = "word " * 2000 + "QUOTE" + " word" * 2000
    start = doc.index("QUOTE")
    html = app.render_card(1, Citation("shop", "Shop", "1", "QUOTE", start, start + 5), doc, None)
    assert len(html) < 2 * app.CONTEXT_CHARS + 1000
    assert html.count("…") == 2


def test_answer_markers_and_abstention_sign():
    answer = Answer("Kept for 3 years <b>really</b> [1].", [_cit()], True, "extractive")
    html = app.render_answer(answer, lambda slug: DOC, lambda slug: _Info(None))
    assert f'value="{START}:{END}:shop">[1]</button>' in html and "&lt;b&gt;really" in html
    assert '<sup class="cite-ref">[2]</sup>' in app.render_answer_text("a [2]", [_cit()])  # no such citation
    assert app.ABSTAIN not in html and html.count('class="cite-card"') == 1
    refused = Answer("Not covered.", [], False, "extractive")
    assert app.ABSTAIN in app.render_answer(refused, lambda slug: DOC, lambda slug: _Info(None))


def test_document_marks_the_cited_span_and_escapes_the_rest():
    html = app.render_document(_Info("https://example.org/p"), DOC, START, END)
    assert '<mark class="cited" id="cited-span">Complaints: 3 years.</mark>' in html
    assert "&lt;script&gt;" in html and "<script" not in html and "<img" not in html
    assert "<mark" not in app.render_document(_Info(None), DOC)
    assert "<mark" not in app.render_document(_Info(None), DOC, 5, len(DOC) + 1)  # stale offsets: no mark

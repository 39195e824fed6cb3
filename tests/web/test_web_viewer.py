"""The policy viewer and the citation click that opens it, without a browser."""

from __future__ import annotations

import pytest

from assistant.retrieval.corpus import PolicyInfo
from web.conversation import Turn, history, messages, refused
from web.page import static_text
from web.viewer import CitationRef, parse_click, render_document, render_viewer_error

DOC = "Intro.\n\n5.2.3 Complaints: <b>3 years</b>.\n\nEnd."
START = DOC.index("Complaints")
END = DOC.index(".\n\nEnd")


def _info(source_url=None, archived=None):
    return PolicyInfo("shop", "Shop <i>Co</i>", source_url, archived)


def test_document_marks_the_cited_span_and_escapes_the_rest():
    html = render_document(_info("https://example.org/p", "2018-02-07"), DOC, START, END)
    assert '<mark class="cited" id="cited-span">Complaints: &lt;b&gt;3 years&lt;/b&gt;</mark>' in html
    assert "<b>3" not in html and "Shop &lt;i&gt;Co&lt;/i&gt;" in html
    assert "archived 2018-02-07" in html and 'href="https://example.org/p"' in html
    assert "<mark" not in render_document(_info(), DOC)
    assert "<mark" not in render_document(_info(), DOC, 5, len(DOC) + 1)  # stale offsets: no mark
    assert "href" not in render_document(_info("javascript:alert(1)"), DOC)


@pytest.mark.parametrize(
    "data, ref",
    [
        ({"policy": "mikmik", "start": 10, "end": 42}, CitationRef("mikmik", 10, 42)),
        ({"policy": "amazon.com", "start": 0.0, "end": 3.0}, CitationRef("amazon.com", 0, 3)),  # JSON numbers
    ],
)
def test_a_click_names_a_policy_span(data, ref):
    assert parse_click(data) == ref


@pytest.mark.parametrize(
    "data, says",
    [
        (None, "carries {policy, start, end}"),
        ({"start": 1, "end": 2}, "policy slug"),
        ({"policy": "x", "start": None, "end": 2}, "whole-number start"),  # Number('abc') is NaN, sent as null
        ({"policy": "x", "start": 1.5, "end": 2}, "whole-number start"),
        ({"policy": "x", "start": True, "end": 2}, "whole-number start"),
        ({"policy": "x", "start": 5, "end": 2}, "0 <= start <= end"),
    ],
)
def test_a_malformed_click_says_what_is_wrong(data, says):
    with pytest.raises(ValueError) as err:
        parse_click(data)
    assert says in str(err.value)
    assert "&lt;x&gt;" in render_viewer_error("<x>")


def test_conversation_keeps_answers_and_drops_refusals():
    turns = [Turn("Q1 <b>?</b>", "A1 [1]", '<div class="answer">A1</div>')]
    assert history(turns) == [{"role": "user", "content": "Q1 <b>?</b>"}, {"role": "assistant", "content": "A1 [1]"}]
    shown = messages(turns)
    assert shown[0]["content"] == '<div class="question">Q1 &lt;b&gt;?&lt;/b&gt;</div>'
    assert shown[1]["content"] == turns[0].html
    out = refused(turns, "x" * 500, "question is too long")
    assert out[:2] == shown and len(out) == 4
    assert out[2]["content"].count("x") == 300 and "…" in out[2]["content"]
    assert out[3]["content"] == '<div class="answer error">Question is too long</div>'
    assert len(refused(turns, "   ", "question is empty")) == 3  # no empty user bubble


def test_static_files_style_and_script_what_the_renderers_emit():
    css, js = static_text("app.css"), static_text("viewer.js")
    for cls in ("cite-card", "cite-ref", "abstain-sign", "notice", "viewer-doc", "answer.error"):
        assert f".{cls}" in css, cls
    # The script reads the buttons' values and the viewer's mark that the renderers write.
    assert "button.open-policy" in js and "mark.cited" in js and "Trigger('click', {policy" in js

"""The assistant's message in the chat: abstention sign, answer text, notice, citation cards, backend.

A card shows what an [n] marker cites: the quote highlighted inside its own paragraph.
"""
from __future__ import annotations

import html
import re

from .markup import render_answer_text, render_notice, text
from .viewer import open_value, source_link

# A card shows the quote inside its paragraph; this much context either side keeps cards short.
CONTEXT_CHARS = 280
QUOTE_CHARS = 1200
# The sign an answer starts with when the policies do not answer the question.
ABSTAIN = "The policies don't say"
# A paragraph ends at a blank line, including lines of (non-breaking or ideographic) spaces.
_BLANK_LINE = re.compile(r"\n[ \t\u00a0\u3000]*\n")


def paragraph_around(doc: str, start: int, end: int) -> tuple[str, str]:
    """The text before and after [start, end) within its paragraph, each capped at a word boundary."""
    before = _BLANK_LINE.split(doc[:start])[-1]
    after = _BLANK_LINE.split(doc[end:])[0]
    if len(before) > CONTEXT_CHARS:
        before = "…" + before[-CONTEXT_CHARS:].split(" ", 1)[-1]
    if len(after) > CONTEXT_CHARS:
        after = after[:CONTEXT_CHARS].rsplit(" ", 1)[0] + "…"
    return before, after


def render_card(n: int, cit, doc: str, source_url: str | None) -> str:
    """Card ``[n]`` for ``cit`` (a Citation); ``doc`` is its policy's text, ``source_url`` its archived source."""
    before, after = paragraph_around(doc, cit.start, cit.end)
    quote = cit.quote if len(cit.quote) <= QUOTE_CHARS else cit.quote[:QUOTE_CHARS] + "…"
    return (
        f'<div class="cite-card" data-n="{n}">'
        f'<div class="cite-head"><span class="cite-num">[{n}]</span> '
        f'<span class="cite-title">{html.escape(cit.title)}</span>'
        f'<span class="cite-section">{html.escape(cit.section or "")}</span></div>'
        + ('<div class="cite-flag">This passage addresses an AI assistant, not you: it is quoted as policy text, '
           'not given as advice.</div>' if getattr(cit, "flagged", False) else "")
        + f'<div class="cite-context">{text(before)}<mark>{text(quote)}</mark>{text(after)}</div>'
        f'<div class="cite-actions"><button class="open-policy" value="{open_value(cit)}">Open in policy</button>'
        f"{source_link(source_url)}</div>"
        "</div>"
    )


def render_cards(citations, document, policy_info, label: str) -> str:
    """All cards under one heading; ``document(slug)`` and ``policy_info(slug)`` are the assistant's methods."""
    if not citations:
        return ""
    cards = "".join(
        render_card(n, c, document(c.policy), policy_info(c.policy).source_url) for n, c in enumerate(citations, 1)
    )
    return f'<div class="cards"><div class="cards-label">{label}</div>{cards}</div>'


def render_answer(answer, document, policy_info) -> str:
    """``answer`` is an Answer; ``document(slug) -> str`` and ``policy_info(slug)`` are the assistant's methods."""
    parts = []
    if not answer.answerable:
        parts.append(f'<div class="abstain"><span class="abstain-sign">{ABSTAIN}</span></div>')
    parts.append(f'<div class="answer-text">{render_answer_text(answer.text, answer.citations)}</div>')
    parts.append(render_notice(getattr(answer, "notice", "")))
    # Cards under an abstention are what came closest, not support for an answer.
    label = "Sources" if answer.answerable else "Closest passages"
    parts.append(render_cards(answer.citations, document, policy_info, label))
    parts.append(f'<div class="backend">answered by: {html.escape(answer.backend)}</div>')
    return f'<div class="answer">{"".join(parts)}</div>'

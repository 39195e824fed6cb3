"""The assistant's message in the chat: abstention sign, answer text, notice, who wrote it, actions, sources.

The answer and its sign come first; the sources sit under a collapsed "Sources (n)" below them, one
card per paragraph: citations quoting the same paragraph share a card, each quote highlighted in it.
"""

from __future__ import annotations

import html
import re
from typing import NamedTuple

from ingest import backends

from .direct import direct_line
from .export import answer_markdown
from .markup import attr, render_answer_text, render_notice, text
from .viewer import open_value, source_link

# A card shows the quotes inside their paragraph; this much context either side keeps cards short.
CONTEXT_CHARS = 280
QUOTE_CHARS = 1200
# The sign an answer starts with when the policies do not answer the question.
ABSTAIN = "The policies don't say"
# Over a quoted passage that addresses an AI assistant (ingest/injection.py flags it).
FLAG = (
    '<div class="cite-flag">This passage addresses an AI assistant, not you: it is quoted as policy text, '
    "not given as advice.</div>"
)
# A paragraph ends at a blank line, including lines of (non-breaking or ideographic) spaces.
_BLANK_LINE = re.compile(r"\n[ \t\u00a0\u3000]*\n")


class Card(NamedTuple):
    """Citations (numbered from 1) whose quotes lie in one paragraph of one policy."""

    numbers: list[int]
    citations: list  # Citation, in text order
    start: int  # the paragraph's bounds in the policy text
    end: int


def paragraph_bounds(doc: str, start: int, end: int) -> tuple[int, int]:
    """Where the paragraph holding [start, end) begins and ends in ``doc``."""
    before = _BLANK_LINE.split(doc[:start])[-1]
    after = _BLANK_LINE.split(doc[end:])[0]
    return start - len(before), end + len(after)


def paragraph_around(doc: str, start: int, end: int) -> tuple[str, str]:
    """The text before and after [start, end) within its paragraph, each capped at a word boundary."""
    p_start, p_end = paragraph_bounds(doc, start, end)
    before, after = doc[p_start:start], doc[end:p_end]
    if len(before) > CONTEXT_CHARS:
        before = "…" + before[-CONTEXT_CHARS:].split(" ", 1)[-1]
    if len(after) > CONTEXT_CHARS:
        after = after[:CONTEXT_CHARS].rsplit(" ", 1)[0] + "…"
    return before, after


def group_cards(citations, document) -> list[Card]:
    """One card per (policy, paragraph), in order of each card's first citation number."""
    cards: dict[tuple[str, int, int], Card] = {}
    for n, c in enumerate(citations, 1):
        doc = document(c.policy)
        ok = 0 <= c.start <= c.end <= len(doc)
        bounds = paragraph_bounds(doc, c.start, c.end) if ok else (c.start, c.end)
        key = (c.policy, *bounds) if ok else (c.policy, -n, -n)  # stale offsets: a card of its own
        card = cards.setdefault(key, Card([], [], *bounds))
        card.numbers.append(n)
        card.citations.append(c)
    return list(cards.values())


def _highlighted(card: Card, doc: str) -> str:
    """The card's paragraph text, each quote marked; overlapping quotes are marked once."""
    cits = sorted(card.citations, key=lambda c: c.start)
    first, last = cits[0], max(cits, key=lambda c: c.end)
    before, _ = paragraph_around(doc, first.start, first.end)
    _, after = paragraph_around(doc, last.start, last.end)
    out, pos = [text(before)], first.start
    for c in cits:
        start = max(c.start, pos)
        if start > pos:
            out.append(text(doc[pos:start]))
        if c.end > start:
            quote = doc[start : c.end]
            quote = quote if len(quote) <= QUOTE_CHARS else quote[:QUOTE_CHARS] + "…"
            out.append(f"<mark>{text(quote)}</mark>")
        pos = max(pos, c.end)
    out.append(text(after))
    return "".join(out)


def render_card(card: Card, doc: str, source_url: str | None) -> str:
    """A card: the numbers it answers for, policy title, section (one line, full text on hover), quotes."""
    first = card.citations[0]
    if 0 <= first.start <= first.end <= len(doc):
        body = _highlighted(card, doc)
    else:
        body = f"<mark>{text(first.quote[:QUOTE_CHARS])}</mark>"
    nums = " ".join(f"[{n}]" for n in card.numbers)
    section = first.section or ""
    return (
        f'<div class="cite-card" data-n="{card.numbers[0]}">'
        f'<div class="cite-head"><span class="cite-num">{nums}</span> '
        f'<span class="cite-title">{html.escape(first.title)}</span>'
        f'<span class="cite-section" title="{attr(section)}">{html.escape(section)}</span></div>'
        + (FLAG if any(getattr(c, "flagged", False) for c in card.citations) else "")
        + f'<div class="cite-context">{body}</div>'
        f'<div class="cite-actions"><button class="open-policy" value="{open_value(first)}">Open in policy</button>'
        f"{source_link(source_url)}</div>"
        "</div>"
    )


def render_cards(citations, document, policy_info, label: str) -> str:
    """The cards, collapsed under "label (n)"; ``document`` and ``policy_info`` are the assistant's methods."""
    if not citations:
        return ""
    cards = group_cards(citations, document)
    body = "".join(
        render_card(c, document(c.citations[0].policy), policy_info(c.citations[0].policy).source_url) for c in cards
    )
    # A flagged passage's warning must be seen without opening the sources.
    opened = " open" if any(getattr(c, "flagged", False) for c in citations) else ""
    return (
        f'<details class="sources"{opened}><summary class="cards-label">{label} ({len(citations)})</summary>'
        f'<div class="cards">{body}</div></details>'
    )


def made_by(backend: str, policies: int) -> str:
    """Who wrote the answer, in plain words (the backend's name means nothing to a reader)."""
    if not backends.generative(backend):
        return "Quoted from the policy" if policies <= 1 else "Quoted from the policies"
    model, _, rest = backend.partition(" (")
    if "unguarded" in rest:
        return f"Written by {model}, not checked against the quotes"
    return f"Written by {model}, checked against the quotes"


def render_actions(answer, question: str) -> str:
    """Copy (the answer with its citations as footnotes) and who wrote it."""
    copy = answer_markdown(question, answer)
    return (
        '<div class="answer-foot">'
        f'<span class="backend">{made_by(answer.backend, len(set(answer.policies)))}</span>'
        f'<button class="copy-answer" title="Copy the answer with its sources" value="{attr(copy)}">Copy</button>'
        "</div>"
    )


def render_answer(answer, document, policy_info, question: str = "") -> str:
    """``answer`` is an Answer; ``document(slug) -> str`` and ``policy_info(slug)`` are the assistant's methods."""
    parts = []
    if not answer.answerable:
        parts.append(f'<div class="abstain"><span class="abstain-sign">{ABSTAIN}</span></div>')
    direct = direct_line(answer.text, getattr(answer, "short", None) if answer.answerable else None)
    if direct.line:  # the answer itself, above and apart from the quotes it rests on
        parts.append(f'<div class="direct">{render_answer_text(direct.line, answer.citations)}</div>')
    parts.append(f'<div class="answer-text">{render_answer_text(direct.rest, answer.citations)}</div>')
    parts.append(render_notice(getattr(answer, "notice", "")))
    parts.append(render_actions(answer, question))
    # Cards under an abstention are what came closest, not support for an answer.
    label = "Sources" if answer.answerable else "Closest passages"
    parts.append(render_cards(answer.citations, document, policy_info, label))
    cls = "answer" if answer.answerable else "answer abstained"
    return f'<div class="{cls}">{"".join(parts)}</div>'

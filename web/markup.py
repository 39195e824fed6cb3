"""Escaped text and the answer's [n] markers: every string from a policy or a question passes here.

The chat shows messages as HTML with Markdown switched off inside the block, so anything a user or a
policy wrote must be escaped text, never markup.
"""

from __future__ import annotations

import html
import re

from .viewer import open_value

# The same [n] form the assistant writes; the one place the page recognises it.
MARKER = re.compile(r"\[(\d+)\]")


def text(s: str) -> str:
    """Escaped text with line breaks kept; no raw newline, so the chat's Markdown leaves it alone."""
    return html.escape(s).replace("\r", "").replace("\n", "<br>")


def attr(s: str) -> str:
    """``s`` as an attribute value that keeps its line breaks (as &#10;, so no raw newline reaches Markdown)."""
    return html.escape(s).replace("\r", "").replace("\n", "&#10;")


def render_answer_text(answer_text: str, citations=()) -> str:
    """Escaped answer text; a marker with a citation is a button that opens the cited span."""

    def marker(m: re.Match) -> str:
        n = int(m.group(1))
        if not 1 <= n <= len(citations):
            return f'<sup class="cite-ref">[{n}]</sup>'
        c = citations[n - 1]
        label = html.escape(f"{c.title} § {c.section or ''}")
        return f'<sup><button class="cite-ref open-policy" title="{label}" value="{open_value(c)}">[{n}]</button></sup>'

    return MARKER.sub(marker, text(answer_text))


def render_question(question: str) -> str:
    # Inside an HTML block the chat's Markdown is off: "![x](https://…)" in a question must stay
    # text, not become an image the browser fetches.
    return f'<div class="question">{text(question)}</div>'


def render_partial(answer_text: str) -> str:
    """The answer while it streams in: markers are not buttons yet (the citations come at the end)."""
    return f'<div class="answer streaming">{render_answer_text(answer_text)}<span class="cursor">▍</span></div>'


def render_pending() -> str:
    return '<div class="answer pending">Searching the policies…</div>'


def render_error(message: str) -> str:
    """A refusal or failure in the chat, in a sentence that starts with a capital."""
    message = message[:1].upper() + message[1:]
    return f'<div class="answer error">{text(message)}</div>'


def render_notice(notice: str) -> str:
    """Why the answer is not what was configured (e.g. the LLM was unreachable and quotes stand in)."""
    return f'<div class="notice">{text(notice)}</div>' if notice else ""

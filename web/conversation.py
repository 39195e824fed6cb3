"""A browser session's conversation: what the assistant API needs back, and what the chat shows.

Each session keeps its turns in a ``gr.State``; the chat is re-rendered from them on every answer,
so a refused question is shown once and never kept.
"""

from __future__ import annotations

from typing import NamedTuple

from .markup import render_error, render_question

# A refused question is back in the box to be fixed; the chat only needs to show which one it was.
SHOWN_QUESTION_CHARS = 300


class Turn(NamedTuple):
    """One exchange: the question, the answer's plain text (for follow-ups), its rendered HTML, and the
    answer as data (``export.turn_record``: for export and feedback; empty while it streams)."""

    question: str
    answer: str
    html: str
    record: dict | None = None


def messages(turns: list[Turn]) -> list[dict]:
    """The chat's messages for these turns."""
    out = []
    for t in turns:
        out.append({"role": "user", "content": render_question(t.question)})
        out.append({"role": "assistant", "content": t.html})
    return out


def history(turns: list[Turn]) -> list[dict]:
    """The turns as the assistant API's ``history`` argument."""
    out = []
    for t in turns:
        out += [{"role": "user", "content": t.question}, {"role": "assistant", "content": t.answer}]
    return out


def records(turns: list[Turn]) -> list[dict]:
    """The finished turns as export records."""
    return [t.record for t in turns if t.record]


def refused(turns: list[Turn], question: str, message: str) -> list[dict]:
    """The conversation plus an error reply that is not kept: the next question replaces it."""
    shown = messages(turns)
    if question.strip():
        short = question if len(question) <= SHOWN_QUESTION_CHARS else question[:SHOWN_QUESTION_CHARS] + "…"
        shown.append({"role": "user", "content": render_question(short)})
    shown.append({"role": "assistant", "content": render_error(message)})
    return shown

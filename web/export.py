"""An answer as text to copy, and a conversation to download as Markdown or JSON.

Both keep every citation's policy, section, offsets and verbatim quote, so what leaves the page can
be checked against the policy text (``document(policy)[start:end] == quote``).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime


def citation_record(n: int, c) -> dict:
    return {
        "n": n,
        "policy": c.policy,
        "title": c.title,
        "section": c.section,
        "start": c.start,
        "end": c.end,
        "quote": c.quote,
    }


def turn_record(question: str, answer) -> dict:
    """One question and its answer as plain data (what the export and the feedback file hold)."""
    return {
        "question": question,
        "answer": answer.text,
        "answerable": answer.answerable,
        "backend": answer.backend,
        "citations": [citation_record(n, c) for n, c in enumerate(answer.citations, 1)],
    }


def _footnotes(citations: list[dict]) -> list[str]:
    lines = []
    for c in citations:
        section = f", § {c['section']}" if c["section"] else ""
        lines.append(f"[{c['n']}]: {c['title']}{section} (characters {c['start']}–{c['end']}): “{c['quote']}”")
    return lines


def _record_markdown(record: dict) -> str:
    lines = []
    if record["question"]:
        lines += [f"**Q:** {record['question']}", ""]
    if not record["answerable"]:
        lines += ["*The policies don't say.*", ""]
    lines.append(record["answer"])
    if record["citations"]:
        lines += [""] + _footnotes(record["citations"])
    return "\n".join(lines)


def answer_markdown(question: str, answer) -> str:
    """The answer with its citations as footnotes, ready to paste."""
    return _record_markdown(turn_record(question, answer))


def conversation_markdown(records: list[dict], title: str) -> str:
    head = f"# {title}: conversation\n\nExported {_now()}.\n\n"
    return head + "\n\n---\n\n".join(_record_markdown(r) for r in records) + "\n"


def conversation_json(records: list[dict]) -> str:
    return json.dumps({"exported": _now(), "turns": records}, ensure_ascii=False, indent=2)


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()

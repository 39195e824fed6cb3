"""The extractive answer: the policy's own sentences, each followed by its [n] citation."""
from __future__ import annotations

import re

from .types import Answer, Citation, Evidence

BACKEND = "extractive"
# Quotes shown per policy and in all: enough for a clause and its condition, short enough to read.
MAX_QUOTES = 3
MAX_CHARS = 700
# A further sentence is quoted only if it scores close to the best one.
KEEP_RATIO = 0.8
# ... and be nearly as similar to the question (cosine) as the best one: "5.2.1 ... contract:
# 5 years" is next to the complaint clause in rank but not an answer to the complaint question.
DENSE_MARGIN = 0.15
_LEAD = re.compile(r"^(?:\s*(?:[-–—•*·]|※|\d{1,2}(?:\.\d{1,2})*\.?(?=\s))\s*)+")


def trim(ev: Evidence) -> Evidence:
    """Drop a leading bullet or clause number from a quote; the offsets move with it."""
    m = _LEAD.match(ev.text)
    if not m or m.end() >= len(ev.text):
        return ev
    cut = m.end()
    return Evidence(ev.policy, ev.title, ev.section, ev.text[cut:], ev.start + cut, ev.end, ev.score)


def merge_adjacent(evs: list[Evidence], document) -> list[Evidence]:
    """Sentences that follow each other in the text become one quote (still verbatim)."""
    evs = sorted(evs, key=lambda e: (e.policy, e.start))
    out: list[Evidence] = []
    for ev in evs:
        prev = out[-1] if out else None
        if prev and prev.policy == ev.policy and prev.section == ev.section and 0 <= ev.start - prev.end <= 2:
            text = document(ev.policy)[prev.start:ev.end]
            if "\n\n" not in text:
                out[-1] = Evidence(prev.policy, prev.title, prev.section, text, prev.start, ev.end, max(prev.score, ev.score))
                continue
        out.append(ev)
    return out


def compose(groups: list[tuple[str, list[Evidence]]], lead: str = "") -> tuple[str, list[Citation]]:
    """Text with one line per policy: ``Title: “quote” [1] “quote” [2]``."""
    lines, citations = [], []
    if lead:
        lines.append(lead)
    for title, evs in groups:
        parts = []
        for ev in evs:
            citations.append(Citation.from_evidence(ev))
            parts.append(f"“{ev.text.strip()}” [{len(citations)}]")
        lines.append(f"{title}: " + " ".join(parts))
    return "\n".join(lines), citations


def answer(groups: list[tuple[str, list[Evidence]]]) -> Answer:
    text, citations = compose(groups)
    return Answer(text, citations, True, BACKEND, policies=_policies(groups))


def abstain(message: str, groups: list[tuple[str, list[Evidence]]]) -> Answer:
    """Say plainly that the policies don't answer, and offer the closest passages."""
    if groups and any(evs for _, evs in groups):
        text, citations = compose(groups, lead=message + " The closest passages:")
    else:
        text, citations = message, []
    return Answer(text, citations, False, BACKEND, policies=_policies(groups))


def _policies(groups) -> list[str]:
    return list(dict.fromkeys(ev.policy for _, evs in groups for ev in evs))

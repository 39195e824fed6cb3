"""The extractive answer: the policy's own sentences, each followed by its [n] citation."""
from __future__ import annotations

import re

from .types import Answer, Citation, Evidence

BACKEND = "extractive"
# Quotes shown per policy when several policies answer, and in all: a clause and its condition each.
MAX_QUOTES = 3
MAX_CHARS = 700
# A further sentence is quoted only if it scores close to the best one.
KEEP_RATIO = 0.8
# ... and be nearly as similar to the question (cosine) as the best one: "5.2.1 ... contract:
# 5 years" is next to the complaint clause in rank but not an answer to the complaint question.
DENSE_MARGIN = 0.15
# One policy, and no passage answers outright: a broad question ("do you share my data?") is
# answered in several places, so after the answer above, further passages are shown apart ("More
# from ..."), up to ANSWER_CHARS and ANSWER_QUOTES in all, each at most FLOOR less similar to the
# question (cosine) than the best. A passage answers outright when it is very similar to the
# question (STRONG_SIM), scores twice the next one in the fused ranking (LEAD_RATIO), or is similar
# (WINNER_MIN_SIM) and more so than each of the next five by WINNER_MARGIN. Chosen on the PolicyQA
# dev split (bench/policyqa.py), where about 1,000 characters are shown on average.
ANSWER_CHARS = 1150
ANSWER_QUOTES = 8
FLOOR = 0.25
STRONG_SIM = 0.75
LEAD_RATIO = 0.5
WINNER_MIN_SIM = 0.5
WINNER_MARGIN = 0.10
_LEAD = re.compile(r"^(?:\s*(?:[-–—•*·]|※|\d{1,2}(?:\.\d{1,2})*\.?(?=\s))\s*)+")


# A heading run into its paragraph by the page's markup ("Sharing Personal Information We may
# share ..."): Title Case words, then a sentence that opens with one of these words.
_RUN_IN = re.compile(
    r"^(?:(?:[A-Z][\w’'&-]*|of|and|or|to|the|for|with|in|on|by|a|an|your|our|we|you|do|how)\s+){1,10}?"
    r"(?=(?:We|You|Your|Our|If|This|These|The|When|In|As|For|To|It|Any|All|Some|Such|Please|By|Where|"
    r"Unless|Although|Because|From|With|On|At|Each|Most|Certain|Once|Only|Except|Under|Upon)\s+[a-z])"
)


def trim(ev: Evidence) -> Evidence:
    """Drop a leading bullet, clause number or run-in heading from a quote; the offsets move with it."""
    cut = 0
    m = _LEAD.match(ev.text)
    if m and m.end() < len(ev.text):
        cut = m.end()
    h = _RUN_IN.match(ev.text, cut)
    if h and _is_heading(ev.text[cut:h.end()]):
        cut = h.end()
    if not cut:
        return ev
    return Evidence(ev.policy, ev.title, ev.section, ev.text[cut:], ev.start + cut, ev.end, ev.score)


def _is_heading(text: str) -> bool:
    words = text.split()
    capital = [w for w in words if w[0].isupper()]
    return len(words) >= 2 and len(capital) >= 2 and len(capital) >= 0.6 * len(words)


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


def compose(groups: list[tuple[str, list[Evidence]]], lead: str = "",
            related: list[tuple[str, list[Evidence]]] = ()) -> tuple[str, list[Citation]]:
    """Text with one line per policy: ``Title: “quote” [1] “quote” [2]``, then a ``More from
    Title:`` line per policy with further passages on the question."""
    lines, citations = [], []
    if lead:
        lines.append(lead)
    for prefix, gs in (("", groups), ("More from ", related)):
        for title, evs in gs:
            if not evs:
                continue
            parts = []
            for ev in evs:
                citations.append(Citation.from_evidence(ev))
                parts.append(f"“{ev.text.strip()}” [{len(citations)}]")
            lines.append(f"{prefix}{title}: " + " ".join(parts))
    return "\n".join(lines), citations


def answer(groups: list[tuple[str, list[Evidence]]], related: list[tuple[str, list[Evidence]]] = ()) -> Answer:
    text, citations = compose(groups, related=related)
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

"""Requests for a whole policy's fact sheet: "Summarize Kpop Mart's privacy policy" (one line per
category it states, each with its quotes) and "Compare Walmart and Ticketmaster" (their sheets side
by side); and which questions ask across policies at all (``is_comparison``)."""

from __future__ import annotations

import re

from ..retrieval.corpus import Corpus
from ..retrieval.selection import quotable
from ..text import content_words
from ..types import Answer
from .compare import _ACROSS, _cite, _said, _supporting
from .coverage import specific_words
from .facts import _LABELS, Sheets

# "Summarize X's privacy policy", "give me an overview of X", "what does X's policy say?": the
# whole sheet, not a search for passages about "summarize".
_OVERVIEW = re.compile(
    r"^\s*(?:(?:can|could|would) you\s+|please\s+)?(?:summari[sz]e|sum up|outline|overview|(?:give|show) me (?:a |an )?(?:short |quick |brief )?"
    r"(?:summary|overview|rundown)|(?:a |an )?(?:summary|overview|tl;?dr) of|tl;?dr)\b"
    r"|^\s*what(?:'s| is| does)\b.*\b(?:privacy )?(?:policy|notice)\b.*\b(?:say|cover|in a nutshell|about)\s*\??\s*$"
    r"|^\s*(?:tell me about|what about)\s+.*\bprivacy (?:policy|notice)\s*\??\s*$",
    re.I,
)


# "Compare Walmart and Ticketmaster", "Walmart vs Ticketmaster", "the difference between X and Y":
# two or more policies side by side on every category, when no one category is asked about.
_SIDE_BY_SIDE = re.compile(
    r"^\s*(?:please\s+)?(?:compare|comparison of|contrast)\b|\b(?:differences?|difference) between\b|\bvs\.?\b|\bversus\b",
    re.I,
)


# Words of asking for a comparison, not of what to compare.
_COMPARING = frozenset(
    "compare comparison contrast difference differences between vs versus privacy policy policies "
    "notice notices practices shops shop sites site".split()
)


def is_overview(question: str) -> bool:
    """A request to summarise a policy ("Summarize Kpop Mart's privacy policy")."""
    return bool(_OVERVIEW.search(question))


def is_comparison(question: str, named: list[str]) -> bool:
    """A question across policies ("which shops sell my data?") or setting named ones side by side."""
    return bool(_ACROSS.search(question) or (len(named) > 1 and _SIDE_BY_SIDE.search(question)))


def _topic_words(question: str, strip) -> list[str]:
    """What the question asks about beyond the policies' names and the words of comparing:
    "Compare how Walmart and Yahoo use cookies" asks about cookies, a passage question."""
    return [w for w in content_words(strip(question)) if w not in _COMPARING]


def overview(
    question: str, named: list[str], sheets: Sheets, corpus: Corpus, strip=lambda q: q, wanted: bool = False
) -> Answer | None:
    """A request to summarise one policy, answered with its fact sheet: one line per category it
    states, each with its quotes, then the categories it does not state; a request to compare
    several on no one category, their sheets side by side. None for other questions. ``wanted``:
    the reading says a summary is asked for, in whatever words ("the gist of", "short version")."""
    if len(named) >= 2 and _SIDE_BY_SIDE.search(question) and not _topic_words(question, strip):
        return _side_by_side(named, sheets, corpus)
    asked_for = bool(_OVERVIEW.search(question))
    if len(named) != 1 or not (wanted or asked_for):
        return None
    if not asked_for and specific_words(strip(question), set()):
        # Read as a summary, but asking about something ("does the policy explain how to request a
        # copy of my data?"): the passages about it answer, not the whole sheet.
        return None
    slug, titles = named[0], corpus.titles
    try:
        sheet = sheets.get(slug)
    except KeyError:
        return None  # no sheet (an index built before sheets): the passage search answers
    lines, citations, missing = [], [], []
    for fact in sheet.facts:
        if not fact.stated:
            missing.append(fact.label)
            continue
        support = _supporting(fact.category, fact)
        quotes = ([q for q in support if quotable(q.text)] or support)[:2]  # a sentence, not its heading
        markers = "".join(_cite(citations, corpus, slug, q) for q in quotes)
        lines.append(f"- {fact.label}: {_said(fact.category, fact.value)}{markers}")
    if not lines:
        return None
    if missing:
        lines.append("Not stated: " + "; ".join(m.lower() for m in missing) + ".")
    return Answer(
        "\n".join(lines),
        citations,
        True,
        "extractive",
        policies=[slug],
        notice=f"{titles[slug]} at a glance, from its fact sheet; each value is lifted from the quotes it cites.",
    )


def _side_by_side(named: list[str], sheets: Sheets, corpus: Corpus) -> Answer | None:
    """Every category either policy states: one line each, each policy's value with one quote."""
    titles = corpus.titles
    try:
        facts = {slug: {f.category: f for f in sheets.get(slug).facts} for slug in named}
    except KeyError:
        return None
    lines, citations, nowhere = [], [], []
    for key, label in _LABELS.items():
        cells = []
        for slug in named:
            fact = facts[slug].get(key)
            if fact is None or not fact.stated:
                cells.append(f"{titles[slug]}: not stated")
                continue
            support = _supporting(key, fact)
            q = next((q for q in support if quotable(q.text)), support[0] if support else None)
            marker = _cite(citations, corpus, slug, q) if q is not None else ""
            cells.append(f"{titles[slug]}: {_said(key, fact.value)}{marker}")
        if all(c.endswith(": not stated") for c in cells):
            nowhere.append(label.lower())
        else:
            lines.append(f"- {label}: " + "; ".join(cells))
    if not lines:
        return None
    if nowhere:
        lines.append(
            "Stated by neither: " + "; ".join(nowhere) + "."
            if len(named) == 2
            else "Stated by none: " + "; ".join(nowhere) + "."
        )
    return Answer(
        "\n".join(lines),
        citations,
        True,
        "extractive",
        policies=list(named),
        notice="Side by side from the policies' fact sheets; each value is lifted from the quote it cites.",
    )

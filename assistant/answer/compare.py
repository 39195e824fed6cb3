"""Comparison questions answered from the fact sheets: "Which shops keep my data longest?",
"Which shops let me delete my data?", "Which shops sell my data?".

A question is a comparison when it asks across policies ("which shops", "compare", "do any of
the policies") and names no single policy; it is answered here when one fact-sheet category
matches its words. The answer names every policy in scope: one line per policy with its value
and [n] citations of the cell's quotes, then "Not stated by: ..." for the rest. Anything else
(or a category no pattern matches) goes on to the passage search as before.
"""
from __future__ import annotations

import re

from ingest.facts.categories import DURATION

from ..retrieval.corpus import Corpus
from ..types import Answer, Citation
from ..verify.checks import normalise
from .facts import Sheets

# A cell has up to eight quotes; the chat cites the first few, the Compare tab shows them all.
QUOTES_PER_POLICY = 4
_ACROSS = re.compile(
    r"\b(?:which|what)(?: of the| of these| of our)? (?:shops?|stores?|policies|companies|sites?|websites?|retailers?|sellers?|ones?)\b"
    r"|\bcompare\b|\bcomparison\b|\b(?:all|each|every|any)(?: of)?(?: the| these)? (?:shops?|stores?|policies|polic(?:y|ies)|companies|sites?)\b",
    re.I)
# First match wins: the more specific categories come before the broad ones ("sell" before "share").
_TOPICS: tuple[tuple[str, str], ...] = (
    ("do_not_track", r"\bdo[- ]not[- ]track\b|\bDNT\b"),
    ("sold", r"\b(?:sell|sells|sold|selling|sale)\b"),
    ("marketing_optout", r"\bopt(?:[- ])?out\b|\bunsubscrib\w*|\bmarketing (?:e-?mails?|messages)\b|\bnewsletters?\b"),
    ("children", r"\bchild(?:ren)?\b|\bkids?\b|\bminors?\b|\bminimum age\b|\bage limits?\b"),
    ("abroad", r"\babroad\b|\boverseas\b|\bother countries\b|\binternational(?:ly)?\b|\boutside (?:the|my) country\b"),
    ("retention", r"\bhow long\b|\b(?:keep|keeps|kept|retain|retains|retention|longest|shortest)\b"),
    ("rights", r"\b(?:delete|erase|correct|access|rights?|remove)\b"),
    ("contact", r"\bcontact\b|\be-?mail address\b|\bphone\b|\bprivacy officer\b"),
    ("security", r"\bsecur\w*|\bSSL\b|\bencrypt\w*|\bprotect\w*"),
    ("changes", r"\bchang\w* (?:to )?(?:the|their|its) polic\w+|\bpolicy changes\b|\bnotif\w* (?:me )?(?:of|about) changes\b"),
    ("automatic", r"\bcookies?\b|\bIP address(?:es)?\b|\btrack\w*\b|\bbrowser\b"),
    ("shared_with", r"\bshar\w+|\bdisclos\w+|\bthird[- ]part\w+|\bpolice\b|\bcourts?\b"),
    ("collected", r"\bcollect\w*|\bgather\w*|\bwhat (?:data|information)\b"),
    ("purposes", r"\b(?:use|uses|used|using) (?:my|your|the|our|personal) (?:data|information)\b|\bpurposes?\b"),
)
_TOPIC_RX = tuple((key, re.compile(rx, re.I)) for key, rx in _TOPICS)
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


def category_of(question: str) -> str | None:
    """The fact-sheet category a comparison question asks about, or None when it is not one."""
    if not _ACROSS.search(question):
        return None
    return next((key for key, rx in _TOPIC_RX if rx.search(question)), None)


def answer(question: str, named: list[str], sheets: Sheets, corpus: Corpus) -> Answer | None:
    """The fact-sheet answer to a comparison question, or None to answer it from passages."""
    if len(named) == 1:
        return None
    category = category_of(question)
    if category is None:
        return None
    slugs = named or list(corpus.info)
    facts = [(slug, sheets.get(slug).fact(category)) for slug in slugs]
    stated = [(slug, f) for slug, f in facts if f.stated]
    if not stated:
        return None  # no sheet speaks to it: the passage search may still find something
    if category == "retention" and re.search(r"\b(?:longest|shortest|longer|shorter)\b", question, re.I):
        longest = lambda pair: _longest_days(pair[1].value)  # noqa: E731
        stated.sort(key=longest, reverse=not re.search(r"\bshort", question, re.I))
    lines, citations = [f"From the fact sheets — {stated[0][1].label.lower()}:"], []
    for slug, fact in stated:
        markers = ""
        for q in fact.quotes[:QUOTES_PER_POLICY]:
            citations.append(Citation(slug, corpus.titles[slug], _section(corpus, slug, q.start), q.text, q.start, q.end))
            markers += f" [{len(citations)}]"
        lines.append(f"- {corpus.titles[slug]}: {fact.value}{markers}")
    missing = [corpus.titles[slug] for slug, f in facts if not f.stated]
    if missing:
        lines.append("Not stated by: " + ", ".join(missing) + ".")
    return Answer("\n".join(lines), citations, True, "extractive", policies=list(slugs),
                  notice="Answered from the policies' fact sheets; each value is lifted from the quotes it cites.")


def _longest_days(value: str) -> float:
    """The longest period a retention value names, in days (-1 when it names none: "until ...")."""
    days = [-1.0]
    for m in DURATION.finditer(normalise(value)):
        n = re.match(r"\d+", m.group(0))
        unit = re.search(r"(day|week|month|year)", m.group(0), re.I)
        days.append((int(n.group(0)) if n else 1) * _UNIT_DAYS[unit.group(1).lower()])
    return max(days)


def _section(corpus: Corpus, slug: str, start: int) -> str:
    for c in corpus.index.manifest.policies[slug].chunks:
        if c.start <= start < c.end:
            return c.section
    return ""

"""Contact details a quote points to instead of giving: "please write to or email us … at the above
address". A person asking where to e-mail wants the address itself, so the sentence that gives it
(the nearest one above, or below for "the address below") joins the passages, next to the one
pointing at it. Still verbatim: it is a sentence unit of the same policy."""

from __future__ import annotations

import re

from ..retrieval.corpus import Corpus
from ..retrieval.search import Scored
from .direct import EMAIL, PHONE  # what the direct line reads a contact with

__all__ = ["with_referred_contact"]

# "at the above address", "the address above", "the contact details below", "the following address"
_POINTS = re.compile(
    r"\b(?:the\s+)?(?:above|below|following)\s+(?:e-?mail\s+)?(?:address|contact details?)\b"
    r"|\b(?:address|contact details?)\s+(?:above|below)\b(?!\s+all\b)",
    re.I,
)
_LOOK = 5  # passages from the top checked for a pointer
# "you can ask by the contact details on the Clause 17.2.": the contact details of a numbered clause.
_CLAUSE = re.compile(
    r"\bcontact (?:details?|information|info|points?)\b[^.]{0,40}?\b(?:clause|section|article|paragraph)\s+"
    r"(\d{1,2}(?:\.\d{1,2})*)",
    re.I,
)
_CLAUSE_SPAN = 1500  # characters after a clause's number searched for its address


def with_referred_contact(scored: list[Scored], corpus: Corpus) -> list[Scored]:
    """``scored`` with, after the first passage (among the closest) that points to an address given
    elsewhere and holds none itself, the sentence of its policy that gives it."""
    for i, s in enumerate(scored[:_LOOK]):
        m = _POINTS.search(s.unit.text) or _CLAUSE.search(s.unit.text)
        if not m or EMAIL.search(s.unit.text):
            continue
        if m.re is _CLAUSE:
            found = _in_clause(s, corpus, m.group(1).rstrip("."))
        else:
            below = "below" in m.group().lower() or "following" in m.group().lower()
            found = _giving(s, corpus, below)
        if found is None or any(x.unit.id == found.id for x in scored[: i + 1]):
            return scored
        rest = [x for x in scored if x.unit.id != found.id]
        return rest[: i + 1] + [Scored(found, s.score, s.dense)] + rest[i + 1 :]
    return scored


def _giving(s: Scored, corpus: Corpus, below: bool):
    """The nearest sentence unit of the policy above (or below) the passage holding an e-mail
    address, else a phone number."""
    units = [corpus.units[u] for u in corpus.unit_ids[s.unit.policy]]
    sentences = [u for u in units if u.kind == "sentence"]
    side = (
        [u for u in sentences if u.start >= s.unit.end]
        if below
        else sorted((u for u in sentences if u.end <= s.unit.start), key=lambda u: -u.start)
    )
    for pattern in (EMAIL, PHONE):
        hit = next((u for u in side if pattern.search(u.text)), None)
        if hit is not None:
            return hit
    return None


def _in_clause(s: Scored, corpus: Corpus, number: str):
    """The first sentence unit of the clause numbered ``number`` ("17.2." at a line's start) holding
    an e-mail address, else a phone number; None when the policy has no such clause."""
    text = corpus.texts[s.unit.policy]
    head = re.search(rf"(?m)^[ \t]*{re.escape(number)}\.?[ \t]", text)
    if head is None:
        return None
    units = [corpus.units[u] for u in corpus.unit_ids[s.unit.policy]]
    inside = [u for u in units if u.kind == "sentence" and head.start() <= u.start < head.start() + _CLAUSE_SPAN]
    for pattern in (EMAIL, PHONE):
        hit = next((u for u in inside if pattern.search(u.text)), None)
        if hit is not None:
            return hit
    return None

"""Fact sheets as the assistant serves them: read from the index, each cell held to the support judge.

Ingest builds the sheets (ingest/facts) and checks each value word by word against its quotes;
it cannot import the assistant, so the second check, the same offline judge that checks generated
answers (verify.judge), runs here, once per process, when the sheets are first asked for. A cell
the judge does not support becomes "Not stated"; a value of several parts ("5 years — contracts;
3 years — complaints") keeps the parts the judge supports and drops the rest.

Verdict values are turned into the claim they stand for before judging: "No" for selling is the
claim "no sell", so the judge's negation check holds it to a quote that says so. The other
verdicts (opt-out "Yes", Do Not Track) have no fixed wording to check; the judge checks the detail
after them ("— by clicking the unsubscribe link") and the extractor's own rules hold the word.
"""
from __future__ import annotations

import threading
from dataclasses import replace

from ingest.errors import InputError
from ingest.facts import CATEGORIES, NOT_STATED, Fact, FactSheet

from ..verify import judge

# category -> (claim of "Yes", claim of "No"): what the verdict says, in the judge's terms: "no"
# is a negation cue and no content word, so "no sell" matches "we do not sell" and "we never sell".
_VERDICT_CLAIMS = {"sold": ("sells", "no sell")}
_LABELS = {c.key: c.label for c in CATEGORIES}


def check(fact: Fact) -> Fact:
    """``fact`` with only the parts of its value that the support judge finds in its quotes."""
    if not fact.stated:
        return fact
    quotes = [q.text for q in fact.quotes]
    kept = [part for part in fact.value.split("; ") if judge(claim_of(fact.category, part), quotes).supported]
    if not kept:
        return Fact(fact.category, fact.label, NOT_STATED, (), 0.0)
    if len(kept) == len(fact.value.split("; ")):
        return fact
    return replace(fact, value="; ".join(kept), confidence=round(fact.confidence * 0.8, 2))


def claim_of(category: str, part: str) -> str:
    head, sep, rest = part.partition(" — ")
    claims = _VERDICT_CLAIMS.get(category)
    if head in ("Yes", "No"):
        said = claims[head == "No"] if claims else ""
        return f"{said} {rest}".strip() if rest or said else part
    return part


def checked(sheet: FactSheet) -> FactSheet:
    return replace(sheet, facts=tuple(check(f) for f in sheet.facts))


class Sheets:
    """Every policy's checked fact sheet, built from the index on first use and kept."""

    def __init__(self, index):
        self._index = index  # ingest.store.PolicyIndex
        self._sheets: dict[str, FactSheet] | None = None
        self._lock = threading.Lock()

    def all(self) -> dict[str, FactSheet]:
        if self._sheets is None:
            with self._lock:
                if self._sheets is None:
                    entries = sorted(self._index.manifest.policies.items())
                    self._sheets = {slug: checked(e.facts) for slug, e in entries if e.facts is not None}
        return self._sheets

    def get(self, slug: str) -> FactSheet:
        return self.all()[slug]


def check_categories(categories) -> list[str]:
    """Category keys, in the order given; raises InputError naming the known ones for an unknown key."""
    if categories is None:
        return list(_LABELS)
    if isinstance(categories, str):
        categories = [c for c in categories.split(",") if c.strip()]
    out = []
    for c in categories:
        key = str(c).strip().lower()
        if key not in _LABELS:
            raise InputError(f"unknown category {c!r}; use some of: {', '.join(_LABELS)}")
        out.append(key)
    if not out:
        raise InputError(f"no categories given; use some of: {', '.join(_LABELS)} (or None for all)")
    return list(dict.fromkeys(out))

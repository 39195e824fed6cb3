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
    """Every policy's checked fact sheet, each checked on first use and kept: with a thousand
    policies, checking them all at once took the first comparison question about 30 s."""

    def __init__(self, index):
        self._index = index  # ingest.store.PolicyIndex
        self._checked: dict[str, FactSheet] = {}

    def all(self) -> dict[str, FactSheet]:
        return {
            slug: self.get(slug) for slug, e in sorted(self._index.manifest.policies.items()) if e.facts is not None
        }

    def get(self, slug: str) -> FactSheet:
        sheet = self._checked.get(slug)
        if sheet is None:  # two threads may both check it: the same result, no lock needed
            sheet = self._checked[slug] = checked(self.unchecked(slug))
        return sheet

    def unchecked(self, slug: str) -> FactSheet:
        """The sheet as ingest built it (each value word-checked against its quotes there)."""
        sheet = self._index.manifest.policies[slug].facts
        if sheet is None:
            raise KeyError(slug)
        return sheet


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

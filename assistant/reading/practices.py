"""Which OPP-115 practices a question is about (``Reading.practices``), by the classifier trained
on PrivacyQA's expert-labelled questions and PolicyQA dev's (models/reader/README.md has its
cross-validated figures)."""

from __future__ import annotations

from ..types import PRACTICES
from .features import Linear


def read_practices(bare: str, vector, model: Linear | None) -> tuple[str, ...]:
    """The practices over their thresholds, in the contract's order; () without a model."""
    if model is None:
        return ()
    found = set(model.predict(bare, vector))
    return tuple(p for p in PRACTICES if p in found)


# The fact-sheet row (ingest/facts) that answers a question about each practice across policies.
SHEET_ROWS = {
    "data_security": "security",
    "data_retention": "retention",
    "third_party_sharing": "shared_with",
    "first_party_collection": "collected",
    "user_access": "rights",
    "user_choice": "marketing_optout",
    "policy_change": "changes",
    "specific_audiences": "children",
}


# Rows that settle a yes/no asked of every policy ("Is my credit card number safe?"): the others list
# items, and a yes/no about one item ("Do the shops use cookies?") is answered by its passages.
SETTLING = frozenset({"security"})


def sheet_row(practices: tuple[str, ...], settling: bool = False) -> str | None:
    """The one sheet row for a question about one practice (besides "other"), else None; with
    ``settling``, only a row in SETTLING."""
    rows = {SHEET_ROWS[p] for p in practices if p in SHEET_ROWS}
    row = rows.pop() if len(rows) == 1 else None
    return row if not settling or row in SETTLING else None


def named_row(question: str, practices: tuple[str, ...]) -> str | None:
    """The sheet row of a summary asked about one practice, only when the question itself uses that
    row's words (its category cue, ingest/facts/categories.py) and names nothing more (``question``
    without the shop's name): the classifier alone reads "Give me an overview of Kmall24" as about
    collection, and a whole-policy summary must stay whole."""
    from ingest.facts.categories import CATEGORIES

    from ..answer.coverage import specific_words

    row = sheet_row(practices)
    cue = next((c.cue for c in CATEGORIES if c.key == row), None)
    if cue is None or not cue.search(question):
        return None
    # "does the policy also cover stuff they collect offline?" asks about offline collection, which
    # no row says: a word beyond the row's own sends it to the passages.
    return None if any(not cue.search(w) for w in specific_words(question, set())) else row

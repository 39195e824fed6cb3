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

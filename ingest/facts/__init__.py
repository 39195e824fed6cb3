"""Privacy fact sheets: per policy, a short quoted value for each practice category people compare."""

from .categories import CATEGORIES, KEYS
from .extract import VERSION, fact_sheet
from .model import NOT_STATED, Fact, FactSheet, Quote
from .support import supported, unsupported_words

__all__ = [
    "CATEGORIES",
    "KEYS",
    "NOT_STATED",
    "Fact",
    "FactSheet",
    "Quote",
    "VERSION",
    "fact_sheet",
    "supported",
    "unsupported_words",
]

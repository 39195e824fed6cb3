"""What kind of answer a question wants (``Reading.intent``): the answer stage's own patterns where
one applies (they decide how the answer is shaped), the learned classifier for every other wording."""

from __future__ import annotations

import re

from ..answer import direct, overview
from ..answer.answer_types import CONTACT, answer_type
from .features import Linear

# The learned intent is taken over "fact" (no pattern applied) when it is this sure.
_SURE = 0.5
# ... and over a yes/no pattern, for a summary asked as a request ("can someone sum up …"), when this sure.
_REQUEST = 0.8
# A question about the policy document itself ("Does the policy clearly outline …"): answered from
# the fact sheet (a summary of the practice it names), not by quoting a passage that has its words.
# Verbs of what a document does. ("Is it GDPR compliant?" keeps its honest "does not mention GDPR".)
_META = re.compile(
    r"\b(?:polic(?:y|ies)|notice|it)\s+(?:\w+\s+){0,2}?(?:outlines?|explains?|describes?|discloses?|covers?|addresses|details|spells? out)\b",
    re.IGNORECASE,
)


def read_intent(q: str, bare: str, vector, named: list[str], unknown: list[str], model: Linear | None) -> str:
    if unknown and not named:
        return "out_of_scope"
    if _META.search(q) and len(named) <= 1 and not overview.is_comparison(q, named):
        return "summary"
    rule = _by_pattern(q, named)
    if model is None or rule not in ("fact", "yes_no"):
        return rule
    p = model.scores(bare, vector)
    best = int(p.argmax())
    label = model.labels[best]
    if rule == "yes_no":
        # "can someone sum up kpopmart's privacy stuff?" starts like a yes/no and is a request.
        return "summary" if label == "summary" and p[best] >= _REQUEST and len(named) <= 1 else rule
    # Small talk and out-of-scope need more than a classifier's word: those come from the patterns
    # and from companies named (above); a comparison needs several policies or words of comparing.
    if p[best] < _SURE or label in ("small_talk", "out_of_scope") or (label == "comparison" and len(named) == 1):
        return rule
    return label


def _by_pattern(q: str, named: list[str]) -> str:
    if overview.is_comparison(q, named):
        return "comparison"
    if overview.is_overview(q):
        return "summary"
    kind = answer_type(q)
    if kind and kind[0] == "how long":
        return "duration"
    if (kind and kind[0] in CONTACT) or direct.wants_contact(q):
        return "contact"
    if direct.is_how_to(q):
        return "how_to"
    if direct.is_yes_no(q):
        return "yes_no"
    return "fact"


def chance(model: Linear | None, label: str, bare: str, vector) -> float:
    """The learned probability of ``label`` (0 without a model)."""
    if model is None or vector is None or label not in model.labels:
        return 0.0
    return float(model.scores(bare, vector)[model.labels.index(label)])

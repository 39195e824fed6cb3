"""What kind of answer a question wants (``Reading.intent``)."""
from __future__ import annotations

from ..answer import compare, direct
from ..answer.coverage import answer_type


def guess_intent(q: str, named: list[str], unknown: list[str]) -> str:
    """The intent by the answer stage's own patterns (a first reading, before a learned one)."""
    if unknown and not named:
        return "out_of_scope"
    if compare.is_comparison(q, named):
        return "comparison"
    if compare.is_overview(q):
        return "summary"
    kind = answer_type(q)
    if kind and kind[0] == "how long":
        return "duration"
    if kind or direct.wants_contact(q):
        return "contact"
    if direct.is_how_to(q):
        return "how_to"
    if direct.is_yes_no(q):
        return "yes_no"
    return "fact"

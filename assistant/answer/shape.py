"""The shape of an extractive answer: the direct answer line first, then the quotes; and a
comparison over several policies, one line per policy that speaks to it and a closing line naming
the policies that do not.

The direct line is built by ``direct.direct_answer`` on the quotes the answer cites, and shown only
when the support judge (verify.judge, the one that guards generated statements) finds each of its
parts supported by the quotes it cites AND ``direct.supported`` finds every word of it in them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..tuning import TUNING as T
from ..types import Answer, Citation, Evidence
from ..verify import judge
from . import direct
from .extractive import BACKEND, compose

Groups = list[tuple[str, list[Evidence]]]
# "… [2]; … [3]": one part per marker group, each judged against the quotes it cites.
_PARTS = re.compile(r"(?<=\])\s*;\s*")
_VERDICT = re.compile(r"^(?:Yes|No)\s+—\s+")


def direct_line(questions: Sequence[str], citations: list[Citation], main: int | None = None) -> str | None:
    """The first checked direct answer to any of ``questions`` (the question as asked, then as
    resolved) from the answer's own quotes (the first ``main``: not the further "More from"
    passages, which are context, not the answer), or None."""
    if not citations:
        return None
    policy, title = citations[0].policy, citations[0].title
    # A flagged quote (injected instructions, a request for a password) is quoted with its warning
    # only; a direct line would say it in the assistant's own voice (issue 28).
    quotes = [(n, c.quote) for n, c in enumerate(citations[:main], 1) if c.policy == policy and not c.flagged]
    asked = list(dict.fromkeys(q for q in questions if q))
    for question in asked:
        # A resolved follow-up is about what the follow-up itself names ("What about login records?").
        line = direct.direct_answer(question, quotes, title, topic=asked[0] if question != asked[0] else None)
        if line and checked(line, quotes, citations):
            return line
    return None


def checked(line: str, quotes: list[tuple[int, str]], citations: list[Citation]) -> bool:
    """Every part of the line is supported by the quotes it cites, by both checks."""
    if not direct.supported(line, quotes, citations[0].title):
        return False
    for part in _PARTS.split(line):
        cited = [citations[n - 1] for n in map(int, re.findall(r"\[(\d+)\]", part)) if 0 < n <= len(citations)]
        # The verdict word is the line's reading of the clause; the judge checks the clause itself.
        if not cited or not judge(_VERDICT.sub("", part), cited).supported:
            return False
    return True


def with_short(answer: Answer, questions: Sequence[str], main: int | None = None) -> Answer:
    """``answer`` with its direct line, when one is settled and checked, as the first line of the text."""
    if not answer.answerable or len(answer.policies) != 1:
        return answer
    line = direct_line(questions, answer.citations, main)
    if line:
        answer.short = line
        answer.text = f"{line}\n{answer.text}"
    return answer


UNCHECKED = "Not checked one by one: "  # the line that counts policies a bounded search did not see


def comparison(groups: Groups, scope_titles: list[str], more: Sequence[str] = (), each_checked: bool = True) -> Answer:
    """One line per policy that speaks to the question (its quotes); then, when more policies came
    as close than are quoted, one line counting and naming them (``more``, titles best first);
    then "Not stated by: …" for the policies in scope that have no passage on it. Both lists are
    bounded (``listed``): over a thousand policies an answer cannot name every one. Kept apart so
    fact-sheet comparisons (issue 13) can take over category questions without touching this.

    ``each_checked`` False: the search took a bounded number of candidates over more policies
    than it could look at one by one (``retrieval.search.bounded``), so silence is not asserted:
    a policy whose passage on it ranked below the cut, or among hundreds of equally close ones,
    may well state it (over 3,000 policies, "Not stated by" named policies that did). The rest
    are counted as not checked instead."""
    text, citations = compose(groups)
    speaking = {title for title, evs in groups if evs}
    if more and speaking:
        text += f"\n…and {counted(len(more), 'more policy mentions', 'more policies mention')} this: {listed(more)}."
    told = speaking | set(more)
    silent = [t for t in scope_titles if t not in told]
    if silent and speaking:
        if each_checked:
            text += "\nNot stated by: " + listed(silent) + "."
        else:
            text += f"\n{UNCHECKED}{counted(len(silent), 'other policy', 'other policies')}; name one to check it."
    policies = list(dict.fromkeys(ev.policy for _, evs in groups for ev in evs))
    return Answer(text, citations, True, BACKEND, policies=policies)


def listed(names: Sequence[str], limit: int = T.names_listed) -> str:
    """ "A, B, C" — or, past ``limit`` names, "A, B, C, D, E and 37 more": a line names a handful."""
    names = list(names)
    if len(names) <= limit + 1:  # "and 1 more" would be no shorter than the name itself
        return ", ".join(names)
    return f"{', '.join(names[:limit])} and {len(names) - limit:,} more"


def counted(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def redirected(answer: Answer, asked: list[str], selected: str) -> Answer:
    """The question named another shop than the selected policy: say which one was answered and
    offer the selected one (a closing line, so a direct answer line stays first)."""
    names = " and ".join(asked)
    note = f"This answers for {names}, named in your question, not for the selected {selected}; ask without naming {names} for {selected}'s answer."
    answer.text = f"{answer.text}\n{note}" if answer.text else note
    answer.notice = " ".join(filter(None, [answer.notice, note]))
    return answer

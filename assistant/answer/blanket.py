"""Blanket statements: "We never sell or rent your personal information to any third parties under
any circumstances" answers "will they sell my survey answers?" wherever it stands in the policy.
A yes/no question about something of mine that the closest passages do not settle gets the
policy's sentence that refuses the asked practice for all personal information, ahead of them."""
from __future__ import annotations

import re

from ..retrieval.corpus import Corpus
from ..retrieval.search import Scored
from .direct import is_yes_no
from .phrases import sentences
from .yesno import _IDENTIFIABLE, FAMILIES, asking_part, everyday, unqualified, yes_no

__all__ = ["with_blanket_no"]

_SETTLED_FROM = 3  # passages the direct line would read first


def with_blanket_no(question: str, scored: list[Scored], corpus: Corpus, title: str) -> list[Scored]:
    """``scored`` with the policy's blanket "No" first, when the question is yes/no about my things,
    its closest passages do not settle it and one sentence of the policy does."""
    if not scored or not is_yes_no(question) or not _MINE.search(question):
        return scored
    policy = scored[0].unit.policy
    units = [corpus.units[uid] for uid in corpus.unit_ids[policy]]
    units = [u for u in units if u.kind == "sentence"]
    near = [(1, s) for x in scored[:_SETTLED_FROM] for s in sentences(x.unit.text)]
    settled = yes_no(question, near, title)
    for i, u in enumerate(units):
        if _blanket_no(question, u, units[i + 1] if i + 1 < len(units) else None, title):
            if settled is not None and settled.startswith("Yes"):
                return scored  # the closest passages say otherwise: no line will be shown from a conflict
            rest = [x for x in scored if x.unit.id != u.id]
            return [Scored(u, scored[0].score * 1.001, scored[0].dense)] + rest
    return scored


def _blanket_no(question: str, u, after, title: str) -> bool:
    """The sentence refuses the asked practice for all personal information. When the sentence after
    it takes that back ("… must not provide it. However, with consent … could provide") it is still
    the passage that answers; the quote then runs on over the "However" (retrieval/extent.py), and a
    direct line reading both shows no plain "No"."""
    selling = bool(_SELLING.search(question))
    if not (_ALL_PERSONAL.search(u.text) or (selling and _IDENTIFIABLE.search(u.text))):
        return False
    if not _OF_MINE.search(everyday(asking_part(question))):
        return False  # "send advertising without my consent": what is sent is not a thing of mine
    # "With the few exceptions that we explain here, we do not … sell individual information": still
    # the passage that answers, read without its pointer elsewhere; the direct line, which reads it
    # whole, shows no plain "No" for it (yesno._OTHER_PURPOSES).
    # Only for selling: a refusal to share or disclose "except as described in this policy" is
    # followed by the policy's sharing, so it settles nothing; one to sell mostly stands.
    text = unqualified(u.text) if selling else u.text
    verdict = yes_no(question, [(1, text)], title)
    said = verdict and verdict.removeprefix("No — ").removesuffix(" [1]")
    return bool(verdict and verdict.startswith("No") and said in text
                and (_ALL_PERSONAL.search(said) or (selling and _IDENTIFIABLE.search(said))))


# The asked practice is done to my things: "sell my answers", "give my info", "flog my details".
_VERBS = "|".join(sorted({w for fam in FAMILIES for w in fam.split()}, key=len, reverse=True))
_OF_MINE = re.compile(rf"\b(?:{_VERBS})\w*\s+(?:\w+\s+)?(?:my|mine)\b|\b(?:{_VERBS})\w*\s+(?:\w+\s+){{0,3}}(?:about|on|of) me\b|\b(?:{_VERBS})\w*\s+(?:any\s+)?(?:personal\s+)?(?:info|information|data|details)\b", re.I)
_MINE = re.compile(r"\b(?:my|me|mine)\b", re.I)
_SELLING = re.compile(r"\b(?:sell|sells|selling|sold|rent|rents|renting|lease|trade|flog)\b", re.I)
# The refusal is about all personal information, not one kind of it: "your personal information".
# "individual information": the same, in a US policy's words. Not "personally identifiable information",
# which policies mostly refuse of one kind of it ("… from children under 13", "… in web beacons").
_ALL_PERSONAL = re.compile(r"\b(?:your|any|all|customers?['’]?s?|members?['’]?s?)\s+(?:of\s+your\s+)?personal\s+(?:information|data)\b"
                           r"|\bindividual\s+(?:information|data)\b", re.I)

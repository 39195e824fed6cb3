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
from .yesno import _IDENTIFIABLE, FAMILIES, _meets, asking_part, everyday, nouns, stem, unqualified, words, yes_no

__all__ = ["with_blanket_no"]

_SETTLED_FROM = 3  # passages the direct line would read first


def with_blanket_no(
    question: str, scored: list[Scored], corpus: Corpus, title: str, bare: str | None = None
) -> list[Scored]:
    """``scored`` with the policy's blanket "No" first, when the question is yes/no about my things,
    its closest passages do not settle it and one sentence of the policy does. ``bare``: the question
    without the policy's names (``Router.strip``)."""
    if not scored or not is_yes_no(question) or not _MINE.search(question):
        return scored
    policy = scored[0].unit.policy
    units = [corpus.units[uid] for uid in corpus.unit_ids[policy]]
    units = [u for u in units if u.kind == "sentence"]
    near = [(1, s) for x in scored[:_SETTLED_FROM] for s in sentences(x.unit.text)]
    settled = yes_no(question, near, title)
    # What was asked besides my things ("overseas" in "send my data overseas", not "shipping address"
    # in "rent out my shipping address", which a refusal about all my information covers).
    text = everyday(asking_part(bare or question))
    # Capitalised words after the first are names ("the Motley" left of "The Motley Fool"), not topics.
    names = {stem(w.lower()) for w in re.findall(r"(?<!^)(?<![.?!]\s)\b[A-Z][\w'’-]*", text.strip())}
    asked = nouns(text, title) - _possessed(question) - names
    naming = [x for x in scored[:_SETTLED_FROM] if asked and _names_all(asked, x.unit.text)]
    for i, u in enumerate(units):
        if _blanket_no(question, u, units[i + 1] if i + 1 < len(units) else None, title):
            if settled is not None and settled.startswith("Yes"):
                return scored  # the closest passages say otherwise: no line will be shown from a conflict
            if naming and not _names_all(asked, u.text):
                # "Does MIKMIK send my data overseas?": the closest passage names "overseas" ("… support
                # of basic security from overseas IDC center"); a refusal to give data "to other
                # companies" does not speak to that, so it does not go before it.
                return scored
            rest = [x for x in scored if x.unit.id != u.id]
            return [Scored(u, scored[0].score * 1.001, scored[0].dense)] + rest
    return scored


def _possessed(question: str) -> set[str]:
    """Stems of the words naming the asker's things: up to three words after "my", ending at a head
    noun ("my shipping address", "my data" of "my data overseas")."""
    out = set()
    for m in re.finditer(r"\bmy\s+((?:[\w'’-]+\s+){0,2}[\w'’-]+)", question, re.I):
        for w in words(m.group(1)):
            out.add(stem(w))
            if w in _HEADS:
                break
    return out


_HEADS = frozenset(
    "data information info details address addresses number numbers history records record account profile".split()
)


def _names_all(asked: set[str], text: str) -> bool:
    said = {stem(w) for w in words(text, joined=True)}
    return all(_meets(a, said) for a in asked)


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
    return bool(
        verdict
        and verdict.startswith("No")
        and said in text
        and (_ALL_PERSONAL.search(said) or (selling and _IDENTIFIABLE.search(said)))
    )


# The asked practice is done to my things: "sell my answers", "give my info", "flog my details".
_VERBS = "|".join(sorted({w for fam in FAMILIES for w in fam.split()}, key=len, reverse=True))
_OF_MINE = re.compile(
    rf"\b(?:{_VERBS})\w*\s+(?:\w+\s+)?(?:my|mine)\b|\b(?:{_VERBS})\w*\s+(?:\w+\s+){{0,3}}(?:about|on|of) me\b|\b(?:{_VERBS})\w*\s+(?:any\s+)?(?:personal\s+)?(?:info|information|data|details)\b",
    re.I,
)
_MINE = re.compile(r"\b(?:my|me|mine)\b", re.I)
_SELLING = re.compile(r"\b(?:sell|sells|selling|sold|rent|rents|renting|lease|trade|flog)\b", re.I)
# The refusal is about all personal information, not one kind of it: "your personal information".
# "individual information": the same, in a US policy's words. Not "personally identifiable information",
# which policies mostly refuse of one kind of it ("… from children under 13", "… in web beacons").
_ALL_PERSONAL = re.compile(
    r"\b(?:your|any|all|customers?['’]?s?|members?['’]?s?)\s+(?:of\s+your\s+)?personal\s+(?:information|data)\b"
    r"|\bindividual\s+(?:information|data)\b",
    re.I,
)

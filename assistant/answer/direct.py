"""The direct answer line: "5 years [1]", "No — We never sell … [1]", "privacy@kmall24.com [2]".

Built only from the cited sentences: every word of the line is a word of a quote it cites, or one
of a few fixed connectives (``supported`` checks that). When the quotes do not settle the question
(a yes/no the text does not decide, no duration for "how long"), there is no line: ``None``.
Pure: no model, no index; the caller passes the quotes it is about to show, best first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ingest.facts.support import unsupported_words, words as fact_words

from ..retrieval.vocabulary import EXPANSIONS
from ..text import EMAIL, MARKER, PHONE, markers
from .coverage import names_recipients
from .phrases import duration, durations, enumeration, named_contact, sentences, steps
from .yesno import asking_part, family as _family, nouns as _nouns, stem, words as _words, yes_no

__all__ = ["direct_answer", "supported", "wants_contact", "is_yes_no", "CONNECTIVES"]

Quote = tuple[int, str]
# The only words a line may add to the quotes' words.
CONNECTIVES = frozenset("yes no not stated says and or also".split())

# Question words that pick the kind of answer; checked in this order.
_HOW_LONG = re.compile(
    r"\bhow (?:long|fast|soon|quickly)\b|\bfor how long\b|\bhow many (?:years|months|days|weeks)\b|\bretention period\b|\bwhen (?:is|are|do|does|will|would)\b.*\b(?:delet\w*|destroy\w*|remov\w*|wipe[sd]?|eras\w*|purg\w*|expire)",
    re.I,
)
_CONTACT = re.compile(
    r"\b(?:contact|reach|get in touch|e-?mail(?: address)?|phone|call|ring|fax|complain to|(?:who|where) (?:do|should|can) i (?:ask|write|talk|speak|complain|send))\b",
    re.I,
)
_HOW_DO = re.compile(
    r"^\s*(?:so\s+|and\s+|but\s+)?(?:how (?:do|can|should|would) (?:i|we|you)|how to|where (?:do|can) i (?:go|click)|what do i (?:do|click))\b",
    re.I,
)
_WHO_WHAT = re.compile(
    r"\b(?:who|whom|which (?:companies|parties|partners))\b.*\b(?:share|shares|sharing|give|gives|pass|passes|sell|sells|disclose|discloses|send|sends|receive|receives|get|gets|see|sees|access)\b"
    r"|\bwhat (?:\w+ ){0,3}(?:do|does|will|can) \w+ (?:collect|gather|know|keep|store|ask for|want)\b|\bwhat (?:information|data|details|info) (?:do|does|is|are)\b"
    r"|\bwhat (?:do|does|will) .*\buse\b.*\bfor\b",
    re.I,
)
# Questions over several shops get one line per policy from the comparison, not one line here.
_COMPARISON = re.compile(
    r"^\s*(?:which|compare|do any|does any|are there any|what do the (?:shops|policies))\b|\b(?:each|all|any) of (?:the|these) (?:shops|policies)\b",
    re.I,
)
# Questions that open like these are yes/no questions (yesno.py decides them).
_YES_NO = re.compile(
    r"^\s*(?:and\s+|so\s+|but\s+)?(?:do|does|did|is|are|am|was|can|could|will|would|should|may|might|has|have|must)\b",
    re.I,
)


def direct_answer(
    question: str, quotes: Sequence[Quote], title: str | None = None, topic: str | None = None
) -> str | None:
    """The line that answers ``question`` outright from ``quotes`` ((n, text), best first), or None.
    ``topic``: a follow-up's own words ("What about login records?"), whose things pick the period
    when ``question`` is it resolved against the turn before ("… how long does MIKMIK keep my name")."""
    quotes = [(n, q) for n, q in quotes if q and q.strip()]
    if not quotes or not question.strip() or _COMPARISON.search(question):
        return None
    # Each sentence on its own: a quote may hold a neighbour that answers something else.
    units = [(n, s) for n, q in quotes for s in sentences(q)]
    for asks, build in _KINDS:
        if asks(question):
            own = topic if build is _how_long and topic and _nouns(topic, title) else question
            line = build(own, units, title)
            return line if line and supported(line, quotes, title) else None
    return None


def wants_contact(question: str) -> bool:
    """The question asks how to reach them (an e-mail address, a phone number, whom to write to)."""
    return bool(_CONTACT.search(question)) and not _YES_NO.match(asking_part(question))


def is_how_to(question: str) -> bool:
    """The question asks how to do something ("How do I delete my account?")."""
    return bool(_HOW_DO.search(question))


def is_yes_no(question: str) -> bool:
    """The question asks yes or no ("Will they sell my answers?", "If I …, can I …?")."""
    return bool(_YES_NO.match(asking_part(question))) and not _COMPARISON.search(question)


def supported(short: str, quotes: Sequence[Quote], title: str | None = None) -> bool:
    """Every word of ``short`` is in a quote it may cite, a connective or the policy title; its markers name given quotes."""
    numbers = {n for n, _ in quotes}
    cited = markers(short)
    if not cited or any(n not in numbers for n in cited):
        return False
    allowed = CONNECTIVES | set(fact_words(title or ""))
    return not unsupported_words(MARKER.sub(" ", short), [text for n, text in quotes if n in cited], allowed)


def _cite(text: str, n: int) -> str:
    return f"{text.strip().rstrip('.;:,')} [{n}]"


def _how_long(question: str, quotes: Sequence[Quote], title: str | None) -> str | None:
    found = [(n, q, d) for n, q in quotes if (d := duration(q))]
    if not found:
        return None
    # "Recording about X: 5 years." rows: the row whose label shares most words with the question;
    # when none stands out and the periods differ, each row with what it is for.
    labelled = [
        (m, q.split(":", 1)[0].strip(), e) for m, q, e in found if ":" in q and q.split(":", 1)[1].strip().startswith(e)
    ]
    if len(labelled) >= 2:
        asked = _nouns(question, title)
        scores = [len(asked & {stem(w) for w in _words(label)}) for _, label, _ in labelled]
        best = max(scores)
        if best and scores.count(best) == 1:
            m, _, e = labelled[scores.index(best)]
            return _cite(e, m)
        if len({e for _, _, e in labelled[:3]}) > 1:
            return "; ".join(_cite(f"{label}: {e}", m) for m, label, e in labelled[:3])
    return _closest_period(question, quotes, title) or _cite(found[0][2], found[0][0])


def _closest_period(question: str, quotes: Sequence[Quote], title: str | None) -> str | None:
    """The period whose own clause (the words since the previous period) names most of what was
    asked (or the words policies say it with): "… name, ID … for one month … and also … log-in recording … for 12 months" answers "log-in
    records" with 12 months; None when no period's clause names more of it than the others'."""
    asked = _nouns(question, title)
    # and the words policies say them with: "inactive" is "lack of interacting log in after 60 days"
    asked |= {stem(e) for w in _words(question) if stem(w) in asked for e in _words(EXPANSIONS.get(w, ""))}
    scored = []
    for n, sentence in quotes:
        start = 0
        for m in durations(sentence):
            said = {stem(w)[:5] for w in _words(sentence[start : m.end()], joined=True)}
            scored.append((len({w[:5] for w in asked} & said), n, m.group().strip()))
            start = m.end()
    best = max((s for s, _, _ in scored), default=0)
    top = [(n, d) for s, n, d in scored if s == best]
    return _cite(top[0][1], top[0][0]) if best and len(top) == 1 else None


def _contact(question: str, quotes: Sequence[Quote], title: str | None) -> str | None:
    wants_phone = re.search(r"\b(phone|call|ring|number|tel)\b", question, re.I)
    wants_mail = re.search(r"\be-?mail|\bwrite\b", question, re.I)
    mails = [(n, m.group()) for n, q in quotes for m in EMAIL.finditer(q)]
    phones = [
        (n, m.group())
        for n, q in quotes
        if not EMAIL.search(q) and re.search(r"\b(tel|phone)\b", q, re.I)
        for m in PHONE.finditer(q)
    ]
    if wants_phone and not wants_mail:
        picked = phones[:1]
    elif wants_mail and not wants_phone:
        picked = mails[:1]
    else:
        picked = mails[:1] + phones[:1]
    if not picked:
        named = [(n, who) for n, q in quotes if (who := named_contact(q))]
        picked = named[:1]
    return "; ".join(_cite(value, n) for n, value in picked) or None


def _how_do(question: str, quotes: Sequence[Quote], title: str | None) -> str | None:
    # A step counts when its sentence, or one next to it in the same quote, is about what was asked.
    # Asked things decide relevance; only a question without any falls back on its verbs
    # ("change it by going to …" is about the password, not the saved address).
    nouns = _nouns(question, title)
    asked = nouns or {stem(w) for w in _words(question) if _family(w) is not None}
    need = max((len(asked) + 1) // 2, min(2, len(asked)))  # half the asked things, and two when two were asked
    bags = [(n, {stem(w) for w in _words(s)}) for n, s in quotes]
    found = []
    for i, (n, sentence) in enumerate(quotes):
        # the sentence and its neighbours in the same quote: "You may change it by going to …" + "… password"
        near = set().union(*(bags[j][1] for j in (i - 1, i, i + 1) if 0 <= j < len(bags) and bags[j][0] == n))
        if len(asked & near) >= need:
            found += [(n, s) for s in steps(sentence)]
    return "; ".join(_cite(s, n) for n, s in found[:2]) or None


def _who_what(question: str, quotes: Sequence[Quote], title: str | None) -> str | None:
    items = [(n, q.lstrip("-–• ").split("(", 1)[0].strip()) for n, q in quotes if re.match(r"\s*[-–•]\s", q)]
    if len(items) >= 2:  # list items quoted one by one: their heads are the list
        return ", ".join(_cite(head, n) for n, head in items[:5])
    for n, q in quotes:
        if names_recipients(question, q) is False:
            continue  # who gets it is answered by whom it is shared with, not by what is collected
        listed = enumeration(q)
        if listed:
            return _cite(listed, n)
    return None


# "Whose fault is it if …", "who is responsible for …": the party a quote gives the responsibility to.
_RESPONSIBLE_Q = re.compile(
    r"\bwhose (?:fault|responsibility|job|problem)\b|\bwho(?:['’]s| is| are| will be| would be)? (?:responsible|liable|to blame|at fault|accountable)\b",
    re.I,
)
_RESPONSIBLE = re.compile(
    r"^\s*(?:[-–•*]\s*)?((?:the\s+)?[A-Za-z][\w’'-]*(?:\s+[\w’'-]+){0,3}?)\s+(?:have|has|bear|bears|take|takes|will take|shall take|hold|holds)"
    r"\s+(?:the\s+|full\s+|sole\s+|all\s+)*responsibilit(?:y|ies)\b"
    r"|^\s*(?:[-–•*]\s*)?((?:the\s+)?[A-Za-z][\w’'-]*(?:\s+[\w’'-]+){0,3}?)\s+(?:is|are|will be|shall be|should be)\s+(?:fully\s+|solely\s+)?(?:responsible|liable)\b",
    re.I,
)


def _responsible(question: str, quotes: Sequence[Quote], title: str | None) -> str | None:
    """The subject of the first quoted sentence that gives someone the responsibility and shares a
    word with what the question is about ("Buyers have the responsibility to protect themself from
    password leak …" for "whose fault is it if my password leaks"); a negated one ("isn't responsible") does not count."""
    asked = _nouns(question, title) | {stem(w) for w in _words(question) if _family(w) is not None}
    for n, sentence in quotes:
        m = _RESPONSIBLE.match(sentence)
        if not m:
            continue
        said = {stem(w)[:5] for w in _words(sentence, joined=True)}
        if asked and not any(a[:5] in said for a in asked):
            continue
        return _cite(m.group(1) or m.group(2), n)
    return None


_KINDS: list[tuple[Callable[[str], bool], Callable]] = [
    (lambda q: bool(_RESPONSIBLE_Q.search(q)), _responsible),
    (lambda q: bool(_HOW_LONG.search(q)), _how_long),
    (wants_contact, _contact),
    (lambda q: bool(_HOW_DO.search(q)), _how_do),
    (lambda q: bool(_WHO_WHAT.search(q)), _who_what),
    (lambda q: bool(_YES_NO.match(asking_part(q))), yes_no),
]

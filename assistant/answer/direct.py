"""The direct answer line: "5 years [1]", "No — We never sell … [1]", "privacy@kmall24.com [2]".

Built only from the cited sentences: every word of the line is a word of a quote it cites, or one
of a few fixed connectives (``supported`` checks that). When the quotes do not settle the question
(a yes/no the text does not decide, no duration for "how long"), there is no line: ``None``.
Pure: no model, no index; the caller passes the quotes it is about to show, best first.
"""
from __future__ import annotations

import re
from typing import Callable, Sequence

from ..retrieval.vocabulary import GENERIC
from ..text import STOP
from ..text import stem as _stem

from .phrases import duration, enumeration, exception, named_contact, negated, sentences, steps

__all__ = ["direct_answer", "supported", "CONNECTIVES"]

Quote = tuple[int, str]
# The only words a line may add to the quotes' words.
CONNECTIVES = frozenset("yes no not stated says and or also".split())

_MARKER = re.compile(r"\s*\[(\d+)\]")
_WORD = re.compile(r"[a-z0-9]+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d .()\-]{6,}\d")

# Question words that pick the kind of answer; checked in this order.
_HOW_LONG = re.compile(r"\bhow (?:long|fast|soon|quickly)\b|\bfor how long\b|\bhow many (?:years|months|days|weeks)\b|\bretention period\b|\bwhen (?:is|are|do|does|will)\b.*\b(?:deleted|destroyed|removed|wiped|expire)", re.I)
_CONTACT = re.compile(r"\b(?:contact|reach|get in touch|e-?mail(?: address)?|phone|call|ring|fax|complain to|who (?:do|should|can) i (?:ask|write|talk|speak|complain))\b", re.I)
_HOW_DO = re.compile(r"^\s*(?:so\s+|and\s+|but\s+)?(?:how (?:do|can|should|would) (?:i|we|you)|how to|where (?:do|can) i (?:go|click)|what do i (?:do|click))\b", re.I)
_WHO_WHAT = re.compile(r"\b(?:who|whom|which (?:companies|parties|partners))\b.*\b(?:share|shares|sharing|give|gives|pass|passes|sell|sells|disclose|discloses|send|sends|receive|receives|get|gets|see|sees|access)\b"
                       r"|\bwhat (?:\w+ ){0,3}(?:do|does|will|can) \w+ (?:collect|gather|know|keep|store|ask for|want)\b|\bwhat (?:information|data|details|info) (?:do|does|is|are)\b"
                       r"|\bwhat (?:do|does|will) .*\buse\b.*\bfor\b", re.I)
# Questions over several shops get one line per policy from the comparison, not one line here.
_COMPARISON = re.compile(r"^\s*(?:which|compare|do any|does any|are there any|what do the (?:shops|policies))\b|\b(?:each|all|any) of (?:the|these) (?:shops|policies)\b", re.I)
# Who a "No, unless …" exception is about; a question about them is not settled by the "No".
_EXCEPTED = set("police court courts law legal government authorities authority judge permission consent agree subpoena warrant".split())
_NEAR = 25  # words either side of the verb
_NOT_NOUNS = set("details detail stuff thing things there them they ever really actually just even still always anyway".split())
_YES_NO = re.compile(r"^\s*(?:and\s+|so\s+|but\s+)?(?:do|does|did|is|are|am|was|can|could|will|would|should|may|might|has|have|must)\b", re.I)

# Verbs people ask with, and the verbs policies answer with: "pass my details" is answered by
# "share your information". Only these decide a yes/no; a question whose verb is not here gets none.
_FAMILIES = [
    "sell sold rent lease flog trade",
    "share shared pass give disclose disclosed provide provided hand transfer distribute send",
    "collect gather obtain request require receive",
    "store keep hold retain save",
    "use used utilize process",
    "delete deleted remove removed destroy destroyed erase wipe rid",
    "withdraw cancel close quit terminate",
    "encrypt encrypted encode ssl",
    "access see read view",
    "monitor check track verify",
    "inform notify tell announce let",
    "agree consent",
    "browse",
    "decline refuse reject block accept",
    "submit submission post",
    "change modify correct edit update",
]


def stem(word: str) -> str:
    """Stemmed twice, so "submissions" and "submission" meet."""
    return _stem(_stem(word))




def _forms(word: str) -> set[str]:
    """The stems of a verb's usual inflections: the stemmer maps "disclose" and "disclosed" apart."""
    base = word[:-1] if word.endswith("e") else word
    return {stem(f) for f in (word, word + "s", base + "ed", base + "ing", word + "d")}


_FAMILY_OF = {f: i for i, fam in enumerate(_FAMILIES) for w in fam.split() for f in _forms(w)}


def _family(word: str) -> int | None:
    """The verb family of a word; nouns in -ion ("information", "collection") are not verbs."""
    return None if re.search(r"ions?$", word) and word not in ("submission", "submissions") else _FAMILY_OF.get(stem(word))


def direct_answer(question: str, quotes: Sequence[Quote], title: str | None = None) -> str | None:
    """The line that answers ``question`` outright from ``quotes`` ((n, text), best first), or None."""
    quotes = [(n, q) for n, q in quotes if q and q.strip()]
    if not quotes or not question.strip() or _COMPARISON.search(question):
        return None
    # Each sentence on its own: a quote may hold a neighbour that answers something else.
    units = [(n, s) for n, q in quotes for s in sentences(q)]
    for asks, build in _KINDS:
        if asks(question):
            line = build(question, units, title)
            return line if line and supported(line, quotes, title) else None
    return None


def supported(short: str, quotes: Sequence[Quote], title: str | None = None) -> bool:
    """Every word of ``short`` is in a quote it may cite, a connective or the policy title; its markers name given quotes."""
    numbers = {n for n, _ in quotes}
    cited = [int(m) for m in _MARKER.findall(short)]
    if not cited or any(n not in numbers for n in cited):
        return False
    allowed = set(CONNECTIVES) | set(_words(title or ""))
    for n, text in quotes:
        if n in cited:
            allowed |= set(_words(text))
    return all(w in allowed for w in _words(_MARKER.sub(" ", short)))


def _words(text: str) -> list[str]:
    return _WORD.findall(re.sub(r"\be-mail", "email", text.lower().replace("’", "'")))


def _cite(text: str, n: int) -> str:
    return f"{text.strip().rstrip('.;:,')} [{n}]"


def _how_long(question: str, quotes: Sequence[Quote], title: str | None) -> str | None:
    found = [(n, q, d) for n, q in quotes if (d := duration(q))]
    if not found:
        return None
    # "Recording about X: 5 years." rows: the row whose label shares most words with the question;
    # when none stands out and the periods differ, each row with what it is for.
    labelled = [(m, q.split(":", 1)[0].strip(), e) for m, q, e in found if ":" in q and q.split(":", 1)[1].strip().startswith(e)]
    if len(labelled) >= 2:
        asked = _nouns(question, title)
        scores = [len(asked & {stem(w) for w in _words(label)}) for _, label, _ in labelled]
        best = max(scores)
        if best and scores.count(best) == 1:
            m, _, e = labelled[scores.index(best)]
            return _cite(e, m)
        if len({e for _, _, e in labelled[:3]}) > 1:
            return "; ".join(_cite(f"{label}: {e}", m) for m, label, e in labelled[:3])
    n, _, d = found[0]
    return _cite(d, n)


def _contact(question: str, quotes: Sequence[Quote], title: str | None) -> str | None:
    wants_phone = re.search(r"\b(phone|call|ring|number|tel)\b", question, re.I)
    wants_mail = re.search(r"\be-?mail|\bwrite\b", question, re.I)
    mails = [(n, m.group()) for n, q in quotes for m in _EMAIL.finditer(q)]
    phones = [(n, m.group()) for n, q in quotes if not _EMAIL.search(q) and re.search(r"\b(tel|phone)\b", q, re.I)
              for m in _PHONE.finditer(q)]
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
        listed = enumeration(q)
        if listed:
            return _cite(listed, n)
    return None


def _yes_no(question: str, quotes: Sequence[Quote], title: str | None) -> str | None:
    # The first verb we know is the asked practice: in "will they tell me if they change it?" it is "tell".
    first = next((f for w in _words(question) if (f := _family(w)) is not None), None)
    if first is None:
        return None
    verbs = {first}
    nouns = _nouns(question, title)
    verdicts = []
    for i, (n, sentence) in enumerate(quotes[:4]):
        verdict = _decide(question, sentence, verbs, nouns)
        after = quotes[i + 1] if i + 1 < len(quotes) else (None, "")
        if verdict and after[0] == n and re.match(r"\s*however\b", after[1], re.I):
            return None  # "… must not provide it. However, with consent … could provide": not a plain answer
        if verdict:
            verdicts.append((n, *verdict))
    if not verdicts or len({v for _, v, _ in verdicts}) > 1:
        return None  # nothing decides, or the top quotes disagree
    n, verdict, clause = verdicts[0]
    return f"{verdict} — {_cite(clause, n)}"


def _decide(question: str, sentence: str, verbs: set[int], nouns: set[str]) -> tuple[str, str] | None:
    """("No", clause) when a negation governs an asked verb on an asked thing; ("Yes", sentence) when
    the sentence plainly does the asked thing to everything asked about; else None."""
    family = _family
    found = {stem(w) for w in _words(sentence)}
    clause = negated(sentence, lambda w: family(w) in verbs)
    if clause:
        said = {stem(w)[:5] for w in _words(clause)}
        if nouns and not {w[:5] for w in nouns} & said:
            return None  # a "not" about something else; five letters so "supervise" meets "supervision"
        if re.search(r"\b(?:not|never)\s+\w+\s+(?:it|them)\b", clause, re.I):
            return None  # "do not share it": what "it" is lies outside the quote
        unless = exception(clause)
        asked = {stem(w) for w in _words(question)}
        if unless and asked & ({stem(w) for w in _words(unless)} | {stem(w) for w in _EXCEPTED}):
            return None  # "never share … unless required by law" does not answer "can they give it to the police?"
        return "No", clause
    if negated(sentence, lambda w: True) or exception(sentence):
        return None  # some other negation or an exception: the sentence does not plainly affirm
    raw = _words(sentence)
    words = [stem(w) for w in raw]
    if not nouns:
        return None  # "do I have to give them …": with nothing asked about, any sentence with the verb would say Yes
    for i, w in enumerate(raw):
        # The asked things must sit near the verb, not somewhere else in a long sentence.
        if _family(w) in verbs and nouns <= set(words[max(0, i - _NEAR):i + _NEAR]):
            return "Yes", sentence
    return None


def _nouns(question: str, title: str | None) -> set[str]:
    """The asked-about things: content words that are not verbs we decide on, generic words or the shop's name."""
    skip = STOP | GENERIC | _NOT_NOUNS | set(_words(title or ""))
    return {stem(w) for w in _words(question) if w not in skip and len(w) > 2 and _family(w) is None}


_KINDS: list[tuple[Callable[[str], bool], Callable]] = [
    (lambda q: bool(_HOW_LONG.search(q)), _how_long),
    (lambda q: bool(_CONTACT.search(q)) and not _YES_NO.match(q), _contact),
    (lambda q: bool(_HOW_DO.search(q)), _how_do),
    (lambda q: bool(_WHO_WHAT.search(q)), _who_what),
    (lambda q: bool(_YES_NO.match(q)), _yes_no),
]

"""Does a policy cover the question? Its named terms, its specific words and the kind of fact it
asks for, checked like a reader would; the gates (gates.py) decide on these."""

from __future__ import annotations

import re
from functools import lru_cache

from ..retrieval.vocabulary import CHAT, COLLOQUIAL, EXPANSIONS, GENERIC, META, SPELLED_OUT
from ..text import DOMAIN, STOP, content_words, key, stem, words
from .answer_types import answer_type  # noqa: F401  (callers ask coverage for it)

# Capitalised words and runs of them ("Google Analytics"), or camel case ("eBay", "iCloud").
_NAME = re.compile(r"(?<![\w])((?:[A-Z]|[a-z]+[A-Z])[A-Za-z0-9&.+-]*[A-Za-z0-9+](?:\s+[A-Z][A-Za-z0-9&+-]*)*)")
# A quoted phrase: the opening mark starts a word and the closing one ends it, so the apostrophes
# of "what's the gist of tootoomart's policy" quote nothing.
_QUOTED = re.compile(r"(?<!\w)[\"“']([^\"”']{3,60})[\"”'](?!\w)")


def named_terms(question: str, ignore: set[str]) -> list[str]:
    """Proper names, acronyms, domains and quoted phrases of the question, minus policy names."""
    letters = [w for w in re.findall(r"[A-Za-z]+", question)]
    if len(letters) >= 5 and not any(w[0].islower() for w in letters):
        return []  # Title Case Or ALL CAPS questions carry no signal in their capitals
    terms = [m.group(1) for m in _QUOTED.finditer(question)]
    first = re.match(r"\s*(\S+)", question)
    for m in _NAME.finditer(question):
        term = m.group(1).strip(".")
        # The first word of a question is capitalised for grammar, not as a name.
        if first and m.start() == first.start():
            rest = term.split(None, 1)
            if len(rest) == 1 and not any(c.isupper() for c in term[1:]):
                continue
            term = rest[1] if len(rest) == 2 and not any(c.isupper() for c in rest[0][1:]) else term
        words = [w for w in term.split() if w.lower() not in STOP and w != "I"]
        if not words:
            continue
        term = " ".join(words)
        if key(term) in ignore or any(key(w) in ignore for w in words):
            continue
        terms.append(term)
    terms += DOMAIN.findall(question)
    return [t for t in dict.fromkeys(terms) if key(t) not in ignore]


def term_in(term: str, text_lower: str) -> bool:
    t = term.lower()
    if t in text_lower:
        return True
    if any(long in text_lower for long in SPELLED_OUT.get(key(t), ())):
        return True  # "device IDs" is answered by "device identifiers"
    words_ = [w for w in words(t) if w not in STOP]
    if len(words_) >= 2 and all(w[:1].isupper() for w in term.split()):
        # A name of several words ("Google Analytics") is mentioned only as that name, not by its
        # words scattered over the text ("Google+" in one place, "analytics" in another).
        return re.search(r"\b" + r"\W+".join(re.escape(stem(w)) + r"\w*" for w in words_), text_lower) is not None
    return bool(words_) and all(starts_word(stem(w), text_lower) for w in words_)


def specific_words(question: str, ignore: set[str]) -> list[str]:
    """The question's content words that carry its topic: not generic (in any form: "needed" as
    "need", "longer" as "long"), colloquial or a policy name."""
    return [
        w
        for w in content_words(question)
        if not (_generic(w) or w in COLLOQUIAL or w in META or w in CHAT or key(w) in ignore or w.isdigit())
    ]


@lru_cache(maxsize=1)
def _generic_stems() -> frozenset[str]:
    return frozenset(stem(g) for g in GENERIC)


def _generic(word: str) -> bool:
    comparative = word[:-2] if word.endswith("er") and len(word) > 4 else ""
    return word in GENERIC or stem(word) in _generic_stems() or comparative in GENERIC


def missing_words(question: str, text_lower: str, ignore: set[str]) -> list[str]:
    """Specific content words of the question found nowhere in the text (crudely stemmed)."""
    out = []
    for w in specific_words(question, ignore):
        if not _present(w, text_lower) and not _misspelt(w, text_lower) and not _said_otherwise(w, text_lower):
            out.append(w)
    return out


def _present(word: str, text_lower: str) -> bool:
    return starts_word(stem(word), text_lower)


def starts_word(prefix: str, text: str) -> bool:
    """``re.search(r"\b" + re.escape(prefix), text)``, found with ``str.find``: the regex scans a
    text 20 to 80 times slower, and a question naming a company checks every policy's text (about
    1 s over 1,000 policies, 40 ms this way)."""
    if not prefix:
        return False
    word_first = _is_word(prefix[0])
    i = text.find(prefix)
    while i != -1:
        if (i > 0 and _is_word(text[i - 1])) != word_first:  # a word boundary just before it
            return True
        i = text.find(prefix, i + 1)
    return False


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"  # what the regex \w matches in a str pattern


def _said_otherwise(word: str, text_lower: str) -> bool:
    """The policy uses a specific word policies answer this word with ("track" -> "cookies",
    "unsubscribe" -> "opt-out"): the topic is there in the policy's own words."""
    key = word if word in EXPANSIONS else stem(word)
    if key not in EXPANSIONS:  # a typo of a word people ask with: "annoymized"
        key = next((k for k in EXPANSIONS if len(word) >= 6 and _one_edit(word, k)), key)
    others = [
        w
        for w in EXPANSIONS.get(key, "").split()
        if w != word and len(w) > 3 and w not in GENERIC and w not in COLLOQUIAL and w not in STOP
    ]
    return any(_present(w, text_lower) for w in others)


@lru_cache(maxsize=64)
def _words_of(text_lower: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z]{5,}", text_lower))


def _misspelt(word: str, text_lower: str) -> bool:
    """The word is one typing slip away from a word of the text ("parities", "annoymized"): a
    typo is not a topic the policy leaves out."""
    if len(word) < 6:
        return False
    return any(abs(len(v) - len(word)) <= 1 and _one_edit(word, v) for v in _words_of(text_lower))


def _one_edit(a: str, b: str) -> bool:
    """One insertion, deletion, substitution or swap of neighbours turns ``a`` into ``b``."""
    if a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        swapped = i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
        return a[i + 1 :] == b[i + 1 :] or swapped
    return a[i:] == b[i + 1 :]


# Words of keeping and ending: a passage giving a duration speaks about how long something is kept
# when it uses one of these or names what was asked about.
_KEEPING = re.compile(
    r"\b(keep\w*|kept|retain\w*|retention|hold\w*|held|stor(?:e|ed|es|ing|age)|destr\w*|delet\w*"
    r"|remov\w*|eras\w*|preserv\w*|maintain\w*|discard\w*|dispos\w*|last\w*)\b",
    re.I,
)


_PERIOD = re.compile(r"\b(?:period|sav(?:e|ed|es|ing)|until|after|from|expir\w*|years?)\b", re.I)
_LENGTH = re.compile(
    r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|thirty|sixty)\s*"
    r"(years?|months?|weeks?|days?)\b(?!\s+(?:of age|old))",
    re.I,
)


# Personal information as a whole, in European and in US wording ("personally identifiable information").
_ALL_OF_IT = re.compile(
    r"\b(personal(?:ly identifiable)? (information|data|details)|PII|your (information|data|details|account)"
    r"|(?:customer|user|member)s?['’]? (?:information|data))\b",
    re.I,
)


def about_keeping(text: str, topic: list[str]) -> bool:
    """A passage answering "how long": a length of time ("3 years"); or an end ("until", "once",
    "expire", "is removed") said of a ``topic`` word asked about, or of keeping personal information
    as a whole when the question names nothing narrower. "Session cookies expire" answers how long
    cookies last, not how long personal data or payment details are kept."""
    lower = text.lower()
    if _LENGTH.search(text) and (
        _KEEPING.search(text) or _PERIOD.search(text) or any(starts_word(stem(w), lower) for w in topic)
    ):
        return True  # not "it may take up to ten days to process your requests": a time, but not of keeping
    if any(starts_word(stem(w), lower) for w in topic):
        return True
    return bool(_KEEPING.search(text) and _ALL_OF_IT.search(text))


# "Who does X share my details with?" is answered by a passage that names recipients, not by one
# that says who does not get it ("None of your information will be shared with these parties").
_ASKS_RECIPIENTS = re.compile(
    r"\b(?:who|whom|which (?:companies|parties|third parties|partners|organi[sz]ations|businesses))\b[^?.]*"
    r"\b(?:share|shares|sharing|give|gives|pass|passes|sell|sells|disclose|discloses|send|sends|provide|provides"
    r"|transfer|transfers|hand|hands|receive|receives|get|gets)\b",
    re.I,
)
_SHARING = re.compile(
    r"\b(?:share|shared|shares|disclose|disclosed|discloses|provide|provided|provides|transfer|transferred"
    r"|give|given|gives|sell|sold|pass|passed|entrust|entrusted|consign|consigned)\b"
    r"[^.;]{0,60}?\b(?:with|to)\s+(?!(?:you|your|us|to|customers?|members?)\b|\w+ing\b)",
    re.I,
)


def names_recipients(question: str, text: str) -> bool | None:
    """For a question asking who receives the data: does ``text`` say it is shared with someone (a
    sharing verb, not negated, then "with"/"to" someone other than the reader)? None for other questions."""
    return shares_with_someone(text) if _ASKS_RECIPIENTS.search(question) else None


def shares_with_someone(text: str) -> bool:
    """``text`` says the data is given to someone (a sharing verb, not negated, then "with"/"to"
    someone other than the reader)."""
    plain = re.sub(r"\([^)]*\)", "", text)  # "(such as your name, address, etc.)" is an aside
    for m in _SHARING.finditer(plain):
        before = plain[: m.start()]
        if _READER_DOES.search(before):
            continue  # "the personal information you provide us with": the reader gives it
        return not _NEGATED_BEFORE.search(before)
    return False


_READER_DOES = re.compile(r"\byou\s+(?:\w+\s+)?$", re.I)


# A negation earlier in the same clause: "None of your information … will be shared with", "we will never share".
_NEGATED_BEFORE = re.compile(r"\b(?:not|never|no|none|nor|cannot|won['’]t|don['’]t|doesn['’]t)\b[^.;]*$", re.I)

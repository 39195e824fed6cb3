"""Phrases lifted out of one policy sentence: a duration, a list, the steps, a negated clause.

Each returns words of the sentence itself (never a rewording), or None / [] when the sentence has
no such phrase; direct.py decides which one a question asks for.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ingest.text import sentences as split_sentences

_NUM = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirty|sixty|ninety)"
_DURATION = re.compile(
    rf"\b(?:(?:within|for|after|over|at minimum|at least|up to)\s+)?{_NUM}\s+(?:\(\d+\)\s+)?(?:years?|months?|weeks?|days?|hours?)\b(?!\s+(?:of age|old))"
    r"(?:\s+long)?(?:\s+(?:immediately\s+)?(?:after|from|before|since)\s+[^.,;:()\n]{1,60})?",
    re.I,
)
# Open-ended periods, when no number is given: "until there is a canceling request".
_UNTIL = re.compile(r"\b(?:until|as long as|at the time of)\s+[^.,;:()\n]{3,80}", re.I)

_NEGATION = re.compile(
    r"\b(?:not|never|no|none|cannot|can't|won't|don't|doesn't|isn't|aren't|in no way)\b|n['’]t\b", re.I
)
# Words between a negation and its verb that do not break the link: "does not intentionally collect".
# Light verbs too: "may not make any submissions", "in no way gives us access".
_GAP = set(
    "be been being intentionally ever directly voluntarily knowingly any also currently to make makes give gives us".split()
)
# Asides that separate a negation from its verb: "may not, even under the supervision of a parent, make".
_ASIDE = re.compile(r",\s*(?:even|including|except)[^,]*,|\([^)]*\)")
_LEADING_CONDITION = re.compile(r"^\s*(?:if|when|whenever|where|unless|once|in case)\b[^,;.]*,", re.I)

# A step runs to the end of its sentence; a dot inside an address or domain
# ("privacy@bluebellbooks.example", "www.optoutprescreen.com") does not end it.
_TO_END = r"(?:[^.\n]|\.(?=[\w-]))*"
_BY_STEP = re.compile(
    r"\bby (?:clicking|going|logging|writing|e-?mailing|contacting|visiting|selecting|using|sending|filling|calling)\b"
    + _TO_END,
    re.I,
)
_IMPERATIVE = re.compile(
    r"(?:^|(?<=[.;,:]\s))((?:simply\s+)?(?:go to|log in|log into|click|visit|select|enter|sign in|look for|write to|email us|contact us)\b"
    + _TO_END
    + ")",
    re.I,
)

_ROLE = re.compile(
    r"\bto (the (?:[\w’'-]+ ){0,3}?(?:admin|administrator|department|officer|manager|team|person in charge|center|centre)"
    r"(?: of (?:the )?[\w’' -]{1,40}?)?)(?=\s*[.,;]|\s*$)",
    re.I,
)

_LIST_LEAD = re.compile(r"\b(?:with|include|includes|including|as|are|is|collect|collects|share|receive|to)\s+", re.I)
_LIST_END = re.compile(r"\s+(?:for|including|in order|which|that|when|where|to)\b.*", re.I)
_MAX_ITEM = 5  # words; longer segments are clauses, not list items


def duration(sentence: str) -> str | None:
    """The period the sentence gives ("5 years", "for one month immediately after …", "until …")."""
    m = _DURATION.search(sentence) or _UNTIL.search(sentence)
    return m.group().strip() if m else None


def durations(sentence: str) -> list[re.Match]:
    """Every period the sentence gives, in order (only numbered ones: "until …" is one clause)."""
    return list(_DURATION.finditer(sentence)) or list(_UNTIL.finditer(sentence))


_EXCEPTION = re.compile(r"\b(?:unless|except|other than|aside from|apart from)\b.*", re.I | re.S)


def sentences(text: str) -> list[str]:
    """The sentences of a quote, in order: the one splitter of ``ingest.text``, paragraph by paragraph."""
    paragraphs = re.split(r"\n\s*\n", text)
    return [p[s:e].strip() for p in paragraphs for s, e in split_sentences(p) if p[s:e].strip()]


def exception(text: str) -> str | None:
    """The "unless …" / "except …" part of a sentence, or None."""
    m = _EXCEPTION.search(text)
    return m.group() if m else None


def negated(sentence: str, asked: Callable[[str], bool], any_not: bool = False) -> str | None:
    """The clause in which a negation governs a word ``asked`` accepts (within a few words), or None.
    ``any_not``: also a "not" that refuses nothing ("may or may not", "you may choose not to"), for
    telling whether a sentence plainly affirms."""
    plain = _ASIDE.sub(lambda m: " " * len(m.group()), sentence)  # same length: offsets stay valid
    # A negation in a leading condition ("If a child … for whom we have not received parental
    # consent attempts …, he/she will not be able to access it") is not what the sentence says.
    plain = _LEADING_CONDITION.sub(lambda m: " " * len(m.group()), plain)
    plain = _DNT.sub(lambda m: " " * len(m.group()), plain)
    for m in _NEGATION.finditer(plain):
        if not any_not and _NOT_A_REFUSAL.search(plain[max(0, m.start() - 60) : m.start()]):
            continue
        following = re.findall(r"[A-Za-z’'-]+", plain[m.end() :])[:6]
        for word in following:
            if asked(word.lower()):
                return _clause_around(sentence, m.start())
            if word.lower() not in _GAP and not re.fullmatch(
                r"(?:will|may|shall|must|can|could|would|should|do|does|did|to)", word, re.I
            ):
                break
        # The negation governs a list of verbs: "will not sell, distribute or lease", "never rent or share".
        listed = _VERB_LIST.match(plain, m.end())
        if listed and any(asked(w.lower()) for w in re.findall(r"[A-Za-z]+", listed.group(1))):
            return _clause_around(sentence, m.start())
    return None


# A "not" that refuses nothing: "may or may not provide", "whether or not", and one the reader asks
# for ("request that we not share your information", "ask us not to").
_NOT_A_REFUSAL = re.compile(
    r"\b(?:whether|may|might|can|could|will|would|do|does|is|are)\s+or\s+(?:(?:may|might|can|could|will|would|do|does|is|are)\s+)?$"
    r"|\b(?:request|requests|requested|requesting|ask|asks|asked|asking|instruct\w*|direct|directs|tell)\s+(?:us\s+)?(?:that\s+)?(?:we\s+)?(?:to\s+)?$"
    # the reader's choice ("you may choose not to provide"), "receive or not receive"
    r"|\b(?:choose|chooses|chose|choosing|elect|elects|decide|decides|prefer|prefers|wish|wishes|want|wants)\s+$|\bor\s+$"
    # a relative clause about a thing ("information that cannot be used to identify you")
    r"|\b(?:that|which)\s+$"
    # what someone else may have ("such businesses may have in place a policy not to disclose …")
    r"|\b(?:may|might|could)\s+have\b[^.;]{0,40}$"
    # advice to the reader ("We recommend that you choose a unique password and not share it")
    r"|\b(?:recommend|advise|encourage|urge|suggest)\w*\b[^.;]{0,60}$",
    re.I,
)
# "Do Not Track" is the name of a browser signal, not a refusal.
_DNT = re.compile(
    r"\bDo[- ]Not[- ]Track\b|\bdo[- ]not[- ]track\s+(?:signals?|requests?|settings?|preferences?|\(DNT\))"
)


# After a negation: a few helping words, then two to five single words joined by commas, "or", "and".
_VERB_LIST = re.compile(
    r"\s+(?:(?:be|been|intentionally|knowingly|ever|directly|also|currently)\s+)*"
    r"((?:[A-Za-z]+(?:\s*,\s*(?:or\s+|and\s+)?|\s+(?:or|and)\s+)){1,4}[A-Za-z]+)\b",
    re.I,
)


def main_clause(sentence: str) -> str:
    """The sentence without a leading condition ("If you do not object, …")."""
    return _LEADING_CONDITION.sub("", sentence)


def _clause_around(sentence: str, at: int) -> str:
    """The sentence, or for a long one the part holding offset ``at`` (parts end at ";" or ", however")."""
    if len(sentence.strip()) <= 180:
        return sentence.strip()
    start = 0
    for m in re.finditer(r";\s*|,\s*however,?\s*", sentence):
        if m.start() >= at:
            return sentence[start : m.start()].strip()
        start = m.end()
    return sentence[start:].strip()


# A clause whose actor is the company ("We will notify you … by sending a notice"): its "by …ing" is
# what the company does, not a step for the reader, unless the reader is told they can act in it.
_COMPANY_ACTS = re.compile(r"^\s*(?:we|our|it)\b", re.I)
_READER_ACTS = re.compile(
    r"\b(?:you|users?|members?|customers?|visitors?)\s+(?:can|may|could|might|should|must|need to|are able to|have)\b|\bplease\b|\bif you\b",
    re.I,
)


def steps(sentence: str) -> list[str]:
    """What the sentence tells a person to do: "by clicking …", "Simply go to My tootoomart", "Log in …, then …"."""
    found = [m.group().strip() for m in _BY_STEP.finditer(sentence) if _readers(sentence[: m.start()])]
    found += [m.group(1).strip() for m in _IMPERATIVE.finditer(sentence.strip())]
    return list(dict.fromkeys(found))


def _readers(before: str) -> bool:
    """The "by …ing" after ``before`` (its clause so far) is a step the reader takes."""
    clause = re.split(r"[;:]\s*|(?<=[.!?])\s+", before)[-1]
    return not _COMPANY_ACTS.match(clause) or bool(_READER_ACTS.search(clause))


def named_contact(sentence: str) -> str | None:
    """A person or department the sentence says to turn to: "the admin of the website"."""
    m = _ROLE.search(sentence)
    return m.group(1).strip() if m else None


def enumeration(sentence: str) -> str | None:
    """A run of three or more comma-separated short items: "our agents, representatives, …, and contractors"."""
    first = re.split(r"(?<=[.;])\s+", sentence.strip())[0]  # one sentence, one clause
    parts = [p.strip() for p in re.split(r",\s*", re.sub(r"\([^)]*\)", " ", first))]
    best: list[str] = []
    for i in range(len(parts)):
        run = [_lead_item(parts[i])]
        for part in parts[i + 1 :]:
            if re.match(r"(?:and|or)\s", part, re.I):
                run.append(_last_item(part))
                break
            if len(part.split()) > _MAX_ITEM or part.count("(") != part.count(")"):
                break
            run.append(part.rstrip("."))
        if run[0] and run[0].count("(") == run[0].count(")") and len(run) >= 3 and len(run) > len(best):
            best = run
    return ", ".join(best) if best else None


def _lead_item(part: str) -> str:
    """The first item: the longest tail of the segment after a lead word ("… only with our agents")."""
    if len(part.split()) <= 2:
        return part
    for m in _LIST_LEAD.finditer(part):
        item = part[m.end() :].strip()
        if 0 < len(item.split()) <= _MAX_ITEM:
            return item
    return ""


def _last_item(part: str) -> str:
    head, rest = part.split(None, 1)
    if len(rest.split()) > 3:
        rest = _LIST_END.sub("", rest)
    return f"{head} {rest.rstrip('.')}"


# Things shoppers name and the words policies name them with: "delivery companies" are "Logistics",
# "offers" are "promotional information", "my laptop" is "your computer".
SAID_AS = {
    "delivery": "logistics shipping courier",
    "deliveries": "logistics shipping courier",
    "offer": "promotional promotion",
    "offers": "promotional promotion",
    "deals": "promotional promotion",
    "ads": "advertisement advertising ad-like promotional",
    "adverts": "advertisement advertising ad-like promotional",
    "laptop": "computer device",
    "pc": "computer device",
    "phone": "mobile device",
    "texts": "sms",
    "spam": "advertisement ad-like promotional",
    "newsletter": "newsletters promotional",
    "card": "payment cardholder credit debit",
    "cards": "payment cardholder credit debit",
}

"""Does the evidence cover the question? Named terms, key words and similarity, checked like a reader would."""
from __future__ import annotations

import re

STOP = set("""
a about above after again against all also am an and any are as at be because been before being below between both
but by can could did do does doing don down during each few for from further had has have having he her here hers
him his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other
our ours out over own same she should so some such than that the their theirs them then there these they this those
through to too under until up very was we were what when where which while who whom why will with would you your
yours yourself yourselves tell say says said let like please know want wants one ones get gets got much many
""".split())
# Words every privacy question uses; their absence from a policy says nothing about coverage.
GENERIC = set("""
policy policies privacy shop shops store stores website site company companies mall online customer customers user
users member members information info data personal keep kept use used uses using collect collected collects
collection share shared shares sharing give gives provide provides protect protected protection handle handled
happen happens mention mentions mentioned state states stated allow allowed allows long time way ways need needs
anything something thing things kind kinds type types someone anyone people person
old young need needs able allowed permitted required require requires often soon quickly sure okay
ask asked asking find found see look looking there here regarding regards about else exactly
""".split())
# Everyday verbs, adjectives and pronouns people ask with. A policy that never says "quit" or
# "fix" may still answer the question; the topic of a question is carried by its nouns.
COLLOQUIAL = set("""
stop stops stopped quit quits fix fixes fixed wrong right still get gets getting got go goes going went come comes
make makes made take takes took put puts hang hold holds let lets try tries mean means seem seems happen happened
send sends sending sent tell told ask call ring phone phones email emailing emails text contact give giving gave
themselves myself yourself himself herself itself ourselves they them their she he his her its we us our mine
kid kids child children son daughter parent parents grumble moan whine bother bothering annoy annoying worry worried
thing things stuff bit lot lots really actually just even ever never always sometime sometimes anyway
bad good big small new old young real true false sure safe able unable fine okay
""".split())
# Capitalised words and runs of them ("Google Analytics"), or camel case ("eBay", "iCloud").
_NAME = re.compile(r"(?<![\w])((?:[A-Z]|[a-z]+[A-Z])[A-Za-z0-9&.+-]*[A-Za-z0-9+](?:\s+[A-Z][A-Za-z0-9&+-]*)*)")
_QUOTED = re.compile(r"[\"“']([^\"”']{3,60})[\"”']")


def content_words(question: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", question.lower()) if w not in STOP and len(w) > 2]


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
        if _key(term) in ignore or any(_key(w) in ignore for w in words):
            continue
        terms.append(term)
    terms += re.findall(r"\b[a-z0-9-]+\.(?:com|net|org|io)\b", question)
    return [t for t in dict.fromkeys(terms) if _key(t) not in ignore]


def _key(s: str) -> str:
    return re.sub(r"[^a-z0-9]", "", s.lower())


def term_in(term: str, text_lower: str) -> bool:
    t = term.lower()
    if t in text_lower:
        return True
    words = [w for w in re.findall(r"[a-z0-9]+", t) if w not in STOP]
    return bool(words) and all(re.search(r"\b" + re.escape(_stem(w)), text_lower) for w in words)


def missing_words(question: str, text_lower: str, ignore: set[str]) -> list[str]:
    """Specific content words of the question found nowhere in the text (crudely stemmed)."""
    out = []
    for w in content_words(question):
        if w in GENERIC or w in COLLOQUIAL or _key(w) in ignore or w.isdigit():
            continue
        if not re.search(r"\b" + re.escape(_stem(w)), text_lower):
            out.append(w)
    return out


def _stem(w: str) -> str:
    for suffix in ("ation", "ion", "ies", "ing", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)]
    return w


# Words people ask with, mapped to the words policies answer with. Used for keyword search
# only (dense search already handles paraphrase), so a miss costs nothing.
EXPANSIONS = {
    "contact": "e-mail email tel phone fax address contact",
    "reach": "e-mail email tel phone contact",
    "email": "e-mail email",
    "phone": "tel phone telephone mobile",
    "long": "period years months days retain hold held stored until",
    "retain": "period years hold held stored keep",
    "retention": "period years hold held stored keep",
    "keep": "period years hold held stored retain",
    "store": "stored storage hold held keep",
    "old": "age children under years",
    "age": "age children under years",
    "kids": "children age under",
    "child": "children age under 13",
    "delete": "delete destroy destroyed remove erase withdraw",
    "erase": "delete destroy destroyed remove",
    "remove": "delete destroy destroyed remove",
    "sell": "sell rent sold share third parties",
    "share": "share disclose provide third parties",
    "third": "third parties party partners",
    "secure": "security encryption ssl encrypted protect",
    "safe": "security encryption ssl encrypted protect secure",
    "encrypt": "encryption ssl encrypted secure",
    "track": "cookies cookie track log",
    "cookie": "cookies cookie browser",
    "marketing": "marketing advertisement promotional ad-like direct",
    "ads": "advertisement marketing promotional ad-like",
    "advertising": "advertisement marketing promotional ad-like",
    "correct": "correct correction modify change incorrect",
    "change": "change modify correct update amend",
    "access": "access inspect check view read",
    "complain": "complaint complaints grievance",
    "rights": "right rights access correct delete withdraw",
    "notify": "notify notification inform announce",
    "changes": "change update amend notification",
    "inactive": "lack interacting log use dormant days year",
    "kid": "children child age under parent guardian",
    "kids": "children child age under parent guardian",
    "merchant": "seller sellers partner partners",
    "merchants": "seller sellers partner partners",
    "sign": "join register registration membership account",
    "signup": "join register registration membership account",
    "quit": "withdraw withdrawal leave membership terminate",
    "leave": "withdraw withdrawal leave membership",
    "fix": "correct correction modify incorrect",
    "wrong": "incorrect mistake correct correction",
    "outside": "outside third parties companies contract audit",
    "outsiders": "outside third parties companies contract audit",
    "dormant": "lack interacting log use inactive days year",
    "unused": "lack interacting log use dormant days year",
}


def expand(question: str) -> str:
    """The question plus the policy words its words usually correspond to."""
    extra = []
    for w in re.findall(r"[a-z]+", question.lower()):
        for key in (w, _stem(w)):
            if key in EXPANSIONS:
                extra.append(EXPANSIONS[key])
                break
    return question + (" " + " ".join(extra) if extra else "")


# What kind of fact a question asks for, and how to recognise it in a passage. A question
# asking "how long" is not answered by a passage without any duration in it.
_ANSWER_TYPES = [
    ("the hours", re.compile(r"\b(what|which) (hours|times?)\b|\bhours\b|\bwhen can i (call|phone|ring|reach|contact)\b"
                            r"|\b(phone|opening|office|business|counsel\w*) (hours|times?)\b", re.I),
     re.compile(r"\b\d{1,2}([:.]\d{2})?\s*(am|pm)\b|\b(am|pm)\s*\d{1,2}[:.]\d{2}|\b\d{1,2}:\d{2}\b|\bhours?\b|24/7", re.I)),
    ("a phone number", re.compile(r"\b(phone|telephone|fax)\s*(number|no\.?)\b|\b(can|could) i (call|ring|phone)\b"
                                  r"|\bi can (call|ring|phone)\b|\bnumber to (call|ring)\b", re.I),
     re.compile(r"\+?\d[\d .()\-]{6,}\d")),
    ("an e-mail address", re.compile(r"\be-?mail\s+address\b|\b(what|which)\b[^?.]*\be-?mail\b(?!s)|\bis there (also )?an? e-?mail\b|\bemail\s+(them|to|for)\b", re.I),
     re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")),
    ("how long", re.compile(r"\bhow long\b|\bhow many (years|months|days|weeks)\b|\bretention period\b|\bfor how long\b", re.I),
     re.compile(r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|thirty|sixty)\s*(years?|months?|weeks?|days?|hours?)\b"
                r"|\buntil\b|\bperiod\b|\bas long as\b|\bimmediately\b|\bpermanent\w*|\bindefinite\w*|\bexpir\w*|\bterminat\w*"
                r"|\bat the time of\b|\bas soon as\b|\bonce\b", re.I)),
]


def answer_type(question: str):
    """(label, pattern a passage must match) for questions asking for a specific kind of fact."""
    for label, asks, pattern in _ANSWER_TYPES:
        if asks.search(question):
            return label, pattern
    return None


def quotable(text: str) -> bool:
    """A sentence worth quoting as an answer: not a heading, a contents line or a table-header cell."""
    words = re.findall(r"[A-Za-z]{2,}", text)
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8 and len(letters) > 3:
        return False  # ALL-CAPS lines are headings or contents entries
    if len(words) < 4 and not re.search(r"\d|@|https?://", text):
        return False
    return True

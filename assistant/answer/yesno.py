"""Yes/no questions: the asked practice (a verb family), the asked things (nouns), and the verdict
a quoted sentence gives on them ("No — We never sell …", "Yes — A name, Birthday date, Gender …").

People ask with everyday verbs and phrases ("get rid of", "take it back", "pass my details on");
policies answer with their own ("delete", "withdraw", "share"): ``everyday`` rewrites the phrases
and the families join the verbs. Only these decide a verdict; a question whose verb is not known
gets none. Pure: no model, no index.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..retrieval.vocabulary import GENERIC
from ..text import STOP, stem as _stem, words as tokens
from .ages import age_applies, asked_age, states_age
from .answer_types import countries
from .coverage import shares_with_someone
from .phrases import SAID_AS, exception, main_clause, negated
from .readings import AFFIRMED, NARROW_ACTOR, OTHER_ACTOR, TELLS_READER, TOPIC_OF, noun_use

__all__ = ["FAMILIES", "stem", "family", "nouns", "words", "everyday", "asking_part", "yes_no", "unqualified"]

Quote = tuple[int, str]

FAMILIES = [
    "sell sold rent lease flog trade",
    "share shared pass give disclose disclosed provide provided hand transfer distribute send",
    "collect gather obtain request require receive",
    "store keep hold retain save",
    "use used utilize process",
    "delete deleted remove removed destroy destroyed erase wipe rid",
    "withdraw cancel close quit terminate unsubscribe opt stop",
    "encrypt encrypted encode ssl",
    "access see read view",
    "monitor check track verify identify",
    "inform notify tell announce",
    "agree consent",
    "browse",
    "decline refuse reject block accept",
    "submit submission post",
    "change modify correct edit update",
]
# Everyday phrases and the policy verb they ask about; the rewritten question is only matched
# against, never shown, so the line's words still all come from the quotes.
_PHRASES = [
    (r"\bget(?:ting)? rid of\b", "delete"),
    (r"\btak(?:e|ing) (?:\w+ ){0,2}back\b", "withdraw"),
    (r"\b(?:ask|asks|asking) (?:me )?for\b", "request"),
    (r"\bpass(?:es|ing)? (?:\w+ ){0,3}on\b", "share"),
    (r"\bhand(?:s|ing)? (?:\w+ ){0,3}over\b", "share"),
    (r"\blet(?:s)? (?:me|us|you|them) know\b", "inform"),
    (r"\blook(?:ing)? around\b", "browse"),
    (r"\bmake (?:them|it|this|that) stop\b", "stop"),
    (r"\bsign(?:s|ed|ing)?[ -]?up\b", "creating an account"),
]
_NOT_NOUNS = set(
    "details detail stuff thing things there them they ever really actually just even still always anyway "
    "allowed able permitted possible".split()
)
# Who a "No, unless …" exception is about; a question about them is not settled by the "No".
_EXCEPTED = set(
    "police court courts law legal government authorities authority judge permission consent agree subpoena warrant".split()
)
# A "No" about all personal information answers it for any of my things ("my survey answers").
_ALL_MINE = re.compile(
    r"\b(?:your|any|customers?['’]?s?|all|member['’]?s?) (?:\w+ )?(?:personal )?(?:information|data)\b"
    r"|\bindividual (?:information|data)\b",
    re.I,
)  # not "personally identifiable information": often of children, of beacons
# An exception that points elsewhere in the policy: what it allows is not in the sentence.
_OTHER_PURPOSES = re.compile(
    r"\b(?:aside from|apart from|other than|except(?:ions?)?(?: for| as)?|beyond|besides)\b[^.;]{0,120}?"
    r"\b(?:above|below|following|herein|described|explain(?:ed|s)?|mentioned|listed|set (?:out|forth)|stated|outlined"
    r"|this (?:privacy )?(?:policy|notice|statement))\b",
    re.I,
)


def unqualified(text: str) -> str:
    """The sentence without an exception that points elsewhere ("…, except as described below"):
    what it settles when those exceptions are set aside (they keep it from being a plain "No")."""
    m = _OTHER_PURPOSES.search(text)
    return text[: m.start()] + text[m.end() :] if m else text


# A refusal narrowed by its purpose: "not use cookies to collect …", "never share it in order to sell …".
_NOT_FOR = re.compile(r"\b(?:not|never)\s+(?:\w+\s+){1,5}?(?:to|in order to|so as to)\s+([a-z]+)\b", re.I)
_CONDITION = re.compile(r"^\s*(?:if|when|once|after)\b[^,?]*,\s*", re.I)
_NEAR = 25  # words either side of the verb


def stem(word: str) -> str:
    """Stemmed twice, so "submissions" and "submission" meet."""
    return _stem(_stem(word))


def words(text: str, joined: bool = False) -> list[str]:
    """Lower-case words; "e-mail" is "email"; ``joined`` adds "login" for "log-in" (for a quote's
    words, so "login history" meets "log-in recording")."""
    text = re.sub(r"\be-mail", "email", text.lower().replace("’", "'"))
    extra = [a + b for a, b in re.findall(r"\b([a-z]+)-([a-z]+)\b", text)] if joined else []
    return tokens(text) + extra


def _forms(word: str) -> set[str]:
    """The stems of a verb's usual inflections: the stemmer maps "disclose" and "disclosed" apart."""
    base = word[:-1] if word.endswith("e") else word
    return {stem(f) for f in (word, word + "s", base + "ed", base + "ing", word + "d")}


_FAMILY_OF = {f: i for i, fam in enumerate(FAMILIES) for w in fam.split() for f in _forms(w)}
_COLLECT = _FAMILY_OF[stem("collect")]
_SELL = _FAMILY_OF[stem("sell")]
_SHARE = _FAMILY_OF[stem("share")]
# Refused for sale, "personally identifiable information" is all of it; refused for collection or
# sharing it is mostly one kind ("… from children under 13", "… in web beacons"), so only for sale.
_MINE = re.compile(
    r"\bmy\b|\b(?:about|of) me\b|\b(?:data|info\w*|details?|records?|files?|everything)\s+(?:on|of) me\b", re.I
)
# Data sent abroad: a verdict must speak of other countries, not only of third parties.
_ABROAD = re.compile(r"\b(?:countr(?:y|ies)|abroad|overseas|international\w*|foreign|cross-border)\b", re.I)
_IDENTIFIABLE = re.compile(r"\bpersonally identifiable (?:information|data)\b", re.I)
_STORE = _FAMILY_OF[stem("store")]


def family(word: str) -> int | None:
    """The verb family of a word; nouns in -ion ("information", "collection") are not verbs."""
    return (
        None if re.search(r"ions?$", word) and word not in ("submission", "submissions") else _FAMILY_OF.get(stem(word))
    )


def everyday(question: str) -> str:
    """The question with everyday phrases put in a policy's verbs."""
    for pattern, verb in _PHRASES:
        question = re.sub(pattern, verb, question, flags=re.I)
    return question


def asking_part(question: str) -> str:
    """The asking part: "I'm sick of the ads. Can I make them stop?" asks its last sentence, and
    "If I fill in a survey, will they sell my answers?" asks after its condition."""
    last = re.split(r"(?<=[.!])\s+", question.strip())[-1]
    return _CONDITION.sub("", last)


def nouns(question: str, title: str | None) -> set[str]:
    """The asked-about things: content words that are not verbs we decide on, generic words or the
    shop's name; an "If I …," condition is context, not the thing asked about."""
    skip = STOP | GENERIC | _NOT_NOUNS | set(words(title or ""))
    asked = _CONDITION.sub("", everyday(question))
    return {stem(w) for w in words(asked) if w not in skip and len(w) > 2 and family(w) is None}


def yes_no(question: str, quotes: Sequence[Quote], title: str | None) -> str | None:
    """ "Yes — …"/"No — …" from the first quotes that decide, or None when none does or they disagree."""
    age = asked_age(question)
    question = everyday(asking_part(question))
    # The first verb we know is the asked practice: in "will they tell me if they change it?" it is "tell".
    first = next((f for w in words(question) if (f := family(w)) is not None), None)
    if first is None:
        return None
    asked = nouns(question, title)
    if age is not None:  # "12 year old" is the age, matched against the sentences' age conditions
        asked -= {stem(w) for w in ("year", "years", "old", "yr", "yrs", "aged", "age")}
    verdicts = []
    for i, (n, sentence) in enumerate(quotes[:4]):
        if re.match(r"\s*(?:however|but|nevertheless)\b", sentence, re.I):
            continue  # a qualifier of the sentence before it, not a verdict of its own
        if age is not None and not age_applies(age, sentence):
            continue  # "under 18 but at least 13 … may use" says nothing about a 12 year old
        aged = age is not None and states_age(sentence)
        verdict = _decide(question, sentence, {first}, asked, aged) or _listed(sentence, first, asked)
        after = quotes[i + 1] if i + 1 < len(quotes) else (None, "")
        if verdict and after[0] == n and re.match(r"\s*however\b", after[1], re.I):
            return None  # "… must not provide it. However, with consent … could provide": not a plain answer
        if verdict:
            verdicts.append((n, *verdict))
    if not verdicts or len({v for _, v, _ in verdicts}) > 1:
        return None  # nothing decides, or the top quotes disagree
    n, verdict, clause = verdicts[0]
    if _ABROAD.search(question) and not (_ABROAD.search(clause) or countries().search(clause)):
        return None  # "send my data to other countries?" is not settled by "will not sell … to third parties"
    if verdict == "No" and first == _SHARE and any(shares_with_someone(s) for m, s in quotes[:4] if m != n):
        return None  # "We will not … distribute …" beside "We may share your information with KITA …": no plain No
    return f"{verdict} — {clause.strip().lstrip('-–•* ').rstrip('.;:,')} [{n}]"


def _decide(
    question: str, sentence: str, verbs: set[int], asked: set[str], aged: bool = False
) -> tuple[str, str] | None:
    """("No", clause) when a negation governs an asked verb on an asked thing; ("Yes", sentence) when
    the sentence plainly does the asked thing to everything asked about; else None. ``aged``: the
    sentence's age conditions hold for the age asked about, which is then what was asked."""
    clause = negated(sentence, lambda w: family(w) in verbs)
    if clause:
        actor = NARROW_ACTOR.match(main_clause(clause))
        if actor and not re.search(rf"\b{re.escape(actor.group(1).split()[-1][:5])}", question, re.I):
            return None  # "Our Web beacons do not collect …" says nothing of what the site collects
        said = {stem(w) for w in words(clause, joined=True)}
        # "my …", "about me", "data on me": the asker's things; not "provide me instructions", nor
        # "use cookies on me" (where it is done, not whose data: cookies are still what is asked)
        mine = _MINE.search(question) and (
            _ALL_MINE.search(clause) or (_SELL in verbs and _IDENTIFIABLE.search(clause))
        )
        if asked and not any(_meets(w, said) for w in asked) and not mine:
            return None  # a "not" about something else; five letters so "supervise" meets "supervision"
        if re.search(r"\b(?:not|never)\s+\w+\s+(?:it|them)\b", clause, re.I):
            return None  # "do not share it": what "it" is lies outside the quote
        if any(family(m.group(1) or m.group(2)) in verbs for m in AFFIRMED.finditer(clause)):
            return None  # "we will only share … since we do not share …": it does, within limits
        if _OTHER_PURPOSES.search(clause):
            return None  # "Aside from the purposes described above, we will never share …": those purposes may be the one asked
        purpose = _NOT_FOR.search(clause)
        if (
            purpose
            and family(purpose.group(1)) is not None
            and not _meets(stem(purpose.group(1)), {stem(w) for w in words(question)})
        ):
            return (
                None  # "We do not use cookies to collect personal information" does not answer "do they use cookies?"
            )
        unless = exception(clause)
        topic = {stem(w) for w in words(question) if w not in STOP}
        if unless and topic & ({stem(w) for w in words(unless)} | {stem(w) for w in _EXCEPTED}):
            return None  # "never share … unless required by law" does not answer "can they give it to the police?"
        return "No", clause
    if negated(sentence, lambda w: True, any_not=True) or exception(sentence):
        return None  # some other negation or an exception: the sentence does not plainly affirm
    raw = words(sentence, joined=True)
    # The verb must be the sentence's own, not its leading condition's: "If you do not want information
    # collected …, there is a simple procedure …" collects nothing. What was asked may stand in either.
    said_from = len(raw) - len(words(main_clause(sentence), joined=True))
    stems = [stem(w) for w in raw]
    if not asked and not aged:
        return None  # "do I have to give them …": with nothing asked about, any sentence with the verb would say Yes
    if TELLS_READER.match(main_clause(sentence)):
        return None  # "Use a firewall to prevent unauthorized access …", "Please note: …": advice, not a practice
    other = OTHER_ACTOR.match(main_clause(sentence))
    if other and not re.search(
        rf"\b{re.escape(other.group(1).split()[-1][:5])}|\b(?:others?|anyone|third)\b", question, re.I
    ):
        return None  # "These companies typically use cookies …" is their practice, not the site's
    for i, w in enumerate(raw):
        # The asked things must sit near the verb, not somewhere else in a long sentence; a word of
        # the verb's family used as a noun ("respond to requests for copies") is no verb.
        if (
            i >= said_from
            and family(w) in verbs
            and all(_meets(a, stems[max(0, i - _NEAR) : i + _NEAR]) for a in asked)
            and not TOPIC_OF.intersection(raw[max(0, i - 6) : i])
            and not (i and noun_use(raw[i - 1], w))
        ):
            return "Yes", sentence
    return None


def _listed(sentence: str, first: int, asked: set[str]) -> tuple[str, str] | None:
    """("Yes", item list) for "does it collect/keep my X" when the quote is a list of items (no verb,
    no negation) naming every asked thing: the list an answer quotes for it is what is collected."""
    if first not in (_COLLECT, _STORE) or not asked or len(sentence) > 300:
        return None
    raw = words(sentence)
    if negated(sentence, lambda w: True, any_not=True) or any(family(w) is not None for w in raw):
        return None
    if sentence.count(",") < 2 and "(" not in sentence:
        return None  # not a list
    said = {stem(w) for w in raw}
    return ("Yes", sentence) if all(_meets(w, said) for w in asked) else None


_SAID_AS_STEMS = {stem(k): {stem(w) for w in v.split()} for k, v in SAID_AS.items()}


def _meets(asked: str, said) -> bool:
    """An asked stem is among the quote's: the same first five letters ("supervise", "supervision")
    or one a prefix of the other (the stemmer makes "cook" of "cookies" but "cookie" of "cookie"),
    or a word policies use for it (``phrases.SAID_AS``)."""
    said = list(said)
    for want in {asked} | _SAID_AS_STEMS.get(asked, set()):
        if any(
            a == want
            or a[:5] == want[:5]
            or (min(len(a), len(want)) >= 4 and (a.startswith(want) or want.startswith(a)))
            for a in said
        ):
            return True
    return False

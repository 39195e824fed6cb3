"""Comparison questions answered from the fact sheets: "Which shops keep my data longest?",
"Which shops let me delete my data?", "Which shops sell my data?".

A question is a comparison when it asks across policies ("which shops", "compare", "do any of
the policies") and names no single policy; it is answered here when one fact-sheet category
matches its words. The answer names every policy in scope: one line per policy with its value
and [n] citations of the cell's quotes, then "Not stated by: ..." for the rest; over many policies
the MAX_POLICIES surest values, a line counting the others, and "Not stated by" naming a handful.
Anything else (or a category no pattern matches) goes on to the passage search as before.
"""

from __future__ import annotations

import re

from ingest.facts.categories import DURATION

from ..retrieval.corpus import Corpus
from ..text import content_words
from ..tuning import TUNING as T
from ..types import Answer, Citation
from ..verify import judge
from ..verify.checks import normalise
from .facts import Sheets, claim_of
from .shape import counted, listed

# A cell has up to eight quotes; the chat cites those its value needs, the Compare tab shows them all.
QUOTES_PER_POLICY = 4
_ACROSS = re.compile(
    r"\b(?:which|what)(?: of the| of these| of our)? (?:shops?|stores?|policies|companies|sites?|websites?|retailers?|sellers?|ones?)\b"
    r"|\bcompare\b|\bcomparison\b|\b(?:all|each|every|any)(?: of)?(?: the| these)? (?:shops?|stores?|policies|polic(?:y|ies)|companies|sites?)\b",
    re.I,
)
# (category, words that ask about it, words that may come with them). First match wins: the more
# specific categories come before the broad ones ("sell" before "share"). Only words for the whole
# category: a question about one item ("use SSL", "collect my IP address", "share with the
# police") keeps a word no pattern takes and goes to the passage search, which quotes that item.
_TOPICS: tuple[tuple[str, str, str], ...] = (
    ("do_not_track", r"do[- ]not[- ]track|DNT", r"signals?|respond\w*|honou?r\w*"),
    ("sold", r"sell|sells|sold|selling|sale|rent", r"promise\w*|third|parties"),
    (
        "marketing_optout",
        r"opt(?:[- ])?out|unsubscrib\w*|stop (?:receiving|getting)",
        r"marketing|promotion\w*|newsletters?|advertis\w*|e-?mails?|messages|offers",
    ),
    ("children", r"child(?:ren)?|kids?|minors?|minimum age|age limits?", r"age|under|years|old|set"),
    (
        "abroad",
        r"abroad|overseas|other countries|international(?:ly)?|outside (?:the|my) country",
        r"transfer\w*|send|countries|store",
    ),
    (
        "retention",
        r"how long|keep|keeps|kept|retain|retains|retention|longest|shortest|longer|shorter",
        r"store|stores|records?",
    ),
    ("rights", r"delete|erase|correct|access|rights?|remove|edit", r"account|request|change"),
    ("contact", r"contact|reach|privacy officer", r"questions?|e-?mail|phone|address"),
    ("security", r"security|secure|protect\w*|safeguard\w*", r"measures?|safe"),
    (
        "changes",
        r"(?:change|update)s? (?:to )?(?:the|their|its) (?:privacy )?polic(?:y|ies)|policy changes",
        r"notif\w*|notice|tell",
    ),
    ("automatic", r"track\w*|automatically collect\w*", r"online|browsing|web"),
    ("shared_with", r"share|shares|sharing|shared|disclose\w*|third[- ]part(?:y|ies)", r"whom?|who|companies|partners"),
    ("collected", r"collect\w*|gather\w*|what (?:data|information)", r"kinds?|types?"),
    ("purposes", r"purposes?|(?:use|uses|used|using) (?:my|your|the|our|personal) (?:data|information)", r"why|for"),
)
_TOPIC_RX = tuple(
    (key, re.compile(rf"\b(?:{ask})\b", re.I), re.compile(rf"\b(?:{ask}|{also})\b", re.I)) for key, ask, also in _TOPICS
)
# Words any comparison question may carry besides its topic.
_GENERIC = frozenset(
    "data information info personal details shops shop stores policies policy companies company sites site websites "
    "website retailers sellers ones customer customers user users let lets allow allows give gives promise promises say "
    "says mention mentions state states claim claims tell tells privacy compare comparison these them their most".split()
)
_SAID = {"sold": {"Yes": "Yes, it sells", "No": "No, it does not sell"}}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


def category_of(question: str, strip=lambda q: q) -> str | None:
    """The fact-sheet category a comparison question asks about, or None when it is not one (or
    asks about one item of a category). ``strip`` removes policy names (``Router.strip``)."""
    if not _ACROSS.search(question):
        return None
    for key, ask, words in _TOPIC_RX:
        if ask.search(question):
            rest = words.sub(" ", _ACROSS.sub(" ", strip(question)))
            return None if [w for w in content_words(rest) if w not in _GENERIC] else key
    return None


def answer(
    question: str,
    named: list[str],
    sheets: Sheets,
    corpus: Corpus,
    strip=lambda q: q,
    read: str | None = None,
    row: bool = False,
) -> Answer | None:
    """The fact-sheet answer to a comparison question, or None to answer it from passages. ``read``:
    the category the reading found ("encrypt my payment details": security), used when no words of one
    are asked; with ``row``, that category's row whatever the words, for one policy too ("does it outline …")."""
    if len(named) == 1 and not row:
        return None
    category = (
        (read if row else None)
        or category_of(question, strip)
        or (read if not any(a.search(question) for _, a, _ in _TOPIC_RX) else None)
    )
    if category is None:
        return None
    slugs = named or list(corpus.info)
    order = _order(question, category)
    says = _narrowed(question, category)
    if not named and len(slugs) > T.max_policies:
        stated, more, missing = _bounded(category, slugs, sheets, order, says)
    else:
        facts = [(slug, sheets.get(slug).fact(category)) for slug in slugs]
        stated = [(slug, f) for slug, f in facts if says(f)]
        more, missing = [], [slug for slug, f in facts if not says(f)]
        if order:
            stated.sort(key=order)
    if not stated:
        return None  # no sheet speaks to it: the passage search may still find something
    titles = corpus.titles
    lines, citations = [], []
    for slug, fact in stated:
        markers = "".join(_cite(citations, corpus, slug, q) for q in _supporting(category, fact))
        lines.append(f"- {titles[slug]}: {_said(category, fact.value)}{markers}")
    if more:
        lines.append(
            f"…and {counted(len(more), 'more policy states', 'more policies state')} this: "
            f"{listed([titles[slug] for slug in more])}."
        )
    if missing:
        lines.append("Not stated by: " + listed([titles[slug] for slug in missing]) + ".")
    label = stated[0][1].label.lower()
    return Answer(
        "\n".join(lines),
        citations,
        True,
        "extractive",
        policies=list(slugs),
        notice=f"Answered from the policies' fact sheets ({label}); each value is lifted from the quotes it cites.",
    )


def _order(question: str, category: str):
    """The sort key of a question that asks for the longest or shortest period, else None."""
    if category != "retention" or not re.search(r"\b(?:longest|shortest|longer|shorter)\b", question, re.I):
        return None
    sign = 1 if re.search(r"\bshort", question, re.I) else -1
    return lambda pair: sign * _longest_days(pair[1].value)


# One right asked about ("which shops let me delete my account?"): a policy whose rights cell names
# only others ("access", "update") does not state it. Each the words a rights cell uses for it.
_RIGHTS = (
    (
        re.compile(r"\b(?:delet\w*|eras\w*|remov\w*|close|closing|deactivat\w*|cancel\w*)\b", re.I),
        re.compile(
            r"\b(?:delet\w*|eras\w*|remov\w*|clos\w*|deactivat\w*|cancel\w*|withdr\w*|destroy\w*|terminat\w*)\b", re.I
        ),
    ),
    (
        re.compile(r"\b(?:correct\w*|edit\w*|fix\w*|rectif\w*)\b", re.I),
        re.compile(r"\b(?:correct\w*|edit\w*|rectif\w*|modif\w*|chang\w*|updat\w*|amend\w*|adjust\w*)\b", re.I),
    ),
)


def _narrowed(question: str, category: str):
    """Whether a fact states what was asked: stated, and for a question about one right, that right."""
    if category == "rights":
        for asks, said in _RIGHTS:
            if asks.search(question):
                return lambda fact: fact.stated and bool(said.search(fact.value))
    return lambda fact: fact.stated


def _bounded(
    category: str, slugs: list[str], sheets: Sheets, order, says=lambda fact: fact.stated
) -> tuple[list, list[str], list[str]]:
    """Over more policies than an answer shows: (the first MAX_POLICIES stated facts, the other
    policies whose sheet states it, those whose sheet does not). Ranked on the sheets as ingest
    built them (the surest values first, or by period), and only the shown ones checked by the
    judge, so the cost does not grow with the corpus; the others are counted as ingest found them."""
    facts = [(slug, sheets.unchecked(slug).fact(category)) for slug in slugs]
    said = [(slug, f) for slug, f in facts if says(f)]
    said.sort(key=order or (lambda pair: -pair[1].confidence))
    stated, missing, seen = [], [slug for slug, f in facts if not says(f)], 0
    for slug, _ in said:
        if len(stated) == T.max_policies:
            break
        seen += 1
        fact = sheets.get(slug).fact(category)
        if says(fact):
            stated.append((slug, fact))
        else:
            missing.append(slug)
    return stated, [slug for slug, _ in said[seen:]], missing


def _supporting(category: str, fact) -> list:
    """The quotes to cite: for each part of the value the first quote the judge finds supports
    it alone, so every citation is needed; all the cell's quotes for a part none supports alone."""
    chosen = []
    for part in fact.value.split("; "):
        claim = claim_of(category, part)
        one = next((q for q in fact.quotes if judge(claim, [q.text]).supported), None)
        for q in [one] if one else fact.quotes[:QUOTES_PER_POLICY]:
            if q not in chosen:
                chosen.append(q)
    return sorted(chosen, key=lambda q: q.start)


def _said(category: str, value: str) -> str:
    """A verdict spelled out ("No, it does not sell — unless ..."), so the line reads as a claim."""
    head, sep, rest = value.partition(" — ")
    words = _SAID.get(category, {}).get(head)
    return f"{words}{sep}{rest}" if words else value


def _longest_days(value: str) -> float:
    """The longest period a retention value names, in days (-1 when it names none: "until ...")."""
    days = [-1.0]
    for m in DURATION.finditer(normalise(value)):
        n = re.match(r"\d+", m.group(0))
        unit = re.search(r"(day|week|month|year)", m.group(0), re.I)
        days.append((int(n.group(0)) if n else 1) * _UNIT_DAYS[unit.group(1).lower()])
    return max(days)


def _cite(citations: list[Citation], corpus: Corpus, slug: str, q) -> str:
    """Add fact-sheet quote ``q`` of ``slug`` to ``citations``; its marker (" [n]")."""
    citations.append(Citation(slug, corpus.titles[slug], _section(corpus, slug, q.start), q.text, q.start, q.end))
    return f" [{len(citations)}]"


def _section(corpus: Corpus, slug: str, start: int) -> str:
    for c in corpus.index.manifest.policies[slug].chunks:
        if c.start <= start < c.end:
            return c.section
    return ""

"""The plan of an answer: follow-ups resolved, the scope decided, the gates run, the passages chosen.

Everything an answer backend needs is worked out here once per question (``Plan``); the
extractive answer in it is the default backend's answer and every fallback's.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..reading.practices import named_row, sheet_row
from ..retrieval.corpus import Corpus
from ..retrieval.search import Retriever, Scored, bounded
from ..retrieval.selection import Selector
from ..retrieval.vocabulary import expand
from ..text import content_words
from ..tuning import TUNING as T
from ..types import Answer, Evidence, Plan, Reading
from . import compare, coverage, extractive, overview, shape
from .blanket import with_blanket_no
from .coverage import answer_type, named_terms
from .direct import is_yes_no, wants_contact
from .gates import Abstain, Question, Scope, missing_words, narrow_by_names, typed_passages, unknown_company, weak_match
from .referred import with_referred_contact
from .smalltalk import help_answer

Condense = Callable[[str, list[dict]], "str | None"]
_ENGLISH_ONLY = (
    "I read questions in English (and common Korean privacy words) only, and cannot tell what this asks "
    "about. Please ask in English, e.g. “How long does MIKMIK keep complaint records?”"
)


class Planner:
    def __init__(self, corpus: Corpus, retriever: Retriever, condense: Condense | None = None, sheets=None):
        self.corpus = corpus
        self.retriever = retriever
        self.router = retriever.router
        self.selector = Selector(retriever, corpus.texts.__getitem__, corpus.titles)
        self.condense = condense  # a generative backend's follow-up rewriter, if any
        self.sheets = sheets  # answer.facts.Sheets: comparison questions answer from them (compare.py)

    def plan(self, reading: Reading, history: list[dict]) -> Plan:
        """``reading`` is ``Reader.read`` of the checked question and ``history``."""
        q, named = reading.question, list(reading.named)
        if reading.intent == "small_talk":
            answer = help_answer(list(self.corpus.titles.values()), q)
            return Plan(q, q, [], [], answer, history, final=True, reading=reading)
        if reading.language != "en" and not reading.question.isascii() and not reading.unknown:
            # Not glossed into English (reading/gloss.py), naming no company we know of: say so rather
            # than quote passages matched on nothing.
            return Plan(
                q,
                q,
                [],
                [],
                Answer(_ENGLISH_ONLY, [], False, "extractive", policies=[]),
                history,
                final=True,
                reading=reading,
            )
        # A summary asked as a follow-up ("tl;dr?") is of the policy the turn before was about.
        about = named or (list(reading.policies) if reading.intent == "summary" else [])
        # A summary of one practice ("does MIKMIK's policy clearly outline what it collects?") is that row.
        # Asked of no policy in particular, it is that row of every policy.
        row = (
            named_row(self.router.strip(q), reading.practices)
            if reading.intent == "summary" and len(about) <= 1 and not reading.follow_up
            else None
        )
        sheet = (
            (row and compare.answer(q, about, self.sheets, self.corpus, self.router.strip, row, row=True))
            or overview.overview(q, about, self.sheets, self.corpus, self.router.strip, reading.intent == "summary")
            or compare.answer(
                q,
                named,
                self.sheets,
                self.corpus,
                self.router.strip,
                sheet_row(reading.practices, settling=True) if _across(reading) else None,
            )
            if self.sheets is not None
            else None
        )
        if sheet is not None:  # a comparison question the fact sheets cover: shown as it is by every backend
            return Plan(q, q, sheet.policies, [], sheet, history, final=True, reading=reading)
        question, scope = self._question(reading, history), list(reading.policies)
        if not scope:
            abstain = unknown_company(list(reading.unknown), self.corpus)
            if abstain:
                return self._abstained(question, abstain, False, history, reading)
            scope = list(self.corpus.info)
        cross = len(scope) > 1
        narrowed = narrow_by_names(question, Scope(scope, self.corpus), self.retriever.find)
        if isinstance(narrowed, Abstain):
            return self._abstained(question, narrowed, cross, history, reading)
        scored = self._scored(question, narrowed.policies)
        if len(narrowed.policies) > 1:  # the gates and the selection read a bounded list, however many policies
            scored = scored[: T.cross_pool]
        for gate in (weak_match, missing_words):
            abstain = gate(question, narrowed, scored)
            if abstain and gate is weak_match and len(narrowed.policies) == 1:
                abstain = gate(question, narrowed, self._expanded(question, narrowed.policies)) and abstain
            if abstain:
                return self._abstained(question, abstain, cross, history, reading)
        typed = typed_passages(question, narrowed, scored)
        if isinstance(typed, Abstain):
            return self._abstained(question, typed, cross, history, reading)
        found = [s.unit.id for s in typed]
        if len(narrowed.policies) == 1:
            typed = _period_first(q, _recipients_first(q, typed))
            if wants_contact(q):
                typed = with_referred_contact(typed, self.corpus)
            typed = with_blanket_no(
                q, typed, self.corpus, self.corpus.titles[narrowed.policies[0]], self.router.strip(q)
            )
        # A question asking for a duration or a contact detail wants that fact, not more reading.
        related = None if answer_type(q) else []
        required = named if len(named) > 1 else []
        # A follow-up ("does MIKMIK say the same?") asks what the turn before asked.
        asked = self.router.strip(question.standalone) if question.follow_up else question.bare
        more: list[str] = []  # policies that speak to it beyond those quoted, best first
        groups = self.selector.groups(typed, cross, required=required, related=related, asked=asked, more=more)
        if len(narrowed.policies) > 1:
            titles = self.corpus.titles
            answer = shape.comparison(
                groups,
                [titles[p] for p in narrowed.policies],
                [titles[p] for p in more],
                each_checked=not bounded(len(narrowed.policies)),
            )
        else:
            # Length follows confidence: a settled direct line needs no further passages.
            answer = shape.with_short(extractive.answer(groups), [q, question.standalone])
            if related and not answer.short:
                answer = extractive.answer(groups, related)
                if [s.unit.id for s in typed] == found:
                    # A broad question no rule above pinned a passage for: after the answer's own
                    # quotes, the evidence ranker orders the further ones (docs/models.md, the evidence ranker).
                    lead = [e for _, quotes in groups for e in quotes]
                    groups = self.selector.ranked(typed, asked, lead, reading.intent)
                    answer = extractive.answer(groups)
        if not answer.text:  # nothing close enough to quote as an answer: say so, and offer the closest
            return self._abstained(
                question,
                Abstain(
                    f"{narrowed.who('does', 'The policies do')} not say anything about this.", typed, narrowed.policies
                ),
                cross,
                history,
                reading,
            )
        return self._plan(question, narrowed.policies, answer, groups, history, reading)

    def _question(self, reading: Reading, history: list[dict]) -> Question:
        """The reading as the gates take it; a generative backend may rewrite a follow-up better."""
        q, ignore = reading.question, frozenset(self.router.aliases)
        standalone = reading.standalone
        if reading.follow_up and self.condense is not None:
            standalone = self.condense(q, history) or standalone
        return Question(
            q,
            standalone,
            self.router.strip(q),
            list(reading.named),
            named_terms(q, set(ignore)),
            ignore,
            reading.follow_up and standalone != q,
        )

    def _expanded(self, question: Question, scope: list[str]) -> list[Scored]:
        """The closest passages to the question said in the policies' words ("track me" -> "track me
        cookies cookie log"): a short question in everyday words scores low against the passage
        that answers it."""
        said = expand(self.router.strip(question.standalone) or question.standalone)
        return self.retriever.search(said, scope, keywords=" ".join(content_words(said)))

    def _scored(self, question: Question, scope: list[str]) -> list[Scored]:
        scored = self.retriever.find(question.standalone, scope)
        if question.follow_up and content_words(self.router.strip(question.text)):
            # The follow-up's own words decide; the earlier question only adds context.
            own = {s.unit.id: s.score for s in self.retriever.find(question.text, scope)}
            for s in scored:
                s.score += own.get(s.unit.id, 0.0)
            scored.sort(key=lambda s: -s.score)
        return scored

    def _abstained(
        self, question: Question, abstain: Abstain, cross: bool, history: list[dict], reading: Reading
    ) -> Plan:
        groups = self.selector.groups(abstain.closest[: T.cross_pool], cross, closest=True)
        return self._plan(
            question, abstain.policies, extractive.abstain(abstain.message, groups), groups, history, reading
        )

    @staticmethod
    def _plan(
        question: Question, scope: list[str], answer: Answer, groups, history: list[dict], reading: Reading
    ) -> Plan:
        evidence: list[Evidence] = [e for _, es in groups for e in es]
        return Plan(
            question.text,
            question.standalone,
            list(dict.fromkeys(answer.policies or scope)),
            evidence,
            answer,
            history,
            reading=reading,
        )


def _across(reading: Reading) -> bool:
    """A yes/no question naming no policy and leaning on no earlier turn ("Is my credit card number
    safe?"): asked of every policy, answered per policy from the row of the practice it is about.
    A comparison asked as yes/no ("do all these shops encrypt my payment details?") is one too; those
    naming an item, "which shops use SSL?", keep their passage answers: they cite less."""
    asks_yes_no = reading.intent == "yes_no" or (reading.intent == "comparison" and is_yes_no(reading.question))
    return asks_yes_no and not reading.policies and not reading.follow_up


def _recipients_first(q: str, scored: list[Scored]) -> list[Scored]:
    """A question asking who gets the data: among the closest passages, those naming recipients
    rank first (ahead of "will never be shared with …"), in their own order."""
    return _first(scored, lambda text: coverage.names_recipients(q, text))


def _first(scored: list[Scored], wanted) -> list[Scored]:
    """Among the closest passages, those whose text is ``wanted`` rank first, in their own order."""
    head = scored[: T.recipient_passages]
    naming = [s for s in head if wanted(s.unit.text)]
    if not naming or naming[0] is head[0]:
        return scored
    top = head[0].score
    for i, s in enumerate(naming):
        s.score = top * (1.0 + 1e-3 * (len(naming) - i))
    return sorted(scored, key=lambda s: -s.score)


_PERIOD = re.compile(
    r"\b(an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3})[\s-]*(year|month|week|day|hour)s?\b",
    re.I,
)
_NUMBER = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_NUMBER |= {"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_IN = {"year": (12, "month"), "month": (1, "month"), "week": (7, "day"), "day": (1, "day"), "hour": (1, "hour")}


def periods(text: str) -> set[tuple[int, str]]:
    """The lengths of time a text names, in months, days or hours ("a year" and "12 months" alike)."""
    out = set()
    for m in _PERIOD.finditer(text):
        word = m.group(1).lower()
        n = int(word) if word.isdigit() else _NUMBER[word]
        k, unit = _IN[m.group(2).lower()]
        out.add((n * k, unit))
    return out


def _period_first(q: str, scored: list[Scored]) -> list[Scored]:
    """A question naming a length of time ("if I stop using it for a year?"): among the closest
    passages, those naming the same length ("doesn't use service for 1 year") rank first."""
    asked = periods(q)
    return _first(scored, lambda text: bool(asked & periods(text))) if asked else scored

"""The plan of an answer: follow-ups resolved, the scope decided, the gates run, the passages chosen.

Everything an answer backend needs is worked out here once per question (``Plan``); the
extractive answer in it is the default backend's answer and every fallback's.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from ..retrieval.corpus import Corpus
from ..retrieval.search import Retriever, Scored, bounded
from ..retrieval.selection import Selector
from ..text import content_words
from ..tuning import TUNING as T
from ..types import Answer, Evidence, Plan
from . import compare, coverage, extractive, shape
from .coverage import answer_type, named_terms
from .blanket import with_blanket_no
from .referred import with_referred_contact
from .smalltalk import help_answer, is_smalltalk
from .direct import wants_contact
from .gates import Abstain, Question, Scope, missing_words, narrow_by_names, typed_passages, unknown_company, weak_match

# A follow-up that leans on the previous question: "and payment records?", "what about Kmall24?".
_ELLIPTIC = re.compile(r"^\s*(and|what about|how about|same for|also|ok and|then|and for|and what about)\b", re.I)
Condense = Callable[[str, list[dict]], "str | None"]


class Planner:
    def __init__(self, corpus: Corpus, retriever: Retriever, condense: Condense | None = None, sheets=None):
        self.corpus = corpus
        self.retriever = retriever
        self.router = retriever.router
        self.selector = Selector(retriever, corpus.texts.__getitem__, corpus.titles)
        self.condense = condense  # a generative backend's follow-up rewriter, if any
        self.sheets = sheets  # answer.facts.Sheets: comparison questions answer from them (compare.py)

    def plan(self, q: str, named: list[str], history: list[dict]) -> Plan:
        """``q`` and ``history`` are checked; ``named`` is the policy passed in, or those ``q`` names."""
        q = self.router.respelt(q)  # "Does Ticketmastr …" is asked as "Does ticketmaster.com …"
        if is_smalltalk(q):
            return Plan(q, q, [], [], help_answer(list(self.corpus.titles.values()), q), history, final=True)
        sheet = (compare.overview(q, named, self.sheets, self.corpus, self.router.strip)
                 or compare.answer(q, named, self.sheets, self.corpus, self.router.strip)
                 if self.sheets is not None else None)
        if sheet is not None:  # a comparison question the fact sheets cover: shown as it is by every backend
            return Plan(q, q, sheet.policies, [], sheet, history, final=True)
        question, scope = self._resolve(q, named, history)
        if not scope:
            abstain = unknown_company(question, self.corpus)
            if abstain:
                return self._abstained(question, abstain, False, history)
            scope = list(self.corpus.info)
        cross = len(scope) > 1
        narrowed = narrow_by_names(question, Scope(scope, self.corpus), self.retriever.find)
        if isinstance(narrowed, Abstain):
            return self._abstained(question, narrowed, cross, history)
        scored = self._scored(question, narrowed.policies)
        if len(narrowed.policies) > 1:  # the gates and the selection read a bounded list, however many policies
            scored = scored[:T.cross_pool]
        for gate in (weak_match, missing_words):
            abstain = gate(question, narrowed, scored)
            if abstain:
                return self._abstained(question, abstain, cross, history)
        typed = typed_passages(question, narrowed, scored)
        if isinstance(typed, Abstain):
            return self._abstained(question, typed, cross, history)
        if len(narrowed.policies) == 1:
            typed = _recipients_first(q, typed)
            if wants_contact(q):
                typed = with_referred_contact(typed, self.corpus)
            typed = with_blanket_no(q, typed, self.corpus, self.corpus.titles[narrowed.policies[0]], self.router.strip(q))
        # A question asking for a duration or a contact detail wants that fact, not more reading.
        related = None if answer_type(q) else []
        required = named if len(named) > 1 else []
        # A follow-up ("does MIKMIK say the same?") asks what the turn before asked.
        asked = self.router.strip(question.standalone) if question.follow_up else question.bare
        more: list[str] = []  # policies that speak to it beyond those quoted, best first
        groups = self.selector.groups(typed, cross, required=required, related=related, asked=asked, more=more)
        if len(narrowed.policies) > 1:
            titles = self.corpus.titles
            answer = shape.comparison(groups, [titles[p] for p in narrowed.policies], [titles[p] for p in more],
                                      each_checked=not bounded(len(narrowed.policies)))
        else:
            # Length follows confidence: a settled direct line needs no further passages.
            answer = shape.with_short(extractive.answer(groups), [q, question.standalone])
            if related and not answer.short:
                answer = extractive.answer(groups, related)
        if not answer.text:  # nothing close enough to quote as an answer: say so, and offer the closest
            return self._abstained(question, Abstain(f"{narrowed.who('does', 'The policies do')} not say anything about this.",
                                                     typed, narrowed.policies), cross, history)
        return self._plan(question, narrowed.policies, answer, groups, history)

    def _resolve(self, q: str, named: list[str], history: list[dict]) -> tuple[Question, list[str]]:
        """The question with its follow-up context, and the policies it is about (maybe none yet)."""
        strip = self.router.strip
        previous = self._previous_turn(history)
        standalone, scope = q, list(named)
        follow_up = bool(previous and (not named or _ELLIPTIC.match(q) or not content_words(strip(q))))
        ignore = frozenset(self.router.aliases)
        if follow_up and not named:
            # "Does Amazon sell my data?" / "What about Amazon?" names a company we have no policy
            # of: it is answered as that, never with the shop of the turn before.
            alone = Question(q, q, strip(q), [], named_terms(q, set(ignore)), ignore, False)
            follow_up = unknown_company(alone, self.corpus) is None
        if follow_up:
            prev_q, prev_scope = previous
            scope = scope or prev_scope
            standalone = f"{strip(q)} {strip(prev_q)}"
            if self.condense is not None:
                standalone = self.condense(q, history) or standalone
        question = Question(q, standalone, strip(q), list(named), named_terms(q, set(ignore)), ignore,
                            follow_up and standalone != q)
        return question, scope

    def _scored(self, question: Question, scope: list[str]) -> list[Scored]:
        scored = self.retriever.find(question.standalone, scope)
        if question.follow_up and content_words(self.router.strip(question.text)):
            # The follow-up's own words decide; the earlier question only adds context.
            own = {s.unit.id: s.score for s in self.retriever.find(question.text, scope)}
            for s in scored:
                s.score += own.get(s.unit.id, 0.0)
            scored.sort(key=lambda s: -s.score)
        return scored

    def _abstained(self, question: Question, abstain: Abstain, cross: bool, history: list[dict]) -> Plan:
        groups = self.selector.groups(abstain.closest[:T.cross_pool], cross, closest=True)
        return self._plan(question, abstain.policies, extractive.abstain(abstain.message, groups), groups, history)

    @staticmethod
    def _plan(question: Question, scope: list[str], answer: Answer, groups, history: list[dict]) -> Plan:
        evidence: list[Evidence] = [e for _, es in groups for e in es]
        return Plan(question.text, question.standalone, list(dict.fromkeys(answer.policies or scope)), evidence,
                    answer, history)

    def _previous_turn(self, history: list[dict]) -> tuple[str, list[str]] | None:
        """The last user question and the policies it (or the answer to it) was about."""
        last_q, scope = None, []
        for turn in reversed(_without_smalltalk(history)):
            # "What about Ticketmaster?" asked what the question before it asked: that one is the context.
            if turn["role"] == "user" and last_q is None and content_words(self.router.strip(turn["content"])):
                last_q = turn["content"]
            named = self.router.named(turn["content"])
            if named and not scope:
                scope = named if turn["role"] == "user" else named[:1]
            if last_q is not None and scope:
                break
        return (last_q, scope) if last_q else None


def _without_smalltalk(history: list[dict]) -> list[dict]:
    """The turns without small talk ("hi", "thanks") and the replies to it: the help answer's list of
    policies is no scope for the next question, and "thanks" is no question to follow up."""
    out, skipping = [], False
    for turn in history:
        if turn["role"] == "user":
            skipping = is_smalltalk(turn["content"])
        if not skipping:
            out.append(turn)
    return out


def _recipients_first(q: str, scored: list[Scored]) -> list[Scored]:
    """A question asking who gets the data: among the closest passages, those naming recipients
    rank first (ahead of "will never be shared with …"), in their own order."""
    head = scored[:T.recipient_passages]
    naming = [s for s in head if coverage.names_recipients(q, s.unit.text)]
    if not naming or naming[0] is head[0]:
        return scored
    top = head[0].score
    for i, s in enumerate(naming):
        s.score = top * (1.0 + 1e-3 * (len(naming) - i))
    return sorted(scored, key=lambda s: -s.score)


"""The abstain gates. Each looks at the question, the policies in scope and the scored passages,
and either says why the policies do not answer (an ``Abstain``, which still offers the closest
passages) or lets the question through (``None``). The planner runs them in order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..retrieval.corpus import Corpus
from ..retrieval.search import Scored
from ..text import DOMAIN, stem
from ..tuning import TUNING as T
from . import coverage, direct, shape
from .answer_types import CONTACT
from .phrases import exception
from .yesno import unqualified, yes_no


@dataclass(frozen=True)
class Question:
    """A checked question and what the planner worked out about it once."""

    text: str  # as asked
    standalone: str  # with the follow-up's context resolved
    bare: str  # without the policy names in it
    named: list[str]  # the policies it names (or the one passed as policy=)
    terms: list[str]  # names it relies on ("Google Analytics"), policy names left out
    ignore: frozenset[str]  # every policy alias, as name keys
    follow_up: bool = False  # resolved against an earlier turn


@dataclass(frozen=True)
class Scope:
    policies: list[str]
    corpus: Corpus

    def who(self, one: str, many: str) -> str:
        """'The KMALL24 policy does' for one policy, ``many`` ('The policies do') for several."""
        return f"The {self.corpus.info[self.policies[0]].title} policy {one}" if len(self.policies) == 1 else many


@dataclass(frozen=True)
class Abstain:
    message: str
    closest: list[Scored]  # offered as "The closest passages"
    policies: list[str]  # the scope it speaks for


def unknown_companies(terms: list[str], question: str, corpus: Corpus, known_companies: bool = False) -> list[str]:
    """The names among ``terms`` used as a company's ("does Amazon keep …") that no policy here
    mentions; ``known_companies`` (names from a table of companies): also as the question's first
    words ("naver shopping cookies?"), where another word is only a capital of grammar."""
    unknown = [t for t in terms if not any(coverage.term_in(t, corpus.lower_texts[s]) for s in corpus.info)]
    return [
        t
        for t in unknown
        if _looks_like_company(t, question) or (known_companies and re.match(rf"\W*{re.escape(t)}\b", question, re.I))
    ]


def unknown_company(company: list[str], corpus: Corpus) -> Abstain | None:
    """A question that names no policy here but a company gets the list of policies known, not
    another shop's answer."""
    if not company:
        return None
    known = shape.listed(list(corpus.titles.values()))
    return Abstain(f"I have no privacy policy for {company[0]}. The policies I know are: {known}.", [], [])


def narrow_by_names(
    question: Question, scope: Scope, find: Callable[[str, list[str]], list[Scored]]
) -> Scope | Abstain:
    """A name the question relies on must appear in the policy, or the policy does not say; the
    scope narrows to the policies that have every name."""
    for t in question.terms:
        having = [s for s in scope.policies if coverage.term_in(t, scope.corpus.lower_texts[s])]
        if not having:
            who = scope.who("does not", "None of the policies")
            return Abstain(f"{who} mention {t}.", find(question.standalone, scope.policies), scope.policies)
        scope = Scope(having, scope.corpus)
    return scope


def answered_outright(question: Question, scored: list[Scored], title: str | None = None) -> bool:
    """A passage answers the question outright: one of the closest holds every topic word of the
    question (two at least: "birthday" and "gender" in a list), or the closest settle it (a
    duration, a yes/no, a contact) as the direct answer line would. Then no gate abstains."""
    top = [s.unit.text for s in scored[: T.outright_passages]]
    topic = coverage.specific_words(question.bare, set(question.ignore))
    if len(topic) >= 2 and any(all(coverage.term_in(w, t.lower()) for w in topic) for t in top):
        return True
    quotes = list(enumerate(top[:3], 1))
    if direct.direct_answer(question.text, quotes, title):
        return True
    # A refusal qualified by exceptions set out elsewhere ("We do not sell … except as described
    # below") or by one that is what was asked ("… unless we … are required by law to do so", asked
    # about the police) gives no plain "No", but the policy does speak to it: no abstaining.
    return direct.is_yes_no(question.text) and any(
        yes_no(question.text, [(1, unqualified(t))], title)
        or yes_no(question.text, [(1, _without_exception(t))], title)
        for t in top[:3]
    )


def _without_exception(text: str) -> str:
    unless = exception(text)
    return text.replace(unless, " ") if unless else text


def weak_match(question: Question, scope: Scope, scored: list[Scored]) -> Abstain | None:
    """No passage close to the question: the policy (or any policy) does not cover it."""
    limit = T.weak if len(scope.policies) == 1 else T.off_topic
    if scored and (_best_sim(scored) >= limit or (len(scope.policies) == 1 and answered_outright(question, scored))):
        return None
    return Abstain(f"{scope.who('does', 'The policies do')} not say anything about this.", scored, scope.policies)


def missing_words(question: Question, scope: Scope, scored: list[Scored]) -> Abstain | None:
    """Within one policy: specific words of the question it never uses (in any form, typo or
    synonym), and no passage close enough to make up for them."""
    if len(scope.policies) != 1:
        return None
    missing = coverage.missing_words(question.bare, scope.corpus.lower_texts[scope.policies[0]], question.ignore)
    if not missing or _best_sim(scored) >= T.missing_words_min_sim or answered_outright(question, scored):
        return None
    words = " or ".join(f"“{w}”" for w in missing)
    return Abstain(f"{scope.who('does', '')} not say anything about {words}.", scored, scope.policies)


def typed_passages(question: Question, scope: Scope, scored: list[Scored]) -> list[Scored] | Abstain:
    """A question asking for a duration or a contact detail is answered only by passages holding
    one: those passages, or an abstention when there are none."""
    wanted = coverage.answer_type(question.text)
    if not wanted:
        return scored
    label, pattern = wanted
    typed = [s for s in scored if pattern.search(s.unit.text)]
    topic = coverage.specific_words(question.bare, set(question.ignore))
    if label == "how long":
        typed = [s for s in typed if coverage.about_keeping(_with_lead(s, scope.corpus), topic)]
    elif label not in CONTACT and topic:  # a country named about what was asked, not "Korea business time"
        typed = [s for s in typed if any(coverage.starts_word(stem(w), s.unit.text.lower()) for w in topic)]
    if not typed and label in CONTACT:
        # A contact detail is the answer wherever it stands in the policy: looked for in the
        # policies closest to the question when there are more than an answer quotes.
        corpus = scope.corpus
        policies = set(scope.policies if len(scope.policies) <= T.max_policies else _leading(scored, T.max_policies))
        typed = [
            Scored(u, 0.0, 0.0)
            for p in corpus.info
            if p in policies
            for u in map(corpus.units.__getitem__, corpus.unit_ids[p])
            if u.kind == "sentence"
            and pattern.search(u.text)
            and _TO_THEM.search(_with_lead(Scored(u, 0.0, 0.0), corpus))
        ]
    if typed:
        return typed
    who = scope.who("does", "The policies do")
    message = f"{who} not give {label} for this." if label != "how long" else f"{who} not say how long."
    return Abstain(message, scored, scope.policies)


# A contact detail found away from the question must be one for reaching the company about
# privacy or as a customer, not any number in the text ("… by calling the official Consumer Credit
# Reporting Industry organization at 1-888-567-8688").
_TO_THEM = re.compile(
    r"\b(?:contact|write|e-?mail|call|reach|phone|fax)\w*\s+(?:to\s+)?(?:us|our)\b|\bprivacy\b|\bquestions?\b"
    r"|\bcustomer (?:service|care|support|cent(?:er|re))\b|\bcontact(?: us| information| details)?\s*:|\b(?:tel|fax|e-?mail)\s*[.:]",
    re.I,
)


def _with_lead(s: Scored, corpus: Corpus) -> str:
    """A passage with its section heading and the sentence or so before it: "then the data is
    removed" is about the traffic data the sentence before describes."""
    u = s.unit
    return f"{u.section}\n{corpus.texts[u.policy][max(0, u.start - 160) : u.end]}"


def _leading(scored: list[Scored], n: int) -> list[str]:
    """The first ``n`` policies of the scored passages, best first."""
    out: dict[str, None] = {}
    for s in scored:
        out.setdefault(s.unit.policy)
        if len(out) >= n:
            break
    return list(out)


def _best_sim(scored: list[Scored]) -> float:
    return max((s.dense for s in scored[:10]), default=0.0)


def _looks_like_company(term: str, question: str) -> bool:
    """A name used as the subject or owner ("does Amazon", "Amazon's policy"), not a topic ("use Google Analytics")."""
    t = re.escape(term)
    return bool(
        re.search(
            rf"\b(does|do|did|is|are|was|can|could|will|would|has|have|should|at|from|by|about)\s+{t}\b", question, re.I
        )
        or re.search(
            rf"\b{t}(['’]s?|\s+(privacy|policy|collect|keep|store|share|sell|use|track|delete|retain|protect|handle|say))\b",
            question,
            re.I,
        )
        or DOMAIN.fullmatch(term)
    )

"""Which passages an answer quotes: per policy the best sentence and those close to it, and for
a broad question on one policy the evidence ranker's order (ranker.py); headings are not quoted,
bullets and run-in headings are trimmed off, adjacent sentences merged. Thresholds and budgets
are in tuning.py and models/ranker/ranker.json."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from ..text import content_words, stem, words
from ..tuning import TUNING as T
from ..types import Evidence
from .extent import complete, merge_adjacent, with_antecedent, with_items, with_qualifier
from .features import Asked
from .ranker import Ranker, shipped
from .search import Retriever, Scored
from .vocabulary import GENERIC, expand

Groups = list[tuple[str, list[Evidence]]]  # (title, quotes) per policy


class Selector:
    def __init__(
        self, retriever: Retriever, document: Callable[[str], str], titles: dict[str, str], ranker: Ranker | None = None
    ):
        self.retriever = retriever
        self.document = document
        self.titles = titles
        self._ranker = ranker

    @property
    def ranker(self) -> Ranker:
        """Read on first use: the ranker's features can be computed (tune) before a ranker fits them."""
        if self._ranker is None:
            self._ranker = shipped()
        return self._ranker

    @ranker.setter
    def ranker(self, ranker: Ranker) -> None:  # bench/policyqa.py --ranker measures a fold's
        self._ranker = ranker

    def ranked(self, scored: list[Scored], asked: str, lead: list[Evidence] = (), intent: str | None = None) -> Groups:
        """(title, quotes) of one policy: ``lead`` (the answer's own quotes), then further ones in the ranker's
        order while each is at least ``ratio`` times its best probability; at most ``max_quotes`` quotes
        (adjacent sentences are one) in ``budget`` characters (docs/models.md, the evidence ranker)."""
        r, cand = self.ranker, [s for s in scored if quotable(s.unit.text)] or scored
        cand = [s for s in cand if not s.unit.flagged] or cand
        policy = cand[0].unit.policy
        document, chosen = self.document(policy), list(lead)
        ranked = r.ranked(Asked.of(asked, intent), cand, document)
        for s, p in ranked:
            if chosen and p < r.ratio * ranked[0][1]:
                break
            ev = complete(trim(self.retriever.evidence(s)), document)
            ev = with_qualifier(with_items(with_antecedent(ev, document, chosen), document), document)
            before = list(chosen)
            self._add(chosen, ev, r.budget)
            if len(merge_adjacent(chosen, self.document)) > r.max_quotes:
                chosen[:] = before
        merged = merge_adjacent(chosen, self.document)
        # In the ranker's order: a merged quote sits where its first chosen sentence was.
        merged.sort(key=lambda m: min(i for i, e in enumerate(chosen) if m.start <= e.start < m.end))
        return [(self.titles[policy], merged)]

    def groups(
        self,
        scored: list[Scored],
        cross: bool,
        closest: bool = False,
        required=(),
        related: list | None = None,
        asked: str = "",
        more: list | None = None,
    ) -> Groups:
        """(title, quotes) per policy, adjacent sentences merged: the best sentence and those close
        to it. Given a ``related`` list, a question on one policy that no passage answers outright
        also gets the best passage of each further section on it, appended to ``related``, up to
        ANSWER_CHARS in all. Every quote after the first must use a word of ``asked`` (or a word
        policies answer it with): a passage that does not is padding. Over several policies at most
        MAX_POLICIES are quoted (those ``required`` always); the further ones that speak to it are
        appended to ``more``, best first, for the answer to count."""
        self._asked = asked_stems(asked)
        scored = [s for s in scored if quotable(s.unit.text)] or scored
        # Text addressed to an AI assistant is quoted (marked) only when nothing else in scope is.
        scored = [s for s in scored if not s.unit.flagged] or scored
        if not scored:
            return []
        by_policy: dict[str, list[Scored]] = {}
        for s in scored:
            by_policy.setdefault(s.unit.policy, []).append(s)
        top = scored[0].score
        order = sorted(by_policy, key=lambda p: -by_policy[p][0].score)
        if closest:
            order = order[:2]
        elif not cross:
            order = order[:1]
        else:
            # With no policy named, every policy whose best passage is close enough speaks.
            order = [
                p
                for p in order
                if p in required
                or (by_policy[p][0].score >= T.policy_ratio * top and by_policy[p][0].dense >= T.off_topic)
            ]
            order, beyond = _capped(order, required)
            if more is not None:
                more.extend(beyond)
        # The closest passages of one policy are offered as several quotes, as an answer's are.
        per_policy = 1 if (closest and len(order) > 1) or len(order) > 2 else T.max_quotes
        groups = []
        for p in order:
            cand, title = by_policy[p], self.titles[p]
            chosen = self._pick(cand, per_policy, T.max_chars, T.dense_margin, concise=True)
            groups.append((title, self._merged(chosen)))
            if related is not None and len(order) == 1 and not stands_out(cand):
                # A broad question is answered in several places: show more of them, apart.
                more = self._pick(
                    cand, T.answer_quotes, T.answer_chars, T.floor, concise=False, shown=chosen, aspects=True
                )
                # Room left after one passage per aspect goes to the next best on the question.
                more += self._pick(cand, T.answer_quotes, T.answer_chars, T.floor, concise=False, shown=chosen + more)
                if more:
                    related.append((title, self._merged(more)))
        return groups

    def _pick(
        self,
        cand: list[Scored],
        limit: int,
        budget: int,
        margin: float,
        concise: bool,
        shown: list[Evidence] = (),
        aspects: bool = False,
    ) -> list[Evidence]:
        """The best candidates, in score order, that fit ``limit`` quotes and ``budget`` characters
        together with those already ``shown``; each at most ``margin`` less similar than the best.
        With ``aspects``, at most one per section: the best passage of each further aspect."""
        best = cand[0]
        chosen: list[Evidence] = list(shown)
        # A policy without headings has one section: then sections tell no aspects apart.
        aspects = aspects and len({s.unit.section for s in cand[:20]}) > 1
        covered = max((self._covers(e.text) for e in chosen), default=0)
        for i, s in enumerate(cand):
            if len(chosen) >= limit or (concise and s.score < T.keep_ratio * best.score and i >= T.cover_reach):
                break
            near = s.score >= T.keep_ratio * best.score
            covers_more = self._covers(s.unit.text) >= covered + 2
            if concise and not near and not covers_more:
                continue  # below the best, it must hold two more of the asked words than any quote shown
            # A further quote must itself be about the question, not just near the best one.
            # A passage found by its words alone (not among the dense candidates: its similarity is
            # unknown, not zero) that ranks near the best, or holds more of the question, is judged by those words.
            by_words = s.dense == 0.0 and (near or covers_more)
            if chosen and (
                (s.dense < best.dense - margin and not by_words)
                or not (s.dense >= T.relevant_sim or relevant(s.unit.text, self._asked))
            ):
                continue
            ev = complete(trim(self.retriever.evidence(s)), self.document(s.unit.policy))
            doc = self.document(s.unit.policy)
            ev = with_qualifier(with_items(with_antecedent(ev, doc, chosen), doc), doc)
            if aspects and any(c.section == ev.section for c in chosen[len(shown) :]):
                continue
            n = len(chosen)
            self._add(chosen, ev, budget, first=len(shown))
            if len(chosen) > n:
                covered = max(covered, self._covers(ev.text))
        return chosen[len(shown) :]

    def _add(self, chosen: list[Evidence], ev: Evidence, budget: int, first: int = 0) -> None:
        """Append ``ev`` unless it repeats a quote or overruns ``budget``; a quote holding ones
        already chosen (from ``first`` on: its step before it, its "However" after) replaces them."""
        inside = [
            i
            for i, c in enumerate(chosen)
            if i >= first and c.policy == ev.policy and ev.start <= c.start and c.end <= ev.end and ev.text != c.text
        ]
        if inside and not any(overlapping(ev, c) for i, c in enumerate(chosen) if i not in inside):
            if sum(len(e.text) for e in chosen) - sum(len(chosen[i].text) for i in inside) + len(ev.text) <= budget:
                chosen[inside[0]] = replace(ev, score=max(ev.score, chosen[inside[0]].score))
                for i in reversed(inside[1:]):
                    del chosen[i]
            return
        if any(overlapping(ev, c) or near_duplicate(ev.text, c.text) for c in chosen):
            return  # the same words twice (policies repeat themselves) add nothing
        if chosen and sum(len(e.text) for e in chosen) + len(ev.text) > budget:
            return
        chosen.append(ev)

    def _covers(self, text: str) -> int:
        """How many of the asked words (and the words policies answer them with) the text holds."""
        return len(self._asked & {stem(w) for w in words(text)})

    def _merged(self, evs: list[Evidence]) -> list[Evidence]:
        merged = merge_adjacent(evs, self.document)
        merged.sort(key=lambda e: -e.score)
        return merged


def _capped(order: list[str], required) -> tuple[list[str], list[str]]:
    """The first MAX_POLICIES of ``order`` (and any ``required`` one after them), and the rest."""
    shown = order[: T.max_policies] + [p for p in order[T.max_policies :] if p in required]
    return shown, [p for p in order if p not in shown]


def asked_stems(question: str) -> frozenset[str]:
    """Stems of the question's topic words and of the words policies answer them with."""
    return frozenset(stem(w) for w in content_words(expand(question)) if w not in GENERIC)


def relevant(text: str, asked: frozenset[str]) -> bool:
    """The passage uses one of the asked stems (for a question without topic words, none does:
    closeness to the question decides alone)."""
    return bool(asked & {stem(w) for w in words(text)})


def near_duplicate(a: str, b: str) -> bool:
    """Most of the shorter passage's words are the longer one's: policies repeat themselves."""
    wa, wb = set(content_words(a)), set(content_words(b))
    small = min(len(wa), len(wb))
    return a in b or b in a or (small > 0 and len(wa & wb) / small >= T.duplicate_overlap)


def overlapping(a: Evidence, b: Evidence) -> bool:
    return a.policy == b.policy and a.start < b.end and b.start < a.end


def stands_out(cand: list[Scored]) -> bool:
    """The best passage answers outright: very similar to the question, far ahead in the fused
    ranking, or clearly more similar to the question than the next ones."""
    rest = cand[1:6]
    if cand[0].dense >= T.strong_sim or (rest and rest[0].score < T.lead_ratio * cand[0].score):
        return True
    return (
        bool(rest)
        and cand[0].dense >= T.winner_min_sim
        and cand[0].dense - max(s.dense for s in rest) > T.winner_margin
        and rest[0].score < T.keep_ratio * cand[0].score
    )


def quotable(text: str) -> bool:
    """A sentence worth quoting as an answer: not a heading, a contents line or a table-header cell."""
    words = re.findall(r"[A-Za-z]{2,}", text)
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8 and len(letters) > 3:
        return False  # ALL-CAPS lines are headings or contents entries
    if len(words) < 4 and not re.search(r"\d|@|https?://", text):
        return False
    if text.rstrip().endswith("?"):
        return False  # "What information do we collect?" heads a section; it answers nothing
    if text.rstrip().endswith(":") and len(words) <= 6 and not _LEADS.search(text):
        return False  # "Children under the age of 13:" heads a paragraph; "We collect:" leads into a list
    long_words = [w for w in words if len(w) > 3]
    if len(words) <= 12 and len(long_words) >= 3 and all(w[0].isupper() for w in long_words):
        return False  # a Title Case heading: "Other Information Collected And Shared"
    return True


# Words of a sentence that leads into what follows, rather than a heading that names it.
_LEADS = re.compile(r"\b(?:we|you|our|your|us|following|below|include|includes|including|are|is|as|such)\b", re.I)
_LEAD = re.compile(r"^(?:\s*(?:[-–—•*·]|※|\d{1,2}(?:\.\d{1,2})*\.?(?=\s))\s*)+")


# A heading run into its paragraph by the page's markup ("Sharing Personal Information We may
# share ..."): Title Case words, then a sentence that opens with one of these words.
_RUN_IN = re.compile(
    r"^(?:(?:[A-Z][\w’'&-]*|of|and|or|to|the|for|with|in|on|by|a|an|your|our|we|you|do|how)\s+){1,10}?"
    r"(?=(?:We|You|Your|Our|If|This|These|The|When|In|As|For|To|It|Any|All|Some|Such|Please|By|Where|"
    r"Unless|Although|Because|From|With|On|At|Each|Most|Certain|Once|Only|Except|Under|Upon)\s+[a-z])"
)


def trim(ev: Evidence) -> Evidence:
    """Drop a leading bullet, clause number or run-in heading from a quote; the offsets move with it."""
    cut = 0
    m = _LEAD.match(ev.text)
    if m and m.end() < len(ev.text):
        cut = m.end()
    h = _RUN_IN.match(ev.text, cut)
    if h and _is_heading(ev.text[cut : h.end()]):
        cut = h.end()
    if not cut:
        return ev
    return replace(ev, text=ev.text[cut:], start=ev.start + cut)


def _is_heading(text: str) -> bool:
    words = text.split()
    capital = [w for w in words if w[0].isupper()]
    return len(words) >= 2 and len(capital) >= 2 and len(capital) >= 0.6 * len(words)

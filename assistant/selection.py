"""Which passages an answer quotes: per policy the best sentence and those close to it, and for
a broad question further passages apart. Thresholds and budgets are in extractive.py."""
from __future__ import annotations

from collections.abc import Callable

from . import extractive, gate
from .retrieve import Retriever, Scored
from .types import Evidence

# Below OFF_TOPIC the passage is not about the question at all (any scope).
OFF_TOPIC = 0.30
# Another policy joins a question that names none when its best passage is this close to the best.
POLICY_RATIO = 0.75


class Selector:
    def __init__(self, retriever: Retriever, document: Callable[[str], str], titles: dict[str, str]):
        self.retriever = retriever
        self.document = document
        self.titles = titles

    def groups(self, scored: list[Scored], cross: bool, closest: bool = False, required=(),
               related: list | None = None) -> list[tuple[str, list[Evidence]]]:
        """(title, quotes) per policy, adjacent sentences merged: the best sentence and those close
        to it. Given a ``related`` list, a question on one policy that no passage answers outright
        also gets further passages there, appended to ``related``, up to ANSWER_CHARS in all."""
        scored = [s for s in scored if gate.quotable(s.unit.text)] or scored
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
            order = [p for p in order if p in required or (by_policy[p][0].score >= POLICY_RATIO * top and by_policy[p][0].dense >= OFF_TOPIC)]
        # The closest passages of one policy are offered as several quotes, as an answer's are.
        per_policy = 1 if (closest and len(order) > 1) or len(order) > 2 else extractive.MAX_QUOTES
        groups = []
        for p in order:
            cand, title = by_policy[p], self.titles[p]
            chosen = self._pick(cand, per_policy, extractive.MAX_CHARS, extractive.DENSE_MARGIN, concise=True)
            groups.append((title, self._merged(chosen)))
            if related is not None and len(order) == 1 and not stands_out(cand):
                # A broad question is answered in several places: show more of them, apart.
                more = self._pick(cand, extractive.ANSWER_QUOTES, extractive.ANSWER_CHARS, extractive.FLOOR,
                                  concise=False, shown=chosen)
                if more:
                    related.append((title, self._merged(more)))
        return groups

    def _pick(self, cand: list[Scored], limit: int, budget: int, margin: float, concise: bool,
              shown: list[Evidence] = ()) -> list[Evidence]:
        """The best candidates, in score order, that fit ``limit`` quotes and ``budget`` characters
        together with those already ``shown``; each at most ``margin`` less similar than the best."""
        best = cand[0]
        chosen: list[Evidence] = list(shown)
        for s in cand:
            if len(chosen) >= limit or (concise and s.score < extractive.KEEP_RATIO * best.score):
                break
            # A further quote must itself be about the question, not just near the best one.
            if chosen and s.dense < best.dense - margin:
                continue
            ev = extractive.trim(self.retriever.evidence(s))
            if any(ev.text in c.text or c.text in ev.text for c in chosen):
                continue  # the same words twice (policies repeat themselves) add nothing
            if chosen and sum(len(e.text) for e in chosen) + len(ev.text) > budget:
                continue
            chosen.append(ev)
        return chosen[len(shown):]

    def _merged(self, evs: list[Evidence]) -> list[Evidence]:
        merged = extractive.merge_adjacent(evs, self.document)
        merged.sort(key=lambda e: -e.score)
        return merged


def stands_out(cand: list[Scored]) -> bool:
    """The best passage answers outright: very similar to the question, far ahead in the fused
    ranking, or clearly more similar to the question than the next ones."""
    rest = cand[1:6]
    if cand[0].dense >= extractive.STRONG_SIM or (rest and rest[0].score < extractive.LEAD_RATIO * cand[0].score):
        return True
    return bool(rest) and cand[0].dense >= extractive.WINNER_MIN_SIM \
        and cand[0].dense - max(s.dense for s in rest) > extractive.WINNER_MARGIN \
        and rest[0].score < extractive.KEEP_RATIO * cand[0].score

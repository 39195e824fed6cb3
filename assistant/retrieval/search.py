"""Hybrid search: dense (Chroma, MiniLM) and keyword (BM25) ranks fused per sentence."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.store import PolicyIndex
from ingest.units import Unit

from ..text import content_words
from ..tuning import TUNING as T
from ..types import Evidence
from .corpus import Corpus
from .route import Router
from .spelling import Speller
from .vocabulary import expand


def bounded(policies: int) -> bool:
    """A search over this many policies takes fewer candidates than ``T.candidates`` per policy
    (``Retriever.search``): a policy without one among them was not looked at closely."""
    return T.candidates * policies > T.wide_candidates


@dataclass
class Scored:
    unit: Unit
    score: float  # fused
    dense: float  # cosine similarity of the unit itself (0 when not among dense candidates)
    keyword: float = 0.0  # its own BM25 score (0 when not among keyword candidates); a ranker feature


class Retriever:
    def __init__(self, corpus: Corpus, store: PolicyIndex, embedder, router: Router):
        self.corpus = corpus
        self.store = store
        self.embedder = embedder
        self.router = router
        self.speller = Speller(corpus.texts)

    def find(self, question: str, scope: list[str]) -> list[Scored]:
        """``search`` for a question: its policy names left out (within the named policy its own
        name matches every passage), BM25 given its words plus the words policies answer them with."""
        query = self.router.strip(question) or question
        keyword = getattr(self.corpus, "keyword", None)
        if keyword is not None:
            query = self.speller.respelt(query, keyword.knows)
        keywords = " ".join(content_words(expand(query))) or query
        return self.search(query, scope, keywords=keywords)

    def search(self, query: str, policies: list[str], keywords: str | None = None) -> list[Scored]:
        """Every candidate sentence-level unit of ``policies``, best first.

        ``keywords`` is the text for BM25 (the query expanded with policy vocabulary). A scope of a
        few policies is searched within them alone, so their ranks never depend on the rest of the
        corpus; a wider one with one search of the whole corpus for a bounded number of candidates.
        """
        vector = self.embedder.embed_query(query)  # cached: a question is searched more than once
        scope = sorted(set(policies))
        n = min(T.candidates * len(scope), T.wide_candidates, len(self.corpus.units))  # see bounded()
        everything = len(scope) >= len(self.corpus.info) and set(self.corpus.info) <= set(scope)
        if len(scope) <= T.scoped_policies and not everything:
            hits = self.store.nearest_among(vector, {p: self.corpus.unit_ids.get(p, []) for p in scope}, n)
        else:
            # Only units the manifest lists: Chroma may also hold those of an ingest writing right now.
            hits = self.store.nearest(vector, n, self.corpus.units, None if everything else scope)
        dense_sim = {i: 1.0 - d for i, d in hits}
        fused: dict[str, float] = {}
        for rank, (uid, _) in enumerate(hits):
            fused[uid] = fused.get(uid, 0.0) + 1.0 / (T.rrf_k + rank)
        bm25: dict[str, float] = {}
        for rank, (uid, value) in enumerate(
            self.corpus.keyword.top(keywords or query, n, None if everything else scope)
        ):
            fused[uid] = fused.get(uid, 0.0) + T.keyword_weight / (T.rrf_k + rank)
            bm25[uid] = value
        # A sentence scores its own match plus a share of its chunk's (the clause around it).
        candidates: dict[str, Unit] = {}
        for uid in fused:
            u = self.corpus.units.get(uid)
            if u is None:
                continue
            for sent in self.corpus.sentences_of(u) if u.kind == "chunk" else [u]:
                candidates[sent.id] = sent
        out: dict[str, Scored] = {}
        for sid, sent in candidates.items():
            score = fused.get(sid, 0.0) + T.chunk_weight * fused.get(sent.chunk, 0.0)
            dense = max(dense_sim.get(sid, 0.0), 0.9 * dense_sim.get(sent.chunk, 0.0))
            out[sid] = Scored(sent, score, dense, bm25.get(sid, 0.0))
        return sorted(out.values(), key=lambda s: -s.score)

    def evidence(self, scored: Scored) -> Evidence:
        u = scored.unit
        return Evidence(u.policy, u.title, u.section, u.text, u.start, u.end, round(scored.score, 6), u.flagged)

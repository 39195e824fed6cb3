"""Hybrid retrieval: dense (Chroma, MiniLM) and keyword (BM25) ranks fused, then sentence selection."""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from ingest.units import Unit

from .corpus import Corpus
from .types import Evidence

# Reciprocal rank fusion constant. Small candidate lists (tens of units per policy) make the
# usual 60 too flat; 20 keeps the top ranks decisive while still rewarding agreement.
RRF_K = 20
CANDIDATES = 40
# A sentence inherits part of its chunk's score: the clause around it is context for relevance.
CHUNK_WEIGHT = 0.6
# The keyword ranking counts for more than the dense one: with the query expanded into the words
# policies use (gate.EXPANSIONS), an exact term is stronger evidence than MiniLM's similarity.
KEYWORD_WEIGHT = 1.5


@dataclass
class Scored:
    unit: Unit
    score: float  # fused
    dense: float  # cosine similarity of the unit itself (0 when not among dense candidates)


class Retriever:
    def __init__(self, corpus: Corpus, store, embedder):
        self.corpus = corpus
        self.store = store
        self.embedder = embedder
        self._vectors: OrderedDict[str, list[float]] = OrderedDict()

    def embed(self, text: str) -> list[float]:
        # One question is searched more than once (follow-ups, abstention checks): embed it once.
        vector = self._vectors.get(text)
        if vector is None:
            vector = self.embedder.embed_query(text)
            self._vectors[text] = vector
            if len(self._vectors) > 512:
                self._vectors.popitem(last=False)
        return vector

    def search(self, query: str, policies: list[str], keywords: str | None = None) -> list[Scored]:
        """Every candidate sentence-level unit of ``policies``, best first.

        ``keywords`` is the text for BM25 (the query expanded with policy vocabulary).
        """
        vector = self.embed(query)
        where = {"policy": policies[0]} if len(policies) == 1 else {"policy": {"$in": list(policies)}}
        n = min(CANDIDATES * len(policies), len(self.corpus.units))
        res = self.store.query(query_embeddings=[vector], n_results=n, where=where, include=["distances"])
        dense_ids = res["ids"][0]
        dense_sim = {i: 1.0 - d for i, d in zip(dense_ids, res["distances"][0])}
        fused: dict[str, float] = {}
        for rank, uid in enumerate(dense_ids):
            fused[uid] = fused.get(uid, 0.0) + 1.0 / (RRF_K + rank)
        bm = self.corpus.keyword.scores(keywords or query)
        if bm is not None:
            allowed = set(policies)
            order = np.argsort(-bm)
            rank = 0
            for idx in order[: 50 * CANDIDATES]:
                if bm[idx] <= 0 or rank >= n:
                    break
                u = self.corpus.keyword_units[idx]
                if u is None or u.policy not in allowed:
                    continue
                fused[u.id] = fused.get(u.id, 0.0) + KEYWORD_WEIGHT / (RRF_K + rank)
                rank += 1
        # A sentence scores its own match plus a share of its chunk's (the clause around it).
        candidates: dict[str, Unit] = {}
        for uid in fused:
            u = self.corpus.units.get(uid)
            if u is None:
                continue
            for sent in (self.corpus.sentences_of(u) if u.kind == "chunk" else [u]):
                candidates[sent.id] = sent
        out: dict[str, Scored] = {}
        for sid, sent in candidates.items():
            score = fused.get(sid, 0.0) + CHUNK_WEIGHT * fused.get(sent.chunk, 0.0)
            dense = max(dense_sim.get(sid, 0.0), 0.9 * dense_sim.get(sent.chunk, 0.0))
            out[sid] = Scored(sent, score, dense)
        return sorted(out.values(), key=lambda s: -s.score)

    def evidence(self, scored: Scored) -> Evidence:
        u = scored.unit
        return Evidence(u.policy, u.title, u.section, u.text, u.start, u.end, round(scored.score, 6))

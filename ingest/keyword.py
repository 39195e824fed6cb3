"""The BM25 keyword index beside the Chroma store, with statistics of each policy's own.

A unit's score depends only on the units of its own policy (document frequencies, average
length): adding, changing or removing another policy never moves it (issue 16; with one
corpus-wide index, 3,000 unrelated policies moved MIKMIK's "3 years" clause from rank 1 to 4).
So an ingest re-scores only the policies whose units changed and copies the others' columns.

On disk and in memory it is one sparse matrix, tokens x units, of BM25 weights (the term
of each token in each unit), policies in slug order, each a range of columns. A question
over every policy costs the postings of its tokens; one over a named policy costs a binary
search per token into that policy's columns, however large the corpus is.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from functools import cached_property
from pathlib import Path

import numpy as np

from .bm25 import FORMAT, Block, block_of, tokenize, unit_texts
from .manifest import PolicyEntry

__all__ = ["KeywordIndex", "tokenize", "update"]
log = logging.getLogger(__name__)
# Above this many policies a scope is scored over the whole matrix and masked, not range by range.
_FEW = 16


class KeywordIndex:
    def __init__(self, vocab: list[str], ids: list[str], policies: dict[str, tuple[int, int, str]],
                 data: np.ndarray, indices: np.ndarray, indptr: np.ndarray):
        self.vocab = vocab
        self.ids = ids  # unit id of each column
        self.policies = policies  # slug -> (first column, end column, fingerprint of its units)
        self.data, self.indices, self.indptr = data, indices, indptr  # CSC: column j = unit ids[j]

    @classmethod
    def empty(cls) -> "KeywordIndex":
        return cls([], [], {}, np.zeros(0, np.float32), np.zeros(0, np.int32), np.zeros(1, np.int64))

    @cached_property
    def _token_of(self) -> dict[str, int]:
        return {t: i for i, t in enumerate(self.vocab)}

    @cached_property
    def _rows(self):
        """The same matrix by rows (token -> its units, columns sorted): what questions read."""
        from scipy.sparse import csc_matrix

        m = csc_matrix((self.data, self.indices, self.indptr), shape=(len(self.vocab), len(self.ids))).tocsr()
        m.sort_indices()
        return m

    @cached_property
    def _policy_at(self) -> np.ndarray:
        """Index (in slug order) of the policy each column belongs to."""
        at = np.zeros(len(self.ids), np.int32)
        for i, (start, end, _) in enumerate(self.policies.values()):
            at[start:end] = i
        return at

    def top(self, query: str, n: int, policies: list[str] | None = None) -> list[tuple[str, float]]:
        """Up to ``n`` (unit id, score) of ``policies`` (None: all) that match ``query``, best first."""
        rows, counts = self._query(query)
        if not len(rows) or n <= 0:
            return []
        if policies is not None and len(policies) <= _FEW:
            parts = [self._in_range(rows, counts, *self.policies[p][:2]) for p in sorted(policies) if p in self.policies]
            cols = np.concatenate([c for c, _ in parts]) if parts else np.zeros(0, np.int64)
            scores = np.concatenate([s for _, s in parts]) if parts else np.zeros(0, np.float32)
        else:
            # Summed in float64 in token order, as ``_in_range`` does, so both give the same score.
            hit = self._rows[rows].T @ counts.astype(np.float64)  # over every unit; 0 where no token matches
            cols = np.flatnonzero(hit)
            scores = hit[cols].astype(np.float32)
            if policies is not None:
                named = set(policies)
                wanted = np.array([i for i, p in enumerate(self.policies) if p in named], np.int32)
                keep = np.isin(self._policy_at[cols], wanted)
                cols, scores = cols[keep], scores[keep]
        keep = scores > 0
        cols, scores = cols[keep], scores[keep]
        order = np.lexsort((cols, -scores))[:n]  # ties: column order, so results never depend on sort luck
        return [(self.ids[c], float(scores[i])) for i, c in ((i, cols[i]) for i in order)]

    def knows(self, word: str) -> bool:
        """Some policy uses ``word`` (as BM25 stems it): a real word of the corpus, not a typo."""
        from .bm25 import _stemmer

        return _stemmer().stemWord(word.lower()) in self._token_of

    def scores(self, query: str, policy: str) -> dict[str, float]:
        """Every unit of ``policy`` with its score for ``query`` (0 when no token matches)."""
        start, end, _ = self.policies[policy]
        rows, counts = self._query(query)
        out = dict.fromkeys(self.ids[start:end], 0.0)
        if len(rows):
            cols, scores = self._in_range(rows, counts, start, end)
            out.update((self.ids[c], float(s)) for c, s in zip(cols, scores))
        return out

    def _query(self, query: str) -> tuple[np.ndarray, np.ndarray]:
        """The query's tokens in the vocabulary, each with how often it occurs (bm25s adds a
        repeated query token once per occurrence)."""
        words = tokenize([query], return_ids=False)[0]
        ids = [self._token_of[w] for w in words if w in self._token_of]
        return np.unique(np.asarray(ids, np.int64), return_counts=True)

    def _in_range(self, rows, counts, start: int, end: int) -> tuple[np.ndarray, np.ndarray]:
        """Columns in [start, end) that some query token matches, with their summed weights."""
        m = self._rows
        ip, ind, dat = m.indptr, m.indices, m.data
        cols, vals = [], []
        for r, c in zip(rows, counts):
            lo, hi = ip[r], ip[r + 1]
            a = lo + np.searchsorted(ind[lo:hi], start)
            b = lo + np.searchsorted(ind[lo:hi], end)
            cols.append(ind[a:b])
            vals.append(dat[a:b] * c)
        if not cols:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        summed = np.bincount(np.concatenate(cols) - start, weights=np.concatenate(vals), minlength=end - start)
        hit = np.flatnonzero(summed)
        return hit + start, summed[hit].astype(np.float32)

    def block(self, slug: str) -> Block:
        """One policy's columns, as a block to copy into the next index unchanged."""
        start, end, fp = self.policies[slug]
        a, b = self.indptr[start], self.indptr[end]
        used, local = np.unique(self.indices[a:b], return_inverse=True)  # its own vocabulary, not the corpus's
        return Block(slug, self.ids[start:end], fp, self.data[a:b], local.astype(np.int32),
                     self.indptr[start:end + 1] - a, [self.vocab[t] for t in used])

    def save(self, folder: Path) -> None:
        """Write into a temporary folder, fsync it and rename it to ``folder``, a name no manifest
        names yet (each write gets its own; see ``PolicyIndex.save``): a crash leaves a
        ``.keyword-*`` folder for the next ingest to clean, never a half-written live index."""
        folder = Path(folder)
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".keyword-", dir=folder.parent))
        np.save(tmp / "data.npy", self.data)
        np.save(tmp / "indices.npy", self.indices)
        np.save(tmp / "indptr.npy", self.indptr)
        meta = {"format": FORMAT, "vocab": self.vocab, "policies": self.policies}
        (tmp / "index.json").write_text(json.dumps(meta))
        (tmp / "ids.json").write_text(json.dumps(self.ids))
        for f in tmp.iterdir():
            with open(f, "rb") as fh:
                os.fsync(fh.fileno())
        if folder.exists():  # left by a run killed before its manifest named it
            shutil.rmtree(folder)
        os.replace(tmp, folder)

    @classmethod
    def load(cls, folder: Path) -> "KeywordIndex":
        """The index in ``folder``; FileNotFoundError when it is gone, ValueError when an older
        version of the code wrote it (a rebuild with ``python -m ingest`` replaces it)."""
        folder = Path(folder)
        meta = json.loads((folder / "index.json").read_text()) if (folder / "index.json").exists() else {}
        if meta.get("format") != FORMAT:
            if not folder.is_dir():
                raise FileNotFoundError(folder)
            raise ValueError(f"the keyword index {folder}/ was written by an older version")
        ids = json.loads((folder / "ids.json").read_text())
        policies = {s: (int(a), int(b), str(fp)) for s, (a, b, fp) in meta["policies"].items()}
        return cls(meta["vocab"], ids, policies, np.load(folder / "data.npy"), np.load(folder / "indices.npy"),
                   np.load(folder / "indptr.npy"))


def fingerprint(entry: PolicyEntry, recipe: str) -> str:
    """What a policy's keyword columns are computed from: its text, its chunks and the unit recipe."""
    chunks = [(c.id, c.section, c.start, c.end, c.sentences) for c in entry.chunks]
    return hashlib.sha1(json.dumps([recipe, entry.text, chunks]).encode()).hexdigest()


def previous(folder: Path) -> KeywordIndex | None:
    """The index an ingest updates, or None (missing, or another version's) so it is rebuilt."""
    try:
        return KeywordIndex.load(folder)
    except (OSError, ValueError, KeyError) as exc:
        log.info("rebuilding the keyword index in full (%s)", exc)
        return None


def update(old: KeywordIndex | None, policies: dict[str, PolicyEntry], recipe: str) -> KeywordIndex:
    """The keyword index of ``policies``: a policy whose units are those ``old`` scored keeps
    its columns as they were, the others (new or changed) are tokenized and scored now, and
    policies ``old`` has but ``policies`` lacks are dropped."""
    blocks: list[Block] = []
    fresh: dict[str, tuple[str, PolicyEntry]] = {}
    for slug, entry in sorted(policies.items()):
        fp = fingerprint(entry, recipe)
        if old is not None and slug in old.policies and old.policies[slug][2] == fp:
            blocks.append(old.block(slug))
        else:
            fresh[slug] = (fp, entry)
    made = _score(fresh, recipe)
    blocks = sorted(blocks + made, key=lambda b: b.slug)
    log.info("keyword index: %d policies re-scored, %d kept", len(made), len(blocks) - len(made))
    return _join(blocks)


def _score(fresh: dict[str, tuple[str, PolicyEntry]], recipe: str) -> list[Block]:
    """Blocks of new or changed policies, tokenized in one call (bm25s has a per-call cost)."""
    texts, spans, ids = [], [], []
    for slug, (fp, entry) in fresh.items():
        uids, utexts = unit_texts(entry, recipe)
        spans.append((slug, fp, len(texts), len(texts) + len(utexts)))
        ids.append(uids)
        texts.extend(utexts)
    tokens = tokenize(texts, return_ids=False) if texts else []
    return [block_of(slug, fp, uids, tokens[a:b]) for (slug, fp, a, b), uids in zip(spans, ids)]


def _join(blocks: list[Block]) -> KeywordIndex:
    """One matrix of every block, over one vocabulary of the tokens the blocks use."""
    if not blocks:
        return KeywordIndex.empty()
    token_of: dict[str, int] = {}
    ids, policies, data, indices, indptr = [], {}, [], [], [np.zeros(1, np.int64)]
    nnz = 0
    for b in blocks:
        local = np.array([token_of.setdefault(t, len(token_of)) for t in b.vocab] or [0], np.int32)
        policies[b.slug] = (len(ids), len(ids) + len(b.ids), b.fingerprint)
        ids.extend(b.ids)
        data.append(b.data)
        indices.append(local[b.indices])
        indptr.append(b.indptr[1:] + nnz)
        nnz += len(b.data)
    return KeywordIndex(list(token_of), ids, policies, np.concatenate(data).astype(np.float32),
                        np.concatenate(indices).astype(np.int32), np.concatenate(indptr).astype(np.int64))

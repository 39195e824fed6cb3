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

import json
import logging
from functools import cached_property
from pathlib import Path

import numpy as np

from .bm25 import FORMAT, Block, tokenize
from .keyword_write import build
from .npyfile import NpyRows

__all__ = ["KeywordIndex", "build", "tokenize"]
log = logging.getLogger(__name__)
# Above this many policies a scope is scored over the whole matrix and masked, not range by range.
_FEW = 16


class KeywordIndex:
    def __init__(
        self,
        vocab: list[str],
        ids: list[str],
        policies: dict[str, tuple[int, int, str]],
        data: np.ndarray,
        indices: np.ndarray,
        indptr: np.ndarray,
    ):
        self.vocab = vocab
        self.ids = ids  # unit id of each column
        self.policies = policies  # slug -> (first column, end column, fingerprint of its units)
        self.data, self.indices, self.indptr = data, indices, indptr  # CSC: column j = unit ids[j]

    @classmethod
    def empty(cls) -> KeywordIndex:
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
            parts = [
                self._in_range(rows, counts, *self.policies[p][:2]) for p in sorted(policies) if p in self.policies
            ]
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
        pointers = np.asarray(self.indptr[start : end + 1])
        a, b = int(pointers[0]), int(pointers[-1])
        used, local = np.unique(self.indices[a:b], return_inverse=True)  # its own vocabulary, not the corpus's
        ids = self.ids[start:end]
        ids = [i.decode() for i in ids] if isinstance(ids, np.ndarray) else ids
        return Block(
            slug,
            ids,
            fp,
            np.asarray(self.data[a:b]),
            local.astype(np.int32),
            pointers - a,
            [self.vocab[t] for t in used],
        )

    @classmethod
    def load(cls, folder: Path, lazy: bool = False) -> KeywordIndex:
        """The index in ``folder``; FileNotFoundError when it is gone, ValueError when an older
        version of the code wrote it (a rebuild with ``python -m ingest`` replaces it).
        ``lazy``: for ingest to copy blocks from without holding them: the arrays are read a block
        at a time when asked for (``NpyRows``), and ``ids`` is one array of fixed-width bytes
        (1.17 million ids at 10,000 policies: 29 MB, where a list of strings took about 100 MB)."""
        folder = Path(folder)
        meta = json.loads((folder / "index.json").read_text()) if (folder / "index.json").exists() else {}
        if meta.get("format") != FORMAT:
            if not folder.is_dir():
                raise FileNotFoundError(folder)
            raise ValueError(f"the keyword index {folder}/ was written by an older version")
        raw = (folder / "ids.json").read_bytes()
        ids = _id_bytes(raw) if lazy else json.loads(raw)
        policies = {s: (int(a), int(b), str(fp)) for s, (a, b, fp) in meta["policies"].items()}
        names = ("data", "indices", "indptr")
        arrays = (
            [NpyRows.open(folder / f"{n}.npy") for n in names]
            if lazy
            else [np.load(folder / f"{n}.npy") for n in names]
        )
        return cls(meta["vocab"], ids, policies, *arrays)


def _id_bytes(raw: bytes) -> np.ndarray:
    """``ids.json`` as fixed-width bytes, without a Python object per id when every id has the
    same length (ingest's ids do: a kind letter and 24 hex digits), else through the parser."""
    n, width = raw.count(b","), raw.find(b'"', 2) - 2
    body = raw.strip()[1:-1] + b","
    if width > 0 and len(body) == (n + 1) * (width + 3):
        rows = np.frombuffer(body, [("open", "S1"), ("id", f"S{width}"), ("close", "S2")])
        if (rows["open"] == b'"').all() and (rows["close"] == b'",').all() and b"\\" not in body:
            return rows["id"].copy()
    return id_array(json.loads(raw))


def id_array(ids: list[str]) -> np.ndarray:
    """Unit ids as one array of fixed-width bytes (UTF-8; ``.decode()`` gives each back)."""
    encoded = [i.encode() for i in ids]
    return np.asarray(encoded, dtype=f"S{max(map(len, encoded), default=1)}")


def previous(folder: Path) -> KeywordIndex | None:
    """The index an ingest updates, its arrays read a block at a time (nothing of them held), or
    None (missing, or another version's) so it is rebuilt."""
    try:
        return KeywordIndex.load(folder, lazy=True)
    except (OSError, ValueError, KeyError) as exc:
        log.info("rebuilding the keyword index in full (%s)", exc)
        return None

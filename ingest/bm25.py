"""BM25 of one policy's units: the keyword side's tokenizer and its weights, scored with that policy's statistics.

The variant is bm25s' default ("lucene", k1=1.5, b=0.75): a unit's weight for a token is
idf * tf / (tf + k1 * (1 - b + b * len / avg_len)) with idf = ln(1 + (N - df + 0.5) / (df + 0.5)),
where N, df and avg_len count the units of the same policy only.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .manifest import PolicyEntry

# Bump when tokens or weights change: an ingest then rebuilds the keyword index in full.
FORMAT = "bm25-per-policy-1"
K1, B = 1.5, 0.75


@lru_cache(maxsize=1)
def _bm25s():
    import bm25s

    # bm25s sets its own logger to DEBUG on import, which prints a line on every index build.
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


@lru_cache(maxsize=1)
def _stemmer():
    try:  # PyStemmer makes "records" match "record"; without it BM25 still works on exact words.
        import Stemmer
    except ImportError:  # pragma: no cover - PyStemmer is pinned in requirements.txt
        return None
    return Stemmer.Stemmer("english")


def tokenize(texts: list[str], return_ids: bool = True):
    """BM25's own tokens: English stop words out, Snowball stems (the keyword side's only stemmer)."""
    return _bm25s().tokenize(texts, stopwords="en", stemmer=_stemmer(), return_ids=return_ids, show_progress=False)


@dataclass(frozen=True)
class Block:
    """One policy's columns of the keyword matrix (CSC), over a vocabulary of its own tokens."""

    slug: str
    ids: list[str]  # unit id of each column
    fingerprint: str
    data: np.ndarray  # float32 weights
    indices: np.ndarray  # int32 positions in ``vocab``
    indptr: np.ndarray  # int64, len(ids) + 1, from 0
    vocab: list[str]


def unit_texts(entry: PolicyEntry, recipe: str) -> tuple[list[str], list[str]]:
    """Every unit's id and the text it is matched on (what it is embedded from: section and text)."""
    units = entry.units(recipe)
    return [u.id for u in units], [u.embed_text for u in units]


def block_of(slug: str, fingerprint: str, ids: list[str], tokens: list[list[str]]) -> Block:
    """BM25 weights of one policy's units (``tokens`` of each), from that policy's statistics alone."""
    vocab: dict[str, int] = {}
    cols, toks, tfs, indptr = [], [], [], [0]
    for j, words in enumerate(tokens):
        for word, tf in Counter(words).items():
            cols.append(j)
            toks.append(vocab.setdefault(word, len(vocab)))
            tfs.append(tf)
        indptr.append(len(toks))
    col = np.asarray(cols, np.int64)
    tok = np.asarray(toks, np.int32)
    tf = np.asarray(tfs, np.float32)
    lengths = np.asarray([len(w) for w in tokens], np.float32)
    n = len(tokens)
    avg = float(lengths.mean()) if n and lengths.sum() else 1.0
    df = np.bincount(tok, minlength=len(vocab)).astype(np.float64)  # one (unit, token) pair per unit
    idf = np.log1p((n - df + 0.5) / (df + 0.5)).astype(np.float32)
    weight = idf[tok] * tf / (tf + K1 * (1 - B + B * lengths[col] / avg)) if len(tok) else tf
    return Block(
        slug, list(ids), fingerprint, weight.astype(np.float32), tok, np.asarray(indptr, np.int64), list(vocab)
    )

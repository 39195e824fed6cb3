"""What the reading's classifiers see of a question: its embedding (the project's MiniLM) beside
TF-IDF weights of its words, word pairs and letter n-grams, and a linear model over them.

The same code turns a question into features when the weights are trained (``tune/reader``) and
when a question is answered, so the two cannot drift; answering needs numpy only (no scikit-learn).
Letter n-grams are there for the typos real users make ("privicy", "adress"), which word features
and the word-piece embedding both miss.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
CHAR_NGRAMS = (3, 4, 5)


def terms(text: str) -> tuple[list[str], list[str]]:
    """(words and word pairs, letter n-grams within each word padded by spaces) of ``text``."""
    words = _WORD.findall(text.lower().replace("’", "'"))
    grams = words + [f"{a} {b}" for a, b in pairwise(words)]
    chars = [f" {w} "[i : i + n] for w in words for n in CHAR_NGRAMS for i in range(len(w) + 3 - n)]
    return grams, chars


@dataclass(frozen=True)
class Tfidf:
    """A vocabulary and its inverse document frequencies; vectors are sublinear-tf, L2-normalised."""

    index: dict[str, int]
    idf: np.ndarray

    @classmethod
    def fit(cls, docs: list[list[str]], min_df: int = 2) -> Tfidf:
        df: dict[str, int] = {}
        for doc in docs:
            for t in set(doc):
                df[t] = df.get(t, 0) + 1
        kept = sorted(t for t, n in df.items() if n >= min_df)
        idf = np.array([math.log((1 + len(docs)) / (1 + df[t])) + 1.0 for t in kept], dtype=np.float32)
        return cls({t: i for i, t in enumerate(kept)}, idf)

    def vector(self, doc: list[str]) -> np.ndarray:
        out = np.zeros(len(self.index), dtype=np.float32)
        for t in doc:
            i = self.index.get(t)
            if i is not None:
                out[i] += 1.0
        nz = out > 0
        out[nz] = (1.0 + np.log(out[nz])) * self.idf[nz]
        norm = float(np.linalg.norm(out))
        return out / norm if norm else out


@dataclass(frozen=True)
class Featurizer:
    """[embedding · scale_e | word TF-IDF · scale_w | letter TF-IDF · scale_c]."""

    words: Tfidf
    chars: Tfidf
    scales: tuple[float, float, float] = (1.0, 1.0, 1.0)

    def features(self, text: str, embedding) -> np.ndarray:
        grams, chars = terms(text)
        e, w, c = self.scales
        return np.concatenate(
            [np.asarray(embedding, dtype=np.float32) * e, self.words.vector(grams) * w, self.chars.vector(chars) * c]
        )

    def matrix(self, texts: list[str], embeddings) -> np.ndarray:
        return np.stack([self.features(t, v) for t, v in zip(texts, embeddings)])


@dataclass(frozen=True)
class Linear:
    """One logistic regression per label (``multi``: independent sigmoids, each with its own
    threshold) or one softmax over the labels; weights trained by ``tune/reader``."""

    labels: tuple[str, ...]
    featurizer: Featurizer
    weights: np.ndarray  # labels × features
    bias: np.ndarray
    thresholds: np.ndarray  # per label (multi-label only)
    multi: bool

    def scores(self, text: str, embedding) -> np.ndarray:
        z = self.weights @ self.featurizer.features(text, embedding) + self.bias
        if self.multi:
            return 1.0 / (1.0 + np.exp(-z))
        z = np.exp(z - z.max())
        return z / z.sum()

    def predict(self, text: str, embedding) -> list[str]:
        """The labels over their thresholds (multi-label), or the one most likely label."""
        p = self.scores(text, embedding)
        if self.multi:
            return [label for label, s, t in zip(self.labels, p, self.thresholds) if s >= t]
        return [self.labels[int(p.argmax())]]

    def save(self, folder: Path, name: str, meta: dict) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        f = self.featurizer
        np.savez_compressed(
            folder / f"{name}.npz",
            weights=self.weights.astype(np.float16),
            bias=self.bias.astype(np.float32),
            thresholds=self.thresholds.astype(np.float32),
            word_idf=f.words.idf.astype(np.float32),
            char_idf=f.chars.idf.astype(np.float32),
        )
        head = {
            "labels": list(self.labels),
            "multi": self.multi,
            "scales": list(f.scales),
            "words": sorted(f.words.index, key=f.words.index.get),
            "chars": sorted(f.chars.index, key=f.chars.index.get),
        }
        (folder / f"{name}.json").write_text(
            json.dumps({**meta, **head}, ensure_ascii=False, indent=0) + "\n", encoding="utf-8"
        )

    @classmethod
    def load(cls, folder: Path, name: str) -> Linear:
        head = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        with np.load(folder / f"{name}.npz") as z:
            words = Tfidf({t: i for i, t in enumerate(head["words"])}, z["word_idf"])
            chars = Tfidf({t: i for i, t in enumerate(head["chars"])}, z["char_idf"])
            return cls(
                tuple(head["labels"]),
                Featurizer(words, chars, tuple(head["scales"])),
                z["weights"].astype(np.float32),
                z["bias"],
                z["thresholds"],
                bool(head["multi"]),
            )

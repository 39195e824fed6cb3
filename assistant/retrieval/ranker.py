"""The evidence ranker: how likely each candidate sentence is to hold the answer, and when to stop.

A logistic regression over ``features.NAMES``, trained on PolicyQA dev by ``python -m tune ranker``
and shipped as ``models/ranker/ranker.json`` (a few hundred bytes of weights; the model card
beside it has the cross-validated figures). Inference is numpy: one small matrix product per
question, no scikit-learn at answer time.

On one policy, when no rule pins a passage and the best passage does not answer outright
(retrieval/selection.py ``stands_out``), the answer quotes the candidates in the model's order,
its most likely first, while each stays at or above ``ratio`` times the best one's probability
(at most ``max_quotes``, within ``budget`` characters).

Not used to abstain: on our own eval questions the best candidate's probability of answerable and
unanswerable questions overlaps (0.11-0.37 both; docs/notes/ranker.md), so the gates (answer/gates.py)
still decide when a policy does not answer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ingest.embed import MODELS_DIR

from .features import NAMES, Asked, features
from .search import Scored

SHIPPED = MODELS_DIR / "ranker" / "ranker.json"


@dataclass(frozen=True)
class Ranker:
    names: tuple[str, ...]
    mean: np.ndarray  # standardisation of each feature, fitted with the weights
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    candidates: int  # how many of the fused ranking's best it reads (and was trained on)
    ratio: float  # a further quote is shown while its probability is at least this times the best's
    max_quotes: int
    budget: int  # quote characters of one answer, at most

    @classmethod
    def load(cls, path: Path = SHIPPED) -> Ranker:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        names = tuple(data["names"])
        if names != NAMES:
            raise ValueError(
                f"{path} was trained on features {names}, but features.py computes {NAMES}: "
                "retrain with `python -m tune ranker`"
            )
        return cls(
            names,
            np.array(data["mean"], np.float32),
            np.array(data["scale"], np.float32),
            np.array(data["weights"], np.float32),
            float(data["bias"]),
            int(data["candidates"]),
            float(data["ratio"]),
            int(data["max_quotes"]),
            int(data["budget"]),
        )

    def to_json(self) -> dict:
        return {
            "names": list(self.names),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "weights": self.weights.tolist(),
            "bias": self.bias,
            "candidates": self.candidates,
            "ratio": self.ratio,
            "max_quotes": self.max_quotes,
            "budget": self.budget,
        }

    def probabilities(self, asked: Asked, cand: list[Scored], document: str) -> np.ndarray:
        """P(holds the answer) for each of ``cand`` (one policy's candidates, best fused first)."""
        return self.predict(features(asked, cand, document))

    def predict(self, x: np.ndarray) -> np.ndarray:
        z = ((x - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def ranked(self, asked: Asked, cand: list[Scored], document: str) -> list[tuple[Scored, float]]:
        """The first ``candidates`` of ``cand`` with their probabilities, most likely first."""
        head = cand[: self.candidates]
        p = self.probabilities(asked, head, document)
        order = np.argsort(-p, kind="stable")
        return [(head[i], float(p[i])) for i in order]


@lru_cache(maxsize=1)
def shipped() -> Ranker:
    """The shipped ranker, read once."""
    return Ranker.load()

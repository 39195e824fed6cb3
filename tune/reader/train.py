"""Fitting and cross-validating the reader's linear classifiers (scikit-learn; training only)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from assistant.reading.features import Featurizer, Linear, Tfidf, terms


@dataclass(frozen=True)
class Recipe:
    c: float = 4.0  # inverse L2 strength
    extra_weight: float = 1.0  # weight of a PolicyQA row (group < 0) against a PrivacyQA one
    scales: tuple[float, float, float] = (1.0, 1.0, 1.0)  # embedding, words, letters
    tfidf: bool = True  # False: the embedding alone (the baseline)
    tuned_thresholds: bool = True  # per-label thresholds from inner cross-validation, else 0.5
    inner_folds: int = 3


def fit(
    texts: list[str], emb: np.ndarray, y: np.ndarray, labels, groups: np.ndarray, recipe: Recipe, multi: bool
) -> Linear:
    docs = [terms(t) for t in texts]
    words = Tfidf.fit([d[0] for d in docs]) if recipe.tfidf else Tfidf({}, np.zeros(0, np.float32))
    chars = Tfidf.fit([d[1] for d in docs]) if recipe.tfidf else Tfidf({}, np.zeros(0, np.float32))
    feat = Featurizer(words, chars, recipe.scales)
    x = sparse.csr_matrix(feat.matrix(texts, emb))
    if multi:
        weight = np.where(groups < 0, recipe.extra_weight, 1.0)
        # A label is learned from the rows that state it (-1: the row's data set has no such column).
        models = [
            _lr(recipe.c, True).fit(x[y[:, k] >= 0], y[y[:, k] >= 0, k], sample_weight=weight[y[:, k] >= 0])
            for k in range(y.shape[1])
        ]
        w = np.stack([m.coef_[0] for m in models])
        b = np.array([m.intercept_[0] for m in models])
    else:
        m = _lr(recipe.c, False).fit(x, y)
        w, b = m.coef_, m.intercept_
    thresholds = np.full(len(labels), 0.5, dtype=np.float32)
    if multi and recipe.tuned_thresholds:
        inner = Recipe(recipe.c, recipe.extra_weight, recipe.scales, recipe.tfidf, False)
        p = predict_out_of_fold(texts, emb, y, labels, groups, inner, multi, recipe.inner_folds)
        held = (groups >= 0)[:, None] & (y >= 0)  # chosen on real users' questions where they are labelled
        known = np.where(held.any(axis=0), held, y >= 0)  # PolicyQA's own labels where PrivacyQA has none
        thresholds = np.array(
            [_best_threshold(p[known[:, k], k], y[known[:, k], k]) for k in range(len(labels))], dtype=np.float32
        )
    return Linear(tuple(labels), feat, w.astype(np.float32), b.astype(np.float32), thresholds, multi)


def predict_out_of_fold(
    texts, emb, y, labels, groups, recipe: Recipe, multi: bool, folds: int = 5, decide: bool = False
) -> np.ndarray:
    """Each row scored (or, with ``decide``, labelled) by a model fitted without its group. Rows of a
    negative group (extra data) are trained on in every fold and scored by a model of the last fold
    (only the held-out rows of real groups are measured)."""
    out = np.zeros((len(texts), len(labels)), dtype=np.float32)
    real = np.flatnonzero(groups >= 0)
    always = np.flatnonzero(groups < 0)
    for train, test in GroupKFold(n_splits=folds).split(real, groups=groups[real]):
        train, test = np.concatenate([real[train], always]), real[test]
        model = fit([texts[i] for i in train], emb[train], y[train], labels, groups[train], recipe, multi)
        for i in test:
            if decide:
                out[i] = [label in model.predict(texts[i], emb[i]) for label in labels]
            else:
                out[i] = model.scores(texts[i], emb[i])
    return out


def micro_f1(pred: np.ndarray, gold: np.ndarray) -> float:
    tp = float((pred * gold).sum())
    return 2 * tp / max(1.0, float(pred.sum() + gold.sum()))


def per_label_f1(pred: np.ndarray, gold: np.ndarray) -> list[float]:
    return [micro_f1(pred[:, k], gold[:, k]) for k in range(gold.shape[1])]


def _lr(c: float, binary: bool) -> LogisticRegression:
    # One binary model per label; one softmax (lbfgs) over the labels when they exclude each other.
    return LogisticRegression(C=c, max_iter=3000, solver="liblinear" if binary else "lbfgs", random_state=0)


def _best_threshold(p: np.ndarray, gold: np.ndarray) -> float:
    """The threshold with the best F1 on out-of-fold scores (ties: the one nearest 0.5)."""
    grid = np.round(np.arange(0.1, 0.91, 0.025), 3)
    f1 = [micro_f1((p >= t).astype(np.int8), gold) for t in grid]
    best = max(f1)
    return float(min((t for t, f in zip(grid, f1) if f == best), key=lambda t: abs(t - 0.5)))

"""``python -m tune reader``'s training code: a model fitted on PrivacyQA questions, written and read
back, labels questions as it did before it was written (float16 weights), and learns something."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.reading.features import Linear
from tune.reader.data import PRIVACYQA, intents, privacyqa
from tune.reader.train import Recipe, fit, micro_f1

pytestmark = pytest.mark.skipif(
    not PRIVACYQA.exists(), reason="needs ../shared/benchmarks/privacyqa (the training data)"
)


def test_a_fitted_practices_model_survives_saving_and_beats_guessing(tmp_path, embed):
    data = privacyqa()
    train, test = np.flatnonzero(data.groups < 20), np.flatnonzero(data.groups >= 24)  # held-out apps
    emb = np.asarray(embed(data.texts), dtype=np.float32)
    model = fit(
        [data.texts[i] for i in train],
        emb[train],
        data.y[train],
        data.labels,
        data.groups[train],
        Recipe(inner_folds=2),
        True,
    )
    model.save(tmp_path, "practices", {"figures": {}})
    loaded = Linear.load(tmp_path, "practices")
    before = np.array(
        [[lab in model.predict(data.texts[i], emb[i]) for lab in data.labels] for i in test], dtype=np.int8
    )
    after = np.array(
        [[lab in loaded.predict(data.texts[i], emb[i]) for lab in data.labels] for i in test], dtype=np.int8
    )
    assert (before != after).sum() <= 2  # float16 weights move at most a borderline score
    # Always guessing the commonest label (first-party collection) scores about 0.5 micro-F1.
    common = np.zeros_like(data.y[test])
    common[:, 0] = 1
    assert micro_f1(after, data.y[test]) > micro_f1(common, data.y[test]) + 0.05


def test_every_intent_has_enough_examples_in_several_groups():
    data = intents()
    for k, label in enumerate(data.labels):
        rows = data.y == k
        assert rows.sum() >= 20 and len(set(data.groups[rows])) >= 5, label

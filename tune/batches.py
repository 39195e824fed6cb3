"""Seeded training batches: no question or sentence twice in a batch, similar lengths together.

With in-batch negatives every other positive in a batch is a negative for each question, so a
repeated question or sentence would be its own negative; batches skip such rows, as
sentence-transformers' NoDuplicatesBatchSampler does. Unlike that sampler, rows are grouped by
length (with per-epoch noise): a batch is padded to its longest sentence, and random batches
on this project's 2-core machine padded almost every batch to the 128-token cap, about three
times the mean length (a step took 12-18 s instead of about 5).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from .data import Pair

_JITTER = 0.25  # lengths within about ±25% of each other can share a batch
_MIN_ROWS = 8  # the last clash-filled batches can hold one row, which has no negative to learn from


def batches(pairs: Sequence[Pair], size: int, seed: int, epoch: int, by_policy: bool = False) -> list[list[int]]:
    """Row indices per batch for one epoch; the same (seed, epoch) always gives the same batches.
    With ``by_policy`` every batch holds rows of one policy only, so the in-batch negatives are
    that policy's other answer sentences: the choice the assistant faces when a question names a
    policy, and harder than sentences about other sites' practices."""
    rng = random.Random(seed * 1_000_003 + epoch)
    order = list(range(len(pairs)))
    rng.shuffle(order)
    # Sorted by length with multiplicative noise: neighbours in length share a batch, and the noise
    # (different every epoch) changes which rows meet.
    noise = {i: rng.uniform(1 - _JITTER, 1 + _JITTER) for i in order}
    order.sort(key=lambda i: (len(pairs[i].positive) * noise[i], i))
    groups: dict[str, list[int]] = {}
    for i in order:
        groups.setdefault(pairs[i].slug if by_policy else "", []).append(i)
    out = [b for slug in sorted(groups) for b in _fill(pairs, groups[slug], size)]
    if by_policy:  # rows too few to make a batch of their own policy (its answers repeat) share one
        position = {i: n for n, i in enumerate(order)}
        left = sorted((i for b in out if len(b) < _MIN_ROWS for i in b), key=position.__getitem__)
        out = [b for b in out if len(b) >= _MIN_ROWS] + _fill(pairs, left, size)
    out = [b for b in out if len(b) >= _MIN_ROWS]
    rng.shuffle(out)  # the last, clash-filled batches should not all come at the end of the epoch
    return out


def _fill(pairs: Sequence[Pair], remaining: list[int], size: int) -> list[list[int]]:
    """Batches taken in order from ``remaining``, a row waiting when its question or sentence is
    already in the batch being filled."""
    out: list[list[int]] = []
    while remaining:
        batch: list[int] = []
        seen: set[str] = set()
        deferred: list[int] = []
        for i in remaining:
            p = pairs[i]
            texts = (p.anchor, p.positive, p.negative) if p.negative else (p.anchor, p.positive)
            if len(batch) < size and not seen.intersection(texts):
                batch.append(i)
                seen.update(texts)
            else:
                deferred.append(i)  # a clash (or a full batch) waits for a later batch
        out.append(batch)
        remaining = deferred
    return out

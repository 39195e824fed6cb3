"""Hard negatives from the same policy, mined with the base model.

In-batch negatives are mostly other sites' sentences about other practices: easy. The assistant's
real choice, once a question names a policy, is between that policy's own sentences. For each
(question, answer sentence) pair this picks one sentence of the same policy that the base model
ranks close to the question but that holds none of the question's gold spans. The very closest
ones are skipped: PolicyQA marks a few spans per question, and the sentence just beside the gold
one often says the same thing unmarked; training it away would teach the model that a true answer
is wrong.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from .data import Pair, Policy, Question

SKIP = 2  # closest non-gold sentences never used as negatives (likely unmarked answers)
POOL = 10  # a negative is drawn from the next POOL sentences by base-model cosine


def with_negatives(
    pairs: Sequence[Pair],
    policies: dict[str, Policy],
    questions: Sequence[Question],
    encode: Callable[[list[str]], np.ndarray],
    seed: int,
) -> list[Pair]:
    """``pairs`` with ``negative`` filled in (seeded); a pair whose policy has too few other
    sentences keeps no negative and is left out, since a batch needs every row in the same shape."""
    golds = {(q.slug, q.question): q.golds for q in questions}
    slugs = sorted({p.slug for p in pairs})
    sentences = {s: policies[s].sentences for s in slugs}
    vectors = {s: encode(policies[s].sentence_texts()) for s in slugs}
    asked = sorted({(p.slug, p.anchor) for p in pairs})
    queries = dict(zip(asked, encode([q for _, q in asked])))
    ranked: dict[tuple[str, str], list[int]] = {}
    for slug, question in asked:
        spans = golds[(slug, question)]
        order = np.argsort(-(vectors[slug] @ queries[(slug, question)]), kind="stable")
        free = [
            int(i) for i in order if not any(s < ge and gs < e for gs, ge in spans for s, e in [sentences[slug][i]])
        ]
        ranked[(slug, question)] = free[SKIP : SKIP + POOL]
    rng = random.Random(seed)
    out = []
    for p in pairs:
        pool = ranked[(p.slug, p.anchor)]
        if not pool:
            continue
        s, e = sentences[p.slug][rng.choice(pool)]
        out.append(replace(p, negative=policies[p.slug].text[s:e]))
    return out

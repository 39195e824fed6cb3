"""Fine-tune MiniLM on (question, answer sentence) pairs: in-batch negatives, seeded, on CPU.

A plain PyTorch loop around sentence-transformers' own model, preprocessing and
MultipleNegativesRankingLoss, rather than SentenceTransformerTrainer: the Trainer needs the
``datasets`` and ``accelerate`` packages, which nothing else here uses, and the loop is short
enough to read whole.

The learning rate warms up over the first 10% of the first epoch and then stays constant, so the
model after epoch e of a longer run is exactly the model of an e-epoch run: one cross-validation
run per fold measures every epoch count (``on_epoch``), which matters at minutes per epoch on 2 cores.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .batches import batches
from .data import Pair

TRAIN_TOKENS = 128  # all-MiniLM-L6-v2's own training length; 1% of answer sentences are longer


@dataclass(frozen=True)
class Recipe:
    epochs: int = 2
    lr: float = 3e-5
    batch: int = 64
    seed: int = 0
    warmup: float = 0.1  # share of the first epoch's steps spent ramping the learning rate up
    threads: int = 2
    by_policy: bool = False  # every batch from one policy (its other answers are the negatives)
    mined: bool = False  # plus one mined same-policy negative per pair (tune/negatives.py)

    def describe(self) -> str:
        negatives = (" of one policy each" if self.by_policy else "") + (
            ", plus one mined same-policy hard negative per pair" if self.mined else ""
        )
        return (
            f"MultipleNegativesRankingLoss (scale 20, cosine), batches of {self.batch}{negatives} with no repeated question or "
            f"sentence, lr {self.lr:g} constant after a {self.warmup:.0%} warm-up, {self.epochs} epoch(s), "
            f"word embeddings frozen, {TRAIN_TOKENS} tokens, seed {self.seed}, {self.threads} CPU threads"
        )


def seed_everything(seed: int, threads: int) -> None:
    import numpy as np
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)


def train(
    pairs: Sequence[Pair],
    recipe: Recipe,
    base: str,
    on_epoch: Callable[[int, object], None] | None = None,
    log: Callable[[str], None] = print,
):
    """A SentenceTransformer loaded from ``base`` and trained on ``pairs``, returned in eval mode.
    ``on_epoch(epoch, model)`` runs after each epoch with the model in eval mode."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss

    seed_everything(recipe.seed, recipe.threads)
    model = SentenceTransformer(base, device="cpu")
    inference_tokens, model.max_seq_length = model.max_seq_length, TRAIN_TOKENS
    # The 30k-row vocabulary table is half the weights; freezing it halves the optimiser's work and
    # keeps words the questions never use where the base model put them.
    model[0].auto_model.embeddings.word_embeddings.weight.requires_grad_(False)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=recipe.lr, weight_decay=0.01)
    warmup = max(1, int(recipe.warmup * len(batches(pairs, recipe.batch, recipe.seed, 0, recipe.by_policy))))
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: min(1.0, (step + 1) / warmup))
    loss = MultipleNegativesRankingLoss(model)
    step, started = 0, time.perf_counter()
    for epoch in range(recipe.epochs):
        model.train()
        for batch in batches(pairs, recipe.batch, recipe.seed, epoch, recipe.by_policy):
            features = [
                model.preprocess([pairs[i].anchor for i in batch]),
                model.preprocess([pairs[i].positive for i in batch]),
            ]
            if recipe.mined:
                features.append(model.preprocess([pairs[i].negative for i in batch]))
            value = loss(features, None)
            value.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step += 1
            if step % 10 == 0:
                log(f"step {step} epoch {epoch + 1} loss {value.item():.4f} {time.perf_counter() - started:.0f}s")
        model.eval()
        model.max_seq_length = inference_tokens
        log(f"epoch {epoch + 1} done after {step} steps, {time.perf_counter() - started:.0f}s")
        if on_epoch is not None:
            on_epoch(epoch + 1, model)
        model.max_seq_length = TRAIN_TOKENS
    model.max_seq_length = inference_tokens
    return model

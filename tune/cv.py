"""Cross-validation over PolicyQA dev policies: train on one half, measure on the other, swap.

PolicyQA dev is the training data, so its in-sample figures flatter the model; the recipe and
the number of epochs are chosen on these held-out figures instead. The base model is measured
on the same held-out policies, so each row compares like with like.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .data import Policy, Question, folds, pairs
from .measure import Score, policyqa, score
from .train import Recipe, train


@dataclass(frozen=True)
class Row:
    fold: int
    epochs: int  # 0: the base model
    score: Score


def encoder(model) -> Callable[[list[str]], object]:
    """Unit vectors from a SentenceTransformer, each distinct text encoded once."""

    def encode(texts: list[str]):
        unique = list(dict.fromkeys(texts))
        vectors = model.encode(unique, batch_size=64, normalize_embeddings=True, convert_to_numpy=True)
        row = {t: i for i, t in enumerate(unique)}
        return vectors[[row[t] for t in texts]]

    return encode


def cross_validate(
    policies: dict[str, Policy],
    questions: Sequence[Question],
    recipe: Recipe,
    base: str,
    log: Callable[[str], None] = print,
    only: int | None = None,
    save: str | None = None,
) -> list[Row]:
    """Rows for the base model and every epoch of every fold (or of fold ``only``). With ``save``,
    each fold's final model is written to ``save/fold-K`` and every epoch's to ``save/fold-K/epoch-E`` (fp16, as shipped), so held-out figures
    through the whole assistant (bench/policyqa.py) can use a model that never saw those policies."""
    from sentence_transformers import SentenceTransformer

    base_encode = encoder(SentenceTransformer(base, device="cpu"))
    rows: list[Row] = []
    for k, held in enumerate(folds(list(policies))):
        if only is not None and k != only:
            continue
        held_policies = {s: policies[s] for s in held}
        held_questions = [q for q in questions if q.slug in held]
        train_pairs = pairs(
            {s: p for s, p in policies.items() if s not in held}, [q for q in questions if q.slug not in held]
        )
        if recipe.mined:
            from .negatives import with_negatives

            train_pairs = with_negatives(train_pairs, policies, questions, base_encode, recipe.seed)
        rows.append(Row(k, 0, score(policyqa(base_encode, held_policies, held_questions))))
        log(f"fold {k}: {len(train_pairs)} training pairs; base on held-out {rows[-1].score}")

        def measured(
            epoch: int, model, k=k, held=held, held_policies=held_policies, held_questions=held_questions
        ) -> None:
            rows.append(Row(k, epoch, score(policyqa(encoder(model), held_policies, held_questions))))
            log(f"fold {k} epoch {epoch}: held-out {rows[-1].score}")
            if save is not None:
                # Every epoch's model, so the epoch count can be chosen on the whole assistant too.
                _save(model, Path(save) / f"fold-{k}" / f"epoch-{epoch}", held, log)

        model = train(train_pairs, recipe, base, on_epoch=measured, log=log)
        if save is not None:
            _save(model, Path(save) / f"fold-{k}", held, log)
    return rows


def _save(model, folder: Path, held: Sequence[str], log: Callable[[str], None]) -> None:
    from .ship import save_fp16

    save_fp16(model, folder)
    (folder / "held_out.txt").write_text("\n".join(sorted(held)) + "\n")
    log(f"model written to {folder} (held-out policies in held_out.txt)")


def table(rows: Sequence[Row]) -> str:
    """Markdown: hit@5 and mean characters per fold and their mean (pairs weighted equally per fold)."""
    folds_seen = sorted({r.fold for r in rows})
    lines = [
        "| model | " + " | ".join(f"fold {f} held out" for f in folds_seen) + " | mean |",
        "| --- |" + " --- |" * (len(folds_seen) + 1),
    ]
    for epochs in sorted({r.epochs for r in rows}):
        cells = [next((r.score for r in rows if r.fold == f and r.epochs == epochs), None) for f in folds_seen]
        done = [c for c in cells if c is not None]
        # A mean over some folds only would not compare with the rows over all of them.
        mean = (
            f"{sum(c.hit_rate for c in done) / len(done):.1%} at {sum(c.mean_chars for c in done) / len(done):.0f} chars"
            if len(done) == len(cells)
            else "-"
        )
        name = "base all-MiniLM-L6-v2" if epochs == 0 else f"tuned, {epochs} epoch(s)"
        lines.append(
            f"| {name} | "
            + " | ".join(f"{c.hit_rate:.1%} at {c.mean_chars:.0f}" if c else "-" for c in cells)
            + f" | {mean} |"
        )
    return "\n".join(lines)

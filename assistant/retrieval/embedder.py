"""The question-time embedder: the selected MiniLM (tuned by default, ``ingest.embed.model_folder``)
in plain numpy (``minilm``), behind the
one embedding cache that retrieval, the guard's judge and the evaluation share.

Ingest embeds with sentence-transformers on torch (``ingest.embed``), fastest on its batches;
the numpy copy imports and loads in about 0.3 s where sentence-transformers took about 9 s of a
cold process's first answer, and its vectors match ingest's to a cosine of 0.9999.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from functools import lru_cache

import numpy as np

log = logging.getLogger(__name__)
_lock = threading.Lock()


class CachedEmbeddings:
    """LangChain's ``Embeddings`` interface over a model, embedding each text once: a question is
    searched several times (follow-ups, abstention checks), and the judge embeds the same evidence
    sentences for every statement. Keeps the ``size`` most recently used vectors."""

    def __init__(self, model, size: int = 4096):
        self.model = model
        self.size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        texts = [str(t) for t in texts]
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            fresh = np.asarray(self.model.embed_documents(missing), dtype=np.float32)
            with self._lock:
                self._vectors.update(zip(missing, fresh))
        with self._lock:
            out = []
            for t in texts:
                vector = self._vectors.get(t)
                if vector is None:  # evicted by another thread meanwhile
                    vector = np.asarray(self.model.embed_query(t), dtype=np.float32)
                self._vectors[t] = vector
                self._vectors.move_to_end(t)
                out.append(vector.tolist())
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)
        return out

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]

    async def aembed_query(self, text: str) -> list[float]:
        import asyncio

        return await asyncio.to_thread(self.embed_query, text)

    async def aembed_documents(self, texts: list[str]) -> list[list[float]]:
        import asyncio

        return await asyncio.to_thread(self.embed_documents, texts)


@lru_cache(maxsize=2)
def query_embedder(choice: str = "tuned") -> CachedEmbeddings:
    """The process's question-time embedder for model ``choice`` (Settings.embedding), loaded on
    first use: the same weights ingest embedded the index with."""
    from ingest.embed import MODEL_NAMES, model_folder

    from .minilm import MiniLM

    with _lock:
        log.info("loading query encoder %s (numpy)", MODEL_NAMES[choice])
        query_threads()  # whoever embeds with it (assistant, eval's judge, tests) gets one BLAS thread
        return CachedEmbeddings(MiniLM(model_folder(choice)))


def query_threads() -> None:
    """Embed questions on one BLAS thread: a single short text gains nothing from two, and on a
    busy 2-core machine two OpenBLAS threads made each matrix product of a question about ten
    times slower (a question took 1 s instead of 12 ms). Torch's threads, which ingest uses, stay."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")

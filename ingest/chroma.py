"""The Chroma client: an embedded store under the index folder, or a server (``CHROMA_HOST``).

One client per index per process, built here and nowhere else. An embedded client keeps its
vector index in memory, so it does not see what another process (an ingest run) wrote since it
opened: its next filtered query fails with "Error finding id" (measured on chromadb 1.5.9).
``reopen`` drops such a client so the next call opens a fresh one that reads the store as it
is on disk now; readers call it when a query fails and when the manifest changed.
"""

from __future__ import annotations

import logging
import os
import threading

from .errors import IndexMissingError
from .settings import Settings

COLLECTION = "policy_units"
log = logging.getLogger(__name__)
_open: dict[tuple, tuple] = {}  # (index, host, port) -> (client, collection)
_lock = threading.Lock()


def _key(settings: Settings) -> tuple:
    return (os.path.abspath(settings.index), settings.chroma_host, settings.chroma_port)


def collection(settings: Settings):
    """The collection of every unit's vector (embedded store, or the server's)."""
    return _entry(settings)[1]


def chroma_client(settings: Settings):
    """An embedded PersistentClient under the index folder, or an HttpClient when CHROMA_HOST is set."""
    return _entry(settings)[0]


def reopen(settings: Settings, stale_client=None) -> None:
    """Close this process's embedded client of ``settings.index`` (only if it is still
    ``stale_client``, when given: a thread that raced here first already reopened it)."""
    if settings.chroma_host:
        return  # a server has one view of the store for every client
    with _lock:
        entry = _open.get(_key(settings))
        if entry is None or (stale_client is not None and entry[0] is not stale_client):
            return
        del _open[_key(settings)]
    log.info("reopening the Chroma store in %s/ to see what another process wrote", settings.index)
    entry[0].close()


def _entry(settings: Settings) -> tuple:
    key = _key(settings)
    with _lock:
        if key not in _open:
            client = _client(*key)
            _open[key] = (client, client.get_or_create_collection(COLLECTION, metadata={"hnsw:space": "cosine"}))
        return _open[key]


def _client(index: str, host: str | None, port: int):
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

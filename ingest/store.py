"""The index on disk as one typed value: the manifest, the keyword index and the Chroma collection.

Ingest writes it (``PolicyIndex.for_writing`` then ``save``); the assistant opens it read-only
(``PolicyIndex.open``), which raises ``IndexMissingError`` saying to run ``python -m ingest``
when it is missing, stale or empty. Nothing here rebuilds an index: that happens at the edges
(``python -m ingest``, ``make run``, the app's start-up, the CLIs; see ``ingest.index.ensure``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import manifest as manifests
from .errors import IndexMissingError
from .keyword import KeywordIndex
from .manifest import Manifest
from .settings import Settings

COLLECTION = "policy_units"


@dataclass
class PolicyIndex:
    settings: Settings
    manifest: Manifest
    keyword: KeywordIndex | None = None

    @property
    def folder(self) -> Path:
        return Path(self.settings.index)

    @property
    def collection(self):
        """The Chroma collection of every unit's vector (embedded store, or the server's)."""
        return collection(self.settings)

    @classmethod
    def for_writing(cls, settings: Settings) -> "PolicyIndex":
        """The index as it is now (possibly empty or stale), for ingest to update."""
        return cls(settings, manifests.read(settings.index))

    @classmethod
    def open(cls, settings: Settings) -> "PolicyIndex":
        """The built index, read-only; raises ``IndexMissingError`` saying what to run when it is not usable."""
        data = manifests.read(settings.index)
        problem = _problem(Path(settings.index), data)
        if problem:
            raise IndexMissingError(problem)
        return cls(settings, data, KeywordIndex.load(Path(settings.index) / "keyword"))

    def save(self, keyword: KeywordIndex) -> None:
        """Keyword index first, manifest last: the manifest is what marks the index as built."""
        keyword.save(self.folder / "keyword")
        manifests.write(self.folder, self.manifest)
        self.keyword = keyword


def status(settings: Settings) -> str | None:
    """None when the index is usable, else what is wrong with it and what to run."""
    return _problem(Path(settings.index), manifests.read(settings.index))


def _problem(index: Path, data: Manifest) -> str | None:
    if not manifests.path_of(index).exists():
        return f"no index in {index}/; build it with `python -m ingest` (or `make run`, which does it for you)"
    if data.stale:
        return f"the index in {index}/ was built by an older version of the assistant; rebuild it with `python -m ingest`"
    if not data.policies:
        return f"the index in {index}/ holds no policies; run `python -m ingest PATH` with policy files"
    return None


def collection(settings: Settings):
    return chroma_client(settings).get_or_create_collection(COLLECTION, metadata={"hnsw:space": "cosine"})


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

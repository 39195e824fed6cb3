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
from .settings import EMBEDDINGS, Settings
from .units import embed_recipe

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
    def recipe(self) -> str:
        """The embedding recipe the settings select: part of every unit id, recorded in the manifest."""
        return embed_recipe(self.settings.embedding)

    @property
    def collection(self):
        """The Chroma collection of every unit's vector (embedded store, or the server's)."""
        return collection(self.settings)

    @classmethod
    def for_writing(cls, settings: Settings) -> "PolicyIndex":
        """The index as it is now (possibly empty or stale), for ingest to update."""
        return cls(settings, manifests.read(settings.index, embed_recipe(settings.embedding)))

    @classmethod
    def open(cls, settings: Settings) -> "PolicyIndex":
        """The built index, read-only; raises ``IndexMissingError`` saying what to run when it is not usable."""
        data = manifests.read(settings.index, embed_recipe(settings.embedding))
        problem = _problem(Path(settings.index), data, settings.embedding)
        if problem:
            raise IndexMissingError(problem)
        return cls(settings, data, KeywordIndex.load(Path(settings.index) / "keyword"))

    def save(self, keyword: KeywordIndex) -> None:
        """Keyword index first, manifest last: the manifest is what marks the index as built."""
        keyword.save(self.folder / "keyword")
        manifests.write(self.folder, self.manifest, self.recipe)
        self.keyword = keyword


def status(settings: Settings) -> str | None:
    """None when the index is usable, else what is wrong with it and what to run."""
    return _problem(Path(settings.index), manifests.read(settings.index, embed_recipe(settings.embedding)), settings.embedding)


def _problem(index: Path, data: Manifest, embedding: str) -> str | None:
    if not manifests.path_of(index).exists():
        return f"no index in {index}/; build it with `python -m ingest` (or `make run`, which does it for you)"
    wanted = embed_recipe(embedding)
    other = next((c for c in EMBEDDINGS if c != embedding and data.recipe == embed_recipe(c)), None)
    if other is not None:  # the other shipped model built it: say so, rather than "an older version"
        return (f"the index in {index}/ was built with the {other} embedding model, but ASSISTANT_EMBEDDING="
                f"{embedding} selects {wanted.split('|', 1)[0]}; rebuild it with `python -m ingest` so the "
                "vectors of two models are not mixed")
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

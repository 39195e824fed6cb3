"""The index on disk as one typed value: the manifest, the keyword index and the Chroma collection.

Ingest writes it (``PolicyIndex.for_writing`` then ``save``, under the writer lock); the assistant
opens it read-only (``PolicyIndex.open``), which raises ``IndexMissingError`` saying to run
``python -m ingest`` when it is missing, stale or empty. Nothing here rebuilds an index: that
happens at the edges (``python -m ingest``, ``make run``, the app's start-up, the CLIs; see
``ingest.index.ensure``).

The manifest is the commit point. It names the keyword folder written with it, and readers use
only the units it lists: Chroma may hold vectors of a write in progress or of a killed one.
``stamp`` is a cheap check (one ``stat``) that tells a long-running reader a new index is there.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import manifest as manifests
from .chroma import chroma_client, collection, reopen
from .errors import IndexMissingError
from .keyword import KeywordIndex
from .manifest import Manifest
from .settings import Settings
from .units import units_of
from .writer import checkpoint

__all__ = ["PolicyIndex", "collection", "chroma_client", "reopen", "stamp", "status"]
log = logging.getLogger(__name__)


@dataclass
class PolicyIndex:
    settings: Settings
    manifest: Manifest
    keyword: KeywordIndex | None = None
    opened_as: tuple | None = field(default=None, compare=False)  # the manifest file's stamp when it was read

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
        folder = Path(settings.index)
        for attempt in range(5):
            seen = stamp(settings)  # before reading: a switch after it shows as a change next time
            data = manifests.read(folder)
            problem = _problem(folder, data)
            if problem:
                raise IndexMissingError(problem)
            try:
                return cls(settings, data, KeywordIndex.load(folder / data.keyword), seen)
            except FileNotFoundError:
                # An ingest switched the manifest and removed this keyword folder since we read it.
                time.sleep(0.05 * (attempt + 1))
        raise IndexMissingError(
            f"the keyword index {folder / data.keyword}/ that the manifest names is missing; rebuild it with `python -m ingest`"
        )

    def is_current(self) -> bool:
        """False once another write switched the manifest since this index was opened."""
        return stamp(self.settings) == self.opened_as

    def unit_ids(self) -> set[str]:
        """Every unit id the manifest lists: the only ones readers may use."""
        return {u.id for e in self.manifest.policies.values() for u in units_of(e.to_chunks(), e.text)}

    def save(self, keyword: KeywordIndex) -> None:
        """A new keyword folder first, then the manifest that names it, switched atomically: the
        manifest is what marks the new index as built, and readers pair it with its own folder."""
        generation = self.manifest.generation + 1
        name = f"keyword-{generation}"
        keyword.save(self.folder / name)
        checkpoint("keyword")
        self.manifest.generation, self.manifest.keyword = generation, name
        manifests.write(self.folder, self.manifest)
        checkpoint("manifest")
        self.keyword = keyword

    def nearest(self, vector: list[float], policies: list[str], n: int, known) -> list[tuple[str, float]]:
        """The ``n`` units of ``policies`` nearest to ``vector`` that are in ``known`` (the manifest's
        units), closest first, as (id, cosine distance). Vectors no manifest lists (an ingest is
        writing, or a killed one left them) are skipped, fetching more until ``n`` known ones are found."""
        where = {"policy": policies[0]} if len(policies) == 1 else {"policy": {"$in": list(policies)}}
        want = n
        while True:
            res = self._query(vector, want, where)
            ids, distances = res["ids"][0], res["distances"][0]
            hits = [(i, d) for i, d in zip(ids, distances) if i in known]
            if len(hits) >= n or len(ids) < want:
                return hits[:n]
            want *= 2

    def _query(self, vector, n: int, where: dict) -> dict:
        for attempt in range(2):
            client = chroma_client(self.settings)
            try:
                return collection(self.settings).query(query_embeddings=[vector], n_results=n, where=where,
                                                       include=["distances"])
            except Exception:  # chromadb raises InternalError, among others, for a stale embedded view
                if attempt or self.settings.chroma_host:
                    raise
                reopen(self.settings, client)


def stamp(settings: Settings) -> tuple | None:
    """Identity of the manifest file now (inode, mtime, size), None when there is none. The
    manifest is replaced by rename, so every write gives a new inode: a changed stamp is a new index."""
    try:
        st = manifests.path_of(settings.index).stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


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

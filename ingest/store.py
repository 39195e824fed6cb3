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
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import keyword as keywords, manifest as manifests, vectors as sidecar
from .chroma import chroma_client, collection, reopen
from .errors import IndexMissingError
from .keyword import KeywordIndex
from .manifest import Manifest
from .settings import EMBEDDINGS, Settings
from .units import embed_recipe
from .writer import checkpoint

__all__ = ["PolicyIndex", "collection", "chroma_client", "reopen", "stamp", "status"]
log = logging.getLogger(__name__)
# Policies whose vectors a reader keeps for scoped search (about 170 KB per 100 units).
_CACHED_POLICIES = 32


@dataclass
class PolicyIndex:
    settings: Settings
    manifest: Manifest
    keyword: KeywordIndex | None = None
    opened_as: tuple | None = field(default=None, compare=False)  # the manifest file's stamp when it was read
    # Every unit's vector in the keyword index's column order (ingest.vectors); None when the index
    # has none: questions naming a policy then read their vectors from Chroma.
    vectors: sidecar.NpyRows | None = field(default=None, compare=False, repr=False)
    _cache: OrderedDict = field(default_factory=OrderedDict, compare=False, repr=False)  # see _vectors
    _cache_lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)
    # (the rows it was read from, every row normalised): the whole copy, for questions naming no policy.
    _everything: list = field(default_factory=list, compare=False, repr=False)

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
    def for_writing(cls, settings: Settings) -> PolicyIndex:
        """The index as it is now (possibly empty or stale), for ingest to update."""
        return cls(settings, manifests.read(settings.index, embed_recipe(settings.embedding), lazy=True))

    @classmethod
    def open(cls, settings: Settings) -> PolicyIndex:
        """The built index, read-only; raises ``IndexMissingError`` saying what to run when it is not usable."""
        folder = Path(settings.index)
        for attempt in range(5):
            seen = stamp(settings)  # before reading: a switch after it shows as a change next time
            try:
                data = manifests.read(folder, embed_recipe(settings.embedding))
            except FileNotFoundError:  # an ingest switched the manifest and removed an entry file since
                time.sleep(0.05 * (attempt + 1))
                continue
            problem = _problem(folder, data, settings.embedding)
            if problem:
                raise IndexMissingError(problem)
            try:
                keyword = KeywordIndex.load(folder / data.keyword)
                return cls(settings, data, keyword, seen, sidecar.load(folder / data.keyword, len(keyword.ids)))
            except FileNotFoundError:
                # An ingest switched the manifest and removed this keyword folder since we read it.
                time.sleep(0.05 * (attempt + 1))
            except ValueError:
                raise IndexMissingError(
                    f"the keyword index in {folder}/ was built by an older version of the "
                    "assistant; rebuild it with `python -m ingest`"
                ) from None
        raise IndexMissingError(
            f"files that the manifest in {folder}/ names (its keyword folder or policy entries) are missing; "
            "rebuild it with `python -m ingest`"
        )

    def is_current(self) -> bool:
        """False once another write switched the manifest since this index was opened."""
        return stamp(self.settings) == self.opened_as

    def unit_ids(self) -> set[str]:
        """Every unit id the manifest lists: the only ones readers may use."""
        return {u.id for e in self.manifest.policies.values() for u in e.units(self.recipe)}

    def save(self) -> None:
        """A new keyword folder first, written policy by policy with every unit's vector beside it
        (``ingest.keyword.build``, ``ingest.vectors``), then the manifest that names it, switched
        atomically: the manifest is what marks the new index as built, and readers pair it with
        its own folder. Nothing of the whole corpus is held (issue 16): the previous keyword
        folder is read a block at a time, and each policy's entry is read when its columns are written."""
        generation = self.manifest.generation + 1
        name = f"keyword-{generation}"
        old = keywords.previous(self.folder / self.manifest.keyword)
        copy = sidecar.Copy(
            self.folder, sidecar.load(self.folder / self.manifest.keyword, len(old.ids)) if old else None, self._fetch
        )
        keywords.build(self.folder / name, old, self.manifest.policies, self.recipe, copy.add)
        checkpoint("keyword")
        copy.close(self.folder / name)
        self.manifest.generation, self.manifest.keyword = generation, name
        manifests.write(self.folder, self.manifest, self.recipe)
        checkpoint("manifest")
        self.keyword = self.vectors = None  # not read back: the next reader opens the index afresh

    def nearest(self, vector: list[float], n: int, known, policies: list[str] | None = None) -> list[tuple[str, float]]:
        """The ``n`` units nearest to ``vector`` that are in ``known`` (the manifest's units), of
        ``policies`` (None: every policy; no filter, so Chroma searches its whole index once),
        closest first, as (id, cosine distance). Vectors no manifest lists (an ingest is writing,
        or a killed one left them) are skipped, fetching more until ``n`` known ones are found.
        With the copy of every vector beside the keyword index the search is exact, over that copy,
        and Chroma is not opened (its import and index load were most of a cold process's first
        answer to such a question: 2.2-3.4 s at 1,000 policies, issue 16)."""
        if self.vectors is not None and self.keyword is not None:
            return self._nearest_in_copy(vector, n, known, policies)
        where = None
        if policies is not None:
            where = {"policy": policies[0]} if len(policies) == 1 else {"policy": {"$in": list(policies)}}
        want = n
        while True:
            res = self._call(
                lambda c, want=want: c.query(
                    query_embeddings=[vector], n_results=want, where=where, include=["distances"]
                )
            )
            ids, distances = res["ids"][0], res["distances"][0]
            hits = [(i, d) for i, d in zip(ids, distances) if i in known]
            if len(hits) >= n or len(ids) < want:
                return hits[:n]
            want *= 2

    def _nearest_in_copy(
        self, vector: list[float], n: int, known, policies: list[str] | None
    ) -> list[tuple[str, float]]:
        """``nearest`` over the vectors copy: every row's cosine at once, the best ``n`` of the rows
        of ``policies`` (all rows for None) that ``known`` lists; ties in column order."""
        ids, m = self.keyword.ids, self._all_rows()
        v = np.asarray(vector, np.float32)
        sims = m @ (v / (np.linalg.norm(v) or 1.0))
        if policies is not None:
            keep = np.zeros(len(ids), bool)
            for slug in policies:
                span = self.keyword.policies.get(slug)
                if span is not None:
                    keep[span[0] : span[1]] = True
            sims = np.where(keep, sims, -np.inf)
        out, want = [], n
        while True:
            top = np.argpartition(-sims, min(want, len(ids) - 1))[:want] if want < len(ids) else np.arange(len(ids))
            top = top[np.lexsort((top, -sims[top]))]
            out = [(ids[i], float(1.0 - sims[i])) for i in top if sims[i] > -np.inf and ids[i] in known]
            if len(out) >= n or want >= len(ids):
                return out[:n]
            want *= 2

    def _all_rows(self) -> np.ndarray:
        """Every row of the vectors copy, unit length, read once per copy (180 MB at 1,000 policies,
        about what Chroma's own index of them takes in memory)."""
        with self._cache_lock:
            if self._everything and self._everything[0][0] is self.vectors:
                return self._everything[0][1]
            m = self.vectors.rows(0, self.vectors.shape[0]).copy()
            m /= np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)
            self._everything[:] = [(self.vectors, m)]
            return m

    def nearest_among(self, vector: list[float], units: dict[str, list[str]], n: int) -> list[tuple[str, float]]:
        """The ``n`` of ``units`` (policy -> its unit ids) nearest to ``vector``, exactly, as
        ``nearest`` gives them. Each policy's vectors are fetched by id once and kept (a few
        policies' worth), so a question naming a policy costs the same at 5 policies or 10,000;
        a Chroma query filtered by policy took ~74 ms at 1,000 policies (issue 16)."""
        blocks = [self._vectors(slug, ids) for slug, ids in sorted(units.items())]
        ids = [i for got, _ in blocks for i in got]
        if not ids or n <= 0:
            return []
        v = np.asarray(vector, np.float32)
        sims = np.concatenate([m for _, m in blocks]) @ (v / (np.linalg.norm(v) or 1.0))
        order = np.lexsort((np.arange(len(ids)), -sims))[:n]
        return [(ids[i], float(1.0 - sims[i])) for i in order]

    def _fetch(self, ids: list[str]) -> dict[str, list[float]]:
        got = self._call(lambda c: c.get(ids=ids, include=["embeddings"]))
        return dict(zip(got["ids"], got["embeddings"]))

    def _vectors(self, slug: str, ids: list[str]) -> tuple[list[str], np.ndarray]:
        """A policy's unit ids found in Chroma and their unit-length vectors (cached per index generation)."""
        span = self.keyword.policies.get(slug) if self.vectors is not None and self.keyword is not None else None
        if span is not None and self.keyword.ids[span[0] : span[1]] == ids:  # the copy beside the keyword index
            m = self.vectors.rows(span[0], span[1]).copy()
            m /= np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)
            return ids, m
        key = (slug, self.manifest.generation)
        with self._cache_lock:  # the web app answers on several threads
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        found: dict[str, list[float]] = {}
        for i in range(0, len(ids), 1000):  # bounded batches: SQLite limits the values of one query
            got = self._call(lambda c, i=i: c.get(ids=ids[i : i + 1000], include=["embeddings"]))
            found.update(zip(got["ids"], got["embeddings"]))
        have = [i for i in ids if i in found]
        m = np.asarray([found[i] for i in have], np.float32).reshape(len(have), -1)
        m /= np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)
        with self._cache_lock:
            self._cache[key] = (have, m)
            while len(self._cache) > _CACHED_POLICIES:
                self._cache.popitem(last=False)
        return have, m

    def _call(self, fn):
        """``fn(collection)``, once more on a fresh client when an embedded one is stale."""
        for attempt in range(2):
            client = chroma_client(self.settings)
            try:
                return fn(collection(self.settings))
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
    recipe = embed_recipe(settings.embedding)
    return _problem(Path(settings.index), manifests.read(settings.index, recipe, lazy=True), settings.embedding)


def _problem(index: Path, data: Manifest, embedding: str) -> str | None:
    if not manifests.path_of(index).exists():
        return f"no index in {index}/; build it with `python -m ingest` (or `make run`, which does it for you)"
    wanted = embed_recipe(embedding)
    other = next((c for c in EMBEDDINGS if c != embedding and data.recipe == embed_recipe(c)), None)
    if other is not None:  # the other shipped model built it: say so, rather than "an older version"
        return (
            f"the index in {index}/ was built with the {other} embedding model, but ASSISTANT_EMBEDDING="
            f"{embedding} selects {wanted.split('|', 1)[0]}; rebuild it with `python -m ingest` so the "
            "vectors of two models are not mixed"
        )
    if data.stale:
        return (
            f"the index in {index}/ was built by an older version of the assistant; rebuild it with `python -m ingest`"
        )
    if not data.policies:
        return f"the index in {index}/ holds no policies; run `python -m ingest PATH` with policy files"
    return None

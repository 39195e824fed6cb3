"""What a write leaves to remove: before it, what killed runs left; after it, the old index.

Before a write (under the writer lock): temporary ``.keyword-*``/``.manifest-*``/``.vectors.npy-*``
files of killed runs, keyword folders and entry files the manifest does not name (``keyword.old``
of older versions, a ``keyword-N`` or the entries written by a run killed before its manifest
switch), and vectors in Chroma that the manifest does not list. After the manifest switch: the
vectors the old manifest listed and the new one does not (ingest knows exactly which), the old
keyword folders and the entry files only the old manifest named. Nothing here can
block an ingest: a folder that will not go is logged and left.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import numpy as np

from .entries import FOLDER
from .keyword import KeywordIndex, id_array
from .store import PolicyIndex
from .units import unit_ids
from .vectors import NAME
from .writer import checkpoint

log = logging.getLogger(__name__)
_BATCH = 1000
_PAGE = 100_000  # ids listed from Chroma at a time
# Ids looked up by id at a time: Chroma's SQLite refuses a query with ~32,000 variables. By id, not
# by listing: a listing pages by offset, which Chroma scans (at 10,000 policies, 1.17 million units,
# a page at offset 1,000,000 took 6.5 s through a server; 10,000 ids by id 0.1 s).
_BY_ID = 10_000


class Stored:
    """The unit ids the manifest lists, per policy, and which of them Chroma really holds: ids as
    fixed-width bytes in one array (about 30 MB at 10,000 policies, where sets of strings took
    several times that), looked up by binary search."""

    def __init__(self, listed: list[str] | np.ndarray, spans: dict[str, tuple[int, int]]):
        self.ids = listed if isinstance(listed, np.ndarray) else id_array(listed)
        self.spans = spans  # slug -> its range of ``ids``
        self.present = np.zeros(len(self.ids), bool)
        self._order = np.argsort(self.ids, kind="stable")
        self._sorted = self.ids[self._order]

    def find(self, ids: list[str]) -> np.ndarray:
        """Each id's position in ``ids``, -1 where the manifest does not list it."""
        if not len(self._sorted) or not ids:
            return np.full(len(ids), -1)
        want = np.asarray([i.encode() for i in ids])
        at = np.minimum(np.searchsorted(self._sorted, want), len(self._sorted) - 1)
        return np.where(self._sorted[at] == want, self._order[at], -1)

    def held(self, ids: list[str]) -> set[str]:
        """Those of ``ids`` the manifest lists and Chroma holds: they need not be embedded again."""
        return {uid for uid, j in zip(ids, self.find(ids)) if j >= 0 and self.present[j]}

    def whole(self, slug: str) -> bool:
        """Chroma holds every id the manifest lists for the policy."""
        a, b = self.spans.get(slug, (0, 0))
        return b > a and bool(self.present[a:b].all())

    def of(self, slug: str) -> set[str]:
        """The policy's listed ids that Chroma holds (none for a policy the manifest lacks)."""
        a, b = self.spans.get(slug, (0, 0))
        return {self.ids[j].decode() for j in range(a, b) if self.present[j]}


def before_write(index: PolicyIndex) -> Stored:
    """Remove what interrupted runs left, saying so: they were never part of any answer. Returns
    what the manifest lists and Chroma holds: the manifest's ids, read from the keyword index
    written with it (not hashed again from every policy's text), are looked up in Chroma by id,
    10,000 at a time (not a query per policy, each slower as the collection grows); only when
    Chroma counts more vectors than that are all its ids listed, to find and remove the rest."""
    for path in _leftovers(index):
        log.warning("removing %s, left by an interrupted ingest", path)
        _remove(path)
    stored = _listed(index)
    for start in range(0, len(stored.ids), _BY_ID):
        asked = [i.decode() for i in stored.ids[start : start + _BY_ID]]
        have = set(index.collection.get(ids=asked, include=[])["ids"])
        stored.present[start : start + len(asked)] = [i in have for i in asked]
    if index.collection.count() <= int(stored.present.sum()):
        return stored  # Chroma holds nothing else
    orphans: list[str] = []
    offset = 0
    while True:  # vectors no manifest lists (a killed run's): only a listing of everything finds them
        page = index.collection.get(include=[], limit=_PAGE, offset=offset)["ids"]
        at = stored.find(page)
        orphans += [uid for uid, j in zip(page, at) if j < 0]
        offset += len(page)
        if len(page) < _PAGE:
            break
    if orphans:
        drop(index, {"": set(orphans)})
        log.warning(
            "removed %d vectors from Chroma that no manifest lists (left by an interrupted ingest)", len(orphans)
        )
    return stored


def _listed(index: PolicyIndex) -> Stored:
    """The manifest's unit ids in the keyword index's column order, from that index when it
    lists exactly the manifest's policies as they are now, else computed from each entry."""
    policies = index.manifest.policies
    try:
        old = KeywordIndex.load(index.folder / index.manifest.keyword, lazy=True)
    except (OSError, ValueError, KeyError):  # none, or another version's: the ids are computed below
        old = None
    if (
        old is not None
        and not index.manifest.stale
        and set(old.policies) == set(policies)
        and all(old.policies[slug][2] == policies.fingerprint(slug) for slug in policies)
    ):
        return Stored(old.ids, {slug: (a, b) for slug, (a, b, _) in old.policies.items()})
    listed, spans = [], {}
    for slug in sorted(policies):
        e = policies[slug]
        ids = [uid for _, uid in unit_ids(e.to_chunks(), e.text, index.recipe)]
        spans[slug] = (len(listed), len(listed) + len(ids))
        listed += ids
    return Stored(listed, spans)


def after_write(index: PolicyIndex, old: dict[str, set[str]]) -> int:
    """Delete the old index's vectors (``old``: per policy, the ids the new manifest no longer
    lists) and keyword folders, now that the manifest names the new ones."""
    dropped = drop(index, old, after_each="old-vectors")
    for path in _leftovers(index):
        _remove(path, stage="old-keyword")
    return dropped


def drop(index: PolicyIndex, ids: dict[str, set[str]], after_each: str | None = None) -> int:
    """Delete ``ids`` (per policy) from Chroma, policy by policy; how many were asked to go."""
    for _policy, some in sorted(ids.items()):
        some = sorted(some)
        for i in range(0, len(some), _BATCH):
            index.collection.delete(ids=some[i : i + _BATCH])
        if after_each and some:
            checkpoint(after_each)
    return sum(map(len, ids.values()))


def _leftovers(index: PolicyIndex) -> list[Path]:
    """Temporary files of killed runs, keyword folders and entry files the manifest does not name."""
    if not index.folder.is_dir():
        return []
    keep = index.manifest.keyword
    found = [
        p
        for p in index.folder.iterdir()
        if p.name.startswith((".keyword-", ".manifest-", f".{NAME}-"))
        or (p.name.startswith("keyword") and p.name != keep)
    ]
    entries = index.folder / FOLDER
    if entries.is_dir():
        named = {Path(r.file).name for r in index.manifest.policies.rows.values() if r.file}
        found += [p for p in entries.iterdir() if p.name not in named]
    return sorted(found)


def _remove(path: Path, stage: str | None = None) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            # Renamed first, so a kill inside rmtree leaves a temporary name the next run removes.
            trash = path.with_name(f".keyword-trash-{path.name}-{os.getpid()}")
            os.replace(path, trash)
            if stage:
                checkpoint(stage)
            shutil.rmtree(trash)
        else:
            path.unlink()
    except OSError as exc:
        log.warning("could not remove %s (%s); it is not used and the next ingest tries again", path, exc)

"""What a write leaves to remove: before it, what killed runs left; after it, the old index.

Before a write (under the writer lock): temporary ``.keyword-*``/``.manifest-*`` entries of
killed runs, keyword folders the manifest does not name (``keyword.old`` of older versions, a
``keyword-N`` written by a run killed before its manifest switch), and vectors in Chroma that
the manifest does not list. After the manifest switch: the vectors the old manifest listed and
the new one does not (ingest knows exactly which), and the old keyword folders. Nothing here can
block an ingest: a folder that will not go is logged and left.
"""
from __future__ import annotations

import logging
import os
import shutil
from collections import defaultdict
from pathlib import Path

from .store import PolicyIndex
from .units import unit_ids
from .writer import checkpoint

log = logging.getLogger(__name__)
_BATCH = 1000


def before_write(index: PolicyIndex) -> dict[str, set[str]]:
    """Remove what interrupted runs left, saying so: they were never part of any answer. Returns,
    per policy, the unit ids the manifest lists that Chroma really holds: one ids-only ``get`` of
    the collection instead of a filtered query per policy (each slower as the collection grows)."""
    for path in _leftovers(index):
        log.warning("removing %s, left by an interrupted ingest", path)
        _remove(path)
    listed = {slug: {uid for _, uid in unit_ids(e.to_chunks(), e.text, index.recipe)}
              for slug, e in index.manifest.policies.items()}
    present = set(index.collection.get(include=[])["ids"])
    everyone = set().union(*listed.values()) if listed else set()
    orphans = present - everyone
    if orphans:
        drop(index, _by_policy(index, orphans))
        log.warning("removed %d vectors from Chroma that no manifest lists (left by an interrupted ingest)", len(orphans))
    return {slug: ids & present for slug, ids in listed.items()}


def after_write(index: PolicyIndex, old: dict[str, set[str]]) -> int:
    """Delete the old index's vectors (``old``: per policy, the ids the new manifest no longer
    lists) and keyword folders, now that the manifest names the new ones."""
    dropped = drop(index, old, after_each="old-vectors")
    for path in _leftovers(index):
        _remove(path, stage="old-keyword")
    return dropped


def drop(index: PolicyIndex, ids: dict[str, set[str]], after_each: str | None = None) -> int:
    """Delete ``ids`` (per policy) from Chroma, policy by policy; how many were asked to go."""
    for policy, some in sorted(ids.items()):
        some = sorted(some)
        for i in range(0, len(some), _BATCH):
            index.collection.delete(ids=some[i:i + _BATCH])
        if after_each and some:
            checkpoint(after_each)
    return sum(map(len, ids.values()))


def _by_policy(index: PolicyIndex, ids: set[str]) -> dict[str, set[str]]:
    """``ids`` grouped by the policy their metadata names (only orphans are looked up: usually none)."""
    out: dict[str, set[str]] = defaultdict(set)
    ordered = sorted(ids)
    for i in range(0, len(ordered), _BATCH):
        got = index.collection.get(ids=ordered[i:i + _BATCH], include=["metadatas"])
        for uid, meta in zip(got["ids"], got["metadatas"] or [None] * len(got["ids"])):
            out[(meta or {}).get("policy", "")].add(uid)
    return out


def _leftovers(index: PolicyIndex) -> list[Path]:
    if not index.folder.is_dir():
        return []
    keep = index.manifest.keyword
    return sorted(
        p for p in index.folder.iterdir()
        if p.name.startswith((".keyword-", ".manifest-")) or (p.name.startswith("keyword") and p.name != keep)
    )


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

"""What a write leaves to remove: before it, what killed runs left; after it, the old index.

Before a write (under the writer lock): temporary ``.keyword-*``/``.manifest-*`` entries of
killed runs, keyword folders the manifest does not name (``keyword.old`` of older versions, a
``keyword-N`` written by a run killed before its manifest switch), and vectors in Chroma that
the manifest does not list. After the manifest switch: the vectors and keyword folders of the
old index. Nothing here can block an ingest: a folder that will not go is logged and left.
"""
from __future__ import annotations

import logging
import os
import shutil
from collections import defaultdict
from pathlib import Path

from .store import PolicyIndex
from .writer import checkpoint

log = logging.getLogger(__name__)
_BATCH = 1000


def before_write(index: PolicyIndex) -> None:
    """Remove what interrupted runs left, saying so: they were never part of any answer."""
    for path in _leftovers(index):
        log.warning("removing %s, left by an interrupted ingest", path)
        _remove(path)
    orphans = drop_unlisted(index, index.unit_ids())
    if orphans:
        log.warning("removed %d vectors from Chroma that no manifest lists (left by an interrupted ingest)", orphans)


def after_write(index: PolicyIndex) -> int:
    """Delete the old index's vectors and keyword folders, now that the manifest names the new one."""
    dropped = drop_unlisted(index, index.unit_ids(), after_each="old-vectors")
    for path in _leftovers(index):
        _remove(path, stage="old-keyword")
    return dropped


def drop_unlisted(index: PolicyIndex, listed: set[str], after_each: str | None = None) -> int:
    """Delete every vector whose id is not in ``listed``, policy by policy; how many went."""
    got = index.collection.get(include=["metadatas"])
    by_policy: dict[str, list[str]] = defaultdict(list)
    for uid, meta in zip(got["ids"], got["metadatas"] or [None] * len(got["ids"])):
        if uid not in listed:
            by_policy[(meta or {}).get("policy", "")].append(uid)
    for policy, ids in sorted(by_policy.items()):
        for i in range(0, len(ids), _BATCH):
            index.collection.delete(ids=ids[i:i + _BATCH])
        if after_each:
            checkpoint(after_each)
    return sum(map(len, by_policy.values()))


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

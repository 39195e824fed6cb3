"""Writing the keyword index (``ingest.keyword``): policy by policy in slug order, a policy whose
units are unchanged keeps its columns, the others are tokenized and scored now, into a temporary
folder renamed into place once whole."""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from .bm25 import FORMAT, Block, block_of, tokenize, unit_texts
from .entries import Entries, fingerprint
from .manifest import PolicyEntry
from .npyfile import NpyWriter

if TYPE_CHECKING:
    from .keyword import KeywordIndex

log = logging.getLogger("ingest.keyword")  # the keyword index's one logger, as before the split
# Policies scored (tokenized in one call) and written at a time.
_GROUP = 64


def build(
    folder: Path,
    old: KeywordIndex | None,
    policies: Mapping[str, PolicyEntry],
    recipe: str,
    each: Callable[[str, list[str], tuple[int, int] | None], None] | None = None,
) -> None:
    """Write the keyword index of ``policies`` to ``folder``, policy by policy in slug order: one
    whose units are those ``old`` scored keeps its columns as they were, the others (new or
    changed) are tokenized and scored now, and policies ``old`` has but ``policies`` lacks are
    dropped. Memory holds ``_GROUP`` policies' columns at a time, not the whole matrix.
    ``each(slug, unit ids, its columns in old or None)`` hears every policy as it is written
    (the vectors copy is written alongside). Written into a temporary folder, fsynced and renamed to
    ``folder``, a name no manifest names yet (each write gets its own; see ``PolicyIndex.save``):
    a crash leaves a ``.keyword-*`` folder for the next ingest to clean, never a half-written live index."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".keyword-", dir=folder.parent))
    out = _Columns(tmp)
    slugs, kept = sorted(policies), 0
    for i in range(0, len(slugs), _GROUP):
        group = slugs[i : i + _GROUP]
        prints = {slug: _fingerprint(policies, slug, recipe) for slug in group}
        same = {slug for slug in group if old is not None and old.policies.get(slug, (0, 0, None))[2] == prints[slug]}
        made = {b.slug: b for b in _score({s: (prints[s], policies[s]) for s in group if s not in same}, recipe)}
        for slug in group:
            block = old.block(slug) if slug in same else made[slug]
            out.add(block)
            if each is not None:
                each(slug, block.ids, old.policies[slug][:2] if slug in same else None)
        kept += len(same)
    out.close()
    log.info("keyword index: %d policies re-scored, %d kept", len(slugs) - kept, kept)
    if folder.exists():  # left by a run killed before its manifest named it
        shutil.rmtree(folder)
    os.replace(tmp, folder)


def _fingerprint(policies: Mapping[str, PolicyEntry], slug: str, recipe: str) -> str:
    """From the manifest's row when it records it (no entry read), else from the entry."""
    if isinstance(policies, Entries) and policies.recipe == recipe:
        return policies.fingerprint(slug)
    return fingerprint(policies[slug], recipe)


def _score(fresh: dict[str, tuple[str, PolicyEntry]], recipe: str) -> list[Block]:
    """Blocks of new or changed policies, tokenized in one call (bm25s has a per-call cost)."""
    texts, spans, ids = [], [], []
    for slug, (fp, entry) in fresh.items():
        uids, utexts = unit_texts(entry, recipe)
        spans.append((slug, fp, len(texts), len(texts) + len(utexts)))
        ids.append(uids)
        texts.extend(utexts)
    tokens = tokenize(texts, return_ids=False) if texts else []
    return [block_of(slug, fp, uids, tokens[a:b]) for (slug, fp, a, b), uids in zip(spans, ids)]


class _Columns:
    """The matrix written a block (a policy's columns) at a time, over one vocabulary of the tokens
    the blocks use; ``close`` writes the vocabulary, the policies' ranges and the unit ids."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.data, self.indices = NpyWriter(tmp / "data.npy", "<f4"), NpyWriter(tmp / "indices.npy", "<i4")
        self.indptr = NpyWriter(tmp / "indptr.npy", "<i8")
        self.indptr.append(np.zeros(1, np.int64))
        self.ids = open(tmp / "ids.json", "w", encoding="utf-8")
        self.ids.write("[")
        self.token_of: dict[str, int] = {}
        self.policies: dict[str, tuple[int, int, str]] = {}
        self.columns = self.nnz = 0

    def add(self, b: Block) -> None:
        local = np.array([self.token_of.setdefault(t, len(self.token_of)) for t in b.vocab] or [0], np.int32)
        self.policies[b.slug] = (self.columns, self.columns + len(b.ids), b.fingerprint)
        self.data.append(b.data)
        self.indices.append(local[np.asarray(b.indices)])
        self.indptr.append(np.asarray(b.indptr[1:]) + self.nnz)
        if b.ids:
            self.ids.write(("," if self.columns else "") + ",".join(json.dumps(i) for i in b.ids))
        self.columns += len(b.ids)
        self.nnz += len(b.data)

    def close(self) -> None:
        for part in (self.data, self.indices, self.indptr):
            part.close()
        self.ids.write("]")
        self.ids.flush()
        os.fsync(self.ids.fileno())
        self.ids.close()
        meta = {"format": FORMAT, "vocab": list(self.token_of), "policies": self.policies}
        with open(self.tmp / "index.json", "w", encoding="utf-8") as fh:
            fh.write(json.dumps(meta))
            fh.flush()
            os.fsync(fh.fileno())

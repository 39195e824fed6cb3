"""New units embedded and written to Chroma in batches across files, so ingest memory stays flat.

Every vector used to be kept as a Python list until the last file was embedded (3.2 GB at 1,000
policies). Now ``BATCH`` units at a time, taken across files in order, are embedded, upserted and
dropped. Batches span files because per-file calls ran at ~60% of the model's throughput (short
files make small, uneven batches). Within a batch only texts that no earlier batch embedded go to
the model (``_Repeats``), which sorts them by token count and reports each of its small batches
to the progress display as it finishes.

A file whose batch fails to embed fails alone: its later units are skipped, the vectors already
written for it are removed again (``ingest.index._gone``) and its manifest entry stays as it was.
Vectors go in before the manifest names them (ids are content hashes), so a kill leaves only
vectors no manifest lists, which the next run removes.
"""
from __future__ import annotations

import logging
import time
from collections import Counter
from typing import TYPE_CHECKING

import numpy as np

from .embed import embed, vectors
from .errors import IngestError
from .progress import Progress
from .summary import Summary
from .writer import checkpoint

if TYPE_CHECKING:  # pragma: no cover - only for the annotations
    from .index import _Pending
    from .store import PolicyIndex

BATCH = 2048  # units embedded, then written, at a time: ~5 MB of vectors, ~20 s of work on 2 cores
UPSERT = 1000  # ids per Chroma call
log = logging.getLogger(__name__)


def embed_and_store(pending: list["_Pending"], index: "PolicyIndex", progress: Progress, summary: Summary,
                    model: str) -> None:
    """Embed every new unit of ``pending`` and upsert it into Chroma, batch by batch; a file whose
    batch fails is marked ``failed`` with its error in ``summary``."""
    todo = [(p, u) for p in pending for u in p.new]
    if todo:
        embed(["warm-up"], choice=model)  # loads the model now, so its seconds do not skew the rate
    t0 = time.perf_counter()
    progress.start_embedding((u.embed_text for _, u in todo), sum(1 for p in pending if p.new))
    repeats = _Repeats(u.embed_text for _, u in todo)
    first = True
    for batch in _batches(todo):
        repeats.drop(u.embed_text for p, u in batch if p.failed)  # a failed file's later units are skipped
        batch = [(p, u) for p, u in batch if not p.failed]
        if not batch:
            continue
        try:
            vectors = _embed(batch, progress, model, repeats)
        except Exception as exc:  # the model's errors vary (memory, a tokenizer bug): fail these files alone
            repeats.drop(u.embed_text for _, u in batch)
            _fail({id(p): p for p, _ in batch}.values(), exc, summary)
            continue
        if first:
            checkpoint("embedded")
            first = False
        _upsert(index, batch, vectors)
        for p, u in batch:
            p.written.append(u.id)
        summary.embedded += len(batch)
        checkpoint("vectors")
    if first:
        checkpoint("embedded")  # nothing to embed: the stage still comes, before anything is written
    summary.embedded -= sum(len(p.written) for p in pending if p.failed)
    summary.embed_seconds = time.perf_counter() - t0


class _Repeats:
    """Each distinct text is embedded once per ingest, not once per batch: a text that comes again
    in a later batch keeps its vector until its last use, so what is held is bounded by the repeats
    still to come, not by the corpus (boilerplate recurs across policies; in bench/scale.py's
    corpora of renamed variants 54% of the units repeat an earlier text)."""

    def __init__(self, texts):
        self.left = Counter(texts)
        self.kept: dict[str, np.ndarray] = {}

    def use(self, text: str, vector: np.ndarray | None = None) -> np.ndarray:
        """The vector of one more use of ``text`` (given when it was just embedded)."""
        if vector is None:
            vector = self.kept[text]
        self._count(text)
        if text in self.left:
            self.kept[text] = vector
        return vector

    def drop(self, texts) -> None:
        """Uses that will not come (their file failed), so no vector is kept for them."""
        for t in texts:
            self._count(t)

    def _count(self, text: str) -> None:
        self.left[text] -= 1
        if self.left[text] <= 0:
            del self.left[text]
            self.kept.pop(text, None)


def _batches(todo: list) -> list[list]:
    return [todo[i:i + BATCH] for i in range(0, len(todo), BATCH)]


def _embed(batch: list, progress: Progress, model: str, repeats: _Repeats) -> np.ndarray:
    """The batch's vectors in its order; only texts no earlier batch embedded go to the model."""
    texts = [u.embed_text for _, u in batch]
    uses = Counter(texts)
    new = [t for t in uses if t not in repeats.kept]
    old = [t for t in uses if t in repeats.kept]
    progress.embedded([t for t in old for _ in range(uses[t])])
    fresh = {}
    if new:
        done = lambda part: progress.embedded([t for t in part for _ in range(uses[t])])  # noqa: E731
        fresh = dict(zip(new, vectors(new, choice=model, done=done)))
    if len(fresh) < len(new):  # pragma: no cover - ``vectors`` gives one per text
        raise RuntimeError(f"the model gave {len(fresh)} vectors for {len(new)} texts")
    return np.stack([repeats.use(t, fresh.get(t)) for t in texts])


def _upsert(index: "PolicyIndex", batch: list, vectors: np.ndarray) -> None:
    for i in range(0, len(batch), UPSERT):
        units = [u for _, u in batch[i:i + UPSERT]]
        index.collection.upsert(ids=[u.id for u in units], embeddings=vectors[i:i + UPSERT],
                                documents=[u.text for u in units], metadatas=[u.metadata() for u in units])


def _fail(files, exc: Exception, summary: Summary) -> None:
    for p in files:
        if not p.failed:
            p.failed = True
            summary.errors.append(IngestError(p.path, f"embedding failed ({exc}); nothing was changed for it"))

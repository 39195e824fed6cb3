"""New units embedded and written to Chroma in batches across files, so ingest memory stays flat.

Every vector used to be kept as a Python list until the last file was embedded (3.2 GB at 1,000
policies). Now ``BATCH`` units at a time, taken across files in order, are embedded, upserted and
dropped. Batches span files because per-file calls ran at ~60% of the model's throughput (short
files make small, uneven batches); within a batch the texts go to the model longest first in
slices of ``SLICE``, so each slice pads little and progress moves every few seconds.

A file whose batch fails to embed fails alone: its later units are skipped, the vectors already
written for it are removed again (``ingest.index._gone``) and its manifest entry stays as it was.
Vectors go in before the manifest names them (ids are content hashes), so a kill leaves only
vectors no manifest lists, which the next run removes.
"""
from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from .embed import embed
from .errors import IngestError
from .progress import Progress
from .summary import Summary
from .writer import checkpoint

if TYPE_CHECKING:  # pragma: no cover - only for the annotations
    from .index import _Pending
    from .store import PolicyIndex

BATCH = 2048  # units embedded, then written, at a time: ~5 MB of vectors, ~20 s of work on 2 cores
SLICE = 256  # texts per model call within a batch (4 of the model's own batches of 64)
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
    first = True
    for batch in _batches(todo):
        batch = [(p, u) for p, u in batch if not p.failed]  # a failed file's later units are skipped
        if not batch:
            continue
        try:
            vectors = _embed(batch, progress, model)
        except Exception as exc:  # the model's errors vary (memory, a tokenizer bug): fail these files alone
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


def _batches(todo: list) -> list[list]:
    return [todo[i:i + BATCH] for i in range(0, len(todo), BATCH)]


def _embed(batch: list, progress: Progress, model: str) -> list:
    """The batch's vectors in its order, embedded longest first in slices (little padding per slice)."""
    texts = [u.embed_text for _, u in batch]
    # Equal texts side by side, so ``embed`` (which embeds each distinct text once) sees them in one slice.
    order = sorted(range(len(texts)), key=lambda i: (-len(texts[i]), texts[i]))
    vectors: list = [None] * len(texts)
    for s in range(0, len(order), SLICE):
        part = order[s:s + SLICE]
        some = [texts[i] for i in part]
        for i, v in zip(part, embed(some, choice=model)):
            vectors[i] = v
        progress.embedded(some)
    return vectors


def _upsert(index: "PolicyIndex", batch: list, vectors: list) -> None:
    for i in range(0, len(batch), UPSERT):
        units = [u for _, u in batch[i:i + UPSERT]]
        index.collection.upsert(ids=[u.id for u in units], embeddings=vectors[i:i + UPSERT],
                                documents=[u.text for u in units], metadatas=[u.metadata() for u in units])


def _fail(files, exc: Exception, summary: Summary) -> None:
    for p in files:
        if not p.failed:
            p.failed = True
            summary.errors.append(IngestError(p.path, f"embedding failed ({exc}); nothing was changed for it"))

"""New units embedded and written to Chroma in batches across files, as the files are read.

Ingest reads a file, queues its new units here and goes on to the next; whenever ``BATCH`` units
are queued they are embedded, upserted and dropped, and a file whose units are all written is
handed back to be recorded in the manifest (its entry file written) and forgotten. So what is
held is a batch of units and the files they come from, not the corpus (issue 16: every vector was
once kept until the last file, 3.2 GB at 1,000 policies; then every file's units until embedding
began). Batches span files because per-file calls ran at ~60% of the model's throughput (short
files make small, uneven batches). A text embedded recently is not embedded again (``_Recent``):
boilerplate recurs across policies, and in bench/scale.py's corpora of renamed variants 54-62%
of the units repeat an earlier text.

A file whose batch fails to embed fails alone: its later units are skipped, the vectors already
written for it are removed again (``ingest.index``) and its manifest entry stays as it was.
Vectors go in before the manifest names them (ids are content hashes), so a kill leaves only
vectors no manifest lists, which the next run removes.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, OrderedDict
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

BATCH = 2048  # units embedded, then written, at a time: ~5 MB of vectors, ~10-20 s of work on 2 cores
UPSERT = 1000  # ids per Chroma call
RECENT = 20_000  # vectors of recently embedded texts kept for their repeats (~30 MB)
log = logging.getLogger(__name__)


class Stream:
    """``add`` each file read (its ``new`` units queued), then ``close``; both return the files
    whose units are all written (or that failed), in the order they were added."""

    def __init__(self, index: PolicyIndex, progress: Progress, summary: Summary, model: str):
        self.index, self.progress, self.summary, self.model = index, progress, summary, model
        self.queue: list[tuple[_Pending, object]] = []
        self.open: list[_Pending] = []
        self.recent = _Recent(RECENT)
        self.started: float | None = None
        self.first = True

    def add(self, p: _Pending) -> list[_Pending]:
        p.left = len(p.new)
        self.open.append(p)
        if p.new and self.started is None:
            embed(["warm-up"], choice=self.model)  # loads the model now, so its seconds do not skew the rate
            self.started = time.perf_counter()
        self.queue += [(p, u) for u in p.new]
        p.new = []
        while len(self.queue) >= BATCH:
            batch, self.queue = self.queue[:BATCH], self.queue[BATCH:]
            self._run(batch)
        return self._done()

    def close(self) -> list[_Pending]:
        if self.queue:
            batch, self.queue = self.queue, []
            self._run(batch)
        if self.first:
            checkpoint("embedded")  # nothing to embed: the stage still comes, before anything is written
        self.progress.embedding_done()
        if self.started is not None:
            self.summary.embed_seconds = time.perf_counter() - self.started
        return self._done()

    def _done(self) -> list[_Pending]:
        done = [p for p in self.open if p.failed or p.left == 0]
        self.open = [p for p in self.open if not (p.failed or p.left == 0)]
        return done

    def _run(self, batch: list) -> None:
        batch = [(p, u) for p, u in batch if not p.failed]  # a failed file's later units are skipped
        if not batch:
            return
        try:
            got = self._embed(batch)
        except Exception as exc:  # the model's errors vary (memory, a tokenizer bug): fail these files alone
            _fail({id(p): p for p, _ in batch}.values(), exc, self.summary)
            return
        if self.first:
            checkpoint("embedded")
            self.first = False
        _upsert(self.index, batch, got)
        for p, u in batch:
            p.written.append(u.id)
            p.left -= 1
        self.summary.embedded += len(batch)
        checkpoint("vectors")

    def _embed(self, batch: list) -> np.ndarray:
        """The batch's vectors in its order; only texts not embedded recently go to the model."""
        texts = [u.embed_text for _, u in batch]
        uses = Counter(texts)
        known = {t: v for t in uses if (v := self.recent.get(t)) is not None}
        new = [t for t in uses if t not in known]
        self.progress.embedded([t for t in known for _ in range(uses[t])])
        fresh = {}
        if new:
            done = lambda part: self.progress.embedded([t for t in part for _ in range(uses[t])])  # noqa: E731
            fresh = dict(zip(new, vectors(new, choice=self.model, done=done)))
        if len(fresh) < len(new):  # pragma: no cover - ``vectors`` gives one per text
            raise RuntimeError(f"the model gave {len(fresh)} vectors for {len(new)} texts")
        for t, v in fresh.items():
            self.recent.put(t, v.copy())  # a row of its own: a view would keep its whole batch's array alive
        return np.stack([known[t] if t in known else fresh[t] for t in texts])


class _Recent:
    """The vectors of the last ``size`` distinct texts embedded (least recently used go first)."""

    def __init__(self, size: int):
        self.size, self.kept = size, OrderedDict()

    def get(self, text: str) -> np.ndarray | None:
        v = self.kept.get(text)
        if v is not None:
            self.kept.move_to_end(text)
        return v

    def put(self, text: str, vector: np.ndarray) -> None:
        self.kept[text] = vector
        self.kept.move_to_end(text)
        while len(self.kept) > self.size:
            self.kept.popitem(last=False)


def _upsert(index: PolicyIndex, batch: list, vectors: np.ndarray) -> None:
    for i in range(0, len(batch), UPSERT):
        units = [u for _, u in batch[i : i + UPSERT]]
        index.collection.upsert(
            ids=[u.id for u in units],
            embeddings=vectors[i : i + UPSERT],
            documents=[u.text for u in units],
            metadatas=[u.metadata() for u in units],
        )


def _fail(files, exc: Exception, summary: Summary) -> None:
    for p in files:
        if not p.failed:
            p.failed = True
            summary.errors.append(IngestError(p.path, f"embedding failed ({exc}); nothing was changed for it"))

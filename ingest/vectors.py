"""Every unit's vector beside the keyword index, in its column order: ``vectors.npy`` in each keyword folder.

A question naming a policy scores that policy's units exactly (``PolicyIndex.nearest_among``).
Reading their rows from this file (a positioned read: nothing stays in the reader's memory, where a
memory map kept every page it had read, and its neighbours, resident) needs no Chroma: a cold process's first Chroma
access imports chromadb and loads the whole collection's HNSW index, about 2 s and 250 MB at
1,000 policies, however few vectors it then reads (issue 16). Chroma stays the store of record and
the index every search over all policies uses; this is a copy of its vectors, written with each
keyword folder (so replicas sharing ``ASSISTANT_INDEX`` read it too) and switched with it by the
manifest. A reader of an index without it asks Chroma, as before.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from .npyfile import NpyRows, NpyWriter

log = logging.getLogger(__name__)
NAME = "vectors.npy"
_BLOCK = 1000  # rows fetched and written at a time: memory flat with the corpus (SQLite also caps one query)


def load(folder: Path, rows: int) -> NpyRows | None:
    """The vectors in keyword folder ``folder`` (``.rows(start, end)``: float32, one vector each),
    read when asked for; None when there are none or not ``rows`` of them (an index written
    before them, or by another version)."""
    try:
        vectors = NpyRows.open(Path(folder) / NAME)
    except (FileNotFoundError, ValueError):
        return None
    ok = len(vectors.shape) == 2 and vectors.shape[0] == rows and vectors.dtype == np.dtype("<f4")
    return vectors if ok else None


class Copy:
    """``vectors.npy`` written policy by policy as the keyword index is (``add``): rows copied from
    ``old`` (the previous folder's vectors) for a policy whose columns are kept, the rest
    ``fetch``ed (from Chroma), a block at a time, so memory stays flat with the corpus. ``close``
    moves it into the new keyword folder; no file when some unit has no vector anywhere."""

    def __init__(self, index: Path, old: NpyRows | None, fetch: Callable[[list[str]], dict[str, list[float]]]):
        self.tmp = Path(index) / f".{NAME}-{os.getpid()}"
        self.old, self.fetch = old, fetch
        self.out: NpyWriter | None = None
        self.ok = True

    def add(self, slug: str, ids: list[str], old_span: tuple[int, int] | None) -> None:
        """Policy ``slug``'s rows: ``ids``, at ``old_span`` in the old copy when it kept its columns."""
        for start in range(0, len(ids), _BLOCK):
            if not self.ok:
                return
            part = ids[start : start + _BLOCK]
            if old_span is not None and self.old is not None:
                rows = self.old.rows(old_span[0] + start, old_span[0] + start + len(part))
            else:
                got = self.fetch(part)
                if len(got) < len(part):
                    log.warning(
                        "%d unit vectors of %s are missing from the store; questions naming a policy will ask Chroma",
                        len(part) - len(got),
                        slug,
                    )
                    self.ok = False
                    return
                rows = np.asarray([got[i] for i in part], np.float32)
            if self.out is None:  # the width is known once the first rows are
                self.out = NpyWriter(self.tmp, "<f4", rows.shape[1:])
            self.out.append(rows)

    def close(self, folder: Path) -> bool:
        """The file into keyword folder ``folder``; False, and no file, when it is incomplete or empty."""
        if self.out is None:
            return False
        if not self.ok or not self.out.rows:
            self.out.discard()
            return False
        self.out.close()
        os.replace(self.tmp, Path(folder) / NAME)
        return True

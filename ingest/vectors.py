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

log = logging.getLogger(__name__)
NAME = "vectors.npy"
_BLOCK = 1000  # rows fetched and written at a time: memory flat with the corpus (SQLite also caps one query)


class Vectors:
    """The rows of one ``vectors.npy``, read when asked for. The file stays open: an ingest removes
    the old keyword folder once it has switched the manifest, and a reader still answering from
    the old index keeps reading it."""

    def __init__(self, fd: int, offset: int, shape: tuple[int, int]):
        self._fd, self._offset, self.shape = fd, offset, shape

    def rows(self, start: int, end: int) -> np.ndarray:
        """Rows ``start`` to ``end`` (float32, one vector each)."""
        width = self.shape[1] * 4
        raw = os.pread(self._fd, (end - start) * width, self._offset + start * width)
        return np.frombuffer(raw, "<f4").reshape(end - start, self.shape[1])

    def __del__(self):
        os.close(self._fd)


def load(folder: Path, rows: int) -> Vectors | None:
    """The vectors in keyword folder ``folder``; None when there are none or not ``rows`` of them
    (an index written before them, or by another version)."""
    try:
        fd = os.open(Path(folder) / NAME, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        with os.fdopen(os.dup(fd), "rb") as fh:
            read = {(1, 0): np.lib.format.read_array_header_1_0, (2, 0): np.lib.format.read_array_header_2_0}
            shape, fortran, dtype = read[np.lib.format.read_magic(fh)](fh)
            offset = fh.tell()
        if len(shape) == 2 and shape[0] == rows and dtype == np.dtype("<f4") and not fortran:
            return Vectors(fd, offset, shape)
    except (ValueError, KeyError):  # not an .npy file, or a format version we do not read
        pass
    os.close(fd)
    return None


def write(folder: Path, ids: list[str], old: tuple[list[str], Vectors] | None,
          fetch: Callable[[list[str]], dict[str, list[float]]]) -> bool:
    """``folder/vectors.npy``, row j the vector of ``ids[j]``: copied from ``old`` (the previous
    folder's ids and vectors) where it has it, the rest ``fetch``ed (from Chroma), a block at a
    time read and written, so memory stays flat with the corpus. False, and no file, when some id
    has no vector anywhere."""
    at = {uid: i for i, uid in enumerate(old[0])} if old is not None else {}
    target = Path(folder) / NAME
    tmp = target.with_name(f".{NAME}-{os.getpid()}")
    try:
        with open(tmp, "wb") as fh:
            for start in range(0, len(ids), _BLOCK):
                block = _rows(ids[start:start + _BLOCK], at, old[1] if old is not None else None, fetch)
                if block is None:
                    return False
                if start == 0:  # the width is known once the first rows are
                    np.lib.format.write_array_header_1_0(
                        fh, {"descr": "<f4", "fortran_order": False, "shape": (len(ids), block.shape[1])})
                fh.write(np.ascontiguousarray(block, "<f4").tobytes())
            fh.flush()
            os.fsync(fh.fileno())
        if not ids:
            return False
        os.replace(tmp, target)
        return True
    finally:
        tmp.unlink(missing_ok=True)


def _rows(ids: list[str], at: dict[str, int], old: Vectors | None, fetch) -> np.ndarray | None:
    missing = [i for i in ids if i not in at]
    fetched = fetch(missing) if missing else {}
    if len(fetched) < len(missing):
        log.warning("%d unit vectors are missing from the store; questions naming a policy will ask Chroma",
                    len(missing) - len(fetched))
        return None
    kept = [at[i] for i in ids if i in at]
    lo, hi = (min(kept), max(kept) + 1) if kept else (0, 0)
    # Unchanged policies keep their order, so a block's old rows lie together: read them at once.
    span = old.rows(lo, hi) if kept and hi - lo <= 4 * len(ids) else None
    return np.asarray([fetched[i] if i not in at else span[at[i] - lo] if span is not None
                       else old.rows(at[i], at[i] + 1)[0] for i in ids], np.float32)

"""An ``.npy`` file written a block of rows at a time, its length known only at the end.

Ingest writes the keyword matrix and the vectors copy policy by policy, so what it holds does
not grow with the corpus (issue 16); ``np.save`` needs the whole array first. The header is a
fixed ``HEADER`` bytes (NumPy reads any header length it is told, padded with spaces), written
with the shape as 0 rows and rewritten with the real count on ``close``.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np

HEADER = 128  # bytes, magic and length included: room for any shape, a multiple of 64


def _header(dtype: np.dtype, shape: tuple[int, ...]) -> bytes:
    text = repr({"descr": np.lib.format.dtype_to_descr(dtype), "fortran_order": False, "shape": shape})
    body = text.encode("latin1")
    room = HEADER - 10 - 1  # magic (6), version (2), length (2); a newline ends it
    if len(body) > room:  # pragma: no cover - a dict of three short entries
        raise ValueError(f"an .npy header of {len(body)} bytes does not fit in {HEADER}")
    return b"\x93NUMPY\x01\x00" + (HEADER - 10).to_bytes(2, "little") + body + b" " * (room - len(body)) + b"\n"


class NpyWriter:
    """``append`` rows (arrays whose shape past the first axis is ``tail``), then ``close``."""

    def __init__(self, path: Path, dtype, tail: tuple[int, ...] = ()):
        self.path, self.dtype, self.tail = Path(path), np.dtype(dtype), tuple(tail)
        self.rows = 0
        self._fh = open(self.path, "wb")
        self._fh.write(_header(self.dtype, (0, *self.tail)))

    def append(self, block: np.ndarray) -> None:
        block = np.ascontiguousarray(block, self.dtype)
        if block.shape[1:] != self.tail:
            raise ValueError(f"rows of shape {block.shape[1:]} appended to an array of rows {self.tail}")
        self._fh.write(block.tobytes())
        self.rows += block.shape[0]

    def close(self) -> None:
        """The real row count into the header, then the file flushed to disk."""
        self._fh.seek(0)
        self._fh.write(_header(self.dtype, (self.rows, *self.tail)))
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self._fh.close()

    def discard(self) -> None:
        """Close and delete an unfinished file."""
        self._fh.close()
        self.path.unlink(missing_ok=True)

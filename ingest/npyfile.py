"""``.npy`` files written and read a block of rows at a time.

Ingest writes the keyword matrix and the vectors copy policy by policy, so what it holds does
not grow with the corpus (issue 16); ``np.save`` needs the whole array first. The header is a
fixed ``HEADER`` bytes (NumPy reads any header length it is told, padded with spaces), written
with the shape as 0 rows and rewritten with the real count on ``close``. ``NpyRows`` reads rows
with positioned reads: nothing read stays in memory, where a memory map kept every page it had
read resident (copying the previous keyword matrix of 10,000 policies added ~110 MB that way).
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


class NpyRows:
    """The rows of an ``.npy`` file, read when asked for: ``rows[i]`` or ``rows[a:b]``. The file
    stays open, so a reader keeps reading one an ingest has since removed."""

    def __init__(self, fd: int, offset: int, dtype: np.dtype, shape: tuple[int, ...]):
        self._fd, self._offset, self.dtype, self.shape = fd, offset, dtype, shape
        self._width = int(np.prod(shape[1:], dtype=np.int64)) * dtype.itemsize

    @classmethod
    def open(cls, path: Path) -> NpyRows:
        """ValueError for a file that is not a C-ordered ``.npy`` of a version NumPy writes."""
        fd = os.open(path, os.O_RDONLY)
        try:
            with os.fdopen(os.dup(fd), "rb") as fh:
                read = {(1, 0): np.lib.format.read_array_header_1_0, (2, 0): np.lib.format.read_array_header_2_0}
                shape, fortran, dtype = read[np.lib.format.read_magic(fh)](fh)
                offset = fh.tell()
            if fortran or not shape:
                raise ValueError(f"{path} is not an array of rows")
            return cls(fd, offset, dtype, tuple(shape))
        except (ValueError, KeyError) as exc:
            os.close(fd)
            raise ValueError(f"{path} is not an .npy file this code reads ({exc})") from None

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, key):
        if isinstance(key, slice):
            start, end, step = key.indices(len(self))
            if step != 1:
                raise IndexError("rows are read in one range")
            return self.rows(start, max(start, end))
        at = int(key) + (len(self) if key < 0 else 0)
        if not 0 <= at < len(self):
            raise IndexError(key)
        return self.rows(at, at + 1)[0]

    def rows(self, start: int, end: int) -> np.ndarray:
        raw = os.pread(self._fd, (end - start) * self._width, self._offset + start * self._width)
        return np.frombuffer(raw, self.dtype).reshape(end - start, *self.shape[1:])

    def __del__(self):
        os.close(self._fd)

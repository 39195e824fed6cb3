"""Where a long ingest is and how long it has left, for the person waiting on it.

Three ways to show it, one interface: a bar on a terminal (``show=True``), log lines when the
output is a log or CI (``show=False``; INFO: a line per file read, and at most one embedding line
per ``LOG_EVERY`` seconds), or a callback ``report(fraction, description)`` (the web page's
``gr.Progress``). Files are read and their units embedded as they go (``ingest.stream``), so the
time left is estimated from the bytes of the files still to read at the rate so far: a model's
cost follows text length, and the number of units still to come is not known until they are read.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .errors import printable

Report = Callable[[float, str], None]
log = logging.getLogger(__name__)
LOG_EVERY = 10.0  # seconds between embedding log lines
# How much of the whole run reading and embedding stand for in a callback's fraction (the rest:
# writing the keyword index and the manifest).
WORK = 0.95


def clock(seconds: float) -> str:
    """``95 s``, ``3 min 20 s``, ``1 h 5 min``: an estimate, so no false precision."""
    s = int(round(seconds))
    if s < 100:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


def _size(path: Path) -> int:
    try:
        return max(path.stat().st_size, 1)
    except OSError:  # reported when it is read
        return 1


class Progress:
    def __init__(self, show: bool | Report = False):
        self.bar = show is True
        self.report: Report | None = show if callable(show) else None
        self._tqdm = None
        self.units = 0
        self.read = self.total = 0  # files
        self.done_bytes = self.total_bytes = 0
        self.started = self.last_line = 0.0

    def files(self, files: list[Path]) -> Iterator[Path]:
        """``files``, one by one, saying which is being read; each counts as done when the next is asked for."""
        sizes = [_size(p) for p in files]
        self.total, self.total_bytes = len(files), sum(sizes)
        self.started = self.last_line = time.perf_counter()
        if self.bar and files:
            from tqdm import tqdm

            # Counted in bytes (so tqdm's time left follows them), shown in files and units; smoothing=0:
            # the average rate since the start, not the last update's.
            self._tqdm = tqdm(
                total=self.total_bytes,
                desc="ingesting",
                leave=False,
                smoothing=0,
                bar_format="{desc}: {percentage:3.0f}%|{bar}| {postfix} [{elapsed}<{remaining}]",
            )
        for i, (path, size) in enumerate(zip(files, sizes), 1):
            self.read = i
            if self._tqdm is not None:
                self._tqdm.set_postfix_str(self._counts(), refresh=True)
            else:
                log.info("reading %d/%d: %s", i, self.total, printable(path.name))
            if self.report:
                self.report(
                    WORK * self.done_bytes / max(self.total_bytes, 1), f"Reading {path.name} ({i}/{self.total})"
                )
            yield path
            self.done_bytes += size
            if self._tqdm is not None:
                self._tqdm.update(size)

    def embedded(self, texts: list[str]) -> None:
        """``texts`` were embedded (any order, any batch size)."""
        if not texts:
            return
        self.units += len(texts)
        now = time.perf_counter()
        if self._tqdm is not None:
            self._tqdm.set_postfix_str(self._counts(), refresh=False)
        elif self.report:
            self.report(WORK * self.done_bytes / max(self.total_bytes, 1), f"Embedding: {self._line(now)}")
        elif now - self.last_line >= LOG_EVERY:
            log.info("embedding: %s", self._line(now))
            self.last_line = now

    def embedding_done(self) -> None:
        """The last batch is written: the closing line in a log."""
        if self.units and self._tqdm is None and not self.report:
            log.info("embedding: %s", self._line(time.perf_counter()))

    def stage(self, description: str) -> None:
        """A step after embedding (the keyword index, the manifest, removing old vectors)."""
        self.close()
        if self.bar:  # the CLI's log is quiet on a terminal; these steps take a while at scale
            print(f"{description}…", file=sys.stderr, flush=True)
        log.info("%s…", description)
        if self.report:
            self.report(WORK, f"{description[:1].upper()}{description[1:]}…")

    def close(self) -> None:
        if self._tqdm is not None:
            self._tqdm.close()
            self._tqdm = None

    def _counts(self) -> str:
        return f"{self.read:,}/{self.total:,} files, {self.units:,} units embedded"

    def _line(self, now: float) -> str:
        """``1,024 units embedded, 37/1,000 files read, 95 units/s, about 43 s left``."""
        seconds = now - self.started
        line = f"{self.units:,} units embedded, {self.read:,}/{self.total:,} files read"
        if seconds > 0:
            line += f", {self.units / seconds:.0f} units/s"
        if self.done_bytes and seconds > 0 and self.done_bytes < self.total_bytes:
            left = (self.total_bytes - self.done_bytes) * seconds / self.done_bytes
            line += f", about {clock(left)} left" if left >= 1 else ""
        return line

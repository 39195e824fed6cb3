"""Where a long ingest is and how long it has left, for the person waiting on it.

Three ways to show it, one interface: a bar on a terminal (``show=True``), log lines when the
output is a log or CI (``show=False``; INFO, at most one embedding line per ``LOG_EVERY`` seconds),
or a callback ``report(fraction, description)`` (the web page's ``gr.Progress``). Reading counts
files; embedding counts units, but its time left is estimated from the characters still to embed
at the average rate so far: a model's cost follows text length, and a unit count alone misleads
whenever long units come first (the first estimate used to be 1 h 56 m for a 19-minute step).
"""
from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

Report = Callable[[float, str], None]
log = logging.getLogger(__name__)
LOG_EVERY = 10.0  # seconds between embedding log lines
# How much of the whole run each stage stands for in a callback's fraction (embedding dominates).
READ, EMBED = 0.1, 0.85
# A unit's cost beyond its characters (special tokens, per-text work), in characters.
OVERHEAD = 40


def clock(seconds: float) -> str:
    """``95 s``, ``3 min 20 s``, ``1 h 5 min``: an estimate, so no false precision."""
    s = int(round(seconds))
    if s < 100:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


class Progress:
    def __init__(self, show: bool | Report = False):
        self.bar = show is True
        self.report: Report | None = show if callable(show) else None
        self._tqdm = None
        self.units = self.total_units = 0
        self.cost = self.total_cost = 0
        self.started = self.last_line = 0.0

    def files(self, files: list[Path]) -> Iterator[Path]:
        """``files``, one by one, saying which is being read."""
        n = len(files)
        if self.bar:
            from tqdm import tqdm

            yield from tqdm(files, desc="reading", unit="file", leave=False)
            return
        for i, path in enumerate(files, 1):
            log.info("reading %d/%d: %s", i, n, path.name)
            if self.report:
                self.report(READ * (i - 1) / max(n, 1), f"Reading {path.name} ({i}/{n})")
            yield path

    def start_embedding(self, texts: Iterable[str], files: int) -> None:
        texts = list(texts)
        self.total_units, self.total_cost = len(texts), sum(map(len, texts)) + OVERHEAD * len(texts)
        self.units = self.cost = 0
        self.started = self.last_line = time.perf_counter()
        if self.total_units:
            log.info("embedding %d new units (chunks and sentences) of %d file(s)…", self.total_units, files)
        if self.bar and self.total_units:
            from tqdm import tqdm

            # Counted in characters (so tqdm's time left follows them), shown in units; smoothing=0:
            # the average rate since the start, not the last update's.
            self._tqdm = tqdm(total=self.total_cost, desc="embedding", leave=False, smoothing=0,
                              bar_format="{desc}: {percentage:3.0f}%|{bar}| {postfix} [{elapsed}<{remaining}]")
            self._tqdm.set_postfix_str(self._units_line(), refresh=True)
        elif self.report:
            self.report(READ, f"Embedding {self.total_units:,} passages…")

    def embedded(self, texts: list[str]) -> None:
        """``texts`` were embedded (any order, any batch size)."""
        self.units += len(texts)
        step = sum(map(len, texts)) + OVERHEAD * len(texts)
        self.cost += step
        now = time.perf_counter()
        if self._tqdm is not None:
            self._tqdm.set_postfix_str(self._units_line(), refresh=False)
            self._tqdm.update(step)
        elif self.report:
            self.report(READ + EMBED * self.cost / max(self.total_cost, 1), f"Embedding: {self._line(now)}")
        elif now - self.last_line >= LOG_EVERY or self.units == self.total_units:
            log.info("embedding: %s", self._line(now))
            self.last_line = now

    def stage(self, description: str) -> None:
        """A step after embedding (the keyword index, the manifest, removing old vectors)."""
        self.close()
        if self.bar:  # the CLI's log is quiet on a terminal; these steps take a while at scale
            print(f"{description}…", file=sys.stderr, flush=True)
        log.info("%s…", description)
        if self.report:
            self.report(READ + EMBED, f"{description[:1].upper()}{description[1:]}…")

    def close(self) -> None:
        if self._tqdm is not None:
            self._tqdm.close()
            self._tqdm = None

    def _units_line(self) -> str:
        return f"{self.units:,}/{self.total_units:,} units"

    def _line(self, now: float) -> str:
        """``1,024/5,153 units, 95 units/s, about 43 s left``."""
        seconds = now - self.started
        line = self._units_line()
        if self.cost and seconds > 0:
            left = (self.total_cost - self.cost) / (self.cost / seconds)
            line += f", {self.units / seconds:.0f} units/s" + (f", about {clock(left)} left" if left >= 1 else "")
        return line

"""How much work one document may cost: characters of text and seconds, checked while it is read.

The byte limit (``Settings.max_policy_mb``) bounds the file, not its text: an 8 KB PDF whose pages
share one compressed stream extracted to millions of characters and held an upload for over 15
minutes (issue 28). So the text is counted as it comes out (page by page, paragraph by paragraph),
and the clock is read between steps; either limit ends the document with an ``IngestError`` that
says which limit and how to raise it, and the other files of the run go on.
"""

from __future__ import annotations

import time
from pathlib import Path

from .errors import IngestError


class Budget:
    """One document's allowance; ``add`` counts extracted characters, ``check`` reads the clock."""

    def __init__(self, path: str | Path, chars: int, seconds: float):
        self.path = path
        self.chars = chars
        self.seconds = seconds
        self.used = 0
        self._deadline = time.monotonic() + seconds

    def add(self, n: int) -> None:
        self.used += n
        if self.used > self.chars:
            raise IngestError(
                self.path,
                f"its text is longer than {self.chars:,} characters, the limit for one policy (the file may be "
                f"small: compressed PDF pages can expand hugely); split it, or raise the limit with "
                f"ASSISTANT_MAX_POLICY_CHARS",
            )
        self.check()

    def check(self, step: str = "read") -> None:
        if time.monotonic() > self._deadline:
            raise IngestError(
                self.path,
                f"took more than {self.seconds:g} s to {step}, the limit for one policy; supply a simpler "
                f"text version, or raise the limit with ASSISTANT_MAX_POLICY_SECONDS",
            )

    @classmethod
    def unlimited(cls, path: str | Path = "") -> Budget:
        return cls(path, 1 << 62, float("inf"))

"""Verify: does the cited policy text support each statement? The offline support judge (its
checks in ``checks`` and ``claims``) and the guard that shows a generated answer only statement
by statement, as each is supported."""

from .claims import is_abstention
from .guard import Guard
from .judge import Verdict, judge

__all__ = ["Guard", "Verdict", "is_abstention", "judge"]

"""Reading the question: what it asks, about which policies, in which language, worked out once.

``Reader.read`` turns a checked question (and the turns before it) into a ``Reading``; the planner
and every answer backend take that value instead of parsing the question again.
"""

from __future__ import annotations

from .read import Reader

__all__ = ["Reader"]

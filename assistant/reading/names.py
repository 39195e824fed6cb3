"""Shop names written in another script ("믹믹", "투투마트"): a table (names.tsv), replaced by the
name the router knows before the question is read, so a Korean question routes like an English one."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_TABLE = Path(__file__).with_name("names.tsv")


@lru_cache(maxsize=1)
def table() -> tuple[tuple[str, str], ...]:
    """(written, known) pairs, longest written name first so "케이몰24" wins over "케이몰"."""
    rows = [
        line.split("\t")
        for line in _TABLE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return tuple(sorted(((w.strip(), k.strip()) for w, k in rows), key=lambda r: -len(r[0])))


def with_known_names(question: str) -> str:
    """The question with each name of the table written as the router knows it ("믹믹은" -> "MIKMIK 은")."""
    for written, known in table():
        if written in question:
            question = question.replace(written, f" {known} ")
    return " ".join(question.split())

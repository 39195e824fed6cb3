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


_OTHERS = Path(__file__).with_name("others.tsv")
# Particles and endings that may follow a name inside one written word ("쿠팡은", "네이버에서").
_AFTER = (
    "",
    "은",
    "는",
    "이",
    "가",
    "의",
    "에서",
    "에서는",
    "에",
    "도",
    "을",
    "를",
    "에게",
    "과",
    "와",
    "랑",
    "이나",
    "에도",
)


@lru_cache(maxsize=1)
def others() -> dict[str, str]:
    """Companies and services people name in Korean that have no policy here (others.tsv): written -> English name."""
    rows = [
        line.split("\t")
        for line in _OTHERS.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return {w.strip(): e.strip() for w, e in rows}


def other_companies(question: str) -> list[str]:
    """The names of the companies in others.tsv a question names: a Hangul one as a word and a
    particle ("쿠팡은 개인정보를 얼마나 오래 보관하나요?" -> ["Coupang"]), an English one as a word in any
    case ("does ebay share my address?" -> ["eBay"]), so it is read as a company with no policy here,
    never answered from the policies whose words the rest of it matches."""
    found = []
    for token in question.split():
        token = token.strip("?!.,~\"'()")
        for written, name in others().items():
            if written.isascii():
                hit = token.lower() in (written, written + "'s", written + "’s")
            else:
                hit = token.startswith(written) and token[len(written) :] in _AFTER
            if hit and name not in found:
                found.append(name)
    return found

"""Fact-sheet metrics as pure functions over the gold sheets (eval/facts_gold.json).

- cell accuracy: a cell is right when the gold says "Not stated" and so does the sheet, or the
  gold states a value and the sheet's value contains every ``accept`` key (case-insensitive,
  at a word start; "Yes"/"No" as whole words).
- quote recall: share of gold passages that overlap one of the cell's quotes.
- false-"stated" rate: share of gold "Not stated" cells to which the sheet gives a value.
Nothing here builds a sheet; bench/facts.py (and later the eval runner) gathers the inputs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

GOLD = Path(__file__).with_name("facts_gold.json")
NOT_STATED = "Not stated"


@dataclass(frozen=True)
class GoldCell:
    policy: str
    category: str
    value: str
    accept: tuple[str, ...]
    passages: tuple[str, ...]  # verbatim substrings of the policy text

    @property
    def stated(self) -> bool:
        return self.value != NOT_STATED


@dataclass(frozen=True)
class CellScore:
    policy: str
    category: str
    gold: str
    value: str
    correct: bool
    false_stated: bool
    passages_found: int
    passages: int


def load_gold(path: Path = GOLD) -> tuple[list[str], dict[str, str], list[GoldCell]]:
    """(categories, {slug: file name}, cells) from the gold file."""
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    files, cells = {}, []
    for slug, policy in doc["policies"].items():
        files[slug] = policy["file"]
        for cat, cell in policy["facts"].items():
            cells.append(GoldCell(slug, cat, cell["value"], tuple(cell["accept"]), tuple(cell["gold"])))
    return list(doc["categories"]), files, cells


def value_correct(value: str, gold_value: str, accept: Sequence[str]) -> bool:
    if gold_value == NOT_STATED or value == NOT_STATED:
        return value == gold_value
    for key in accept:
        end = r"(?!\w)" if key.lower() in ("yes", "no") else ""
        if not re.search(r"(?<!\w)" + re.escape(key) + end, value, re.I):
            return False
    return True


def _overlaps(span: tuple[int, int], quotes: Sequence[tuple[int, int]]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in quotes)


def score_cell(cell: GoldCell, value: str, quotes: Sequence[tuple[int, int]], text: str) -> CellScore:
    found = 0
    for passage in cell.passages:
        at = text.find(passage)
        if at < 0:
            raise ValueError(
                f"gold passage for {cell.policy}/{cell.category} is not in the policy text: {passage[:60]!r}"
            )
        found += _overlaps((at, at + len(passage)), quotes)
    return CellScore(
        cell.policy,
        cell.category,
        cell.value,
        value,
        correct=value_correct(value, cell.value, cell.accept),
        false_stated=not cell.stated and value != NOT_STATED,
        passages_found=found,
        passages=len(cell.passages),
    )


def score_sheets(cells: Sequence[GoldCell], sheets: Mapping, texts: Mapping[str, str]) -> list[CellScore]:
    """Score every gold cell against ``sheets[slug]`` (a FactSheet: ``.fact(category)`` with
    ``.value`` and ``.quotes`` of ``.start``/``.end``); a policy without a sheet scores as all
    "Not stated"."""
    out = []
    for cell in cells:
        sheet = sheets.get(cell.policy)
        fact = sheet.fact(cell.category) if sheet is not None else None
        value = fact.value if fact is not None else NOT_STATED
        quotes = [(q.start, q.end) for q in fact.quotes] if fact is not None else []
        out.append(score_cell(cell, value, quotes, texts[cell.policy]))
    return out


def cell_accuracy(scores: Sequence[CellScore]) -> tuple[float | None, list[bool]]:
    per = [s.correct for s in scores]
    return (sum(per) / len(per) if per else None), per


def quote_recall(scores: Sequence[CellScore]) -> tuple[float | None, list[float | None]]:
    per = [s.passages_found / s.passages if s.passages else None for s in scores]
    total = sum(s.passages for s in scores)
    return (sum(s.passages_found for s in scores) / total if total else None), per


def false_stated_rate(scores: Sequence[CellScore]) -> tuple[float | None, list[bool | None]]:
    per = [s.false_stated if s.gold == NOT_STATED else None for s in scores]
    applicable = [p for p in per if p is not None]
    return (sum(applicable) / len(applicable) if applicable else None), per

"""The comparison table: categories as rows, policies as columns, every cell a quoted Fact.

Exports (documented in README, "Fact sheets and comparison"):
- ``to_json()``: the whole table, every cell with its value, confidence and quotes at offsets.
- ``to_csv()``: the table as people read it, one row per category and one column per policy,
  cells holding the value only, so it pastes into a spreadsheet as a readable grid.
- ``to_csv(quotes=True)``: the evidence, one row per quote (category, policy, value, start, end,
  quote); kept apart because a cell can have up to eight quotes, which would bury the grid.
A CSV cell starting with = + - or @ gets a leading ' so a spreadsheet shows it as text instead of
running it as a formula (policies can be uploaded by anyone using the web page).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from ingest.facts import Fact, FactSheet

_FORMULA = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Column:
    slug: str
    title: str


@dataclass(frozen=True)
class Row:
    category: str
    label: str
    cells: tuple[Fact, ...]  # one per column, in column order


@dataclass(frozen=True)
class Comparison:
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]

    @classmethod
    def of(cls, sheets: list[FactSheet], categories: list[str]) -> Comparison:
        columns = tuple(Column(s.slug, s.title) for s in sheets)
        rows = []
        for key in categories:
            cells = tuple(s.fact(key) for s in sheets)
            rows.append(Row(key, cells[0].label if cells else key, cells))
        return cls(columns, tuple(rows))

    def cell(self, category: str, slug: str) -> Fact:
        col = [c.slug for c in self.columns].index(slug)
        return next(r for r in self.rows if r.category == category).cells[col]

    def to_dict(self) -> dict:
        return {
            "policies": [{"slug": c.slug, "title": c.title} for c in self.columns],
            "rows": [
                {
                    "category": r.category,
                    "label": r.label,
                    "cells": {c.slug: f.to_dict() for c, f in zip(self.columns, r.cells)},
                }
                for r in self.rows
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_csv(self, quotes: bool = False) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        if quotes:
            writer.writerow(["category", "policy", "value", "confidence", "start", "end", "quote"])
            for r in self.rows:
                for c, f in zip(self.columns, r.cells):
                    for q in f.quotes:
                        writer.writerow(
                            [r.category, c.slug, _text(f.value), f.confidence, q.start, q.end, _text(q.text)]
                        )
            return out.getvalue()
        writer.writerow(["category"] + [c.title for c in self.columns])
        for r in self.rows:
            writer.writerow([r.label] + [_text(f.value) for f in r.cells])
        return out.getvalue()


def _text(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA) else cell

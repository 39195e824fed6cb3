"""The typed values a fact sheet is made of: a quote at offsets, a cell (Fact), a sheet per policy."""

from __future__ import annotations

import json
from dataclasses import dataclass

NOT_STATED = "Not stated"


@dataclass(frozen=True)
class Quote:
    start: int
    end: int
    text: str  # == policy text[start:end]


@dataclass(frozen=True)
class Fact:
    category: str
    label: str
    value: str  # short, lifted from the quotes; NOT_STATED when they do not support one
    quotes: tuple[Quote, ...]
    confidence: float

    @property
    def stated(self) -> bool:
        return self.value != NOT_STATED

    def to_dict(self) -> dict:
        return {
            "category": self.category,
            "label": self.label,
            "value": self.value,
            "confidence": round(self.confidence, 2),
            "quotes": [{"start": q.start, "end": q.end, "text": q.text} for q in self.quotes],
        }


@dataclass(frozen=True)
class FactSheet:
    slug: str
    title: str
    facts: tuple[Fact, ...]  # one per category, in CATEGORIES order

    def fact(self, category: str) -> Fact:
        for f in self.facts:
            if f.category == category:
                return f
        raise KeyError(f"no category {category!r}; known: {', '.join(f.category for f in self.facts)}")

    def to_dict(self) -> dict:
        return {"slug": self.slug, "title": self.title, "facts": [f.to_dict() for f in self.facts]}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_record(self) -> list[dict]:
        """The sheet as the manifest stores it: quotes as (start, end) only, since their text is
        the policy's own text at those offsets (stored once, beside it)."""
        return [
            {
                "category": f.category,
                "label": f.label,
                "value": f.value,
                "confidence": f.confidence,
                "quotes": [[q.start, q.end] for q in f.quotes],
            }
            for f in self.facts
        ]

    @classmethod
    def from_record(cls, slug: str, title: str, text: str, rows: list[dict]) -> FactSheet:
        """The sheet ``to_record`` wrote, each quote's text cut from ``text`` at its offsets."""
        return cls(
            slug,
            title,
            tuple(
                Fact(
                    r["category"],
                    r["label"],
                    r["value"],
                    tuple(Quote(s, e, text[s:e]) for s, e in r["quotes"]),
                    r["confidence"],
                )
                for r in rows
            ),
        )

"""The ingested corpus as the assistant sees it: policies, texts, units, the keyword index."""
from __future__ import annotations

from dataclasses import dataclass

from ingest.store import PolicyIndex
from ingest.units import Unit


@dataclass(frozen=True)
class PolicyInfo:
    slug: str
    title: str
    source_url: str | None = None
    archived: str | None = None


class Corpus:
    """Read-only view of a ``PolicyIndex``: per policy its info and text, every unit by id."""

    def __init__(self, index: PolicyIndex):
        self.index = index
        self.info: dict[str, PolicyInfo] = {}
        self.texts: dict[str, str] = {}
        self.units: dict[str, Unit] = {}
        self.unit_ids: dict[str, list[str]] = {}  # per policy, in text order
        self.chunk_sentences: dict[str, list[Unit]] = {}
        for slug, e in sorted(index.manifest.policies.items()):
            self.info[slug] = PolicyInfo(slug, e.title, e.source_url, e.archived)
            self.texts[slug] = e.text
            units = e.units(index.recipe)
            self.unit_ids[slug] = [u.id for u in units]
            for u in units:
                self.units[u.id] = u
                if u.kind == "sentence":
                    self.chunk_sentences.setdefault(u.chunk, []).append(u)
        self.keyword = index.keyword
        self.lower_texts = {s: t.lower() for s, t in self.texts.items()}

    @property
    def titles(self) -> dict[str, str]:
        return {slug: info.title for slug, info in self.info.items()}

    def sentences_of(self, unit: Unit) -> list[Unit]:
        """The sentence units of a chunk."""
        return self.chunk_sentences.get(unit.chunk) or [self.units[unit.chunk]]

"""The ingested corpus as the assistant sees it: policies, texts, units, the keyword index."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from ingest import manifest
from ingest.keyword import KeywordIndex
from ingest.units import Unit, units_of

from .errors import IndexMissingError
from .settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PolicyInfo:
    slug: str
    title: str
    source_url: str | None = None
    archived: str | None = None


class Corpus:
    def __init__(self, data: dict, keyword: KeywordIndex):
        self.info: dict[str, PolicyInfo] = {}
        self.texts: dict[str, str] = {}
        self.units: dict[str, Unit] = {}
        self.chunk_sentences: dict[str, list[Unit]] = {}
        for slug, e in sorted(data["policies"].items()):
            self.info[slug] = PolicyInfo(slug, e["title"], e.get("source_url"), e.get("archived"))
            self.texts[slug] = e["text"]
            for u in units_of(manifest.chunks_of(slug, e), e["text"]):
                self.units[u.id] = u
                if u.kind == "sentence":
                    self.chunk_sentences.setdefault(u.chunk, []).append(u)
        self.keyword = keyword
        self.keyword_units = [self.units.get(i) for i in keyword.ids]
        self.lower_texts = {s: t.lower() for s, t in self.texts.items()}

    @classmethod
    def load(cls, settings: Settings) -> "Corpus":
        index = Path(settings.index)
        if not manifest.path_of(index).exists():
            raise IndexMissingError(
                f"no index in {index}/; build it with `python -m ingest` (or `make run`, which does it for you)"
            )
        data = manifest.read(index)
        if data.get("stale"):
            raise IndexMissingError(
                f"the index in {index}/ was built by an older version of the assistant; rebuild it with `python -m ingest`"
            )
        if not data["policies"]:
            raise IndexMissingError(f"the index in {index}/ holds no policies; run `python -m ingest PATH` with policy files")
        return cls(data, KeywordIndex.load(index / "keyword"))

    def sentences_of(self, unit: Unit) -> list[Unit]:
        """The sentence units of a chunk."""
        return self.chunk_sentences.get(unit.chunk) or [self.units[unit.chunk]]

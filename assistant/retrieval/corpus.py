"""The ingested corpus as the assistant sees it: policies, texts, units, the keyword index.

Units are not held as objects: at 1,000 policies (117,000 units) building them all took about
0.5 s of a cold start and their objects about 80 MB (issue 16). ``Units`` makes one from the
manifest's chunk offsets when it is asked for; the ids come from the keyword index written
with the manifest (its columns are every policy's units in order), so none is hashed again.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import accumulate

from ingest.domains import names_in
from ingest.manifest import PolicyEntry
from ingest.store import PolicyIndex
from ingest.units import Unit


@dataclass(frozen=True)
class PolicyInfo:
    slug: str
    title: str
    source_url: str | None = None
    archived: str | None = None


class Units(Mapping[str, Unit]):
    """Every unit of the manifest by id, each built when asked for: the same value as
    ``PolicyEntry.units`` gives. Positions run policy by policy in slug order, each policy's
    units in its text order (a chunk, then its sentences), as the keyword index's columns do."""

    def __init__(self, entries: dict[str, PolicyEntry], ids: list[str], spans: dict[str, tuple[int, int]]):
        self._entries = entries
        self._ids = ids
        self._spans = spans  # slug -> (first position, end position)
        self._at = {uid: i for i, uid in enumerate(ids)}
        # Every chunk in position order: its own unit's position, the chunk, its policy (one search
        # finds the chunk of any position; ~10 ms at 1,000 policies, 2 MB).
        self._heads: list[int] = []
        self._chunks: list = []
        self._owners: list[PolicyEntry] = []
        for slug, e in entries.items():
            at = spans[slug][0]
            for c in e.chunks:
                self._heads.append(at)
                at += 1 + len(c.sentences)
            self._chunks += e.chunks
            self._owners += [e] * len(e.chunks)

    @classmethod
    def of(cls, index: PolicyIndex) -> Units:
        """The units of ``index``'s manifest, their ids read from its keyword index when that
        lists exactly this manifest's units (it always does for an index ingest wrote)."""
        entries = dict(sorted(index.manifest.policies.items()))
        ends = list(accumulate(len(e.chunks) + sum(len(c.sentences) for c in e.chunks) for e in entries.values()))
        spans = dict(zip(entries, zip([0, *ends[:-1]], ends)))
        keyword = index.keyword
        if (
            keyword is not None
            and len(keyword.ids) == (ends[-1] if ends else 0)
            and all(keyword.policies.get(slug, ())[:2] == span for slug, span in spans.items())
        ):
            return cls(entries, keyword.ids, spans)
        # A keyword index of other units (only a hand-made index has one): hash the ids as ingest does.
        return cls(entries, [u.id for e in entries.values() for u in e.units(index.recipe)], spans)

    def __getitem__(self, uid: str) -> Unit:
        return self._unit(self._at[uid])

    def get(self, uid: str, default=None) -> Unit | None:
        at = self._at.get(uid)
        return default if at is None else self._unit(at)

    def __contains__(self, uid: object) -> bool:
        return uid in self._at

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def ids_of(self, slug: str) -> list[str]:
        """The policy's unit ids in text order; KeyError for a policy the manifest lacks."""
        start, end = self._spans[slug]
        return self._ids[start:end]

    def sentences_of(self, unit: Unit) -> list[Unit]:
        """The sentence units of ``unit``'s chunk; the chunk itself when it has none."""
        at = self._at[unit.chunk]
        n = len(self._chunks[bisect_right(self._heads, at) - 1].sentences)
        return [self._unit(at + 1 + k) for k in range(n)] or [self._unit(at)]

    def _unit(self, at: int) -> Unit:
        i = bisect_right(self._heads, at) - 1
        c, e, head = self._chunks[i], self._owners[i], self._heads[i]
        cid = self._ids[head]
        if at == head:
            return Unit(
                cid,
                "chunk",
                e.slug,
                e.title,
                c.section,
                e.text[c.start : c.end],
                c.start,
                c.end,
                cid,
                c.flagged is not None,
            )
        s, end = c.sentences[at - head - 1]
        return Unit(
            self._ids[at],
            "sentence",
            e.slug,
            e.title,
            c.section,
            e.text[s:end],
            s,
            end,
            cid,
            c.flagged is not None and c.flagged < end,
        )


class _UnitIds(Mapping[str, list[str]]):
    """slug -> its unit ids, sliced from ``Units`` when asked for."""

    def __init__(self, units: Units, slugs: list[str]):
        self._units, self._slugs = units, slugs

    def __getitem__(self, slug: str) -> list[str]:
        return self._units.ids_of(slug)

    def __iter__(self) -> Iterator[str]:
        return iter(self._slugs)

    def __len__(self) -> int:
        return len(self._slugs)


class _Lowered(Mapping[str, str]):
    """slug -> its text in lower case, made when first asked for and kept (13 MB at 1,000 policies,
    most of which a process never reads: a name check stops at the first policy that has it)."""

    def __init__(self, texts: dict[str, str]):
        self._texts, self._lowered = texts, {}

    def __getitem__(self, slug: str) -> str:
        low = self._lowered.get(slug)
        if low is None:
            low = self._lowered[slug] = self._texts[slug].lower()
        return low

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)


class Corpus:
    """Read-only view of a ``PolicyIndex``: per policy its info and text, every unit by id."""

    def __init__(self, index: PolicyIndex):
        self.index = index
        entries = self._entries = dict(sorted(index.manifest.policies.items()))
        self.info = {slug: PolicyInfo(slug, e.title, e.source_url, e.archived) for slug, e in entries.items()}
        self.texts = {slug: e.text for slug, e in entries.items()}
        self.units = Units.of(index)
        self.unit_ids = _UnitIds(self.units, list(entries))  # per policy, in text order
        self.keyword = index.keyword
        self.lower_texts = _Lowered(self.texts)

    @property
    def titles(self) -> dict[str, str]:
        return {slug: info.title for slug, info in self.info.items()}

    def sentences_of(self, unit: Unit) -> list[Unit]:
        """The sentence units of a chunk."""
        return self.units.sentences_of(unit)

    def domains(self, slug: str) -> tuple[str, ...]:
        """The domains the policy's opening names, as ingest recorded them (scanned here when an
        older version wrote the manifest)."""
        e = self._entries[slug]
        return e.domains if e.domains is not None else names_in(e.text)

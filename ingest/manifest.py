"""The manifest beside the vector store: what was ingested from where, and each policy's text.

It is the source of truth for the assistant's corpus (titles, texts, chunk offsets) and is
replaced atomically, so a failed run never leaves a half-written one. It crosses module borders
as typed values (``Manifest``, ``PolicyEntry``, ``ChunkEntry``), never as a raw dict.
``manifest.json`` lists each policy's row (source path, entry file, fingerprint); each entry is a
file of its own (``ingest.entries``), so an ingest need not hold or rewrite every policy's.
"""

from __future__ import annotations

import gc
import os
import tempfile
from collections.abc import MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from .chunk import Chunk
from .domains import names_in
from .facts import VERSION as FACTS_VERSION, FactSheet
from .load import PolicyDocument
from .units import EMBED_RECIPE, Unit, first_flagged, units_of
from .writer import checkpoint

# Bump when loading or chunking changes, so every file is re-chunked on the next ingest
# (6: the keyword index has per-policy statistics; 7: titles are never a section heading;
# 8: each chunk's injection flag is recorded, so a reader does not rescan every chunk; 9: each
# policy's entry in a file of its own, ingest.entries; issue 16; 10: sentences over 1,000
# characters are cut, text.MAX_SENTENCE, and requests for a password are flagged; issue 28).
PIPELINE_VERSION = 10


@dataclass(frozen=True, slots=True)  # ~37,000 at 1,000 policies, all held by every reader
class ChunkEntry:
    id: str
    section: str
    start: int
    end: int
    sentences: tuple[tuple[int, int], ...]
    flagged: int | None = None  # units.first_flagged: where injected text starts in it, if anywhere


@dataclass(frozen=True)
class PolicyEntry:
    """One ingested policy: where it came from, its cleaned text and its chunks' offsets."""

    slug: str
    path: str
    title: str
    text: str
    chunks: tuple[ChunkEntry, ...]
    source_url: str | None = None
    archived: str | None = None
    # The fact sheet (``facts``), kept in the entry so the sheet and the text it quotes are replaced
    # in the same atomic write; as read from the manifest, its record (JSON bytes: 2 MB where the
    # parsed rows held 11 MB at 1,000 policies) until first asked for: building all 1,000 sheets
    # took about 1 s of a reader's cold start (issue 16). Not compared: a
    # record and the sheet built from it are the same sheet, and a sheet changes only with the
    # text, title or chunks (compared) or with the extractor's version (which makes the index stale).
    sheet: FactSheet | bytes | None = field(default=None, repr=False, compare=False)
    # The domains its opening names (domains.names_in), for the router; None when an older version
    # wrote the manifest (the reader then scans the text itself).
    domains: tuple[str, ...] | None = None
    # The source file's digest (load.file_digest) when this run read it; kept in the manifest's row,
    # not in the entry file.
    source: str | None = field(default=None, compare=False)

    @classmethod
    def of(
        cls, doc: PolicyDocument, chunks: list[Chunk], facts: FactSheet | None = None, old: PolicyEntry | None = None
    ) -> PolicyEntry:
        """``old``: the entry a current manifest holds for this policy. Its injection flags are kept
        when the text and chunk offsets are the same (a flag depends on nothing else): rescanning
        every chunk of an unchanged corpus cost 5.5 s of a 1,000-policy re-ingest."""
        same = (
            old is not None
            and old.text == doc.text
            and [(c.start, c.end) for c in old.chunks] == [(c.start, c.end) for c in chunks]
        )
        flags = [c.flagged for c in old.chunks] if same else [first_flagged(c) for c in chunks]
        # Likewise the domains, which depend on the text alone (scanning 1,000 texts: ~0.5 s of a re-ingest).
        domains = (
            old.domains if old is not None and old.text == doc.text and old.domains is not None else names_in(doc.text)
        )
        return cls(
            doc.slug,
            str(Path(doc.path).resolve()),
            doc.title,
            doc.text,
            tuple(ChunkEntry(c.id, c.section, c.start, c.end, c.sentences, f) for c, f in zip(chunks, flags)),
            doc.source_url,
            doc.archived,
            facts,
            domains,
            doc.digest,
        )

    @property
    def facts(self) -> FactSheet | None:
        """The policy's fact sheet; None when the manifest has none (or one of an older extractor)."""
        if isinstance(self.sheet, bytes):  # two threads may both build it: the same value either way
            rows = orjson.loads(self.sheet)
            object.__setattr__(self, "sheet", FactSheet.from_record(self.slug, self.title, self.text, rows))
        return self.sheet

    @property
    def spans(self) -> list[tuple[int, int]]:
        """Every sentence's offsets, chunk by chunk: what the fact sheet was built from."""
        return [tuple(s) for c in self.chunks for s in c.sentences]

    def units(self, recipe: str = EMBED_RECIPE) -> list[Unit]:
        """Every unit of the policy, with the injection flags recorded at ingest (no rescan)."""
        return units_of(self.to_chunks(), self.text, recipe, [c.flagged for c in self.chunks])

    def to_chunks(self) -> list[Chunk]:
        return [
            Chunk(c.id, self.slug, self.title, c.section, self.text[c.start : c.end], c.start, c.end, c.sentences)
            for c in self.chunks
        ]


@dataclass
class Manifest:
    # slug -> entry: a dict (readers), or ``entries.Entries``, read one at a time (ingest)
    policies: MutableMapping[str, PolicyEntry] = field(default_factory=dict)
    # True when an older version of the code, or another embedding model, built the index: it
    # must be re-ingested before use.
    stale: bool = False
    # Which write made it, and the keyword folder written with it: a reader pairs this manifest
    # with that folder only, never with a keyword index of another write ("keyword": before issue 15).
    generation: int = 0
    keyword: str = "keyword"
    # The embedding recipe recorded by whoever built it (ingest.units.embed_recipe); None when new.
    recipe: str | None = None


def path_of(index: Path) -> Path:
    return Path(index) / "manifest.json"


def read(index: Path, recipe: str = EMBED_RECIPE, lazy: bool = False) -> Manifest:
    """The manifest in ``index``; empty when there is none yet. Stale unless this version of the
    code built it with embedding ``recipe`` (the model the settings select). ``lazy``: each
    policy's entry is read from its file when asked for and not kept (``entries.Entries``: what
    ingest uses, so it holds one policy at a time); else every entry is read now (readers).
    FileNotFoundError when an entry file is gone (an ingest switched the manifest since)."""
    from .entries import Entries, Row, decode, load

    p = path_of(index)
    if not p.exists():
        return Manifest(Entries(index, {}, recipe, True, False) if lazy else {})
    with _collector_paused():
        # orjson (a dependency of chromadb) parses a large manifest in about half of json's time,
        # and every reader parses it before its first answer.
        data = orjson.loads(p.read_bytes())
        stale = data.get("version") != PIPELINE_VERSION or data.get("recipe") != recipe
        facts = data.get("facts") == FACTS_VERSION
        raw = data.get("policies", {})
        held = {
            slug: decode(slug, e, facts, stale) for slug, e in raw.items() if "file" not in e
        }  # written inline before
        rows = {
            slug: Row(e["path"], e.get("file"), e.get("fingerprint"), e.get("source"), e.get("chunks"))
            for slug, e in raw.items()
        }
        if lazy:
            policies = Entries(index, rows, recipe, facts, stale, held)
        else:
            policies = {
                slug: held[slug] if slug in held else load(index, slug, r, facts, stale) for slug, r in rows.items()
            }
    # Sheets of an older extractor: a re-ingest rebuilds them (and embeds nothing).
    stale = stale or not facts or any(p.sheet is None for p in held.values())
    return Manifest(
        policies, stale, int(data.get("generation", 0)), str(data.get("keyword", "keyword")), data.get("recipe")
    )


@contextmanager
def _collector_paused():
    """Python's cyclic garbage collector off while a manifest is read: its ~1 million new objects
    (none in a cycle) set it off again and again over the whole growing heap, 2-4x the parse's
    own time at 1,000 policies. Left on if another thread already turned it off."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def write(index: Path, manifest: Manifest, recipe: str = EMBED_RECIPE) -> None:
    """The manifest, switched atomically; each entry's file is written first where it is not there yet."""
    from .entries import Entries, row_of

    manifest.recipe = recipe
    policies = manifest.policies
    if isinstance(policies, Entries) and policies.index == Path(index) and policies.recipe == recipe:
        rows = policies.written()
    else:
        rows = {slug: row_of(index, e, recipe) for slug, e in policies.items()}
    data = {
        "version": PIPELINE_VERSION,
        "recipe": recipe,
        "generation": manifest.generation,
        "keyword": manifest.keyword,
        "facts": FACTS_VERSION,
        "policies": {
            slug: {"path": r.path, "file": r.file, "fingerprint": r.fingerprint, "source": r.source, "chunks": r.chunks}
            for slug, r in rows.items()
        },
    }
    p = path_of(index)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".manifest-", dir=p.parent)
    with os.fdopen(fd, "wb") as fh:
        fh.write(orjson.dumps(data))
        fh.flush()
        os.fsync(fh.fileno())  # the rename below must never expose a file whose bytes are not on disk
    checkpoint("manifest-temp")
    os.replace(tmp, p)  # atomic: readers see the old manifest or the new one, whole

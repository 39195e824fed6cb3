"""Ingest files into the index: incremental, idempotent, all-or-nothing per file, one writer at a time.

The write order is what makes a ``kill -9`` at any point harmless (README, Reliability): new
vectors first (ids are content hashes, so they never overwrite a vector the old manifest lists),
then a new keyword folder, then the manifest switched atomically, and only then the old vectors
and keyword folder deleted. Until the switch readers see the old index whole; after it, the new one.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import keyword, store, tidy
from .chunk import Chunk, chunk
from .embed import embed
from .errors import IngestError
from .facts import FactSheet, fact_sheet
from .keyword import KeywordIndex
from .load import PolicyDocument, load, slug_of
from .manifest import PolicyEntry
from .paths import find
from .settings import Settings
from .store import PolicyIndex
from .summary import Summary
from .units import Unit, units_of
from .writer import checkpoint, writing

log = logging.getLogger(__name__)


@dataclass
class _Pending:
    """One file read, chunked and diffed against the store, written only once all are embedded."""

    path: Path
    slug: str
    doc: PolicyDocument
    chunks: list[Chunk]
    units: list[Unit]
    stored: set[str]  # unit ids the store holds for this policy now
    new: list[Unit]  # units to embed and add
    stale: list[str]  # unit ids to delete
    facts: FactSheet
    vectors: list[list[float]] = field(default_factory=list)  # of ``new``, in order


def ingest(paths: list[str | Path] | None = None, settings: Settings | None = None, progress: bool = False) -> Summary:
    """Index ``paths`` (files or folders; default: the policies folder) into ``settings.index``."""
    settings = settings or Settings.from_env()
    t0 = time.perf_counter()
    summary = Summary()
    files, folders = _expand(paths or [settings.policies], summary)
    log.info("building the index: %d file%s…", len(files), "" if len(files) == 1 else "s")
    with writing(settings):
        _write(files, folders, settings, progress, summary)
    summary.seconds = time.perf_counter() - t0
    return summary


def _write(files: list[Path], folders: set[Path], settings: Settings, progress: bool, summary: Summary) -> None:
    index = PolicyIndex.for_writing(settings)
    tidy.before_write(index)
    before = dict(index.manifest.policies)
    files = _switched_model(index, files, summary)
    pending = _read_all(files, index, settings, summary, progress)
    pending = _embed_new(pending, progress, summary, settings.embedding)
    checkpoint("embedded")
    for p in pending:
        _store(p, index, summary)
    _forget_deleted(index, {slug_of(f) for f in files}, folders, summary)
    keyword_missing = not (index.folder / index.manifest.keyword).is_dir()
    if index.manifest.policies != before or index.manifest.stale or keyword_missing:
        index.save(_keyword_index(index))
        tidy.after_write(index)
    # else nothing changed: no new generation, so running apps need not reload anything


def ensure(settings: Settings) -> Summary | None:
    """Build a missing index from the policies folder, or rebuild a stale one from the files it was
    built from; None when the index is usable. For the edges (app start-up, CLIs), never ``ask``."""
    problem = store.status(settings)
    if problem is None:
        return None
    current = PolicyIndex.for_writing(settings).manifest
    if current.policies and current.stale:
        # Built by an older version: re-ingest the same files (unchanged text is cheap).
        paths = [e.path for e in current.policies.values() if Path(e.path).exists()]
    elif not current.policies and Path(settings.policies).is_dir():
        paths = [settings.policies]  # first use on a fresh checkout
    else:
        return None  # nothing to build from; opening the index will say what to do
    log.warning("%s; building it from %d path(s)", problem.split(";")[0], len(paths))
    summary = ingest(paths, settings)
    for err in summary.errors:
        log.warning("ingest: %s", err)
    return summary


def _switched_model(index: PolicyIndex, files: list[Path], summary: Summary) -> list[Path]:
    """``files`` plus every other policy in the index when another embedding model built it: all are
    re-embedded, so one index never mixes two models' vectors. A policy whose file is gone is dropped."""
    built = index.manifest.recipe
    if built is None or built == index.recipe:
        return files
    have = {slug_of(f) for f in files}
    for slug, e in list(index.manifest.policies.items()):
        if slug in have:
            continue
        if Path(e.path).is_file():
            files.append(Path(e.path))
        else:
            del index.manifest.policies[slug]
            summary.errors.append(IngestError(Path(e.path), "is gone, so it could not be re-embedded with the new model; dropped from the index"))
    log.warning("the index was built with %s; re-embedding every policy with %s", built.split("|")[0], index.recipe.split("|")[0])
    return files


def _each_file(files: list[Path], progress: bool):
    """The files, with a progress bar on a terminal (``progress``) or a log line per file otherwise."""
    if progress:
        from tqdm import tqdm

        yield from tqdm(files, desc="reading", unit="file", leave=False)
        return
    for i, path in enumerate(files, 1):
        log.info("reading %d/%d: %s", i, len(files), path.name)
        yield path


def _read_all(files: list[Path], index: PolicyIndex, settings: Settings, summary: Summary,
              progress: bool = False) -> list[_Pending]:
    collection = index.collection
    seen: dict[str, Path] = {}
    pending = []
    for path in _each_file(files, progress):
        slug = slug_of(path)
        first = seen.setdefault(slug, path)
        read = _read(path, settings, index.manifest.policies.get(slug), summary)
        if isinstance(read, IngestError):
            summary.errors.append(read)  # what was stored for this file before stays as it was
        if first != path:  # checked after reading, so a clashing file's own problem is reported too
            summary.errors.append(IngestError(path, f"has the same slug {slug!r} as {first}; rename one of them"))
        if isinstance(read, IngestError) or first != path:
            continue
        doc, chunks, facts = read
        units = units_of(chunks, doc.text, index.recipe)
        stored = set(collection.get(where={"policy": slug}, include=[])["ids"])
        new = [u for u in units if u.id not in stored]
        pending.append(_Pending(path, slug, doc, chunks, units, stored, new, sorted(stored - {u.id for u in units}), facts))
    return pending


def _read(path: Path, settings: Settings, old: PolicyEntry | None, summary: Summary):
    """The file's document, chunks and fact sheet, or the IngestError that says why there are none."""
    try:
        doc = load(path, settings.max_policy_mb)
        chunks = chunk(doc)
        if not chunks:
            return IngestError(path, "no text to index after cleaning")
        return doc, chunks, _sheet(doc, chunks, old, summary)
    except IngestError as exc:
        return exc
    except Exception as exc:  # a parser bug must not cost the other files
        return IngestError(path, f"could not be processed ({type(exc).__name__}: {exc})")


def _sheet(doc: PolicyDocument, chunks: list[Chunk], old: PolicyEntry | None, summary: Summary) -> FactSheet:
    """The stored sheet while the text, title and sentences it was built from are unchanged (a
    re-ingest costs nothing), else a new one (about 50 ms for a 28,000-character policy)."""
    spans = [tuple(s) for c in chunks for s in c.sentences]
    if old is not None and old.facts is not None and (old.text, old.title, old.spans) == (doc.text, doc.title, spans):
        return old.facts
    summary.sheets += 1
    return fact_sheet(doc.slug, doc.title, doc.text, spans)


def _embed_new(pending: list[_Pending], progress: bool, summary: Summary, model: str) -> list[_Pending]:
    """Embed every new unit of every file in one call: per-file calls ran at ~60% of the model's
    throughput on the default corpus (short files make small, uneven batches)."""
    all_new = [u for p in pending for u in p.new]
    if not all_new:
        return pending
    log.info("embedding %d new units (chunks and sentences) of %d file(s)…", len(all_new), sum(1 for p in pending if p.new))
    try:
        vectors = embed([u.embed_text for u in all_new], progress, model)
    except Exception as exc:
        for p in pending:
            if p.new:
                summary.errors.append(IngestError(p.path, f"embedding failed ({exc}); nothing was changed for it"))
        return [p for p in pending if not p.new]
    for p in pending:
        p.vectors, vectors = vectors[:len(p.new)], vectors[len(p.new):]
    return pending


def _store(p: _Pending, index: PolicyIndex, summary: Summary) -> None:
    collection = index.collection
    for i in range(0, len(p.new), 1000):
        batch = p.new[i:i + 1000]
        collection.upsert(ids=[u.id for u in batch], embeddings=p.vectors[i:i + 1000],
                          documents=[u.text for u in batch], metadatas=[u.metadata() for u in batch])
    summary.embedded += len(p.new)
    if p.new:
        checkpoint("vectors")
    # p.stale vectors stay until the new manifest is in place (tidy.after_write): the old one lists them.
    old = index.manifest.policies.get(p.slug)
    new_chunks = sum(1 for u in p.new if u.kind == "chunk")
    new_ids = {c.id for c in p.chunks}
    if old is None:
        summary.added += new_chunks
    else:
        summary.replaced += new_chunks
    summary.removed += sum(1 for c in (old.chunks if old else ()) if c.id not in new_ids)
    summary.unchanged += sum(1 for u in p.units if u.kind == "chunk" and u.id in p.stored)
    index.manifest.policies[p.slug] = PolicyEntry.of(p.doc, p.chunks, p.facts)
    summary.files += 1


def _forget_deleted(index: PolicyIndex, seen: set[str], folders: set[Path], summary: Summary) -> None:
    """A file that is gone from a folder we ingested takes its chunks with it (its vectors go
    after the manifest switch, with every other vector the new manifest does not list)."""
    policies = index.manifest.policies
    for slug, e in list(policies.items()):
        p = Path(e.path)
        # Folder test first: exists() raises for a file inside a folder that cannot be read.
        if slug not in seen and any(p.parent == f for f in folders) and not p.exists():
            summary.removed += len(e.chunks)
            del policies[slug]


def _expand(paths, summary: Summary) -> tuple[list[Path], set[Path]]:
    found = find(paths)
    summary.errors.extend(found.errors)
    summary.found = found.line()
    return found.files, found.folders


def _keyword_index(index: PolicyIndex) -> KeywordIndex:
    """The keyword index of the manifest's policies: each policy is scored with its own statistics,
    so only new or changed ones are re-scored; the others' columns are copied from the index the
    manifest still names (rebuilt in full when that one is missing or another version's)."""
    old = keyword.previous(index.folder / index.manifest.keyword)
    return keyword.update(old, index.manifest.policies, index.recipe)

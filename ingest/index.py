"""Ingest files into the index: incremental, idempotent, all-or-nothing per file, one writer at a time.

The write order is what makes a ``kill -9`` at any point harmless (README, Reliability): new
vectors first (ids are content hashes, so they never overwrite a vector the old manifest lists),
then a new keyword folder, then the manifest switched atomically, and only then the old vectors
and keyword folder deleted. Until the switch readers see the old index whole; after it, the new one.

New units are embedded and written in batches of ``BATCH`` across files (``ingest.stream``), so
memory does not grow with the corpus. What is stored already comes from the manifest, checked
against one ids-only listing of the collection (``tidy.before_write``), not a query per file.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import keyword, store, tidy
from .chunk import Chunk, chunk
from .errors import IngestError
from .facts import FactSheet, fact_sheet
from .keyword import KeywordIndex
from .load import PolicyDocument, load, slug_of
from .manifest import PolicyEntry
from .paths import find
from .progress import Progress, Report
from .settings import Settings
from .store import PolicyIndex
from .stream import embed_and_store
from .summary import Summary
from .units import Unit, unit_ids, units_of
from .writer import writing

log = logging.getLogger(__name__)


@dataclass
class _Pending:
    """One file read, chunked and diffed against the store; its entry goes into the manifest once
    its new units are in Chroma. Holds only what the write needs, not the file's every unit."""

    path: Path
    slug: str
    entry: PolicyEntry
    ids: set[str]  # every unit id of the file now
    new: list[Unit]  # units to embed and add
    added: int = 0  # chunk counts for the summary
    removed: int = 0
    unchanged: int = 0
    written: list[str] = field(default_factory=list)  # ids upserted this run (removed again if it fails)
    failed: bool = False


def ingest(paths: list[str | Path] | None = None, settings: Settings | None = None,
           progress: bool | Report = False) -> Summary:
    """Index ``paths`` (files or folders; default: the policies folder) into ``settings.index``.
    ``progress``: True for a bar on a terminal, False for log lines, or ``report(fraction, text)``."""
    settings = settings or Settings.from_env()
    t0 = time.perf_counter()
    summary = Summary()
    files, folders = _expand(paths or [settings.policies], summary)
    log.info("building the index: %d file%s…", len(files), "" if len(files) == 1 else "s")
    shown = Progress(progress)
    try:
        with writing(settings):
            _write(files, folders, settings, shown, summary)
    finally:
        shown.close()
    summary.seconds = time.perf_counter() - t0
    return summary


def _write(files: list[Path], folders: set[Path], settings: Settings, progress: Progress, summary: Summary) -> None:
    index = PolicyIndex.for_writing(settings)
    held = tidy.before_write(index)  # per policy: the listed unit ids Chroma holds
    before = dict(index.manifest.policies)
    files = _switched_model(index, files, summary)
    pending = _read_all(files, index, held, settings, summary, progress)
    embed_and_store(pending, index, progress, summary, settings.embedding)
    for p in pending:
        if not p.failed:
            _record(p, index, summary)
    _forget_deleted(index, {slug_of(f) for f in files}, folders, summary)
    gone = _gone(held, pending, index)
    keyword_missing = not (index.folder / index.manifest.keyword).is_dir()
    if index.manifest.policies != before or index.manifest.stale or keyword_missing:
        progress.stage("writing the keyword index and the manifest")
        index.save(_keyword_index(index))
        progress.stage("removing the old index")
        tidy.after_write(index, gone)
    elif any(gone.values()):  # only a failed file's own new vectors: no manifest lists them
        tidy.drop(index, gone)
    # else nothing changed: no new generation, so running apps need not reload anything


def _gone(held: dict[str, set[str]], pending: list[_Pending], index: PolicyIndex) -> dict[str, set[str]]:
    """Per policy, the vectors to delete once the new manifest is in place: those the old manifest
    listed and the new one does not, and those written for a file that then failed."""
    now = {p.slug: p.ids for p in pending if not p.failed}
    gone = {}
    for slug, ids in held.items():
        if slug not in index.manifest.policies:
            gone[slug] = set(ids)
        elif slug in now:
            gone[slug] = ids - now[slug]
    for p in pending:
        if p.failed and p.written:
            gone.setdefault(p.slug, set()).update(p.written)
    return gone


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


def _read_all(files: list[Path], index: PolicyIndex, held: dict[str, set[str]], settings: Settings,
              summary: Summary, progress: Progress) -> list[_Pending]:
    seen: dict[str, Path] = {}
    pending = []
    for path in progress.files(files):
        slug = slug_of(path)
        first = seen.setdefault(slug, path)
        old = index.manifest.policies.get(slug)
        read = _read(path, settings, old, summary)
        if isinstance(read, IngestError):
            summary.errors.append(read)  # what was stored for this file before stays as it was
        if first != path:  # checked after reading, so a clashing file's own problem is reported too
            summary.errors.append(IngestError(path, f"has the same slug {slug!r} as {first}; rename one of them"))
        if isinstance(read, IngestError) or first != path:
            continue
        doc, chunks, facts = read
        # A stale manifest (an older version wrote it) may lack what a current entry records.
        current = None if index.manifest.stale else old
        pending.append(_pending(path, doc, chunks, facts, old, current, held.get(slug, set()), index.recipe))
    return pending


def _pending(path: Path, doc: PolicyDocument, chunks: list[Chunk], facts: FactSheet, old: PolicyEntry | None,
             current: PolicyEntry | None, stored: set[str], recipe: str) -> _Pending:
    ids = unit_ids(chunks, doc.text, recipe)
    # Units (with their injection scan) are built only for a file with something to embed.
    missing = any(uid not in stored for _, uid in ids)
    new = [u for u in units_of(chunks, doc.text, recipe) if u.id not in stored] if missing else []
    chunk_ids = {c.id for c in chunks}
    p = _Pending(path, doc.slug, PolicyEntry.of(doc, chunks, facts, current), {uid for _, uid in ids}, new)
    p.added = sum(1 for u in new if u.kind == "chunk")
    p.removed = sum(1 for c in (old.chunks if old else ()) if c.id not in chunk_ids)
    p.unchanged = sum(1 for kind, uid in ids if kind == "chunk" and uid in stored)
    return p


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


def _record(p: _Pending, index: PolicyIndex, summary: Summary) -> None:
    """The file's new entry into the manifest (written by ``index.save``), and its counts."""
    if p.slug in index.manifest.policies:
        summary.replaced += p.added
    else:
        summary.added += p.added
    summary.removed += p.removed
    summary.unchanged += p.unchanged
    index.manifest.policies[p.slug] = p.entry
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

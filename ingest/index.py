"""Ingest files into the index: incremental, idempotent, all-or-nothing per file, one writer at a time.

The write order is what makes a ``kill -9`` at any point harmless (README, Reliability): new
vectors first (ids are content hashes, so they never overwrite a vector the old manifest lists),
then a new keyword folder, then the manifest switched atomically, and only then the old vectors
and keyword folder deleted. Until the switch readers see the old index whole; after it, the new one.

Files are read one at a time and their new units embedded and written in batches of ``BATCH``
across files as they are read (``ingest.stream``); a file is recorded in the manifest (its entry
file written, ``ingest.entries``) once its units are in, and dropped. So memory does not grow with
the corpus (issue 16). What is stored already comes from the keyword index written with the
manifest, checked against a paged ids-only listing of the collection (``tidy.before_write``), not
a query per file.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import store, tidy
from .chunk import Chunk
from .errors import IngestError
from .facts import FactSheet
from .load import PolicyDocument, slug_of
from .manifest import PolicyEntry
from .paths import find
from .policy_file import clash, read_policy, unchanged
from .progress import Progress, Report
from .settings import Settings
from .store import PolicyIndex
from .stream import Stream
from .summary import Summary
from .units import Unit, unit_ids, units_of
from .writer import writing

log = logging.getLogger(__name__)


@dataclass
class _Pending:
    """One file read, chunked and diffed against the store; its entry goes into the manifest once
    its new units are in Chroma, and then it is dropped."""

    path: Path
    slug: str
    entry: PolicyEntry
    ids: set[str]  # every unit id of the file now
    new: list[Unit]  # units to embed and add (handed to the stream, which empties it)
    added: int = 0  # chunk counts for the summary
    removed: int = 0
    unchanged: int = 0
    written: list[str] = field(default_factory=list)  # ids upserted this run (removed again if it fails)
    left: int = 0  # units still to write
    failed: bool = False


def ingest(
    paths: list[str | Path] | None = None,
    settings: Settings | None = None,
    progress: bool | Report = False,
    replace: bool = False,
) -> Summary:
    """Index ``paths`` (files or folders; default: the policies folder) into ``settings.index``.
    ``progress``: True for a bar on a terminal, False for log lines, or ``report(fraction, text)``.
    ``replace``: a file may take the slug of a policy indexed from another path with other text;
    without it such a file is refused (``clash``) and the indexed policy stays as it was."""
    settings = settings or Settings.from_env()
    t0 = time.perf_counter()
    summary = Summary()
    files, folders = _expand(paths or [settings.policies], summary)
    log.info("building the index: %d file%s…", len(files), "" if len(files) == 1 else "s")
    shown = Progress(progress)
    try:
        with writing(settings):
            _write(files, folders, settings, shown, summary, replace)
    finally:
        shown.close()
    summary.seconds = time.perf_counter() - t0
    return summary


def _write(
    files: list[Path],
    folders: set[Path],
    settings: Settings,
    progress: Progress,
    summary: Summary,
    replace: bool = False,
) -> None:
    index = PolicyIndex.for_writing(settings)  # each policy's entry read when needed, none held
    stored = tidy.before_write(index)  # what the manifest lists and Chroma holds
    before = dict(index.manifest.policies.rows)
    files = _switched_model(index, files, summary)
    stream = Stream(index, progress, summary, settings.embedding)
    gone: dict[str, set[str]] = {}  # per policy, the vectors to delete once the new manifest is in place
    for p in _read_all(files, index, stored, settings, summary, progress, replace):
        for done in stream.add(p):
            _finish(done, index, stored, gone, summary)
    for done in stream.close():
        _finish(done, index, stored, gone, summary)
    _forget_deleted(index, {slug_of(f) for f in files}, folders, summary)
    for slug in stored.spans:
        if slug not in index.manifest.policies:
            gone[slug] = stored.of(slug)
    keyword_missing = not (index.folder / index.manifest.keyword).is_dir()
    if index.manifest.policies.rows != before or index.manifest.stale or keyword_missing:
        progress.stage("writing the keyword index and the manifest")
        index.save()
        progress.stage("removing the old index")
        tidy.after_write(index, gone)
    elif any(gone.values()):  # only a failed file's own new vectors: no manifest lists them
        tidy.drop(index, gone)
    # else nothing changed: no new generation, so running apps need not reload anything


def _finish(p: _Pending, index: PolicyIndex, stored: tidy.Stored, gone: dict[str, set[str]], summary: Summary) -> None:
    """A file whose units are all written goes into the manifest (its entry file written now),
    and the vectors only its old version had are marked to go after the switch; a failed file
    keeps its old entry, and what was written for it goes."""
    if p.failed:
        summary.embedded -= len(p.written)
        if p.written:
            gone.setdefault(p.slug, set()).update(p.written)
        return
    _record(p, index, summary)
    old = stored.of(p.slug) - p.ids
    if old:
        gone.setdefault(p.slug, set()).update(old)


def ensure(settings: Settings) -> Summary | None:
    """Build a missing index from the policies folder, or rebuild a stale one from the files it was
    built from; None when the index is usable. For the edges (app start-up, CLIs), never ``ask``."""
    problem = store.status(settings)
    if problem is None:
        return None
    current = PolicyIndex.for_writing(settings).manifest
    if current.policies and current.stale:
        # Built by an older version: re-ingest the same files (unchanged text is cheap).
        paths = [r.path for r in current.policies.rows.values() if Path(r.path).exists()]
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
    for slug, row in list(index.manifest.policies.rows.items()):
        if slug in have:
            continue
        if Path(row.path).is_file():
            files.append(Path(row.path))
        else:
            del index.manifest.policies[slug]
            summary.errors.append(
                IngestError(
                    Path(row.path), "is gone, so it could not be re-embedded with the new model; dropped from the index"
                )
            )
    log.warning(
        "the index was built with %s; re-embedding every policy with %s",
        built.split("|")[0],
        index.recipe.split("|")[0],
    )
    return files


def _read_all(
    files: list[Path],
    index: PolicyIndex,
    stored: tidy.Stored,
    settings: Settings,
    summary: Summary,
    progress: Progress,
    replace: bool = False,
) -> Iterator[_Pending]:
    """Each file read, chunked and diffed, one at a time (none is held here)."""
    seen: dict[str, Path] = {}
    for path in progress.files(files):
        slug = slug_of(path)
        first = seen.setdefault(slug, path)
        if first == path and unchanged(path, slug, index, stored, settings):
            summary.files += 1
            summary.skipped += 1
            summary.unchanged += index.manifest.policies.rows[slug].chunks
            continue
        old = index.manifest.policies.get(slug)
        read = read_policy(path, settings, old, summary)
        if isinstance(read, IngestError):
            summary.errors.append(read)  # what was stored for this file before stays as it was
        if first != path:  # checked after reading, so a clashing file's own problem is reported too
            summary.errors.append(IngestError(path, f"has the same slug {slug!r} as {first}; rename one of them"))
        if isinstance(read, IngestError) or first != path:
            continue
        doc, chunks, facts = read
        if (
            old is not None
            and not replace
            and (problem := clash(path, doc, old, index.manifest.policies.rows[slug].source))
        ):
            summary.errors.append(IngestError(path, problem))
            continue
        # A stale manifest (an older version wrote it) may lack what a current entry records.
        current = None if index.manifest.stale else old
        yield _pending(path, doc, chunks, facts, old, current, stored, index.recipe)


def _pending(
    path: Path,
    doc: PolicyDocument,
    chunks: list[Chunk],
    facts: FactSheet,
    old: PolicyEntry | None,
    current: PolicyEntry | None,
    stored: tidy.Stored,
    recipe: str,
) -> _Pending:
    ids = unit_ids(chunks, doc.text, recipe)
    held = stored.held([uid for _, uid in ids])
    # Units (with their injection scan) are built only for a file with something to embed.
    new = [u for u in units_of(chunks, doc.text, recipe) if u.id not in held] if len(held) < len(ids) else []
    chunk_ids = {c.id for c in chunks}
    p = _Pending(path, doc.slug, PolicyEntry.of(doc, chunks, facts, current), {uid for _, uid in ids}, new)
    p.added = sum(1 for u in new if u.kind == "chunk")
    p.removed = sum(1 for c in (old.chunks if old else ()) if c.id not in chunk_ids)
    p.unchanged = sum(1 for kind, uid in ids if kind == "chunk" and uid in held)
    return p


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
    for slug, row in list(policies.rows.items()):
        p = Path(row.path)
        # Folder test first: exists() raises for a file inside a folder that cannot be read.
        if slug not in seen and any(p.parent == f for f in folders) and not p.exists():
            summary.removed += len(policies[slug].chunks)
            del policies[slug]


def _expand(paths, summary: Summary) -> tuple[list[Path], set[Path]]:
    found = find(paths)
    summary.errors.extend(found.errors)
    summary.found = found.line()
    return found.files, found.folders

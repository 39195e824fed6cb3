"""Ingest files into the index: incremental, idempotent, and all-or-nothing per file."""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import IngestError
from assistant.factory import collection, embedding_model
from assistant.settings import Settings

from . import manifest
from .chunk import chunk
from .keyword import KeywordIndex
from .load import load, slug_of
from .paths import find
from .units import units_of

log = logging.getLogger(__name__)


@dataclass
class Summary:
    files: int = 0  # files ingested (or found unchanged); failures are in ``errors``
    added: int = 0
    replaced: int = 0
    removed: int = 0
    unchanged: int = 0
    embedded: int = 0  # units (chunks and sentences) sent to the model
    seconds: float = 0.0
    errors: list[IngestError] = field(default_factory=list)
    found: str = ""  # how many policy files were found in which folder

    def line(self) -> str:
        return (
            (f"{self.found}\n" if self.found else "")
            + f"{self.files} files, chunks: {self.added} added, {self.replaced} replaced, "
            f"{self.removed} removed, {self.unchanged} unchanged; {self.seconds:.1f} s"
            + (f"; {len({e.path for e in self.errors})} file(s) failed" if self.errors else "")
        )


def ingest(paths: list[str | Path] | None = None, settings: Settings | None = None, progress: bool = False) -> Summary:
    """Index ``paths`` (files or folders; default: the policies folder) into ``settings.index``."""
    settings = settings or Settings.from_env()
    t0 = time.perf_counter()
    summary = Summary()
    files, folders = _expand(paths or [settings.policies], summary)
    data = manifest.read(settings.index)
    policies: dict = data["policies"]
    store = collection(settings)

    seen: dict[str, Path] = {}
    pending = []  # files read and diffed against the store, written only once all are embedded
    for path in files:
        slug = slug_of(path)
        first = seen.setdefault(slug, path)
        read = _read(path, settings)
        if isinstance(read, IngestError):
            summary.errors.append(read)  # what was stored for this file before stays as it was
        if first != path:  # checked after reading, so a clashing file's own problem is reported too
            summary.errors.append(IngestError(path, f"has the same slug {slug!r} as {first}; rename one of them"))
        if isinstance(read, IngestError) or first != path:
            continue
        doc, chunks = read
        units = units_of(chunks, doc.text)
        stored = set(store.get(where={"policy": slug}, include=[])["ids"])
        new = [u for u in units if u.id not in stored]
        stale = sorted(stored - {u.id for u in units})
        pending.append((path, slug, doc, chunks, units, stored, new, stale))

    # One encode call for every new unit of every file: per-file calls ran at ~60% of the
    # model's throughput on the default corpus (short files make small, uneven batches).
    all_new = [u for *_, new, _stale in pending for u in new]
    vectors: dict[str, list[float]] = {}
    if all_new:
        try:
            vectors = dict(zip((u.id for u in all_new), _embed(all_new, progress)))
        except Exception as exc:
            for path, *_rest, new, _stale in pending:
                if new:
                    summary.errors.append(IngestError(path, f"embedding failed ({exc}); nothing was changed for it"))
            pending = [p for p in pending if not p[6]]

    for path, slug, doc, chunks, units, stored, new, stale in pending:
        for i in range(0, len(new), 1000):
            batch = new[i:i + 1000]
            store.upsert(
                ids=[u.id for u in batch],
                embeddings=[vectors[u.id] for u in batch],
                documents=[u.text for u in batch],
                metadatas=[u.metadata() for u in batch],
            )
        summary.embedded += len(new)
        if stale:
            store.delete(ids=stale)
        old = policies.get(slug)
        new_chunks = sum(1 for u in new if u.kind == "chunk")
        new_ids = {c.id for c in chunks}
        if old is None:
            summary.added += new_chunks
        else:
            summary.replaced += new_chunks
        summary.removed += sum(1 for c in (old or {}).get("chunks", []) if c["id"] not in new_ids)
        summary.unchanged += sum(1 for u in units if u.kind == "chunk" and u.id in stored)
        policies[slug] = manifest.entry(doc, chunks)
        summary.files += 1

    # A file that is gone from a folder we ingested takes its chunks with it.
    for slug, e in list(policies.items()):
        p = Path(e["path"])
        # Folder test first: exists() raises for a file inside a folder that cannot be read.
        if slug not in seen and any(p.parent == f for f in folders) and not p.exists():
            store.delete(where={"policy": slug})
            summary.removed += len(e["chunks"])
            del policies[slug]

    _write_keyword_index(settings, policies)
    manifest.write(settings.index, data)
    summary.seconds = time.perf_counter() - t0
    return summary


def _read(path: Path, settings: Settings):
    """The file's document and chunks, or the IngestError that says why there are none."""
    try:
        doc = load(path, settings.max_policy_mb)
        chunks = chunk(doc)
    except IngestError as exc:
        return exc
    except Exception as exc:  # a parser bug must not cost the other files
        return IngestError(path, f"could not be processed ({type(exc).__name__}: {exc})")
    return (doc, chunks) if chunks else IngestError(path, "no text to index after cleaning")


def _expand(paths, summary: Summary) -> tuple[list[Path], set[Path]]:
    found = find(paths)
    summary.errors.extend(found.errors)
    summary.found = found.line()
    return found.files, found.folders


def _embed(units, progress: bool) -> list[list[float]]:
    model = embedding_model()
    texts = [u.embed_text for u in units]
    st = model._client  # the SentenceTransformer inside LangChain's wrapper, for batching with a progress bar
    vectors = st.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=progress and len(texts) > 64,
                        convert_to_numpy=True)
    return vectors.tolist()


def _write_keyword_index(settings: Settings, policies: dict) -> None:
    ids, texts = [], []
    for slug, e in sorted(policies.items()):
        for u in units_of(manifest.chunks_of(slug, e), e["text"]):
            ids.append(u.id)
            texts.append(u.embed_text)
    KeywordIndex.build(ids, texts).save(Path(settings.index) / "keyword")

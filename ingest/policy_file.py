"""One policy file read for the index: its document, passages and fact sheet (or the error that says
why there are none), whether it may take the place of the policy stored under its slug, and whether
it need not be read at all because the index holds these very bytes (``ingest.index``)."""

from __future__ import annotations

from pathlib import Path

from . import tidy
from .budget import Budget
from .chunk import Chunk, chunk
from .errors import IngestError
from .facts import FactSheet, fact_sheet
from .load import PolicyDocument, file_digest, load
from .manifest import PolicyEntry
from .settings import Settings
from .store import PolicyIndex
from .summary import Summary


def clash(path: Path, doc: PolicyDocument, old: PolicyEntry, old_digest: str | None) -> str | None:
    """Why ``path`` may not silently take the place of ``old``, the policy indexed under its slug; None
    when it may. Slugs come from file names alone, so ``other/kmall24.md`` would replace the real
    KMALL24 (and answer for it). The same path is an update; the same bytes or text from another
    path is the same policy moved, and loses nothing."""
    if old.path == str(path.resolve()) or doc.digest == old_digest or doc.text == old.text:
        return None
    return (
        f"a different policy, {old.title!r}, is already indexed under the slug {old.slug!r} from {old.path}; "
        "nothing was changed. Rename this file, or pass --replace to replace that policy with it"
    )


def unchanged(path: Path, slug: str, index: PolicyIndex, stored: tidy.Stored, settings: Settings) -> bool:
    """The file need not be read again: the current manifest recorded these very bytes from this
    path (so loading, chunking and the fact sheet would give the stored entry), and Chroma holds
    every vector of it. About half of a re-ingest of an unchanged corpus was reading and chunking."""
    row = index.manifest.policies.rows.get(slug) if not index.manifest.stale else None
    if row is None or row.source is None or row.chunks is None or row.fingerprint is None:
        return False
    try:
        if row.path != str(path.resolve()) or path.stat().st_size > settings.max_policy_mb * 1024 * 1024:
            return False  # moved, or now over the limit: read it, and say so
        return file_digest(path.read_bytes()) == row.source and stored.whole(slug)
    except OSError:
        return False  # reading it says why


def read_policy(path: Path, settings: Settings, old: PolicyEntry | None, summary: Summary):
    """The file's document, chunks and fact sheet, or the IngestError that says why there are none."""
    budget = Budget(path, settings.max_policy_chars, settings.max_policy_seconds)
    try:
        doc = load(path, settings.max_policy_mb, budget)
        chunks = chunk(doc)
        budget.check("split into passages")
        if not chunks:
            return IngestError(path, "no text to index after cleaning")
        facts = _sheet(doc, chunks, old, summary)
        budget.check("build its fact sheet")
        return doc, chunks, facts
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

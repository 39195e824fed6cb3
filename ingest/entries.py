"""Each policy's entry in a file of its own, ``ASSISTANT_INDEX/entries/<hash>.json``.

The manifest lists, per policy, a ``Row``: its source path, its entry file and the fingerprint of
its keyword columns. The entry file holds the rest: cleaned text, chunk offsets, fact sheet,
domains. An ingest then holds one policy's entry at a time rather than every policy's (the
manifest of 10,000 policies would be about 200 MB of text and several times that as objects, all
held while it was rewritten whole; issue 16), and writes only the files of policies that changed.

A file is named by a hash of its bytes and written before any manifest names it, so a write
never changes a file that a manifest in use names; files no manifest names are removed after the
switch (``tidy``). ``Entries`` is the mapping ingest works with: it reads an entry when asked for
and keeps none, and writes the file as soon as an entry is set.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from pathlib import Path

import orjson

from .manifest import ChunkEntry, PolicyEntry

FOLDER = "entries"


@dataclass(frozen=True, slots=True)
class Row:
    path: str  # the source file, resolved
    file: str | None  # "entries/<hash>.json"; None for an entry an older manifest held inline
    fingerprint: str | None  # ``fingerprint`` of its units; None when an older manifest did not record it
    # The source file's digest when it was last read (load.file_digest), and its number of chunks:
    # a re-ingest skips the file while its bytes are the same (None: read it again).
    source: str | None = None
    chunks: int | None = None


def fingerprint(entry: PolicyEntry, recipe: str) -> str:
    """What a policy's units and keyword columns are computed from: its text, its chunks, the unit recipe."""
    chunks = [(c.id, c.section, c.start, c.end, c.sentences) for c in entry.chunks]
    return hashlib.sha1(json.dumps([recipe, entry.text, chunks]).encode()).hexdigest()


def row_of(index: Path, entry: PolicyEntry, recipe: str) -> Row:
    """``entry``'s row, its file written under ``index`` first."""
    return Row(entry.path, store(index, entry), fingerprint(entry, recipe), entry.source, len(entry.chunks))


def encode(e: PolicyEntry) -> dict:
    return {
        "path": e.path,
        "title": e.title,
        "source_url": e.source_url,
        "archived": e.archived,
        "text": e.text,
        "chunks": [
            {
                "id": c.id,
                "section": c.section,
                "start": c.start,
                "end": c.end,
                "sentences": [list(s) for s in c.sentences],
                "flagged": c.flagged,
            }
            for c in e.chunks
        ],
        "facts": orjson.loads(e.sheet) if isinstance(e.sheet, bytes) else e.sheet.to_record() if e.sheet else None,
        "domains": list(e.domains) if e.domains is not None else None,
    }


def decode(slug: str, e: dict, facts: bool, stale: bool, source: str | None = None) -> PolicyEntry:
    """``facts``: the record holds a sheet of the current extractor (else the sheet is dropped);
    ``source``: the digest the manifest's row records."""
    rows = e.get("facts") if facts else None
    sheet = orjson.dumps(rows) if rows else None  # built into a sheet when first read
    domains = tuple(e["domains"]) if e.get("domains") is not None else None
    return PolicyEntry(
        slug,
        e["path"],
        e.get("title", slug),
        e.get("text", ""),
        _chunks(e.get("chunks", []), stale),
        e.get("source_url"),
        e.get("archived"),
        sheet,
        domains,
        source,
    )


def _chunks(rows: list[dict], stale: bool) -> tuple[ChunkEntry, ...]:
    sections: dict[str, str] = {}  # one string per section path: chunks of one section repeat it
    try:
        # map(tuple, ...) rather than a generator: ~7x faster, and a cold reader parses ~37,000
        # chunks at 1,000 policies before its first answer.
        return tuple(
            ChunkEntry(
                c["id"],
                sections.setdefault(c["section"], c["section"]),
                c["start"],
                c["end"],
                tuple(map(tuple, c["sentences"])),
                c.get("flagged"),
            )
            for c in rows
        )
    except (KeyError, TypeError):
        if stale:  # an older version's chunks may lack fields; a stale manifest is read for its paths
            return ()
        raise


def store(index: Path, entry: PolicyEntry) -> str:
    """Write ``entry``'s file under ``index`` unless one with the same bytes is there; its name."""
    data = orjson.dumps(encode(entry))
    name = f"{FOLDER}/{hashlib.sha1(data).hexdigest()}.json"
    path = Path(index) / name
    if path.exists():
        return name
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".entry-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())  # the manifest naming it must never point at bytes not on disk
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return name


def load(index: Path, slug: str, row: Row, facts: bool, stale: bool) -> PolicyEntry:
    """The entry ``row`` names; FileNotFoundError when an ingest removed it since its manifest was read."""
    return decode(slug, orjson.loads((Path(index) / row.file).read_bytes()), facts, stale, row.source)


class Entries(MutableMapping[str, PolicyEntry]):
    """slug -> entry, read from its file each time it is asked for (none is kept); setting one
    writes its file now. ``held``: entries an older manifest held inline, kept until written."""

    def __init__(
        self,
        index: Path,
        rows: dict[str, Row],
        recipe: str,
        facts: bool,
        stale: bool,
        held: dict[str, PolicyEntry] | None = None,
    ):
        self.index, self.rows, self.recipe = Path(index), rows, recipe
        self._facts, self._stale, self._held = facts, stale, held or {}

    def __getitem__(self, slug: str) -> PolicyEntry:
        held = self._held.get(slug)
        return held if held is not None else load(self.index, slug, self.rows[slug], self._facts, self._stale)

    def __setitem__(self, slug: str, entry: PolicyEntry) -> None:
        self.rows[slug] = row_of(self.index, entry, self.recipe)
        self._held.pop(slug, None)

    def __delitem__(self, slug: str) -> None:
        del self.rows[slug]
        self._held.pop(slug, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __contains__(self, slug: object) -> bool:
        return slug in self.rows

    def path(self, slug: str) -> str:
        """The policy's source file, without reading its entry."""
        return self.rows[slug].path

    def fingerprint(self, slug: str) -> str:
        row = self.rows[slug]
        return row.fingerprint if row.fingerprint is not None else fingerprint(self[slug], self.recipe)

    def written(self) -> dict[str, Row]:
        """Every row, held entries written to their files first (for the manifest)."""
        for slug, entry in list(self._held.items()):
            self[slug] = entry
        return dict(self.rows)

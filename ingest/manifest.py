"""The manifest beside the vector store: what was ingested from where, and each policy's text.

It is the source of truth for the assistant's corpus (titles, texts, chunk offsets) and is
replaced atomically, so a failed run never leaves a half-written one.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from .chunk import Chunk

# Bump when loading or chunking changes, so every file is re-chunked on the next ingest.
PIPELINE_VERSION = 5


def path_of(index: Path) -> Path:
    return Path(index) / "manifest.json"


def read(index: Path) -> dict:
    """The manifest; ``data["stale"]`` is True when an older version of the code built it."""
    from .units import EMBED_RECIPE

    p = path_of(index)
    if not p.exists():
        return {"version": PIPELINE_VERSION, "recipe": EMBED_RECIPE, "policies": {}}
    data = json.loads(p.read_text(encoding="utf-8"))
    data["stale"] = data.get("version") != PIPELINE_VERSION or data.get("recipe") != EMBED_RECIPE
    data["recipe"] = EMBED_RECIPE
    if data.get("version") != PIPELINE_VERSION:
        # Keep the policies (so removal still works) but force every file to be re-chunked.
        for entry in data.get("policies", {}).values():
            entry["sha256"] = ""
        data["version"] = PIPELINE_VERSION
    return data


def write(index: Path, data: dict) -> None:
    data = {k: v for k, v in data.items() if k != "stale"}
    p = path_of(index)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".manifest-", dir=p.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False)
    os.replace(tmp, p)


def entry(doc, chunks: list[Chunk]) -> dict:
    return {
        "path": str(Path(doc.path).resolve()),
        "sha256": doc.sha256,
        "title": doc.title,
        "source_url": doc.source_url,
        "archived": doc.archived,
        "text": doc.text,
        "chunks": [
            {"id": c.id, "section": c.section, "start": c.start, "end": c.end, "sentences": [list(s) for s in c.sentences]}
            for c in chunks
        ],
    }


def chunks_of(slug: str, e: dict) -> list[Chunk]:
    text = e["text"]
    return [
        Chunk(c["id"], slug, e["title"], c["section"], text[c["start"]:c["end"]], c["start"], c["end"],
              tuple(tuple(s) for s in c["sentences"]))
        for c in e["chunks"]
    ]

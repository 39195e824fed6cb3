"""Retrieval units: every chunk and every sentence of it, as stored in Chroma and the keyword index."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from .chunk import Chunk, chunk_id
from .embed import MODEL_NAMES
from .injection import flagged_spans


def embed_recipe(choice: str = "tuned") -> str:
    """What a unit's vector is made from: the model and the embedded text. It is part of every unit
    id and recorded in the manifest, so changing either (ASSISTANT_EMBEDDING=base, say) re-embeds on
    the next ingest instead of mixing vectors of two models in one index."""
    return f"{MODEL_NAMES[choice]}|chunk=section+text|sentence=text"


EMBED_RECIPE = embed_recipe("tuned")


def _uid(kind: str, key: str, recipe: str) -> str:
    return kind[0] + hashlib.sha1(f"{recipe}\x00{key}".encode()).hexdigest()[:24]


@dataclass(frozen=True)
class Unit:
    id: str
    kind: str  # "chunk" | "sentence"
    policy: str
    title: str
    section: str
    text: str
    start: int
    end: int
    chunk: str  # id of the chunk the unit belongs to (itself for a chunk)
    # Addresses an AI assistant rather than the reader (ingest/injection.py): never put in a prompt.
    flagged: bool = False

    @property
    def embed_text(self) -> str:
        # A chunk is embedded with its section path, which gives a bare clause ("5.2.3 ...:
        # 3 years.") its topic; a sentence alone, so a long path does not drown a short sentence.
        if self.kind == "chunk" and self.section:
            return f"{self.section}: {self.text}"
        return self.text

    def metadata(self) -> dict:
        return {
            "kind": self.kind,
            "policy": self.policy,
            "title": self.title,
            "section": self.section,
            "start": self.start,
            "end": self.end,
            "chunk": self.chunk,
            "flagged": self.flagged,
        }


def first_flagged(c: Chunk) -> int | None:
    """Offset in the policy's text of the chunk's first injected span, None when it has none.
    A sentence is flagged from there on: "SYSTEM NOTE:" flags the sentences it introduces, which
    may not look like instructions on their own."""
    return min((c.start + s for s, _ in flagged_spans(c.text)), default=None)


def units_of(
    chunks: list[Chunk], text: str, recipe: str = EMBED_RECIPE, flags: Sequence[int | None] | None = None
) -> list[Unit]:
    """Every chunk and its sentences. The injection flag is a pure function of the text, so ingest
    (which stores it in each unit's Chroma metadata) and the assistant (which rebuilds the units from
    the manifest) always agree on it, and ids do not change with it. ``flags``: each chunk's
    ``first_flagged``, when the manifest recorded them (the scan is ~80% of this function's time,
    about 1 s of a cold start at 200 policies)."""
    out: list[Unit] = []
    for i, c in enumerate(chunks):
        cid = _uid("chunk", c.id, recipe)
        first = flags[i] if flags is not None else first_flagged(c)
        out.append(Unit(cid, "chunk", c.policy, c.title, c.section, c.text, c.start, c.end, cid, first is not None))
        # Every chunk, even a one-sentence clause, also has its sentence-level units.
        for s, e in c.sentences:
            sid = _uid("sentence", chunk_id(c.policy, s, e, text[s:e]), recipe)
            flagged = first is not None and first < e
            out.append(Unit(sid, "sentence", c.policy, c.title, c.section, text[s:e], s, e, cid, flagged))
    return out


def unit_ids(chunks: list[Chunk], text: str, recipe: str = EMBED_RECIPE) -> list[tuple[str, str]]:
    """(kind, id) of every unit ``units_of`` gives, in its order, without building the units: ids
    never depend on the injection flag, whose scan is ~80% of ``units_of``'s time. Ingest checks
    what is stored by id over every policy at every run (4.4 s of CPU at 1,000 policies with units_of)."""
    out: list[tuple[str, str]] = []
    for c in chunks:
        out.append(("chunk", _uid("chunk", c.id, recipe)))
        out.extend(("sentence", _uid("sentence", chunk_id(c.policy, s, e, text[s:e]), recipe)) for s, e in c.sentences)
    return out

"""Cut a policy into quotable chunks along its own structure, with sentence offsets.

A chunk is one structural unit (a numbered clause, a paragraph, a few list items or
flattened table rows) under a readable section path, never longer than ``MAX_CHARS``;
``doc.text[start:end] == text`` always holds, and so does it for every sentence span.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .load import PolicyDocument
from .text import CLAUSE as _CLAUSE, sentences

# Small enough to quote in a chat answer, big enough to keep a clause with its condition.
MAX_CHARS = 600
# Adjacent list items / table rows of one section are merged up to this size.
MERGE_CHARS = 320

_NUMBERED_HEADING = re.compile(r"^(\d{1,2})\.\s+(\S.{1,118})$")
_ITEM = re.compile(r"^\s*(?:[-–—•*·※]|\(?[a-z0-9]\)|Step \d+:)\s*")


@dataclass(frozen=True)
class Chunk:
    id: str
    policy: str
    title: str
    section: str
    text: str
    start: int
    end: int
    sentences: tuple[tuple[int, int], ...]  # absolute (start, end) offsets into the policy text


@dataclass
class _Line:
    start: int
    end: int
    text: str
    block: int
    kind: str = "text"  # heading | clause | item | text
    level: int = 0
    clause: str = ""


def chunk(doc: PolicyDocument) -> list[Chunk]:
    lines = _classify(doc)
    chunks: list[Chunk] = []
    stack: list[tuple[int, str]] = []
    clause = ""
    group: list[_Line] = []
    group_section = ""

    def flush():
        nonlocal group
        if group:
            chunks.extend(_make_chunks(doc, group_section, group))
        group = []

    for line in lines:
        if line.kind == "heading":
            flush()
            while stack and stack[-1][0] >= line.level:
                stack.pop()
            stack.append((line.level, line.text.strip()))
            clause = ""
            continue
        if line.kind == "clause":
            flush()
            clause = line.clause
            # An inferred sub-heading ("The person in charge ...") ends at the next numbered clause.
            while not doc.headings and stack and stack[-1][0] > 1:
                stack.pop()
        section = " › ".join([t for _, t in stack] + ([clause] if clause else [])) or doc.title
        prev = group[-1] if group else None
        new_block = prev is not None and line.block != prev.block
        size = (line.end - group[0].start) if group else 0
        mergeable = (
            prev is not None
            and section == group_section
            and line.kind != "clause"
            and size <= MERGE_CHARS
            and (not new_block or (line.kind == prev.kind == "item"))
        )
        if (
            prev is not None
            and not mergeable
            and not (line.block == prev.block and line.kind == "text" and size <= MAX_CHARS)
        ):
            flush()
        if not group:
            group_section = section
        group.append(line)
    flush()
    return chunks


def chunk_id(policy: str, start: int, end: int, text: str) -> str:
    return hashlib.sha1(f"{policy}\x00{start}\x00{end}\x00{text}".encode()).hexdigest()[:24]


def _classify(doc: PolicyDocument) -> list[_Line]:
    lines: list[_Line] = []
    pos, block = 0, 0
    for raw in doc.text.split("\n"):
        if not raw.strip():
            block += 1
        else:
            lines.append(_Line(pos, pos + len(raw.rstrip()), raw.rstrip(), block))
        pos += len(raw) + 1
    block_sizes: dict[int, int] = {}
    for ln in lines:
        block_sizes[ln.block] = block_sizes.get(ln.block, 0) + 1
    explicit = bool(doc.headings)
    title_line = min(doc.headings) if explicit else None
    for i, ln in enumerate(lines):
        t = ln.text.strip()
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        alone = block_sizes[ln.block] == 1
        if ln.start in doc.headings:
            if ln.start == title_line and doc.headings[ln.start] == 1 and ln.start == 0:
                ln.kind, ln.level = "heading", 0  # the document's own title heads every path; dropped below
                continue
            level = doc.headings[ln.start]
            ln.kind, ln.level = "heading", (5 if level == 6 and re.match(r"^\d+\.\s", t) else level)
            continue
        m = _CLAUSE.match(t)
        if m:
            ln.kind, ln.clause = "clause", m.group(1)
            continue
        if _ITEM.match(t):
            ln.kind = "item"
            continue
        if explicit:
            continue
        m = _NUMBERED_HEADING.match(t)
        if m and alone and (_caps(t) or (nxt is not None and nxt.text.strip().startswith(m.group(1) + "."))):
            ln.kind, ln.level = "heading", 1
        elif alone and _caps(t) and len(t) <= 100:
            ln.kind, ln.level = "heading", 1
        elif _plain_heading(t) and (alone or (nxt is not None and nxt.block == ln.block and _ITEM.match(nxt.text))):
            ln.kind, ln.level = "heading", 2
    # A document title at offset 0 names the whole policy; keep it out of section paths.
    return [ln for ln in lines if not (ln.kind == "heading" and ln.level == 0)]


def _caps(t: str) -> bool:
    letters = [c for c in t if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) > 0.85 and len(t.split()) >= 2


def _plain_heading(t: str) -> bool:
    return (
        len(t) <= 90
        and len(t.split()) >= 2
        and t[0].isupper()
        and not re.search(r"[.!?:;,]$", t)
        and not _ITEM.match(t)
    )


def _make_chunks(doc: PolicyDocument, section: str, group: list[_Line]) -> list[Chunk]:
    """One chunk for the group, or several split at sentence ends when it is too long."""
    spans = [s for ln in group for s in sentences(ln.text, ln.start)]
    pieces: list[list[tuple[int, int]]] = [[]]
    for s in spans:
        cur = pieces[-1]
        if cur and s[1] - cur[0][0] > MAX_CHARS:
            pieces.append([])
        pieces[-1].append(s)
    out = []
    for piece in pieces:
        if not piece:
            continue
        start, end = piece[0][0], piece[-1][1]
        text = doc.text[start:end]
        out.append(
            Chunk(chunk_id(doc.slug, start, end, text), doc.slug, doc.title, section, text, start, end, tuple(piece))
        )
    return out

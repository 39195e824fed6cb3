"""The text tools of the assistant, each written once: the ``[n]`` marker regex and the splitter of
an answer into statements (each with its markers), beside the shared ones it re-exports from
``ingest.text`` (tokenizer, stemmer, stop words, name key, sentences, e-mail and phone) and
``ingest.domains`` (the domain regex). Retrieval, the answer gates, the generative backend, the
support judge and the evaluation all use these; a second copy drifts.
"""

from __future__ import annotations

import re

# The domain regex lives in ingest, which records each policy's domains at ingest; the word tools
# live in ingest.text, which the chunker and the fact sheets use too. Both re-exported here.
from ingest.domains import DOMAIN, TLD, TLD_LABELS, TLDS  # noqa: F401
from ingest.text import EMAIL, PHONE, STOP, content_words, key, sentences, stem, words  # noqa: F401

# An answer's citation marker, "[3]".
MARKER = re.compile(r"\s*\[(\d+)\]")


def markers(text: str) -> list[int]:
    """The ``[n]`` marker numbers in ``text``, in order."""
    return [int(m) for m in MARKER.findall(text)]


def strip_markers(text: str) -> str:
    return MARKER.sub("", text).strip()


_ABBREV = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|ex|inc|ltd|co|no|vs|mr|ms|dr|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)|\b\d+(?:\.\d+)*)\.$",
    re.I,
)


def split_statements(text: str) -> list[str]:
    """Split answer text into statements, keeping each one's trailing ``[n]`` markers.

    A quotation stays whole, even across lines, since its marker follows the closing quote
    mark; a closing quote followed by a marker ends a statement even without a full stop."""
    lines: list[str] = []
    for line in re.split(r"\n+", text):
        line = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", line).strip()
        if lines and lines[-1].count("“") > lines[-1].count("”"):
            lines[-1] += "\n" + line  # still inside a quotation
        elif line:
            lines.append(line)
    out: list[str] = []
    for line in lines:
        # A sentence ends at . ! ? (plus closing quotes and any [n] markers) before whitespace,
        # or at a closing quote that carries markers.
        start = 0
        for m in re.finditer(r"(?:[.!?][\"”’')\]]*(?:\s*\[\d+\])*|”(?:\s*\[\d+\])+)(?=\s+\S|\s*$)", line):
            candidate = line[start : m.end()]
            head = strip_markers(candidate).rstrip("\"”’')]")
            if _ABBREV.search(head) or not re.search(r"[A-Za-z]{2}", candidate):
                continue  # an abbreviation or a bare section number, not a sentence end
            if candidate.count("“") > candidate.count("”") or candidate.count('"') % 2:
                continue  # inside a quotation: its [n] after the closing quote covers all of it
            out.append(candidate.strip())
            start = m.end()
        if line[start:].strip():
            out.append(line[start:].strip())
    return [s for s in out if re.search(r"[A-Za-z0-9]", strip_markers(s))]

"""The text tools every stage of the assistant shares, each written once.

One tokenizer (``words``, ``content_words``), one stemmer, one stop-word list, one name key, one
domain regex, one ``[n]`` marker regex and one statement splitter. Retrieval, the answer gates,
the generative backend, the support judge and the evaluation all use these; a second copy drifts.
(BM25 keeps its own Snowball stemmer inside ``ingest.bm25``: it must match how the keyword
index was built.)
"""
from __future__ import annotations

import re

# The domain regex lives in ingest, which records each policy's domains at ingest (issue 16).
from ingest.domains import DOMAIN, TLD, TLD_LABELS, TLDS  # noqa: F401  (re-exported)

# English function words plus the words people wrap a question in ("tell", "please", "know").
STOP = frozenset("""
a about above after again against all also am an and any are as at be because been before being below between both
but by can could did do does doing don down during each few for from further had has have having he her here hers
him his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other
our ours out over own same she should so some such than that the their theirs them then there these they this those
through to too under until up very was we were what when where which while who whom why will with would you your
yours yourself yourselves yes shall didn doesn isn aren wasn won tell say says said let like please know want wants one ones get gets got much many
ok
""".split())

_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """Lower-case runs of letters and digits: the one tokenizer."""
    return _WORD.findall(text.lower())


def content_words(text: str) -> list[str]:
    """The words that carry meaning: not stop words, longer than two characters."""
    return [w for w in words(text) if w not in STOP and len(w) > 2]


def stem(word: str) -> str:
    """A crude suffix stripper whose stem is a prefix of the word's other forms ("collect" for
    "collection", "compan" for "companies"/"company"), so it both compares two stemmed words and
    finds a word's forms in raw text with ``\\bstem``. A stem keeps at least four letters."""
    for suffix in ("ation", "ion", "ies", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def key(name: str) -> str:
    """A name reduced to lower-case letters and digits, for comparing names: "Kpop Mart" == "KPOPMART"."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


# An answer's citation marker, "[3]".
MARKER = re.compile(r"\s*\[(\d+)\]")


def markers(text: str) -> list[int]:
    """The ``[n]`` marker numbers in ``text``, in order."""
    return [int(m) for m in MARKER.findall(text)]


def strip_markers(text: str) -> str:
    return MARKER.sub("", text).strip()


_ABBREV = re.compile(r"(?:\b(?:e\.g|i\.e|etc|ex|inc|ltd|co|no|vs|mr|ms|dr|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)|\b\d+(?:\.\d+)*)\.$", re.I)


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
            candidate = line[start: m.end()]
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

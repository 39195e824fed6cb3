"""The text tools every stage shares, each written once: one tokenizer (``words``,
``content_words``), one stemmer, one stop-word list, one name key, one sentence splitter, one
e-mail and one phone pattern. Ingest (chunks, fact sheets) and the assistant (retrieval, the
answer gates, the judge) both use these; ``assistant.text`` re-exports them. A second copy drifts
and the two disagree (tests/test_one_place.py fails on one).

BM25 keeps its own Snowball stemmer inside ``ingest.bm25``: it must match how the keyword index
was built.
"""

from __future__ import annotations

import re

# An e-mail address and a phone number as policies write them ("+82-2-1234-5678", "(02) 123 4567"):
# bounded so that a version string or an order number glued to a word is not read as one.
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
PHONE = re.compile(r"(?<![\w.+])\+?\(?\d[\d ().-]{6,18}\d(?!\w)")

# English function words plus the words people wrap a question in ("tell", "please", "know").
STOP = frozenset(
    """
a about above after again against all also am an and any are as at be because been before being below between both
but by can could did do does doing don down during each few for from further had has have having he her here hers
him his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other
our ours out over own same she should so some such than that the their theirs them then there these they this those
through to too under until up very was we were what when where which while who whom why will with would you your
yours yourself yourselves yes shall didn doesn isn aren wasn won tell say says said let like please know want wants one ones get gets got much many
ok
""".split()
)

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


# A numbered clause's lead ("5.2. ", "3.1 "): its periods are not sentence ends.
CLAUSE = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s+\S")
_ABBREV = {
    "e.g",
    "i.e",
    "etc",
    "inc",
    "ltd",
    "co",
    "corp",
    "ex",
    "no",
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "vs",
    "u.s",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "approx",
    "dept",
    "fig",
    "art",
    "sec",
    "p",
    "pp",
    "cf",
    "al",
}
_SENT_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")


def sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Sentence spans of one line of text, as absolute offsets (``offset`` + local)."""
    spans, begin = [], 0
    lead = CLAUSE.match(text) or re.match(r"^\d{1,2}\.\s", text)
    for m in _SENT_END.finditer(text):
        end = m.end()
        if lead and end <= lead.end():
            continue  # the period of a clause number such as "5.2." is not a sentence end
        # Only the word before the stop matters: a bounded tail keeps this linear on a run-on line.
        word = re.search(r"([\w.]+)[.!?][\"'”’)\]]*$", text[max(begin, end - 80) : end])
        if word and text[m.start()] == "." and (word.group(1).lower() in _ABBREV or len(word.group(1)) == 1):
            continue
        piece = text[begin:end]
        if piece.strip():
            s = begin + len(piece) - len(piece.lstrip())
            spans += _bounded(text, s, end, offset)
        begin = end
    tail = text[begin:]
    if tail.strip():
        s = begin + len(tail) - len(tail.lstrip())
        spans += _bounded(text, s, len(text.rstrip()), offset)
    return spans


# A longer "sentence" (a run-on paste, a table flattened into one line) is cut at a clause or word
# break: every step after the chunker (fact sheets, embedding, quoting) then works on bounded pieces,
# and a 70 KB run-on line costs what 70 KB of ordinary sentences do.
MAX_SENTENCE = 1000


def _bounded(text: str, start: int, end: int, offset: int) -> list[tuple[int, int]]:
    """``text[start:end]`` as spans of at most MAX_SENTENCE characters, cut after the last clause
    break (``, ; :``) in the second half of each piece, else the last space, else anywhere."""
    out = []
    while end - start > MAX_SENTENCE:
        window = text[start : start + MAX_SENTENCE]
        half = MAX_SENTENCE // 2
        cut = max((m.end() for m in re.finditer(r"[,;:]\s", window) if m.end() > half), default=0)
        cut = cut or window.rfind(" ", half) + 1 or MAX_SENTENCE
        piece_end = start + len(window[:cut].rstrip())
        out.append((offset + start, offset + piece_end))
        start += cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append((offset + start, offset + end))
    return out

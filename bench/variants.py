"""The corpora of bench/scale.py: real policies, then renamed, shuffled variants of them.

The real ones are the 20 website policies of PolicyQA's dev split (data/policyqa/dev.json, each
site's paragraphs in index order, as bench/policyqa.py writes them; there is no other split here)
and the 5 default policies. A variant takes one of them and replaces the shop's name by an invented
one (also its file name, so its slug), puts its blocks of text (a heading with the paragraph under
it) in another order, and the sentences of each plain paragraph too; the opening block (archive
header, title) stays first. Seeded: a size always gives the same corpus.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from common import ROOT

DEV = ROOT / "data" / "policyqa" / "dev.json"
DEFAULTS = ROOT / "data" / "policies"
# The shop's own name in each default policy (the information security policy names none).
DEFAULT_NAMES = {
    "mikmik": r"mik ?mik",
    "kpopmart": r"kpop ?mart",
    "kmall24": r"kmall ?24",
    "tootoomart": r"tootoo ?mart",
}
SYLLABLES = "ka lo mi ru ten vax bel dor fin gul zor pla qui sen tor wex nal bry cos dem".split()


def bases() -> list[tuple[str, str, str, str | None]]:
    """(slug, file suffix, text, name pattern) of the 25 real policies."""
    out = []
    for f in sorted(DEFAULTS.iterdir()):
        slug = f.name.rsplit(".", 1)[0]
        out.append((slug, f.suffix, f.read_text(encoding="utf-8"), DEFAULT_NAMES.get(slug)))
    for site in json.loads(DEV.read_text(encoding="utf-8"))["data"]:
        text = "\n\n".join(p["context"] for p in sorted(site["paragraphs"], key=lambda p: p["index"]))
        stem = site["title"].split(".")[-2] if site["title"].count(".") else site["title"]
        out.append((site["title"].lower(), ".txt", text, re.escape(stem)))
    return out


def invented_names(n: int, rng: random.Random) -> list[str]:
    """``n`` distinct names of 2 or 3 syllables, then of 4: there are only 8,400 of 2 or 3, so a
    corpus of 10,000 never finished; the first 4,000 are the same names as before."""
    names: dict[str, None] = {}
    while len(names) < n:
        syllables = rng.choice((2, 3)) if len(names) < 4000 else 4
        names.setdefault("".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize())
    return list(names)


def variant(text: str, pattern: str | None, name: str, rng: random.Random) -> str:
    """The text with its name replaced and its blocks and sentences in another order; the opening
    block (archive header, title) stays first, so the title is still found."""
    if pattern:
        text = re.sub(pattern, name, text, flags=re.I)
    blocks = text.split("\n\n")
    merged: list[str] = []
    for b in blocks:  # a heading goes with the paragraph under it
        if merged and re.match(r"\s*(#|\*\*[^*]{1,80}\*\*\s*$)", merged[-1]) and len(merged) > 1:
            merged[-1] += "\n\n" + b
        else:
            merged.append(b)
    head, rest = merged[:2], merged[2:]
    rng.shuffle(rest)
    rest = [_shuffled_sentences(b, rng) for b in rest]
    return "\n\n".join(head + rest)


def _shuffled_sentences(block: str, rng: random.Random) -> str:
    if re.match(r"\s*([#*|>-]|\d)", block) or "\n" in block.strip():
        return block  # headings, lists, tables: kept as they are
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", block)
    rng.shuffle(sentences)
    return " ".join(sentences)


def build_corpus(folder: Path, size: int, seed: int = 16) -> list[tuple[str, str]]:
    """Writes ``size`` policies into ``folder``; returns (slug, name to ask with) for each."""
    rng = random.Random(seed)
    real = bases()
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for slug, suffix, text, pattern in real[:size]:
        (folder / f"{slug}{suffix}").write_text(text, encoding="utf-8")
        out.append((slug, slug if pattern else ""))
    for i, name in enumerate(invented_names(max(0, size - len(real)), rng)):
        slug, suffix, text, pattern = real[i % len(real)]
        (folder / f"{name.lower()}{suffix}").write_text(variant(text, pattern, name, rng), encoding="utf-8")
        out.append((name.lower(), name if pattern else ""))
    return out

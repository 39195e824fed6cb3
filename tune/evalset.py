"""Our own eval set as retrieval items: measured only, never trained or tuned on.

Each answerable question of ``eval/questions.jsonl`` is searched within each policy its gold
evidence comes from (a cross-policy question once per such policy), among the sentences
ingest cuts from ``data/policies``. A follow-up is searched as written, without its history:
the dense model alone sees only that text.
"""

from __future__ import annotations

from pathlib import Path

from eval.dataset import load_items
from ingest.chunk import chunk
from ingest.load import load

from .data import ROOT, Policy

POLICIES = ROOT / "data" / "policies"

Asked = tuple[str, str, str, tuple[tuple[int, int], ...]]  # (type, slug, question, gold spans)


def our_policies(folder: Path = POLICIES) -> dict[str, Policy]:
    out = {}
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        doc = load(path)
        spans = sorted({s for c in chunk(doc) for s in c.sentences})
        out[doc.slug] = Policy(doc.slug, doc.text, tuple(spans))
    return out


def eval_items(policies: dict[str, Policy]) -> list[Asked]:
    asked: list[Asked] = []
    for item in load_items():
        if not item.answerable:
            continue
        spans: dict[str, list[tuple[int, int]]] = {}
        for gold in item.gold:
            text = policies[gold.policy].text
            start = text.find(gold.text)
            if start < 0:
                raise ValueError(f"{item.id}: gold text not found verbatim in policy {gold.policy!r}: {gold.text!r}")
            spans.setdefault(gold.policy, []).append((start, start + len(gold.text)))
        for slug, golds in spans.items():
            asked.append((item.type, slug, item.question, tuple(golds)))
    return asked

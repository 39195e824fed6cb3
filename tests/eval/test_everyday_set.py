"""eval/everyday.jsonl is well formed: gold verbatim in the loaded policies, short answers where they belong."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from eval.dataset import TYPES
from ingest.load import load

ROOT = Path(__file__).resolve().parents[2]
ROWS = [
    json.loads(line)
    for line in (ROOT / "eval" / "everyday.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
TEXT = {p.stem.lower(): load(p).text for p in (ROOT / "data" / "policies").iterdir() if p.is_file()}


def test_enough_everyday_questions_of_every_kind():
    types = Counter(r["type"] for r in ROWS)
    assert len(ROWS) >= 45
    assert set(types) <= set(TYPES) | {"smalltalk"}
    assert types["unanswerable"] >= 5 and types["smalltalk"] >= 3 and types["cross-policy"] >= 3
    assert len({r["id"] for r in ROWS}) == len(ROWS)


def test_gold_is_verbatim_policy_text():
    for r in ROWS:
        for g in r["gold"]:
            assert g["text"] in TEXT[g["policy"]], f"{r['id']}: gold not verbatim in {g['policy']}: {g['text']!r}"


def test_answerable_items_have_gold_and_the_rest_have_no_short_answer():
    for r in ROWS:
        answerable = r["type"] not in ("unanswerable", "smalltalk")
        assert bool(r["gold"]) == answerable, r["id"]
        assert r["short"] is None or (
            answerable and r["short"] and all(isinstance(s, str) and s for s in r["short"])
        ), r["id"]
        for name in (r["policy"], r["ask_policy"]):
            assert name is None or name in TEXT, r["id"]

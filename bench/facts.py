"""Fact-sheet benchmark: build the sheets of the five default policies and score them against
the gold (eval/facts_gold.json).

    python bench/facts.py [--policies data/policies] [--wide]

Loads each policy with ingest.load and ingest.chunk (sentence offsets from chunk.sentences),
times fact_sheet alone, prints the per-policy/per-category table (✓ right, ✗ wrong, ! stated
where the gold says Not stated) and the three figures.
Goals (issue 13): cell accuracy >= 0.9; no cell stating what the policy does not say; building
the five sheets well under a second.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from common import ROOT, code_version, load as load_avg

from eval.facts_metrics import cell_accuracy, false_stated_rate, load_gold, quote_recall, score_sheets
from ingest.chunk import chunk
from ingest.facts import fact_sheet
from ingest.load import load


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--policies", type=Path, default=ROOT / "data" / "policies")
    ap.add_argument("--wide", action="store_true", help="print every value in full")
    args = ap.parse_args()
    categories, files, cells = load_gold()
    texts, sheets, build = {}, {}, 0.0
    for slug, name in files.items():
        doc = load(args.policies / name)
        spans = [s for c in chunk(doc) for s in c.sentences]
        t0 = time.perf_counter()
        sheets[slug] = fact_sheet(doc.slug, doc.title, doc.text, spans)
        build += time.perf_counter() - t0
        texts[slug] = doc.text
    scores = score_sheets(cells, sheets, texts)
    width = None if args.wide else 70
    for slug in files:
        print(f"\n## {slug}")
        for s in (s for s in scores if s.policy == slug):
            mark = "!" if s.false_stated else ("✓" if s.correct else "✗")
            recall = f"{s.passages_found}/{s.passages}" if s.passages else "   "
            print(f"{mark} {s.category:16} {recall:>4}  {s.value[:width]}")
            if not s.correct:
                print(f"  {'':16} gold: {s.gold[:width]}")
    acc, _ = cell_accuracy(scores)
    rec, _ = quote_recall(scores)
    fsr, per = false_stated_rate(scores)
    n_ns = sum(p is not None for p in per)
    print(f"\ncell accuracy   {acc:.3f}  ({sum(s.correct for s in scores)}/{len(scores)} cells; goal >= 0.9)")
    print(f"quote recall    {rec:.3f}  (gold passages overlapping a quote of their cell)")
    print(
        f"false 'stated'  {fsr:.3f}  ({sum(bool(p) for p in per if p is not None)}/{n_ns} Not-stated cells given a value; goal 0)"
    )
    print(f"build time      {build * 1000:.1f} ms for {len(files)} sheets (fact_sheet only; goal well under 1 s)")
    print(f"[{code_version()}; {load_avg()}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

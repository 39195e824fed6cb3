"""Broad questions about a policy, asked of PolicyQA dev's 20 policies: is the answer taken from the
part of the policy that covers the question's practice, and how much text does it show?

    python bench/broad.py [--set dev|report|FILE.jsonl] [--index DIR] [--out FILE.json]

A stand-in for an external benchmark of broad questions about big platforms' policies ("How does
the company manage consent and withdrawal of consent?", "Does the policy clearly outline data
collection practices?"), which is not in the repository. Each question is asked of every policy
(``ask(question, policy=slug)``). The "right part" comes from PolicyQA itself: every paragraph of a
dev policy carries the OPP-115 categories of the questions its annotators asked about it
(``tune.reader.data.OPP`` maps them onto ``Reading.practices``). Scored over the (question, policy)
pairs whose policy has a paragraph of the question's category:

  right     a quote shown lies in such a paragraph (abstentions' closest passages count)
  first     the first quote does
  answered  the answer is not an abstention; "answered and right" counts both
  chars     quote characters shown (citations' text, summed)

and over the other pairs, the share abstained (the policy may still answer in another part: the
categories are what PolicyQA's annotators asked about, not all a paragraph says).

The question sets (bench/data/): ``broad_dev.jsonl`` and ``broad_report.jsonl``, 72 questions each,
8 per practice, written on 2026-12-06 by helpers who never ran the assistant. The dev set was
looked at while changing the answer; the report set only ever measured (keep it that way).
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, code_version, load

sys.path.append(str(Path(__file__).resolve().parent))  # after the root: bench/ingest.py must not shadow ingest
from policyqa import DEV, build  # noqa: E402  (the same files and layout as the PolicyQA benchmark)

SETS = {"dev": ROOT / "bench" / "data" / "broad_dev.jsonl", "report": ROOT / "bench" / "data" / "broad_report.jsonl"}


def paragraphs(dev: dict) -> dict[str, list[tuple[int, int, set[str]]]]:
    """Per policy, each paragraph's offsets in the written text (build's layout) and its categories."""
    from tune.reader.data import OPP

    out = {}
    for site in dev["data"]:
        rows, pos = [], 0
        for para in sorted(site["paragraphs"], key=lambda p: p["index"]):
            kinds = {OPP.get(qa["type"].split("|||")[0], "other") for qa in para["qas"]}
            rows.append((pos, pos + len(para["context"]), kinds))
            pos += len(para["context"]) + 2
        out[site["title"].lower()] = rows
    return out


def run(args) -> list[dict]:
    from assistant import Assistant, Settings
    from ingest import ingest

    path = SETS.get(args.set, Path(args.set))
    questions = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    dev = json.loads(DEV.read_text(encoding="utf-8"))
    parts = paragraphs(dev)
    with tempfile.TemporaryDirectory(prefix="bench-broad-") as tmp:
        folder = Path(tmp) / "policies"
        folder.mkdir()
        written, _ = build(dev, folder)
        settings = dataclasses.replace(
            Settings.from_env(),
            policies=folder,
            index=args.index or Path(tmp) / "index",
            llm="extractive",
            chroma_host=None,
        )
        summary = ingest([folder], settings)
        if summary.errors:
            sys.exit("ingest failed: " + "; ".join(str(e) for e in summary.errors))
        bot = Assistant(settings)
        for slug in written:
            if bot.document(slug) != written[slug]:
                sys.exit(f"{slug}: the loaded text differs from the written one; paragraph offsets would not hold")
        rows, t0 = [], time.perf_counter()
        for q in questions:
            for slug in sorted(written):
                answer = bot.ask(q["question"], policy=slug)
                spans = [(c.start, c.end) for c in answer.citations]
                right = [any(q["category"] in k for s, e, k in parts[slug] if s < b and a < e) for a, b in spans]
                covered = any(q["category"] in k for _, _, k in parts[slug])
                rows.append(
                    {
                        "id": q["id"],
                        "category": q["category"],
                        "question": q["question"],
                        "policy": slug,
                        "covered": covered,
                        "answered": answer.answerable,
                        "right": any(right),
                        "first": bool(right and right[0]),
                        "chars": sum(b - a for a, b in spans),
                        "text": answer.text,
                    }
                )
        print(f"{len(rows)} answers in {time.perf_counter() - t0:.0f} s", flush=True)
    return rows


def report(rows: list[dict], name: str) -> None:
    def share(xs, f):
        return sum(1 for x in xs if f(x)) / max(1, len(xs))

    cov = [r for r in rows if r["covered"]]
    other = [r for r in rows if not r["covered"]]
    print(
        f"\nbroad questions ({name}): {len({r['id'] for r in rows})} questions x {len({r['policy'] for r in rows})} policies"
    )
    print(
        f"  covered pairs {len(cov)}: right part {share(cov, lambda r: r['right']):.1%}, first quote "
        f"{share(cov, lambda r: r['first']):.1%}, answered {share(cov, lambda r: r['answered']):.1%}, "
        f"answered and right {share(cov, lambda r: r['answered'] and r['right']):.1%}, "
        f"mean quote chars {sum(r['chars'] for r in cov) / max(1, len(cov)):.0f}"
    )
    print(
        f"  pairs whose policy has no paragraph of the category {len(other)}: abstained {share(other, lambda r: not r['answered']):.1%}"
    )
    by = collections.defaultdict(list)
    for r in cov:
        by[r["category"]].append(r)
    print("  | practice | pairs | right part | first quote | answered and right |")
    print("  | --- | --- | --- | --- | --- |")
    for c, xs in by.items():
        print(
            f"  | {c} | {len(xs)} | {share(xs, lambda r: r['right']):.0%} | {share(xs, lambda r: r['first']):.0%} | "
            f"{share(xs, lambda r: r['answered'] and r['right']):.0%} |"
        )
    print(f"  commit {code_version()}; {load()}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python bench/broad.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--set", default="dev", help="dev, report, or a .jsonl of {id, question, category}")
    ap.add_argument("--index", type=Path, help="keep the embedded index here between runs (ingest is incremental)")
    ap.add_argument("--out", type=Path, help="write every answer's row as JSON")
    args = ap.parse_args(argv)
    rows = run(args)
    if args.out:
        args.out.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    report(rows, args.set)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Isolation benchmark (issue 16): which eval answers change when unrelated policies are added?

    python bench/isolation.py [--add 3000] [--work DIR] [--json FILE]

Two indexes, each built and evaluated in its own process (`python -m ingest`, `python -m eval`):
the default corpus alone, and the default corpus plus ``--add`` small policies from the isolation
test's own generator (tests/assistant/retrieval/test_isolation.py: a title and two sentences
each, written in the words people ask with, e.g. "We keep complaint records for three years.").
Both evaluation sets are asked of both; per item the answer text, direct line and citations are
compared. A changed item is reported as one of:
  closing lines   only the lines that list or count policies differ ("Not stated by", "Not
                  checked one by one", "…and N more", the unknown-company abstention that names the
                  known policies, the help line)
  answer          anything else: quotes, their order, the direct line, answer/abstain
Questions naming a policy should never change (the issue's goal); questions naming none may
rightly draw on added policies that state the same practice.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from common import ROOT, code_version, env as child_env, load

# Lines that list or count policies rather than quote one (answer/shape.py, answer/smalltalk.py,
# the unknown-company abstention): they change whenever the set of policies does.
_LISTING = (
    "Not stated by: ",
    "Not checked one by one: ",
    "…and ",
    "I have no privacy policy for ",
    "I answer questions about these privacy policies",
)


def _generator():
    """The isolation test's writer of small policies, so test and benchmark use one corpus."""
    path = ROOT / "tests" / "assistant" / "retrieval" / "test_isolation.py"
    spec = importlib.util.spec_from_file_location("_isolation_corpus", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module._write_unrelated


def _evaluate(policies: Path, index: Path, out: Path) -> dict:
    run_env = child_env(ASSISTANT_INDEX=str(index), ASSISTANT_POLICIES=str(policies))
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "ingest", "-q", str(policies)], cwd=ROOT, env=run_env, check=True)
    ingest_s = time.perf_counter() - t0
    # The eval exits 1 when a gate's minimum is missed; the report is written either way.
    subprocess.run(
        [sys.executable, "-m", "eval", "-q", "--out", str(out)], cwd=ROOT, env=run_env, stdout=subprocess.DEVNULL
    )
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    report["_ingest_s"] = ingest_s
    return report


def _key(item: dict) -> tuple:
    return (item["text"], item.get("short"), json.dumps(item.get("citations"), sort_keys=True))


def _kind(a: dict, b: dict) -> str:
    """'closing lines' when only the policy-listing lines differ, else 'answer'."""
    keep = lambda text: [line for line in text.splitlines() if not line.startswith(_LISTING)]  # noqa: E731
    same_quotes = json.dumps(a.get("citations"), sort_keys=True) == json.dumps(b.get("citations"), sort_keys=True)
    return (
        "closing lines"
        if keep(a["text"]) == keep(b["text"]) and same_quotes and a.get("short") == b.get("short")
        else "answer"
    )


def compare(before: dict, after: dict) -> dict:
    """Per question type: items, unchanged, changed in closing lines only, changed answers (ids)."""
    a = {x["id"]: x for x in before["items"]}
    b = {x["id"]: x for x in after["items"]}
    out: dict[str, dict] = {}
    for qid, x in a.items():
        row = out.setdefault(x["type"], {"n": 0, "unchanged": 0, "closing lines": [], "answer": []})
        row["n"] += 1
        if _key(x) == _key(b[qid]):
            row["unchanged"] += 1
        else:
            row[_kind(x, b[qid])].append(qid)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--add", type=int, default=3000, help="small unrelated policies to add (default 3000)")
    parser.add_argument(
        "--work", type=Path, help="keep corpora, indexes and reports here (default: a temporary folder)"
    )
    parser.add_argument("--json", type=Path, help="also write the comparison to this file")
    args = parser.parse_args(argv)
    if args.add < 1:
        parser.error(f"--add must be at least 1, got {args.add}")
    print(
        f"Isolation benchmark: default corpus, then plus {args.add:,} small policies\nMachine: {load()}\nCode: {code_version()}"
    )
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-isolation-"))
    try:
        work.mkdir(parents=True, exist_ok=True)
        defaults = ROOT / "data" / "policies"
        added = work / "policies-added"
        shutil.rmtree(added, ignore_errors=True)
        _generator()(added, args.add)
        for f in defaults.iterdir():
            shutil.copy(f, added / f.name)
        for name in ("index-default", "index-added"):
            shutil.rmtree(work / name, ignore_errors=True)
        before = _evaluate(defaults, work / "index-default", work / "eval-default")
        after = _evaluate(added, work / "index-added", work / "eval-added")
        table = compare(before, after)
        print(f"ingest: default {before['_ingest_s']:.0f} s, with {args.add:,} added {after['_ingest_s']:.0f} s")
        print("| type | n | unchanged | closing lines only | answer changed |")
        print("| --- | --- | --- | --- | --- |")
        for kind, row in sorted(table.items()):
            print(f"| {kind} | {row['n']} | {row['unchanged']} | {len(row['closing lines'])} | {len(row['answer'])} |")
        totals = Counter()
        for row in table.values():
            totals.update(
                {
                    "n": row["n"],
                    "unchanged": row["unchanged"],
                    "closing": len(row["closing lines"]),
                    "answer": len(row["answer"]),
                }
            )
        print(f"| all | {totals['n']} | {totals['unchanged']} | {totals['closing']} | {totals['answer']} |")
        for kind, row in sorted(table.items()):
            if row["answer"]:
                print(f"  {kind}, answer changed: {', '.join(row['answer'])}")
        print(f"Machine at end: {load()}")
        if args.json:
            args.json.write_text(json.dumps({"add": args.add, "code": code_version(), "table": table}, indent=1) + "\n")
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

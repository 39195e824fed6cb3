"""Base vs tuned embedding model side by side, on the same run (issue 11).

    python bench/embedding.py [--models base,tuned] [--policyqa N] [--out FILE.json]

For each model: the default corpus ingested into a temporary index (units embedded per second),
the question encoder's time per fresh question (the numpy MiniLM, cache cleared), and the eval
sets by question type (correct, answer/abstain right); with ``--policyqa N`` also PolicyQA dev
through ``ask`` (bench/policyqa.py, N pairs spread over the policies, 0 = all 2,420; in-sample
for the tuned model, which was trained on dev: tune's cross-validation gives held-out figures).
Both models are MiniLM-L6 (same architecture), so the same speed is expected: it is measured.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, code_version, env, load

POLICIES = ROOT / "data" / "policies"


def measure(model: str, tmp: Path) -> dict:
    from assistant import build_assistant
    from eval.dataset import load_all
    from eval.runner import collect, heuristic, score
    from ingest import Settings, ingest

    settings = dataclasses.replace(
        Settings.from_env({}), embedding=model, index=tmp / f"index-{model}", policies=POLICIES
    )
    from ingest.embed import embedding_model

    embedding_model(model).encode(["warm up"])  # torch's import and the model's load are not ingest speed
    t0 = time.perf_counter()
    summary = ingest([POLICIES], settings)
    ingest_s = time.perf_counter() - t0
    bot = build_assistant(settings)
    items = load_all()
    questions = list(dict.fromkeys(i.question for i in items))
    bot.embedder.embed_query("warm up")
    t0 = time.perf_counter()
    for q in questions:
        bot.embedder.model.embed_query(q)  # the encoder itself, not its cache
    query_ms = (time.perf_counter() - t0) * 1000 / len(questions)
    report = score(collect(bot, items, progress=False), heuristic(bot.embedder.embed_documents))
    rows = {}
    for name, figures in [*report["by_set"].items(), *report["by_type"].items(), ("overall", report["overall"])]:
        rows[name] = {
            k: figures[k] for k in ("n", "correctness", "decision_accuracy", "hit_at_5", "gold_cited", "quote_chars")
        }
    return {
        "ingest_units_per_s": summary.embedded / ingest_s,
        "ingest_s": ingest_s,
        "units": summary.embedded,
        "query_ms": query_ms,
        "eval": rows,
    }


def policyqa(model: str, limit: int, tmp: Path) -> dict:
    out = tmp / f"policyqa-{model}.json"
    cmd = [sys.executable, str(ROOT / "bench" / "policyqa.py"), "--misses", "0", "--out", str(out)]
    if limit:
        cmd += ["--limit", str(limit)]
    subprocess.run(cmd, env=env(ASSISTANT_EMBEDDING=model), check=True, stdout=subprocess.DEVNULL)
    return json.loads(out.read_text())["figures"]


def _f(x) -> str:
    return "–" if x is None else f"{x:.3f}"


def table(results: dict[str, dict]) -> str:
    models = list(results)
    head = "| | " + " | ".join(models) + " |\n|---|" + "---|" * len(models)
    lines = [head]

    def row(label: str, cell) -> None:
        lines.append(f"| {label} | " + " | ".join(cell(results[m]) for m in models) + " |")

    for name in results[models[0]]["eval"]:
        row(
            f"eval {name}: correct / answer-abstain right (n={results[models[0]]['eval'][name]['n']})",
            lambda r, n=name: f"{_f(r['eval'][n]['correctness'])} / {_f(r['eval'][n]['decision_accuracy'])}",
        )
    if "policyqa" in results[models[0]]:
        row(
            "PolicyQA through ask: hit / mean quote chars",
            lambda r: f"{r['policyqa']['hit_rate']:.1%} / {r['policyqa']['mean_chars']:.0f}",
        )
        row("PolicyQA retrieve top-5 hit", lambda r: f"{r['policyqa']['top5_hit_rate']:.1%}")
    row("ingest: units embedded per second", lambda r: f"{r['ingest_units_per_s']:.1f} ({r['units']} units)")
    row("question embedding, ms (numpy, uncached)", lambda r: f"{r['query_ms']:.1f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", default="base,tuned", help="comma-separated ASSISTANT_EMBEDDING values")
    ap.add_argument(
        "--policyqa", type=int, default=-1, help="also PolicyQA through ask: N pairs (0 = all; default: skip)"
    )
    ap.add_argument("--out", type=Path, help="write the figures as JSON")
    args = ap.parse_args(argv)
    models = [m.strip() for m in args.models.split(",") if m.strip()]
    print(f"Code: {code_version()}; {load()}", flush=True)
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-embedding-") as tmp:
        for model in models:
            results[model] = measure(model, Path(tmp))
            if args.policyqa >= 0:
                results[model]["policyqa"] = policyqa(model, args.policyqa, Path(tmp))
            print(f"{model}: done ({load()})", flush=True)
    if args.out:  # before the table: a long run's figures are kept whatever happens to the printing
        args.out.write_text(json.dumps(results, indent=1))
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""python -m eval [--backend NAME] [--out DIR] [--limit N] [--judge heuristic|llm] | --compare A.json B.json
| --from-feedback FILE [--out candidates.jsonl]"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from ingest import backends


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval", description=__doc__)
    parser.add_argument(
        "--backend", choices=backends.names(), help="answer backend (default: ASSISTANT_LLM or extractive)"
    )
    parser.add_argument(
        "--out", type=Path, default=Path("reports/eval"), help="folder for report.json, report.md, charts"
    )
    parser.add_argument("--limit", type=int, help="only the first N questions (judged against the same minimums)")
    parser.add_argument("--thresholds", type=Path, default=None, help="minimums file (default: eval/thresholds.toml)")
    parser.add_argument(
        "--judge",
        choices=("heuristic", "llm"),
        default="heuristic",
        help="llm adds an LLM judge via OPENAI_BASE_URL, reported separately",
    )
    parser.add_argument("--no-guard", action="store_true", help="show generated answers unchecked (ASSISTANT_GUARD=0)")
    parser.add_argument(
        "--compare", nargs=2, type=Path, metavar=("A.json", "B.json"), help="show what changed between two runs"
    )
    parser.add_argument(
        "--from-feedback",
        type=Path,
        metavar="FILE",
        help="turn the web page's feedback (ASSISTANT_FEEDBACK) into candidate items for review; "
        "--out names the JSONL file (default candidates.jsonl)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)

    if args.from_feedback:
        return _from_feedback(args.from_feedback, args.out)

    from . import report as reports

    if args.compare:
        a, b = (json.loads(p.read_text(encoding="utf-8")) for p in args.compare)
        print(reports.compare(a, b))
        return 0

    from assistant import AssistantError, Settings, get_assistant
    from ingest import ensure

    from .facts_eval import facts_report
    from .runner import evaluate

    try:
        settings = Settings.from_env()
        settings = dataclasses.replace(
            settings, llm=args.backend or settings.llm, guard=settings.guard and not args.no_guard
        )
        ensure(settings)  # a missing or outdated index is built here, at the edge
        bot = get_assistant(settings)
        report = evaluate(bot, args.limit, args.judge, progress=not args.quiet)
        report["facts"] = facts_report(bot)  # fact sheets against their gold (issue 13)
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    thresholds = args.thresholds or reports.THRESHOLDS
    limits = reports.thresholds_for(settings.llm, thresholds)
    report["thresholds"] = reports.check(report, limits)
    written = reports.write(report, args.out)
    print(_summary(report))
    print("wrote " + ", ".join(str(p) for p in written))
    failed = [row for row in report["thresholds"] if not row["ok"]]
    if failed:
        for row in failed:
            bound = f"is below its minimum {row['min']}" if "min" in row else f"is above its maximum {row['max']}"
            print(f"FAIL: {row['metric']} = {row['value']} {bound} ({thresholds})", file=sys.stderr)
        return 1
    return 0


def _from_feedback(src: Path, out: Path) -> int:
    from .feedback import from_feedback

    out = Path("candidates.jsonl") if out == Path("reports/eval") else out
    if not src.is_file():
        print(
            f"error: {src} does not exist; point --from-feedback at the file ASSISTANT_FEEDBACK names", file=sys.stderr
        )
        return 2
    try:
        n = from_feedback(src, out)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {n} candidate item(s) to {out}; review them before adding any to eval/questions.jsonl")
    return 0


def _summary(report: dict) -> str:
    o, meta = report["overall"], report["meta"]
    fmt = lambda v: "–" if v is None else f"{v:.3f}"  # noqa: E731
    return (
        f"{meta['backend']}: {meta['items']} questions in {meta['seconds']:.1f} s | hit@5 {fmt(o['hit_at_5'])} "
        f"MRR {fmt(o['mrr'])} correct {fmt(o['correctness'])} integrity {fmt(o['citation_integrity'])} "
        f"cite recall {fmt(o['citation_recall'])} precision {fmt(o['citation_precision'])} "
        f"faithful {o.get('faithfulness_basis') or fmt(o['faithfulness'])} facts in quotes {fmt(o.get('fact_check'))} abstain P/R {fmt(o['abstention_precision'])}/{fmt(o['abstention_recall'])} "
        f"| judge agreement {report['judge']['agreement']:.1%}\n"
        f"answer/abstain right {fmt(o['decision_accuracy'])} | direct line shown {fmt(o['direct_shown'])} correct {fmt(o['direct_correct'])} "
        f"| quotes/answer {fmt(o['quotes'])} ({fmt(o['quotes_single'])} single-policy) chars {fmt(o['quote_chars'])} ({fmt(o['quote_chars_single'])})"
        + _facts_summary(report.get("facts"))
    )


def _facts_summary(facts: dict | None) -> str:
    if not facts:
        return ""
    i, h = facts["in_sample"], facts["held_out"]
    return (
        f"\nfact sheets: cell accuracy {i['cell_accuracy']:.3f} (held-out {h['cell_accuracy']:.3f}), quote recall "
        f"{i['quote_recall']:.3f} ({h['quote_recall']:.3f}), false 'stated' {i['false_stated']:.3f} ({h['false_stated']:.3f})"
    )


if __name__ == "__main__":
    sys.exit(main())

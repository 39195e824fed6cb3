"""Write a run's figures as report.json, report.md and PNG charts; compare two runs; apply thresholds."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from ingest import backends

from .runner import METRICS, SHAPE

THRESHOLDS = Path(__file__).with_name("thresholds.toml")
_LABELS = {
    "hit_at_5": "hit@5",
    "mrr": "MRR",
    "gold_cited": "gold cited",
    "correctness": "correct",
    "citation_integrity": "integrity",
    "citation_recall": "cite recall",
    "citation_precision": "cite precision",
    "faithfulness": "faithful",
    "decision_accuracy": "answer/abstain right",
    "abstention_precision": "abstain precision",
    "abstention_recall": "abstain recall",
    "judge_agreement": "judge agreement",
    "fallback_rate": "fell back to extractive",
    "fact_check": "facts in quotes",
    "guard_removed": "guard removed",
    "facts_cell_accuracy": "fact-sheet cell accuracy",
    "facts_false_stated": "fact sheets: Not-stated cells given a value",
    "direct_shown": "direct line shown",
    "direct_correct": "direct line correct",
    "quotes": "quotes/answer",
    "quote_chars": "quote chars/answer",
    "quotes_single": "quotes/single-policy answer",
    "quote_chars_single": "quote chars/single-policy answer",
}
# What the report leads with: what a reader of an answer notices.
HEADLINE = ("correctness", "gold_cited", "decision_accuracy")


def thresholds_for(backend: str, path: Path = THRESHOLDS) -> dict[str, float]:
    """``[default]`` minimums, overridden/extended by ``[backend.NAME]``."""
    config = tomllib.loads(path.read_text(encoding="utf-8"))
    limits = dict(config.get("default", {}))
    limits.update(config.get("backend", {}).get(backend, {}))
    return limits


def check(report: dict, limits: dict[str, float]) -> list[dict]:
    """One row per threshold: the figure, its minimum and whether it holds."""
    figures = dict(
        report["overall"],
        judge_agreement=report.get("judge", {}).get("agreement"),
        **(report.get("facts") or {}).get("gate", {}),
    )
    # A set's own figures, as "SET.metric" (eval/dataset.py SECTIONS are gated this way).
    figures.update({f"{name}.{k}": v for name, f in report.get("by_set", {}).items() for k, v in f.items()})
    rows = []
    for name, limit in limits.items():
        if name.startswith("max_"):  # a ceiling: quotes and characters per answer
            value = figures.get(name[4:])
            rows.append(
                {"metric": name[4:], "max": limit, "value": value, "ok": value is not None and value <= limit + 1e-9}
            )
            continue
        value = figures.get(name)
        rows.append({"metric": name, "min": limit, "value": value, "ok": value is not None and value >= limit - 1e-9})
    return rows


def _fmt(value) -> str:
    return "–" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def _cell(figures: dict, name: str) -> str:
    if name == "faithfulness" and figures.get("faithfulness_basis"):
        return figures["faithfulness_basis"]
    return _fmt(figures.get(name))


def _shape_table(report: dict) -> list[str]:
    """Answer shape per evaluation set and overall: the direct line, quotes and characters."""
    scopes = [("all", report["overall"])] + list(report.get("by_set", {}).items())
    lines = [
        "## Answer shape",
        "",
        "| set | n | answer/abstain right | gold cited | correct | " + " | ".join(_LABELS[m] for m in SHAPE) + " |",
        "| --- " * (len(SHAPE) + 5) + "|",
    ]
    for name, f in scopes:
        cells = [_fmt(f.get(m)) for m in ("decision_accuracy", "gold_cited", "correctness") + SHAPE]
        lines.append(f"| {name} | {f['n']} | " + " | ".join(cells) + " |")
    return lines + [""]


def markdown(report: dict) -> str:
    meta = report["meta"]
    lines = [
        f"# Evaluation: {meta['backend']} backend",
        "",
        f"{meta['items']} questions, {meta['seconds']:.1f} s ({meta['seconds_per_question'] * 1000:.0f} ms per question), "
        f"judge: {meta['judge']}, guard: {'n/a' if not backends.generative(meta['backend']) else 'on' if meta['guard'] else 'off'}, commit {meta.get('commit') or '?'}, {meta['created']}.",
        "",
        "**" + ", ".join(f"{_LABELS[m]} {_fmt(report['overall'].get(m))}" for m in HEADLINE) + "**",
        "",
        "## Overall",
        "",
        "| metric | value |",
        "| --- | --- |",
    ]
    overall = report["overall"]
    for name in METRICS + ("abstention_precision", "abstention_recall", "fallback_rate", "guard_removed"):
        lines.append(f"| {_LABELS.get(name, name)} | {_cell(overall, name)} |")
    if overall.get("guard_reasons"):
        lines += [
            "",
            "Why the guard removed statements: "
            + ", ".join(f"{kind} {n}" for kind, n in overall["guard_reasons"].items())
            + ".",
        ]
    lines += [
        "",
        "## By question type",
        "",
        "| type | n | " + " | ".join(_LABELS[m] for m in METRICS) + " |",
        "| --- " * (len(METRICS) + 2) + "|",
    ]
    for type_, figures in report["by_type"].items():
        lines.append(f"| {type_} | {figures['n']} | " + " | ".join(_cell(figures, m) for m in METRICS) + " |")
    lines += ["", "![metrics by question type](metrics_by_type.png)", ""]
    lines += _shape_table(report)
    judge = report.get("judge") or {}
    if judge:
        lines += [
            "## The support judge",
            "",
            f"Agreement with people on {judge['cases']} labelled cases: {judge['agreement']:.1%} "
            f"(faithful passed {judge['faithful_passed']:.1%}, unfaithful flagged {judge['unfaithful_flagged']:.1%}); "
            f"on the {judge.get('heldout_cases', 0)} held-out cases it was never tuned on: {_fmt(judge.get('heldout_agreement'))}.",
            "",
        ]
        for miss in judge.get("misses", []):
            lines.append(f"- missed {miss['id']} ({miss['kind']}, {miss.get('split', 'dev')}): {miss['statement']}")
        lines.append("")
    if report.get("llm_judge"):
        llm = report["llm_judge"]
        lines += [
            "## LLM judge (reported separately)",
            "",
            f"model {llm['model']}: agreement {_fmt(llm.get('agreement'))}, "
            f"faithfulness {_fmt(llm.get('faithfulness'))}, citation recall {_fmt(llm.get('citation_recall'))}.",
            "",
        ]
    if report.get("facts"):
        from .facts_eval import markdown as facts_markdown

        lines += facts_markdown(report["facts"])
    lines += ["## Thresholds (eval/thresholds.toml)", "", "| metric | minimum | value | |", "| --- | --- | --- | --- |"]
    for row in report["thresholds"]:
        lines.append(
            f"| {_LABELS.get(row['metric'], row['metric'])} | {row['min'] if 'min' in row else '≤ ' + str(row['max'])} | {_fmt(row['value'])} | {'ok' if row['ok'] else '**FAIL**'} |"
        )
    lines += _items_to_look_at(report)
    return "\n".join(lines) + "\n"


def _items_to_look_at(report: dict) -> list[str]:
    """One line per item that failed a check, with why (the first 60)."""
    lines: list[str] = []
    failing = [i for i in report["items"] if _item_failed(i)]
    lines += ["", f"## Items to look at ({len(failing)})", ""]
    for item in failing[:60]:
        why = []
        if item.get("decision_accuracy") == 0:
            why.append("abstained" if not item["answerable"] else "answered an unanswerable question")
        if item.get("correctness") is not None and item["correctness"] < 1:
            why.append(f"key facts {item['correctness']:.0%}")
        if item.get("hit_at_5") == 0:
            why.append("gold evidence not retrieved")
        if item.get("faithfulness") is not None and item["faithfulness"] < 1:
            why.append(f"faithful {item['faithfulness']:.0%}")
        why += item.get("integrity_problems", [])
        text = item["text"].replace("\n", " ")
        lines.append(f"- **{item['id']}** ({item['type']}) {item['question']} — {'; '.join(why)}  \n  > {text[:300]}")
    return lines


def _item_failed(item: dict) -> bool:
    return (
        item.get("decision_accuracy") == 0
        or (item.get("correctness") or 1) < 1
        or item.get("hit_at_5") == 0
        or (item.get("faithfulness") or 1) < 1
        or bool(item.get("integrity_problems"))
    )


def charts(report: dict, out: Path) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    types = list(report["by_type"])
    fig, ax = plt.subplots(figsize=(12.5, 4.5))
    width = 0.8 / len(METRICS)
    for i, metric in enumerate(METRICS):
        values = [report["by_type"][t].get(metric) for t in types]
        xs = [x + i * width for x in range(len(types))]
        ax.bar(xs, [v if v is not None else 0 for v in values], width, label=_LABELS[metric])
    ax.set_xticks([x + 0.4 - width / 2 for x in range(len(types))], types)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("score")
    ax.set_title(f"{report['meta']['backend']} backend: metrics by question type")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))  # outside, never over a bar
    fig.tight_layout()
    path = out / "metrics_by_type.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return [path]


def figures_markdown(report: dict) -> str:
    """``markdown`` for the documentation's Evaluation page (docs/evaluation.md includes it): no
    title of its own and no chart, which lives beside report.md, not beside the page."""
    lines = markdown(report).splitlines()[2:]
    # A level down: the page's own "Latest figures" heading holds these sections.
    lines = ["#" + line if line.startswith("#") else line for line in lines if not line.startswith("![")]
    return "\n".join(lines) + "\n"


def write(report: dict, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    (out / "report.md").write_text(markdown(report), encoding="utf-8")
    (out / "figures.md").write_text(figures_markdown(report), encoding="utf-8")
    return [out / "report.json", out / "report.md", out / "figures.md", *charts(report, out)]


def compare(a: dict, b: dict) -> str:
    """What changed from run A to run B: figures overall and per type, and items that flipped."""
    names = METRICS + ("abstention_precision", "abstention_recall", "fallback_rate", "guard_removed")
    lines = [
        f"# {a['meta']['backend']} ({a['meta']['created']}) → {b['meta']['backend']} ({b['meta']['created']})",
        "",
        "| scope | metric | A | B | change |",
        "| --- | --- | --- | --- | --- |",
    ]
    scopes = [("overall", a["overall"], b["overall"])]
    scopes += [
        (t, a["by_type"].get(t, {}), b["by_type"].get(t, {})) for t in dict.fromkeys([*a["by_type"], *b["by_type"]])
    ]
    for scope, fa, fb in scopes:
        for name in names:
            va, vb = fa.get(name), fb.get(name)
            if va is None and vb is None:
                continue
            delta = "" if va is None or vb is None else f"{vb - va:+.3f}"
            if scope != "overall" and delta in ("", "+0.000", "-0.000"):
                continue
            lines.append(f"| {scope} | {_LABELS.get(name, name)} | {_fmt(va)} | {_fmt(vb)} | {delta} |")
    items_a = {i["id"]: i for i in a["items"]}
    changed = []
    for item in b["items"]:
        old = items_a.get(item["id"])
        if old is None:
            continue
        diffs = [
            f"{_LABELS.get(m, m)} {_fmt(old.get(m))}→{_fmt(item.get(m))}" for m in METRICS if old.get(m) != item.get(m)
        ]
        if diffs:
            changed.append(f"- {item['id']} ({item['type']}) {item['question']}: {', '.join(diffs)}")
    lines += ["", f"## Items that changed ({len(changed)})", "", *changed]
    return "\n".join(lines) + "\n"

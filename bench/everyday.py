"""Everyday questions (eval/everyday.jsonl): does the answer read like one a shopper can use?

    python bench/everyday.py [--out FILE] [--show]

Asks every item through ``Assistant().ask`` against the index in ``ASSISTANT_INDEX`` (default
``.index``: run ``python -m ingest`` first) and prints:
- decision right: answered when answerable, abstained when not, and for small talk no quotes at all
  (a help line, not passages);
- gold cited (eval.metrics.gold_cited) and key facts stated (eval.metrics.correctness);
- quotes and quote characters per answered answer, single-policy answers separately (goal <= 3, <= 450);
- the same builder on the item's gold sentences (its ceiling when retrieval is right);
- the direct answer line: ``Answer.short`` where the Answer has one, else ``direct_answer()`` run
  on the answer's own cited quotes; shown / items expecting one, correct / shown (goal >= 0.97),
  and lines shown where none belongs (abstentions, small talk).
``--out`` writes the per-item rows as JSON; ``--show`` prints each question with its line.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from pathlib import Path

from common import ROOT, code_version, load

from assistant import Assistant
from assistant.answer.direct import direct_answer
from eval import metrics
from eval.dataset import Gold, Item, gold_spans
from eval.metrics import CitedQuote, Result
from eval.shape import short_matches

DATA = ROOT / "eval" / "everyday.jsonl"
MAX_QUOTES, MAX_CHARS = 3, 450


def load_set(path: Path = DATA) -> list[tuple[Item, list[str] | None]]:
    """(item, acceptable direct answers or None) per line; eval.dataset does not know the smalltalk type."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            item = Item(
                r["id"],
                r["type"],
                r["question"],
                r.get("policy"),
                r.get("ask_policy"),
                tuple(r.get("history") or ()),
                tuple(Gold(g["policy"], g["text"]) for g in r.get("gold") or ()),
                tuple(tuple(f) for f in r.get("key_facts") or ()),
            )
            rows.append((item, r.get("short")))
    return rows


def _line(answer, question: str) -> str | None:
    if hasattr(answer, "short"):  # after integration the Answer carries its own line
        return answer.short
    if not answer.answerable or not answer.citations:
        return None
    order = [int(n) for n in dict.fromkeys(re.findall(r"\[(\d+)\]", answer.text))]
    quotes = [(n, answer.citations[n - 1].quote) for n in order if 1 <= n <= len(answer.citations)]
    return direct_answer(question, quotes, answer.citations[order[0] - 1].title if order else None)


def run(bot, rows) -> tuple[list[Result], list[dict]]:
    documents = {slug: bot.document(slug) for slug, _ in bot.policies()}
    bot_titles = dict(bot.policies())
    results, table = [], []
    for item, accepted in rows:
        began = time.perf_counter()
        answer = bot.ask(item.question, policy=item.ask_policy, history=list(item.history) or None)
        seconds = time.perf_counter() - began
        cited = [CitedQuote(c.policy, c.title, c.quote, c.start, c.end) for c in answer.citations]
        results.append(
            Result(
                item,
                [],
                gold_spans(item, documents.__getitem__),
                answer.text,
                cited,
                answer.answerable,
                documents,
                seconds,
                answer.backend,
            )
        )
        line = _line(answer, item.question)
        # The same builder on the gold sentences: what it can do when the evidence is right.
        gold_line = (
            direct_answer(item.question, [(i, g.text) for i, g in enumerate(item.gold, 1)], bot_titles.get(item.policy))
            if item.gold
            else None
        )
        if item.type == "smalltalk":
            right = not answer.citations
        else:
            right = answer.answerable == item.answerable
        table.append(
            {
                "id": item.id,
                "type": item.type,
                "question": item.question,
                "answerable": answer.answerable,
                "decision_right": right,
                "quotes": len(cited),
                "chars": sum(len(c.quote) for c in cited),
                "single_policy": item.policy is not None and item.type != "cross-policy",
                "short_expected": accepted,
                "short": line,
                "short_right": None if line is None or accepted is None else short_matches(line, accepted),
                "gold_short": gold_line,
                "gold_short_right": None
                if gold_line is None or accepted is None
                else short_matches(gold_line, accepted),
                "text": answer.text,
            }
        )
    return results, table


def summary(results: list[Result], table: list[dict]) -> dict:
    mean = lambda xs: round(statistics.fmean(xs), 3) if xs else None  # noqa: E731
    answered = [r for r in table if r["answerable"] and r["type"] not in ("unanswerable", "smalltalk")]
    single = [r for r in answered if r["single_policy"]]
    expecting = [r for r in table if r["short_expected"]]
    shown = [r for r in expecting if r["short"]]
    no_line_wanted = [r for r in table if r["type"] in ("unanswerable", "smalltalk")]
    return {
        "n": len(table),
        "decision_right": mean([float(r["decision_right"]) for r in table]),
        "decision_right_by_type": {
            t: mean([float(r["decision_right"]) for r in table if r["type"] == t])
            for t in dict.fromkeys(r["type"] for r in table)
        },
        "gold_cited": round(metrics.gold_cited(results)[0], 3),
        "key_facts_stated": round(metrics.correctness(results)[0], 3),
        "quotes_per_answer": mean([r["quotes"] for r in answered]),
        "chars_per_answer": mean([r["chars"] for r in answered]),
        "quotes_per_single_policy_answer": mean([r["quotes"] for r in single]),
        "chars_per_single_policy_answer": mean([r["chars"] for r in single]),
        "short_expected": len(expecting),
        "short_shown": len(shown),
        "short_shown_rate": mean([float(bool(r["short"])) for r in expecting]),
        "short_correct_of_shown": mean([float(r["short_right"]) for r in shown]),
        "gold_quotes_short_shown_rate": mean([float(bool(r["gold_short"])) for r in expecting]),
        "gold_quotes_short_correct_of_shown": mean(
            [float(r["gold_short_right"]) for r in expecting if r["gold_short"]]
        ),
        "short_shown_where_none_belongs": sum(bool(r["short"]) for r in no_line_wanted),
        "short_shown_without_expected": sum(bool(r["short"]) for r in table if not r["short_expected"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the per-item rows and the summary as JSON")
    parser.add_argument("--show", action="store_true", help="print each question with its direct answer line")
    args = parser.parse_args()
    print(f"commit {code_version()}; {load()}")
    results, table = run(Assistant(), load_set())
    figures = summary(results, table)
    if args.show:
        for r in table:
            mark = {True: "ok", False: "WRONG", None: "-"}[r["short_right"]]
            gold_mark = {True: "ok", False: "WRONG", None: "-"}[r["gold_short_right"]]
            print(
                f"{r['id']} {'' if r['decision_right'] else 'DECISION '}{r['question']!r}\n    short={r['short']!r} [{mark}] want={r['short_expected']}"
                f"\n    on gold={r['gold_short']!r} [{gold_mark}]"
            )
    for key, value in figures.items():
        print(f"{key:34} {value}")
    print(
        f"goals: quotes/single-policy answer <= {MAX_QUOTES}, chars <= {MAX_CHARS}, direct answer correct >= 0.97 of shown"
    )
    if args.out:
        args.out.write_text(
            json.dumps({"summary": figures, "items": table}, ensure_ascii=False, indent=1), encoding="utf-8"
        )


if __name__ == "__main__":
    main()

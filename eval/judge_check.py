"""How often does the support judge agree with a person? Scored on eval/judge_cases.jsonl.

Each case is a statement, the evidence it cites (policy, title, verbatim text) and a person's
label: faithful paraphrases and quotes (supported) and deliberately unfaithful rewrites —
changed numbers or contacts, invented third parties, a swapped policy, a right the policy
does not grant, flipped negation (not supported).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from assistant.judge import judge

CASES = Path(__file__).with_name("judge_cases.jsonl")


@dataclass(frozen=True)
class JudgeCase:
    id: str
    statement: str
    evidence: tuple[dict, ...]
    supported: bool
    kind: str


def load_cases(path: Path = CASES) -> list[JudgeCase]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [JudgeCase(r["id"], r["statement"], tuple(r["evidence"]), bool(r["supported"]), r["kind"]) for r in rows]


def agreement(cases: list[JudgeCase], embed: Callable | None = None, judge_fn: Callable | None = None) -> dict:
    """Share of cases where the judge's verdict matches the label, overall and per side.

    ``judge_fn`` replaces the offline judge (e.g. the LLM judge); ``embed`` goes to the offline one."""
    misses = []
    hits = {True: 0, False: 0}
    totals = {True: 0, False: 0}
    for case in cases:
        verdict = judge_fn(case.statement, case.evidence) if judge_fn else judge(case.statement, case.evidence, embed)
        totals[case.supported] += 1
        if verdict.supported == case.supported:
            hits[case.supported] += 1
        else:
            misses.append({"id": case.id, "kind": case.kind, "statement": case.statement,
                           "expected": case.supported, "reasons": list(verdict.reasons)})
    n = len(cases) or 1
    return {
        "cases": len(cases),
        "agreement": round((hits[True] + hits[False]) / n, 4),
        "faithful_passed": round(hits[True] / (totals[True] or 1), 4),
        "unfaithful_flagged": round(hits[False] / (totals[False] or 1), 4),
        "misses": misses,
    }

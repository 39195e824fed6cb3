"""How often does the support judge agree with a person? Scored on eval/judge_cases.jsonl.

Each case is a statement, the evidence it cites (policy, title, verbatim text) and a person's
label: faithful paraphrases and quotes (supported) and deliberately unfaithful rewrites —
changed numbers or contacts, invented third parties, a swapped policy, a right the policy
does not grant, flipped negation (not supported).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.verify import judge

CASES = Path(__file__).with_name("judge_cases.jsonl")


@dataclass(frozen=True)
class JudgeCase:
    id: str
    statement: str
    evidence: tuple[dict, ...]
    supported: bool
    kind: str
    split: str = "dev"  # dev: the judge was tuned on these; heldout: written afterwards, never tuned on


def load_cases(path: Path = CASES) -> list[JudgeCase]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [
        JudgeCase(r["id"], r["statement"], tuple(r["evidence"]), bool(r["supported"]), r["kind"], r.get("split", "dev"))
        for r in rows
    ]


def agreement(cases: list[JudgeCase], embed: Callable | None = None, judge_fn: Callable | None = None) -> dict:
    """Share of cases where the judge's verdict matches the label, overall and per side.

    ``judge_fn`` replaces the offline judge (e.g. the LLM judge); ``embed`` goes to the offline one."""
    misses = []
    right: dict[str, list[bool]] = {}
    for case in cases:
        verdict = judge_fn(case.statement, case.evidence) if judge_fn else judge(case.statement, case.evidence, embed)
        ok = verdict.supported == case.supported
        for key in ("all", case.split, "faithful" if case.supported else "unfaithful"):
            right.setdefault(key, []).append(ok)
        if not ok:
            misses.append(
                {
                    "id": case.id,
                    "kind": case.kind,
                    "split": case.split,
                    "statement": case.statement,
                    "expected": case.supported,
                    "reasons": list(verdict.reasons),
                }
            )
    rate = lambda key: round(sum(right[key]) / len(right[key]), 4) if right.get(key) else None  # noqa: E731
    return {
        "cases": len(cases),
        "agreement": rate("all"),
        "faithful_passed": rate("faithful"),
        "unfaithful_flagged": rate("unfaithful"),
        "dev_agreement": rate("dev"),
        "heldout_agreement": rate("heldout"),
        "heldout_cases": len(right.get("heldout", [])),
        "misses": misses,
    }

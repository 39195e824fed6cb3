"""Feedback from the web page (ASSISTANT_FEEDBACK, JSONL) as candidate evaluation items.

Each rated answer becomes one candidate in the form of ``questions.jsonl``: the question, the
policy (the one selected, else the one the citations quote when there is one), the cited quotes as
candidate gold, the thumbs and any comment. Candidates are for a person to review (``review``
says so): a thumbs-up answer's quotes may be right gold; a thumbs-down item needs its gold written.
"""

from __future__ import annotations

import json
from pathlib import Path


def read_feedback(path: Path) -> list[dict]:
    """Rating lines with their comments attached (a comment line carries the rating's ``id``)."""
    ratings: dict[str, dict] = {}
    comments: dict[str, list[str]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{n} is not JSON ({exc.msg}); each line is one feedback record") from None
        if "rating" in row:
            ratings[row["id"]] = row
        elif "comment" in row:
            comments.setdefault(row["id"], []).append(row["comment"])
    return [{**r, "comments": comments.get(i, [])} for i, r in ratings.items()]


def candidate(row: dict, n: int) -> dict:
    policies = sorted({c["policy"] for c in row.get("citations", [])})
    policy = row.get("policy") or (policies[0] if len(policies) == 1 else None)
    up = row["rating"] == "up"
    return {
        "id": f"fb{n:03d}",
        "type": "factual" if row.get("answerable", True) else "unanswerable",
        "question": row["question"],
        "policy": policy,
        "ask_policy": row.get("policy"),
        "history": [],
        "gold": [{"policy": c["policy"], "text": c["quote"]} for c in row.get("citations", [])] if up else [],
        "candidate_quotes": [
            {"policy": c["policy"], "section": c["section"], "start": c["start"], "end": c["end"], "text": c["quote"]}
            for c in row.get("citations", [])
        ],
        "key_facts": [],
        "thumbs": row["rating"],
        "comments": row.get("comments", []),
        "answer": row.get("answer", ""),
        "review": (
            "thumbs up: check the quotes are the right gold and add key facts"
            if up
            else "thumbs down: write the gold and key facts, or mark it unanswerable"
        ),
    }


def from_feedback(src: Path, out: Path) -> int:
    """Writes one candidate per rated answer to ``out``; returns how many."""
    rows = read_feedback(src)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for n, row in enumerate(rows, 1):
            f.write(json.dumps(candidate(row, n), ensure_ascii=False) + "\n")
    return len(rows)

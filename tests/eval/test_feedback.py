"""Feedback lines from the web page become candidate eval items for a person to review."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CITATION = {
    "n": 1,
    "policy": "mikmik",
    "title": "MIKMIK",
    "section": "5.2.3",
    "start": 8771,
    "end": 8839,
    "quote": "Recording about customer’s complaint or trouble settlement: 3 years.",
}


def _write(path: Path, rows: list) -> None:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")


def _run(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "eval", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


def test_ratings_and_comments_become_candidates(tmp_path):
    src = tmp_path / "feedback.jsonl"
    _write(
        src,
        [
            {
                "id": "a",
                "rating": "up",
                "policy": None,
                "question": "How long are complaints kept?",
                "answer": "3 years [1]",
                "answerable": True,
                "backend": "extractive",
                "citations": [CITATION],
            },
            {
                "id": "b",
                "rating": "down",
                "policy": "kmall24",
                "question": "Do you use Google Analytics?",
                "answer": "The KMALL24 policy does not mention it.",
                "answerable": False,
                "backend": "extractive",
                "citations": [],
            },
            {"id": "b", "comment": "It does, under cookies"},
            "",
        ],
    )
    done = _run("--from-feedback", str(src), "--out", str(tmp_path / "c.jsonl"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "wrote 2 candidate" in done.stdout
    up, down = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()]
    assert up["question"] == "How long are complaints kept?" and up["policy"] == "mikmik" and up["thumbs"] == "up"
    assert up["gold"] == [{"policy": "mikmik", "text": CITATION["quote"]}]
    assert up["candidate_quotes"][0]["start"] == 8771
    assert down["gold"] == [] and down["policy"] == "kmall24" and down["type"] == "unanswerable"
    assert down["comments"] == ["It does, under cookies"] and "write the gold" in down["review"]


def test_a_broken_line_or_missing_file_is_reported(tmp_path):
    src = tmp_path / "feedback.jsonl"
    _write(src, ["{not json"])
    done = _run("--from-feedback", str(src), cwd=tmp_path)
    assert done.returncode == 2 and "feedback.jsonl:1 is not JSON" in done.stderr
    done = _run("--from-feedback", str(tmp_path / "missing.jsonl"), cwd=tmp_path)
    assert done.returncode == 2 and "does not exist" in done.stderr

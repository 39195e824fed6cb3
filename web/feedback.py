"""Thumbs up/down on an answer, appended to a local JSONL file only when ASSISTANT_FEEDBACK names one.

A rating is one line; a comment added afterwards is another line with the same ``id``. ``python -m
eval --from-feedback FILE`` turns the lines into candidate evaluation items for a person to review.
"""
from __future__ import annotations

import json
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path

_lock = threading.Lock()  # one writer at a time: lines from two sessions must not interleave
COMMENT_CHARS = 2000


def append(path: Path | None, line: dict) -> bool:
    """Appends ``line`` to ``path``; False (nothing written) when feedback is off."""
    if path is None:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    with _lock, path.open("a", encoding="utf-8") as f:
        f.write(json.dumps(line, ensure_ascii=False) + "\n")
    return True


def rating(record: dict, up: bool, policy: str | None) -> dict:
    """A rating line for a turn's export record (``export.turn_record``)."""
    return {
        "id": uuid.uuid4().hex,
        "time": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "rating": "up" if up else "down",
        "policy": policy or None,
        **record,
    }


def comment(feedback_id: str, text: str) -> dict:
    return {"id": feedback_id, "comment": text.strip()[:COMMENT_CHARS]}

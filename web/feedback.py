"""Thumbs up/down on an answer, written to a local JSONL file only when ASSISTANT_FEEDBACK names one.

A rating is one line; a comment added afterwards is another line with the same ``id``. ``python -m
eval --from-feedback FILE`` turns the lines into candidate evaluation items for a person to review.

The file is bounded (issue 28: one session wrote 1.08 MB in 6.4 s): rating the same answer again
replaces its earlier line (and a second comment the first), and a file that would pass ``MAX_BYTES``
is moved aside to ``FILE.1`` (replacing the one before) and started afresh, so the two never hold
more than about twice ``MAX_BYTES``.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from datetime import UTC, datetime
from pathlib import Path

_lock = threading.Lock()  # one writer at a time: lines from two sessions must not interleave
COMMENT_CHARS = 2000
MAX_BYTES = 1_000_000


def append(path: Path | None, line: dict, max_bytes: int = MAX_BYTES) -> bool:
    """Writes ``line`` to ``path``, replacing an earlier line of the same kind (rating or comment) with
    the same ``id``; False (nothing written) when feedback is off."""
    if path is None:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    new = json.dumps(line, ensure_ascii=False) + "\n"
    kind = "rating" if "rating" in line else "comment"
    with _lock:
        kept = _without(path, line["id"], kind)
        if kept is not None:  # an earlier line of this id and kind: the file is rewritten without it
            _rewrite(path, kept)
        if path.exists() and path.stat().st_size + len(new.encode()) > max_bytes:
            os.replace(path, path.with_name(path.name + ".1"))
        with path.open("a", encoding="utf-8") as f:
            f.write(new)
    return True


def _without(path: Path, feedback_id: str, kind: str) -> list[str] | None:
    """The file's lines without those of ``feedback_id`` and ``kind``; None when it has none of them."""
    if not path.exists() or f'"{feedback_id}"' not in (text := path.read_text(encoding="utf-8")):
        return None
    lines = text.splitlines(keepends=True)
    kept = [ln for ln in lines if not _same(ln, feedback_id, kind)]
    return kept if len(kept) < len(lines) else None


def _same(line: str, feedback_id: str, kind: str) -> bool:
    try:
        row = json.loads(line)
    except ValueError:
        return False
    return isinstance(row, dict) and row.get("id") == feedback_id and kind in row


def _rewrite(path: Path, lines: list[str]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("".join(lines), encoding="utf-8")
    os.replace(tmp, path)  # a reader sees the old file or the new one, whole


def rating(record: dict, up: bool, policy: str | None, session: str = "") -> dict:
    """A rating line for a turn's export record (``export.turn_record``). Its id is the same for the
    same answer and ``session`` (the page's session and the turn's place in it), so rating it again
    replaces the earlier rating."""
    key = json.dumps([session, record], sort_keys=True, ensure_ascii=False)
    return {
        "id": hashlib.sha1(key.encode()).hexdigest()[:32],
        "time": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "rating": "up" if up else "down",
        "policy": policy or None,
        **record,
    }


def comment(feedback_id: str, text: str) -> dict:
    return {"id": feedback_id, "comment": text.strip()[:COMMENT_CHARS]}

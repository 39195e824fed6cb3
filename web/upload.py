"""Adding a policy from the page: checks, the copy kept under the index, and the ingest itself.

The page never serves an upload back: files are copied into ``ASSISTANT_INDEX/uploads/`` (not one of
Gradio's allowed paths) and only the cleaned text reaches the viewer, escaped like every policy.
A file that cannot be read gets ingest's own message and is removed again; what was indexed stays.
"""
from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

from ingest.errors import AssistantError
from ingest.index import ingest
from ingest.load import SUPPORTED, slug_of
from ingest.progress import Report
from ingest.settings import Settings
from ingest.summary import Summary

log = logging.getLogger("app")

# Gradio refuses larger uploads before they reach us (launch(max_file_size=...)).
MAX_FILE_SIZE = "5mb"
PASTE_CHARS = 500_000
SESSION_LIMIT = 5  # policies one browser session may add
TOTAL_LIMIT = 50  # policies all sessions together may add
NAME_CHARS = 60


class UploadRefused(ValueError):
    """An upload the page will not take, with what to do instead."""


def uploads_dir(settings: Settings) -> Path:
    return Path(settings.index) / "uploads"


def safe_stem(name: str) -> str:
    """A file name stem from what a person typed or uploaded: letters, digits, dot, dash, underscore."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-_")[:NAME_CHARS]
    if not stem:
        raise UploadRefused(f"{name!r} cannot be used as a name; use letters or digits, e.g. acme-shop.")
    return stem


def check_allowed(settings: Settings, username: str | None, auth_required: bool, session_count: int) -> None:
    if not settings.uploads:
        raise UploadRefused("Adding policies is switched off on this server (ASSISTANT_UPLOADS=0).")
    if auth_required and not username:
        raise UploadRefused("Sign in to add a policy.")
    if session_count >= SESSION_LIMIT:
        raise UploadRefused(f"This session has added {SESSION_LIMIT} policies, the most one session may add.")
    folder = uploads_dir(settings)
    if folder.is_dir() and sum(1 for _ in folder.iterdir()) >= TOTAL_LIMIT:
        raise UploadRefused(f"This server already holds {TOTAL_LIMIT} added policies, the most it takes.")


def stage(settings: Settings, known: set[str], file_path: str | None, name: str, pasted: str) -> Path:
    """The upload copied (or the pasted text written) into the uploads folder; refused with a reason."""
    name, pasted = (name or "").strip(), (pasted or "").strip()
    if file_path:
        src = Path(file_path)
        suffix = src.suffix.lower()
        if suffix not in SUPPORTED:
            raise UploadRefused(f"{src.name}: unsupported file type {suffix or '(none)'!r}; use one of {', '.join(SUPPORTED)}.")
        stem = safe_stem(name or src.name.rsplit(".", 1)[0])
    elif pasted:
        if not name:
            raise UploadRefused("Give the pasted policy a name, e.g. the shop's name.")
        if len(pasted) > PASTE_CHARS:
            raise UploadRefused(f"The pasted text has {len(pasted):,} characters; the most it takes is {PASTE_CHARS:,}.")
        src, suffix, stem = None, ".md", safe_stem(name)
    else:
        raise UploadRefused("Choose a file (.md .txt .html .pdf) or paste a policy's text with a name.")
    dest = uploads_dir(settings) / f"{stem}{suffix}"
    if slug_of(dest) in known or any(p.stem.lower() == stem.lower() for p in _existing(settings)):
        raise UploadRefused(f"A policy called {slug_of(dest)!r} is already indexed; give this one another name.")
    dest.parent.mkdir(parents=True, exist_ok=True)
    if src is not None:
        shutil.copyfile(src, dest)
    else:  # the name as its heading, so the policy gets it as its title
        dest.write_text(f"# {name}\n\n{pasted}\n", encoding="utf-8")
    return dest


def add(settings: Settings, dest: Path, progress: Report | None = None) -> Summary:
    """Ingests ``dest`` into the index; on failure removes it and raises UploadRefused with ingest's reason.
    ``progress(fraction, text)`` hears where it is (reading, embedding with time left, writing)."""
    try:
        summary = ingest([dest], settings, progress=progress or False)
    except AssistantError as exc:
        dest.unlink(missing_ok=True)
        raise UploadRefused(f"The policy could not be added: {exc}") from None
    if summary.errors:
        dest.unlink(missing_ok=True)
        reasons = "; ".join(err.reason for err in summary.errors)
        raise UploadRefused(f"{dest.name} could not be added: {reasons}. Nothing already indexed was changed.")
    log.info("policy added from the page: %s (%s)", dest.name, summary.line())
    return summary


def _existing(settings: Settings) -> list[Path]:
    folder = uploads_dir(settings)
    return list(folder.iterdir()) if folder.is_dir() else []

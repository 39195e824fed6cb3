"""Adding a policy from the page: checks, the copy kept under the index, and the ingest itself.

The page never serves an upload back: files are copied into an ``uploads/`` folder under the index
(not one of Gradio's allowed paths), the raw file Gradio received is deleted as soon as it is copied
(``discard``), and only the cleaned text reaches the viewer, escaped like every policy. A file that
cannot be read gets ingest's own message and is removed again; what was indexed stays.

The ingest runs in a worker process of its own (``add``), at a lower CPU priority, and the page
runs it in its own concurrency group: a large upload never holds the answer queue, and its Python
work never competes with answers for this process's interpreter lock (issue 28: one upload made
another visitor's question wait 30.8 s).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import re
import shutil
from pathlib import Path

from ingest.errors import AssistantError, printable
from ingest.load import SUPPORTED, slug_of
from ingest.progress import Report
from ingest.settings import Settings
from ingest.summary import Summary

log = logging.getLogger("app")

# Gradio refuses larger uploads before they reach us (launch(max_file_size=...)).
MAX_FILE_SIZE = "5mb"
PASTE_CHARS = 500_000
CLIENT_LIMIT = 5  # policies one client (a signed-in user, else an IP address) may hold at a time
TOTAL_LIMIT = 50  # policies all clients together may hold
TOTAL_BYTES = 50 * 1024 * 1024  # bytes of added policies all clients together may hold
NAME_CHARS = 60
WORKER_NICE = 10  # the worker's CPU priority below the app's: answers go first on a busy machine
WORKER_SECONDS = 900  # the longest an upload's ingest may run before the worker is stopped


class UploadRefused(ValueError):
    """An upload the page will not take, with what to do instead."""


def uploads_dir(settings: Settings) -> Path:
    return Path(settings.index) / "uploads"


def safe_stem(name: str) -> str:
    """A file name stem from what a person typed or uploaded: letters, digits, dot, dash, underscore."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-_")[:NAME_CHARS]
    if not stem:
        raise UploadRefused(f"{printable(name)!r} cannot be used as a name; use letters or digits, e.g. acme-shop.")
    return stem


def check_allowed(
    settings: Settings, username: str | None, auth_required: bool, held: int, total: int = 0, total_bytes: int = 0
) -> None:
    """``held``: the policies this client holds now; ``total`` and ``total_bytes``: all clients'."""
    if not settings.uploads:
        raise UploadRefused("Adding policies is switched off on this server (ASSISTANT_UPLOADS=0).")
    if (auth_required or settings.uploads_shared) and not username:
        shared = " (added policies are shared with everyone on this server)" if settings.uploads_shared else ""
        raise UploadRefused(f"Sign in to add a policy{shared}.")
    if held >= CLIENT_LIMIT:
        raise UploadRefused(
            f"You have added {CLIENT_LIMIT} policies, the most one visitor may hold; remove one to add another."
        )
    if total >= TOTAL_LIMIT or total_bytes >= TOTAL_BYTES:
        raise UploadRefused(
            f"This server already holds {total} added policies ({total_bytes / 1024 / 1024:.1f} MB), "
            f"the most it takes ({TOTAL_LIMIT} policies, {TOTAL_BYTES // 1024 // 1024} MB)."
        )


def stage(
    settings: Settings,
    known: set[str],
    file_path: str | None,
    name: str,
    pasted: str,
    replaceable: set[str] = frozenset(),
) -> Path:
    """The upload copied (or the pasted text written) into the uploads folder; refused with a reason.
    ``replaceable``: slugs of ``known`` this visitor may replace (their own, when they asked to)."""
    name, pasted = (name or "").strip(), (pasted or "").strip()
    if file_path:
        src = Path(file_path)
        suffix = src.suffix.lower()
        if suffix not in SUPPORTED:
            raise UploadRefused(
                f"{printable(src.name)}: unsupported file type {suffix or '(none)'!r}; use one of {', '.join(SUPPORTED)}."
            )
        stem = safe_stem(name or src.name.rsplit(".", 1)[0])
    elif pasted:
        if not name:
            raise UploadRefused("Give the pasted policy a name, e.g. the shop's name.")
        if len(pasted) > PASTE_CHARS:
            raise UploadRefused(
                f"The pasted text has {len(pasted):,} characters; the most it takes is {PASTE_CHARS:,}."
            )
        src, suffix, stem = None, ".md", safe_stem(name)
    else:
        raise UploadRefused("Choose a file (.md .txt .html .pdf) or paste a policy's text with a name.")
    folder = uploads_dir(settings)
    slug = stem.lower()
    if slug in replaceable:
        for old in _existing(settings):  # the policy being replaced may have been another format
            if slug_of(old) == slug:
                old.unlink(missing_ok=True)
    elif slug in known or any(slug_of(p) == slug for p in _existing(settings)):
        raise UploadRefused(
            f"A policy called {slug!r} is already indexed; give this one another name"
            + (", or tick “Replace my policy of that name”." if slug not in known else ".")
        )
    dest = folder / f"{stem}{suffix}"
    folder.mkdir(parents=True, exist_ok=True)
    if src is not None:
        shutil.copyfile(src, dest)
    else:  # the name as its heading, so the policy gets it as its title
        dest.write_text(f"# {name}\n\n{pasted}\n", encoding="utf-8")
    return dest


def discard(file_path: str | None) -> None:
    """Deletes the raw file Gradio received, once it is copied: Gradio keeps every upload in its
    temporary folder and serves it back to whoever has its URL (98 MB in 0.7 s, no policy added)."""
    if file_path:
        Path(file_path).unlink(missing_ok=True)


def add(settings: Settings, dest: Path, progress: Report | None = None, replace: bool = False) -> Summary:
    """Ingests ``dest`` into the index in a worker process; on failure removes it and raises
    UploadRefused with ingest's reason. ``progress(fraction, text)`` hears where it is (reading,
    embedding with time left, writing). ``replace``: it may replace the policy of its slug."""
    try:
        summary = _in_worker(settings, dest, progress, replace)
    except AssistantError as exc:
        dest.unlink(missing_ok=True)
        raise UploadRefused(f"The policy could not be added: {exc}") from None
    if summary.errors:
        dest.unlink(missing_ok=True)
        reasons = "; ".join(err.reason for err in summary.errors)
        raise UploadRefused(f"{dest.name} could not be added: {reasons}. Nothing already indexed was changed.")
    log.info("policy added from the page: %s (%s)", dest.name, summary.line())
    return summary


def _in_worker(settings: Settings, dest: Path, progress: Report | None, replace: bool) -> Summary:
    """``ingest([dest], settings)`` in a worker process, its progress relayed to ``progress``."""
    ctx = multiprocessing.get_context("spawn")  # a fresh interpreter: no copy of the app's threads or locks
    messages = ctx.Queue()
    worker = ctx.Process(
        target=_work, args=(settings, str(dest), replace, messages), daemon=True, name=f"ingest {dest.name}"
    )
    worker.start()
    try:
        waited = 0.0
        while True:
            try:
                kind, *body = messages.get(timeout=1.0)
            except queue.Empty:
                waited += 1.0
                if not worker.is_alive() and messages.empty():
                    raise AssistantError(
                        f"the indexing process stopped unexpectedly (exit code {worker.exitcode})"
                    ) from None
                if waited > WORKER_SECONDS:
                    raise AssistantError(f"indexing took more than {WORKER_SECONDS} s and was stopped") from None
                continue
            if kind == "progress":
                if progress is not None:
                    progress(*body)
            elif kind == "done":
                return body[0]
            else:
                raise AssistantError(body[0])
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join(timeout=10)


def _work(settings: Settings, dest: str, replace: bool, messages) -> None:
    """The worker process: one ingest, its progress and result sent back as messages."""
    from ingest.index import ingest

    try:
        os.nice(WORKER_NICE)
    except OSError:
        pass
    try:
        summary = ingest(
            [dest], settings, progress=lambda done, text: messages.put(("progress", done, text)), replace=replace
        )
        messages.put(("done", summary))
    except AssistantError as exc:
        messages.put(("error", str(exc)))
    except Exception as exc:  # noqa: BLE001 - said to the page; the app's log has the kind
        messages.put(("error", f"indexing failed ({type(exc).__name__}: {exc})"))


def remove(settings: Settings, path: Path, last: bool = False) -> None:
    """Takes an added policy out of the index ``settings`` names: its file is deleted and its folder
    ingested again, which drops a policy whose file is gone. ``last``: it is the last one of a private
    index, which is deleted whole instead (``private.drop``)."""
    path.unlink(missing_ok=True)
    if last and not settings.uploads_shared:
        return
    summary = _in_worker(settings, uploads_dir(settings), None, False)
    if summary.errors:
        raise AssistantError("; ".join(str(e) for e in summary.errors))
    log.info("policy removed from the page: %s (%s)", path.name, summary.line())


def _existing(settings: Settings) -> list[Path]:
    folder = uploads_dir(settings)
    return list(folder.iterdir()) if folder.is_dir() else []

"""What every benchmark prints beside its figures: the commit measured and torch's threads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as `python bench/ingest.py`, sys.path[0] is bench/ and bench/ingest.py would shadow the
# `ingest` package; the repository root goes first instead.
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != str(Path(__file__).resolve().parent)]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


def env(**extra: str) -> dict[str, str]:
    """The environment for a child process that imports the project."""
    out = dict(os.environ)
    out["PYTHONPATH"] = str(ROOT) + (os.pathsep + out["PYTHONPATH"] if out.get("PYTHONPATH") else "")
    out.update(extra)
    return out


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{os.cpu_count()} cores, load average {one:.1f} (1 min) / {five:.1f} (5 min)"


def code_version() -> str:
    """The commit measured, and whether assistant/ or ingest/ had uncommitted changes (others edit concurrently)."""

    def git(*a: str) -> str:
        return subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    dirty = git("status", "--porcelain", "--", "assistant", "ingest")
    return git("rev-parse", "--short", "HEAD") + (" + uncommitted changes in assistant/ or ingest/" if dirty else "")


def threads() -> int:
    import torch

    return torch.get_num_threads()


def set_threads(n: int) -> None:
    """Pin torch's intra-op threads (OMP_NUM_THREADS for child processes). On a shared, loaded
    machine two spinning threads per process make a one-query embedding several times slower."""
    if n > 0:
        os.environ["OMP_NUM_THREADS"] = str(n)
        import torch

        torch.set_num_threads(n)

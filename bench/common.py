"""What every benchmark prints beside its figures: the commit measured and torch's threads."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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

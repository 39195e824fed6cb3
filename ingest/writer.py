"""One writer at a time, and the named points of the write sequence.

Two ingests writing into one index at once once corrupted the Chroma store for good and once
lost one run's policies from the manifest (issue 15). ``writing(settings)`` holds an OS file lock
(``filelock``) in ``ASSISTANT_INDEX`` for the whole write: a second ingest says it is waiting,
then fails with ``IndexBusyError`` after ``ASSISTANT_LOCK_TIMEOUT`` seconds. The OS drops the
lock when its process dies, even by ``kill -9``, so a crashed ingest never leaves a stale lock.
With a Chroma server (``CHROMA_HOST``) the lock file is still in ``ASSISTANT_INDEX``: every
process that ingests into one server must share that folder.

The write sequence, in order (``STAGES``); a kill between any two leaves the old answers or the
new ones, never a mix (see ``ingest.index`` and the README's Reliability section).
"""

from __future__ import annotations

import logging
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from .errors import IndexBusyError
from .settings import Settings

LOCK_FILE = "ingest.lock"
STAGES = (
    "embedded",  # the first batch of new units embedded, nothing written yet
    "vectors",  # after one batch of new vectors went into Chroma (more may follow)
    "keyword",  # the new keyword folder is complete, the manifest still names the old one
    "manifest-temp",  # the new manifest is written to its temporary file, not yet switched
    "manifest",  # the manifest was switched: from here on readers see the new index
    "old-vectors",  # after one policy's old vectors were deleted (more may follow)
    "old-keyword",  # inside the removal of the old keyword folder
)
log = logging.getLogger(__name__)


@contextmanager
def writing(settings: Settings) -> Iterator[None]:
    """Hold the index's writer lock; wait for another ingest to finish, up to the lock timeout."""
    folder = Path(settings.index)
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(folder / LOCK_FILE))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        wait = settings.lock_timeout
        log.warning("another ingest is writing to %s/; waiting (up to %g s, ASSISTANT_LOCK_TIMEOUT)…", folder, wait)
        try:
            lock.acquire(timeout=wait)
        except Timeout:
            raise IndexBusyError(
                f"another ingest is still writing to {folder}/ after {wait:g} s; let it finish and run this "
                f"ingest again, or wait longer with ASSISTANT_LOCK_TIMEOUT=SECONDS"
            ) from None
    try:
        yield
    finally:
        lock.release()


def checkpoint(stage: str) -> None:
    """Kill this process here when ASSISTANT_TEST_KILL_AT names this stage.

    A test hook, not a setting: the crash tests run a real ingest in a subprocess and need it to
    die by SIGKILL at an exact point of the write sequence, which no timer can hit reliably."""
    assert stage in STAGES, stage
    if os.environ.get("ASSISTANT_TEST_KILL_AT") == stage:
        os.kill(os.getpid(), signal.SIGKILL)

"""The reader's shipped classifiers (models/reader/, trained by ``python -m tune reader``), loaded
once per process; numpy only. Without them the reading falls back on the answer stage's patterns."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from .features import Linear

log = logging.getLogger(__name__)


def _folder() -> Path:
    """models/reader of a checkout, or ingest/models/reader of an installed package."""
    from ingest.embed import MODELS_DIR

    return MODELS_DIR / "reader"


@lru_cache(maxsize=4)
def classifier(name: str, folder: Path | None = None) -> Linear | None:
    """``practices`` or ``intent``; None (logged once) when the weights are not there."""
    folder = folder or _folder()
    try:
        return Linear.load(folder, name)
    except FileNotFoundError:
        log.warning("no %s classifier in %s (python -m tune reader writes it): reading by patterns", name, folder)
        return None

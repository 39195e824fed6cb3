"""The reader's shipped classifiers (models/reader/, trained by ``python -m tune reader``), loaded
once per process; numpy only. Without them the reading falls back on the answer stage's patterns."""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from .features import Linear

log = logging.getLogger(__name__)
FOLDER = Path(__file__).resolve().parents[2] / "models" / "reader"


@lru_cache(maxsize=4)
def classifier(name: str, folder: Path = FOLDER) -> Linear | None:
    """``practices`` or ``intent``; None (logged once) when the weights are not there."""
    try:
        return Linear.load(folder, name)
    except FileNotFoundError:
        log.warning("no %s classifier in %s (python -m tune reader writes it): reading by patterns", name, folder)
        return None

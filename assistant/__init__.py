"""Answers about privacy policies with verbatim citations. See CONTRACT.md."""
from __future__ import annotations

import threading

from .errors import AssistantError, BackendError, IndexMissingError, InputError
from .settings import Settings
from .types import Answer, Citation, Evidence

__all__ = [
    "Answer", "Assistant", "AssistantError", "BackendError", "Citation", "Evidence",
    "IndexMissingError", "InputError", "Settings", "get_assistant",
]

_shared: dict = {}
_lock = threading.Lock()


def __getattr__(name):
    # Imported on first use: ingest imports assistant.errors, and the core imports ingest.
    if name == "Assistant":
        from .core import Assistant

        return Assistant
    raise AttributeError(name)


def get_assistant(settings: Settings | None = None):
    """The process-wide Assistant for these settings (the app, CLIs and eval build it this way)."""
    from .core import Assistant

    settings = settings or Settings.from_env()
    with _lock:
        if settings not in _shared:
            _shared[settings] = Assistant(settings)
        return _shared[settings]

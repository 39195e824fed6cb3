"""Answers about privacy policies with verbatim citations. See CONTRACT.md."""
from __future__ import annotations

import threading

from .core import Assistant
from .errors import AssistantError, BackendError, IndexMissingError, InputError
from .settings import Settings
from .types import Answer, Citation, Evidence

__all__ = [
    "Answer", "Assistant", "AssistantError", "BackendError", "Citation", "Evidence",
    "IndexMissingError", "InputError", "Settings", "get_assistant",
]

_shared: dict[Settings, Assistant] = {}
_lock = threading.Lock()


def get_assistant(settings: Settings | None = None) -> Assistant:
    """The process-wide Assistant for these settings (the app, CLIs and eval build it this way)."""
    settings = settings or Settings.from_env()
    with _lock:
        if settings not in _shared:
            _shared[settings] = Assistant(settings)
        return _shared[settings]

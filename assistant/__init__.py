"""Answers about privacy policies with verbatim citations. The public contract is documented in docs/api.md.

The stages, in the order a question meets them: ``retrieval`` (find the passages), ``answer``
(plan, abstain or answer), ``verify`` (check a generated answer against its quotes). Settings
and errors come from ``ingest``, the stage below, and are re-exported here.
"""

from __future__ import annotations

from ingest.errors import AssistantError, BackendError, IndexMissingError, InputError, SettingsError
from ingest.settings import Settings

from .api import Assistant, build_assistant, get_assistant
from .types import Answer, Citation, Evidence, Reading

__all__ = [
    "Answer",
    "Assistant",
    "AssistantError",
    "BackendError",
    "Citation",
    "Evidence",
    "IndexMissingError",
    "InputError",
    "Reading",
    "Settings",
    "SettingsError",
    "build_assistant",
    "get_assistant",
]

"""Policy documents into structure-aware chunks, embedded into Chroma with a keyword index beside it.

The first stage: it imports nothing from ``assistant``. The settings and errors both stages use
live here (``ingest.settings``, ``ingest.errors``), and ``ingest.store.PolicyIndex`` is the one
typed view of the index that ingest writes and the assistant opens read-only.
"""

from .chunk import Chunk, chunk
from .errors import AssistantError, IndexMissingError, IngestError, SettingsError
from .index import ensure, ingest
from .load import PolicyDocument, load
from .settings import Settings
from .store import PolicyIndex
from .summary import Summary

__all__ = [
    "AssistantError",
    "Chunk",
    "IndexMissingError",
    "IngestError",
    "PolicyDocument",
    "PolicyIndex",
    "Settings",
    "SettingsError",
    "Summary",
    "chunk",
    "ensure",
    "ingest",
    "load",
]

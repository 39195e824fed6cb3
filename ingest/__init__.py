"""Policy documents into structure-aware chunks, embedded into Chroma with a keyword index beside it."""
from .chunk import Chunk, chunk
from .index import Summary, ingest
from .load import PolicyDocument, load

__all__ = ["Chunk", "PolicyDocument", "Summary", "chunk", "ingest", "load"]

"""Heavy things, built once and handed in: the opened index, the question embedder, the chat model.

``build_parts(settings)`` builds them as one typed ``Parts``; ``refresh_parts`` rebuilds the
index-bound ones after an ingest. ``assistant.api`` wraps them in an ``Assistant`` (this module
never imports it, so the two do not depend on each other both ways). Opening the index is
read-only: a missing or stale one raises ``IndexMissingError`` saying what to run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ingest import backends
from ingest.settings import Settings
from ingest.store import PolicyIndex, reopen

from .answer.facts import Sheets
from .answer.plan import Planner
from .reading import Reader
from .retrieval.corpus import Corpus
from .retrieval.embedder import CachedEmbeddings, query_embedder
from .retrieval.route import Router
from .retrieval.search import Retriever

if TYPE_CHECKING:  # imported when a chat backend is configured: it pulls in LangChain
    from .answer.generative import GenerativeBackend


@dataclass(frozen=True)
class Parts:
    corpus: Corpus
    router: Router
    retriever: Retriever
    planner: Planner
    embedder: CachedEmbeddings
    generative: GenerativeBackend | None  # None for the extractive backend
    sheets: Sheets  # the fact sheets, checked by the judge on first use
    reader: Reader  # what a question asks, worked out once


def build_parts(settings: Settings) -> Parts:
    generative = None
    if backends.get(settings.llm).generative:
        from .answer.generative import GenerativeBackend

        generative = GenerativeBackend(settings, query_embedder(settings.embedding))  # a bad setting fails here
    return _with_index(
        settings, query_embedder(settings.embedding), generative
    )  # the embedder limits BLAS to one thread as it loads


def refresh_parts(settings: Settings, parts: Parts) -> Parts:
    """``parts`` when the index on disk is the one they were built on; else new parts on the new
    index (an ingest finished since), keeping the embedder and the chat model. Built whole before
    they are returned, so no answer ever sees half of one index and half of another."""
    if parts.corpus.index.is_current():
        return parts
    reopen(settings)  # the embedded Chroma client of this process does not see another's writes
    return _with_index(settings, parts.embedder, parts.generative)


def _with_index(settings: Settings, embedder: CachedEmbeddings, generative: GenerativeBackend | None) -> Parts:
    index = PolicyIndex.open(settings)
    corpus = Corpus(index)
    router = Router(corpus)
    retriever = Retriever(corpus, index, embedder, router)
    sheets = Sheets(index)
    planner = Planner(corpus, retriever, generative.condense if generative else None, sheets=sheets)
    return Parts(corpus, router, retriever, planner, embedder, generative, sheets, Reader(corpus, router, embedder))

"""Heavy things, built once and handed in: the opened index, the question embedder, the chat model.

``build_assistant(settings)`` builds an ``Assistant`` with all of them; ``get_assistant`` keeps
one per settings for the process (the app, the CLIs and eval build it this way). Opening the
index is read-only: a missing or stale one raises ``IndexMissingError`` saying what to run.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

from ingest.settings import Settings
from ingest.store import PolicyIndex, reopen

from .api import Assistant
from .reading import Reader
from .retrieval.corpus import Corpus
from .retrieval.embedder import query_embedder
from .retrieval.route import Router
from .retrieval.search import Retriever

_shared: dict[Settings, Assistant] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class Parts:
    corpus: Corpus
    router: Router
    retriever: Retriever
    planner: object  # answer.plan.Planner
    embedder: object  # retrieval.embedder.CachedEmbeddings
    generative: object | None  # answer.generative.GenerativeBackend, None for the extractive backend
    sheets: object = None  # answer.facts.Sheets: the fact sheets, checked by the judge on first use
    reader: object = None  # reading.Reader: what a question asks, worked out once


def build_parts(settings: Settings) -> Parts:
    generative = None
    if settings.llm != "extractive":
        from .answer.generative import GenerativeBackend

        generative = GenerativeBackend(settings, query_embedder(settings.embedding))  # a bad setting fails here
    return _with_index(settings, query_embedder(settings.embedding), generative)  # the embedder limits BLAS to one thread as it loads


def refresh_parts(settings: Settings, parts: Parts) -> Parts:
    """``parts`` when the index on disk is the one they were built on; else new parts on the new
    index (an ingest finished since), keeping the embedder and the chat model. Built whole before
    they are returned, so no answer ever sees half of one index and half of another."""
    if parts.corpus.index.is_current():
        return parts
    reopen(settings)  # the embedded Chroma client of this process does not see another's writes
    return _with_index(settings, parts.embedder, parts.generative)


def _with_index(settings: Settings, embedder, generative) -> Parts:
    from .answer.facts import Sheets
    from .answer.plan import Planner

    index = PolicyIndex.open(settings)
    corpus = Corpus(index)
    router = Router(corpus)
    retriever = Retriever(corpus, index, embedder, router)
    sheets = Sheets(index)
    planner = Planner(corpus, retriever, generative.condense if generative else None, sheets=sheets)
    return Parts(corpus, router, retriever, planner, embedder, generative, sheets, Reader(corpus, router, embedder))


def build_assistant(settings: Settings | None = None) -> Assistant:
    """A ready Assistant: index opened, embedder loaded, chat model configured."""
    settings = settings or Settings.from_env()
    return Assistant(settings, build_parts(settings))


def get_assistant(settings: Settings | None = None) -> Assistant:
    """The process-wide Assistant for these settings."""
    settings = settings or Settings.from_env()
    with _lock:
        if settings not in _shared:
            _shared[settings] = build_assistant(settings)
        return _shared[settings]

"""Shared fixtures: one real index of the default corpus per test session (real model, real Chroma)."""

from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

POLICIES = ROOT / "data" / "policies"


def pytest_configure(config):
    # Both markers are registered here, once; CI runs every test, `-m "not e2e"` skips the browser.
    config.addinivalue_line("markers", "slow: starts servers or processes; still runs in CI")
    config.addinivalue_line(
        "markers", "e2e: end to end against the real app in a subprocess and a real browser (slow; runs in CI)"
    )


@pytest.fixture(scope="session")
def default_index(tmp_path_factory) -> Path:
    """The default corpus ingested once into a temporary index folder."""
    from ingest import Settings, ingest

    index = tmp_path_factory.mktemp("index")
    settings = dataclasses.replace(Settings.from_env({}), index=index, policies=POLICIES)
    summary = ingest([POLICIES], settings)
    assert not summary.errors, summary.errors
    return index


@pytest.fixture(scope="session")
def settings(default_index):
    from ingest import Settings

    return dataclasses.replace(Settings.from_env({}), index=default_index, policies=POLICIES)


@pytest.fixture(scope="session")
def bot(settings):
    from assistant import build_assistant

    return build_assistant(settings)


@pytest.fixture(scope="session")
def embed():
    """The judge's embed callable as `python -m eval` gives it: the assistant's question embedder
    (the bundled all-MiniLM-L6-v2 in numpy, cached)."""
    from assistant.retrieval.embedder import query_embedder

    return query_embedder().embed_documents

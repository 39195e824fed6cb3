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
    config.addinivalue_line("markers", "slow: starts servers or processes; still runs in CI")


@pytest.fixture(scope="session")
def default_index(tmp_path_factory) -> Path:
    """The default corpus ingested once into a temporary index folder."""
    from assistant.settings import Settings
    from ingest import ingest

    index = tmp_path_factory.mktemp("index")
    settings = dataclasses.replace(Settings.from_env({}), index=index, policies=POLICIES)
    summary = ingest([POLICIES], settings)
    assert not summary.errors, summary.errors
    return index


@pytest.fixture(scope="session")
def settings(default_index):
    from assistant.settings import Settings

    return dataclasses.replace(Settings.from_env({}), index=default_index, policies=POLICIES)


@pytest.fixture(scope="session")
def bot(settings):
    from assistant import Assistant

    return Assistant(settings)

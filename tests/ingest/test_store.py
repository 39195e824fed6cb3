"""The index as one typed value: ingest writes it, the assistant opens it read-only and never
rebuilds it; a missing or outdated index is built at the edges (``ingest.ensure``)."""

from __future__ import annotations

import dataclasses
import json
import shutil

import pytest

from assistant import Assistant, IndexMissingError, Settings
from ingest import PolicyIndex, ensure
from ingest.manifest import PolicyEntry
from tests.conftest import POLICIES


def _copy(default_index, tmp_path, recipe: str | None = None):
    index = tmp_path / "index"
    shutil.copytree(default_index, index)
    if recipe is not None:
        path = index / "manifest.json"
        data = json.loads(path.read_text())
        data["recipe"] = recipe
        path.write_text(json.dumps(data))
    return index


def test_the_manifest_is_typed_and_its_chunks_quote_the_policy_text(settings):
    index = PolicyIndex.open(settings)
    entry = index.manifest.policies["mikmik"]
    assert isinstance(entry, PolicyEntry) and entry.title == "MIKMIK" and entry.path.endswith("mikmik.txt")
    chunks = entry.to_chunks()
    assert chunks and all(entry.text[c.start : c.end] == c.text for c in chunks)
    assert all(entry.text[s:e] for c in chunks for s, e in c.sentences)
    assert set(index.manifest.policies) == {
        "information-security-policy",
        "kmall24",
        "kpopmart",
        "mikmik",
        "tootoomart",
    }


def test_an_outdated_index_is_refused_not_rebuilt_by_ask(default_index, tmp_path):
    """An upgrade must not answer from an index whose ids no longer match, nor rebuild it mid-answer."""
    index = _copy(default_index, tmp_path, recipe="an older embedding recipe")
    before = (index / "manifest.json").read_text()
    bot = Assistant(dataclasses.replace(Settings.from_env({}), index=index, policies=POLICIES))
    with pytest.raises(IndexMissingError, match=r"older version.*python -m ingest"):
        bot.ask("How long does MIKMIK keep complaint records?")
    assert (index / "manifest.json").read_text() == before  # nothing was rebuilt


def test_a_missing_index_says_to_run_ingest(tmp_path):
    bot = Assistant(dataclasses.replace(Settings.from_env({}), index=tmp_path / "none", policies=POLICIES))
    with pytest.raises(IndexMissingError, match=r"no index in .*python -m ingest"):
        bot.policies()


def test_the_edges_rebuild_an_outdated_index_from_the_files_it_was_built_from(default_index, tmp_path, caplog):
    index = _copy(default_index, tmp_path, recipe="an older embedding recipe")
    settings = dataclasses.replace(Settings.from_env({}), index=index, policies=tmp_path / "nowhere")
    summary = ensure(settings)
    assert summary is not None and not summary.errors and summary.files == 5
    assert "older version" in caplog.text
    assert ensure(settings) is None  # usable now: nothing to do
    answer = Assistant(settings).ask("How long does MIKMIK keep complaint records?")
    assert answer.answerable and "3 years" in answer.text

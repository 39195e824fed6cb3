"""Fact sheets are built at ingest and stored in the manifest entry of their policy: a changed
file rebuilds its sheet, an unchanged one keeps it, a sheet of an older extractor is rebuilt."""

from __future__ import annotations

import dataclasses
import json
import shutil

import pytest

from ingest import Settings, ingest, manifest as manifests
from ingest.facts import KEYS, NOT_STATED
from ingest.store import PolicyIndex
from tests.conftest import POLICIES


@pytest.fixture
def index(tmp_path, default_index):
    """A copy of the session's index of the default corpus, and a copy of its files."""
    folder = tmp_path / "policies"
    shutil.copytree(POLICIES, folder)
    settings = dataclasses.replace(Settings.from_env({}), index=tmp_path / "index", policies=folder)
    shutil.copytree(default_index, settings.index)
    return settings


def test_every_policy_has_a_stored_sheet_whose_quotes_are_verbatim(index):
    manifest = PolicyIndex.open(index).manifest
    assert len(manifest.policies) == 5
    for slug, entry in manifest.policies.items():
        assert [f.category for f in entry.facts.facts] == list(KEYS)
        stated = [f for f in entry.facts.facts if f.stated]
        assert len(stated) >= 5, slug
        for f in stated:
            assert f.quotes and all(entry.text[q.start : q.end] == q.text for q in f.quotes)
    retention = manifest.policies["mikmik"].facts.fact("retention")
    assert "5 years" in retention.value and "3 years" in retention.value


def test_unchanged_files_keep_their_sheets_and_a_changed_file_rebuilds_only_its_own(index):
    before = PolicyIndex.open(index).manifest.policies
    again = ingest([index.policies], index)
    assert (again.sheets, again.embedded) == (0, 0)
    path = index.policies / "kpopmart.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n\nWe keep order records for 7 years.\n", encoding="utf-8")
    changed = ingest([index.policies], index)
    assert changed.sheets == 1 and changed.errors == []
    after = PolicyIndex.open(index).manifest.policies
    assert "7 years" in after["kpopmart"].facts.fact("retention").value
    assert before["kpopmart"].facts.fact("retention").value == NOT_STATED
    assert all(after[s].facts == before[s].facts for s in before if s != "kpopmart")


def test_sheets_of_an_older_extractor_make_the_index_stale_and_are_rebuilt_without_embedding(index):
    path = manifests.path_of(index.index)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["facts"] = -1  # as written by an earlier extractor version
    path.write_text(json.dumps(data), encoding="utf-8")
    assert manifests.read(index.index).stale
    summary = ingest([index.policies], index)
    assert (summary.sheets, summary.embedded) == (5, 0)
    assert not manifests.read(index.index).stale

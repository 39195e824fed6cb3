"""The manifest as a reader gets it: fact sheets built on first use, written back unchanged, the
garbage collector left as it was found; each policy's entry in a file of its own, and an index of
the older one-file layout upgraded without embedding (a real index of the default corpus)."""

from __future__ import annotations

import dataclasses
import gc
import json
import shutil
from pathlib import Path

from ingest import manifest as manifests
from ingest.facts import FactSheet


def test_a_manifest_read_and_written_back_is_the_same(settings, tmp_path):
    data = manifests.read(settings.index)
    manifests.write(tmp_path, data, data.recipe)
    assert json.loads(manifests.path_of(tmp_path).read_text()) == json.loads(
        manifests.path_of(settings.index).read_text()
    )


def test_fact_sheets_are_built_when_first_asked_for(settings):
    row = json.loads(manifests.path_of(settings.index).read_text())["policies"]["mikmik"]
    record = json.loads((settings.index / row["file"]).read_text())  # the policy's own entry file
    entry = manifests.read(settings.index).policies["mikmik"]
    assert isinstance(entry.sheet, bytes)  # the record, not yet a sheet
    sheet = entry.facts
    assert sheet == FactSheet.from_record("mikmik", entry.title, entry.text, record["facts"])
    assert entry.facts is sheet and any(f.stated for f in sheet.facts)
    for f in sheet.facts:
        assert all(entry.text[q.start : q.end] == q.text for q in f.quotes)


def test_reading_leaves_the_collector_as_it_was(settings):
    assert gc.isenabled()
    manifests.read(settings.index)
    assert gc.isenabled()
    gc.disable()
    try:
        manifests.read(settings.index)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_each_policy_has_its_own_entry_file_and_a_change_rewrites_only_its_own(settings, tmp_path):
    from ingest import ingest
    from tests.conftest import POLICIES

    index, policies = tmp_path / "index", tmp_path / "policies"
    shutil.copytree(settings.index, index)
    shutil.copytree(POLICIES, policies)
    mine = dataclasses.replace(settings, index=index, policies=policies)
    ingest([policies], mine)  # paths now point into this folder
    before = {s: r["file"] for s, r in json.loads(manifests.path_of(index).read_text())["policies"].items()}
    assert len(set(before.values())) == 5 and all((index / f).is_file() for f in before.values())
    mikmik = policies / "mikmik.txt"
    mikmik.write_text(mikmik.read_text().replace("trouble settlement: 3 years", "trouble settlement: 9 years"))
    summary = ingest([policies], mine)
    assert summary.files == 5 and not summary.errors
    after = {s: r["file"] for s, r in json.loads(manifests.path_of(index).read_text())["policies"].items()}
    assert [s for s in after if after[s] != before[s]] == ["mikmik"]
    assert sorted(p.name for p in (index / "entries").iterdir()) == sorted(f.split("/")[1] for f in after.values())
    assert "9 years" in manifests.read(index).policies["mikmik"].text


def test_an_index_whose_manifest_holds_the_entries_inline_is_upgraded_without_embedding(settings, tmp_path):
    """What versions before 9 wrote: every policy's entry inside manifest.json. It reads as stale,
    and the next ingest writes the entry files and embeds nothing (the units are the same)."""
    from ingest import ingest
    from ingest.entries import encode

    index = tmp_path / "index"
    shutil.copytree(settings.index, index)
    current = manifests.read(index)
    data = json.loads(manifests.path_of(index).read_text())
    data["version"] = 8
    data["policies"] = {slug: encode(e) for slug, e in current.policies.items()}
    manifests.path_of(index).write_text(json.dumps(data))
    shutil.rmtree(index / "entries")
    old = manifests.read(index)
    assert old.stale and old.policies.keys() == current.policies.keys()
    assert all(old.policies[s].text == e.text for s, e in current.policies.items())
    mine = dataclasses.replace(settings, index=index)
    summary = ingest([Path(e.path) for e in old.policies.values()], mine)
    assert (summary.files, summary.embedded, summary.errors) == (5, 0, [])
    upgraded = manifests.read(index)
    assert not upgraded.stale and upgraded.policies == current.policies

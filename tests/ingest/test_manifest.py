"""The manifest as a reader gets it: fact sheets built on first use, written back unchanged, and the
garbage collector left as it was found (a real index of the default corpus)."""
from __future__ import annotations

import gc
import json

from ingest import manifest as manifests
from ingest.facts import FactSheet


def test_a_manifest_read_and_written_back_is_the_same(settings, tmp_path):
    data = manifests.read(settings.index)
    manifests.write(tmp_path, data, data.recipe)
    assert json.loads(manifests.path_of(tmp_path).read_text()) == json.loads(manifests.path_of(settings.index).read_text())


def test_fact_sheets_are_built_when_first_asked_for(settings):
    raw = json.loads(manifests.path_of(settings.index).read_text())["policies"]
    entry = manifests.read(settings.index).policies["mikmik"]
    assert isinstance(entry.sheet, bytes)  # the record, not yet a sheet
    sheet = entry.facts
    assert sheet == FactSheet.from_record("mikmik", entry.title, entry.text, raw["mikmik"]["facts"])
    assert entry.facts is sheet and any(f.stated for f in sheet.facts)
    for f in sheet.facts:
        assert all(entry.text[q.start:q.end] == q.text for q in f.quotes)


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

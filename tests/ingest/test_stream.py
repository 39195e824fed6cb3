"""Streaming ingest (issue 16) with the real model and a real Chroma: batches across files give the
same index as one batch, re-ingest asks Chroma once rather than once per file, a file whose
embedding fails changes nothing stored for it, and the person waiting sees where it is."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np

from ingest import Settings, ingest, stream
from ingest.store import PolicyIndex, collection
from tests.conftest import POLICIES, ROOT

QUESTIONS = [
    "How long does MIKMIK keep complaint records?",
    "What does KPOPMART use cookies for?",
    "Does TOOTOOMART sell my personal information to third parties?",
]
SMALL = (
    "Small Shop Privacy Policy\n\nSmall Shop keeps your e-mail address for two years.\n\nWe never sell it to anyone.\n"
)


def _settings(tmp_path, name="index") -> Settings:
    return dataclasses.replace(Settings.from_env({}), index=tmp_path / name, policies=POLICIES)


def _stored(settings) -> dict[str, np.ndarray]:
    got = collection(settings).get(include=["embeddings"])
    return dict(zip(got["ids"], np.asarray(got["embeddings"])))


def _units(settings) -> list:
    index = PolicyIndex.open(settings)
    return [u for e in index.manifest.policies.values() for u in e.units(index.recipe)]


def _answers(settings) -> list:
    from assistant import build_assistant

    bot = build_assistant(settings)
    return [(a.text, [(c.policy, c.start, c.end) for c in a.citations]) for a in map(bot.ask, QUESTIONS)]


def test_small_batches_across_files_give_the_same_index_and_answers(tmp_path, monkeypatch, default_index):
    # The session's index was built with the default batches (the whole corpus fits one); here
    # every file spans several batches and each batch several files.
    monkeypatch.setattr(stream, "BATCH", 97)
    settings = _settings(tmp_path)
    summary = ingest([POLICIES], settings)
    assert not summary.errors and summary.embedded > 5 * 97
    reference = dataclasses.replace(settings, index=default_index)
    mine, theirs = _stored(settings), _stored(reference)
    assert set(mine) == set(theirs) == PolicyIndex.open(settings).unit_ids()
    worst = max(float(np.abs(mine[i] - theirs[i]).max()) for i in mine)
    assert worst < 1e-4, worst  # only padding differs between the two batchings
    assert _answers(settings) == _answers(reference)


def test_a_text_repeated_across_batches_and_files_is_embedded_once(tmp_path, monkeypatch, default_index):
    """Boilerplate recurs across policies: a sentence two files share goes to the model once per
    ingest even when the two files fall in different batches, and both get the same vector."""
    policies = tmp_path / "policies"
    policies.mkdir()
    body = (POLICIES / "mikmik.txt").read_text(encoding="utf-8")
    for name in ("aaa-shop", "zzz-shop"):  # the same text under two slugs: every sentence repeats
        (policies / f"{name}.txt").write_text(body, encoding="utf-8")
    seen: list[str] = []
    real = stream.vectors
    monkeypatch.setattr(stream, "vectors", lambda texts, *a, **k: (seen.extend(texts), real(texts, *a, **k))[1])
    monkeypatch.setattr(stream, "BATCH", 50)
    settings = _settings(tmp_path)
    summary = ingest([policies], settings)
    units = _units(settings)
    assert not summary.errors and summary.embedded == len(units) > 2 * stream.BATCH
    assert len(seen) == len(set(seen)) == len({u.embed_text for u in units})  # each text once
    stored = _stored(settings)
    reference = _stored(dataclasses.replace(settings, index=default_index))
    by_text = {}
    for u in units:
        by_text.setdefault(u.embed_text, []).append(stored[u.id])
    assert all(np.array_equal(vs[0], v) for vs in by_text.values() for v in vs)
    # The same vectors as the default index's MIKMIK units, embedded there in other batches.
    mikmik = {
        u.embed_text: reference[u.id]
        for u in _units(dataclasses.replace(settings, index=default_index))
        if u.policy == "mikmik"
    }
    shared = [t for t in by_text if t in mikmik]
    assert len(shared) > 100 and all(np.array_equal(by_text[t][0], mikmik[t]) for t in shared)


def test_reingest_of_an_unchanged_corpus_asks_chroma_once_not_once_per_file(tmp_path, monkeypatch, default_index):
    settings = _settings(tmp_path)
    shutil.copytree(default_index, settings.index)
    from chromadb.api.models.Collection import Collection

    calls = []
    real_get = Collection.get
    monkeypatch.setattr(Collection, "get", lambda self, *a, **k: calls.append(k) or real_get(self, *a, **k))
    manifest = settings.index / "manifest.json"
    stamp = (manifest.stat().st_ino, manifest.stat().st_mtime_ns)
    summary = ingest([POLICIES], settings)
    assert summary.files == 5 and summary.embedded == 0 and not summary.errors
    assert len(calls) == 1 and "where" not in calls[0]  # one listing of ids, no query per policy
    assert (manifest.stat().st_ino, manifest.stat().st_mtime_ns) == stamp  # and nothing rewritten


def test_unit_ids_are_the_ids_of_the_units(default_index):
    from ingest.units import unit_ids, units_of

    manifest = PolicyIndex.open(dataclasses.replace(Settings.from_env({}), index=default_index)).manifest
    for e in manifest.policies.values():
        units = units_of(e.to_chunks(), e.text)
        assert unit_ids(e.to_chunks(), e.text) == [(u.kind, u.id) for u in units]


def test_a_listed_unit_missing_from_chroma_is_embedded_again(tmp_path, default_index):
    settings = _settings(tmp_path)
    shutil.copytree(default_index, settings.index)
    listed = sorted(PolicyIndex.open(settings).unit_ids())
    collection(settings).delete(ids=listed[:3])  # lost behind the manifest's back
    summary = ingest([POLICIES], settings)
    assert summary.embedded == 3 and not summary.errors
    assert set(_stored(settings)) == set(listed)


def test_a_file_whose_embedding_fails_keeps_what_was_stored_for_it(tmp_path, monkeypatch, default_index):
    settings = _settings(tmp_path)
    shutil.copytree(default_index, settings.index)
    policies = tmp_path / "policies"
    shutil.copytree(POLICIES, policies)
    ingest([policies], settings)  # paths now point into this folder
    before = PolicyIndex.open(settings).manifest.policies["mikmik"]
    mikmik = policies / "mikmik.txt"
    mikmik.write_text(
        mikmik.read_text().replace("trouble settlement: 3 years", "trouble settlement: 9 years")
        + "\n\n6. EXTRA\n\n"
        + "\n\n".join(f"Poison clause {i} of this policy applies." for i in range(40))
    )
    (policies / "small-shop.txt").write_text(SMALL)
    real = stream.vectors

    def failing(texts, *a, **k):
        if any(t.startswith("Poison clause 3") for t in texts):
            raise RuntimeError("out of memory")
        return real(texts, *a, **k)

    # Small batches, so MIKMIK's first new units go in before the one that fails.
    monkeypatch.setattr(stream, "vectors", failing)
    monkeypatch.setattr(stream, "BATCH", 16)
    summary = ingest([policies], settings)
    assert [(Path(e.path).name, "embedding failed" in e.reason) for e in summary.errors] == [("mikmik.txt", True)]
    index = PolicyIndex.open(settings)
    assert index.manifest.policies["mikmik"] == before  # the old text, still answering "3 years"
    assert "small-shop" in index.manifest.policies
    assert set(_stored(settings)) == index.unit_ids()  # the failed file's written vectors went again


def test_progress_lines_and_summary_when_not_a_terminal(tmp_path, default_index):
    settings = _settings(tmp_path)
    shutil.copytree(default_index, settings.index)
    small = tmp_path / "small-shop.txt"
    small.write_text(SMALL)
    env = {**os.environ, "ASSISTANT_INDEX": str(settings.index), "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-m", "ingest", str(small)], env=env, capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert out.returncode == 0, out.stderr
    assert "reading 1/1: small-shop.txt" in out.stderr
    assert "embedding: 4 units embedded, 1/1 files read" in out.stderr and "units/s" in out.stderr
    assert "writing the keyword index and the manifest" in out.stderr
    assert "1 files" in out.stdout and "4 units embedded in" in out.stdout and "units/s)" in out.stdout


def test_a_callback_hears_each_stage_in_order(tmp_path, default_index):
    settings = _settings(tmp_path)
    shutil.copytree(default_index, settings.index)
    small = tmp_path / "small-shop.txt"
    small.write_text(SMALL)
    heard = []
    summary = ingest([small], settings, progress=lambda done, text: heard.append((done, text)))
    assert not summary.errors and summary.embedded == 4
    fractions = [f for f, _ in heard]
    assert fractions == sorted(fractions) and 0 <= fractions[0] and fractions[-1] <= 1
    texts = " | ".join(t for _, t in heard)
    assert (
        texts.index("Reading small-shop.txt")
        < texts.index("Embedding: 4 units")
        < texts.index("Writing the keyword index")
    )

"""The copy of every unit's vector beside the keyword index (ingest/vectors.py), on real indexes:
it holds Chroma's vectors exactly, a named search gives the same from it as from Chroma, a
re-ingest copies what is unchanged and fetches the rest, and a cold process answers a question
naming a policy without opening Chroma at all."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from ingest import Settings, ingest
from ingest.store import PolicyIndex
from tests.conftest import POLICIES, ROOT


def _chroma_vectors(index: PolicyIndex, ids: list[str]) -> dict[str, np.ndarray]:
    out = {}
    for i in range(0, len(ids), 500):
        got = index.collection.get(ids=ids[i : i + 500], include=["embeddings"])
        out.update((k, np.asarray(v, np.float32)) for k, v in zip(got["ids"], got["embeddings"]))
    return out


def _assert_copy_is_chromas(index: PolicyIndex) -> None:
    ids = index.keyword.ids
    assert index.vectors is not None and index.vectors.shape == (len(ids), 384)
    stored, copy = _chroma_vectors(index, ids), index.vectors.rows(0, len(ids))
    assert len(stored) == len(ids)
    assert all(np.array_equal(copy[j], stored[uid]) for j, uid in enumerate(ids))


def test_the_copy_holds_chromas_vector_for_every_unit(settings):
    _assert_copy_is_chromas(PolicyIndex.open(settings))


def test_a_named_search_is_the_same_from_the_copy_as_from_chroma(settings, embed):
    index = PolicyIndex.open(settings)
    without = dataclasses.replace(index, vectors=None)
    span = {slug: index.keyword.ids[a:b] for slug, (a, b, _) in index.keyword.policies.items()}
    for question, scope in [
        ("How long are complaint records kept?", ["mikmik"]),
        ("Do you share data with delivery companies?", ["kmall24", "kpopmart"]),
    ]:
        v = embed([question])[0]
        units = {s: span[s] for s in scope}
        got = index.nearest_among(v, units, 30)
        assert got == without.nearest_among(v, units, 30) and len(got) == 30


def test_a_search_naming_no_policy_is_the_same_from_the_copy_as_from_chroma(settings, embed):
    """Exact over the copy, approximate in Chroma's index (HNSW): on the default corpus nearly the same
    units, the shared ones in the same order at the same distances (to float rounding), and nothing
    Chroma finds that the copy missed is closer than the copy's last. (Required to be identical, this
    failed once in a fresh-clone CI run: Chroma's index, built anew, missed one unit near the 40th.)"""
    index = PolicyIndex.open(settings)
    without = dataclasses.replace(index, vectors=None)
    known = set(index.keyword.ids)
    for question, scope in [("Which shops sell my data?", None), ("Do they use cookies?", ["kmall24", "mikmik"])]:
        v = embed([question])[0]
        got, chroma = index.nearest(v, 40, known, scope), without.nearest(v, 40, known, scope)
        assert len(got) == 40
        exact = dict(got)
        shared = [(i, d) for i, d in chroma if i in exact]
        assert len(shared) >= 38, (got, chroma)
        assert [i for i, _ in shared] == [i for i, _ in got if i in dict(shared)]
        assert np.allclose([d for _, d in shared], [exact[i] for i, _ in shared], atol=1e-5)
        assert all(d >= got[-1][1] - 1e-5 for i, d in chroma if i not in exact)
        if scope:  # only the named policies' units
            allowed = {uid for slug in scope for uid in index.keyword.ids[slice(*index.keyword.policies[slug][:2])]}
            assert {uid for uid, _ in got} <= allowed


def test_a_reingest_copies_unchanged_rows_and_fetches_changed_ones(tmp_path):
    corpus = tmp_path / "policies"
    corpus.mkdir()
    for name in ("kpopmart.md", "kmall24.md"):
        shutil.copy(POLICIES / name, corpus / name)
    settings = dataclasses.replace(Settings.from_env({}), index=tmp_path / "index", policies=corpus)
    ingest([corpus], settings)
    first = PolicyIndex.open(settings)
    _assert_copy_is_chromas(first)
    before = dict(zip(first.keyword.ids, first.vectors.rows(0, len(first.keyword.ids))))
    text = (corpus / "kmall24.md").read_text()
    (corpus / "kmall24.md").write_text(text + "\n\nWe keep order records for 7 years under tax law.\n")
    ingest([corpus], settings)
    second = PolicyIndex.open(settings)
    assert second.manifest.keyword != first.manifest.keyword
    _assert_copy_is_chromas(second)
    kept = [j for j, uid in enumerate(second.keyword.ids) if uid in before]
    assert 0 < len(kept) < len(second.keyword.ids)  # kpopmart's rows copied, kmall24's new sentence fetched
    copy = second.vectors.rows(0, len(second.keyword.ids))
    assert all(np.array_equal(copy[j], before[second.keyword.ids[j]]) for j in kept)


@pytest.mark.parametrize(
    "question, says",
    [("How long does MIKMIK keep complaint records?", "3 years"), ("Do the shops use cookies?", "Not stated by")],
)
def test_a_cold_process_answers_without_opening_chroma(settings, bot, question, says):
    """Naming a policy or not, answering reads the vectors copy: chromadb is never imported."""
    code = (
        "import json, sys; from assistant import Assistant; a = Assistant().ask(sys.argv[1]); "
        "print(json.dumps([a.text, 'chromadb' in sys.modules]))"
    )
    env = {
        **os.environ,
        "ASSISTANT_INDEX": str(settings.index),
        "ASSISTANT_POLICIES": str(settings.policies),
        "ASSISTANT_LLM": "extractive",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("CHROMA_HOST", None)
    out = subprocess.run(
        [sys.executable, "-c", code, question], env=env, capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert out.returncode == 0, out.stderr
    text, opened = json.loads(out.stdout.strip().splitlines()[-1])
    assert text == bot.ask(question).text and says in text
    assert not opened

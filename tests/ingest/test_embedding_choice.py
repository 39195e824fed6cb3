"""ASSISTANT_EMBEDDING picks the model; the index records which one built it, so a switch re-embeds
every policy instead of mixing two models' vectors, and opening it with the other model says what to run."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from ingest import IndexMissingError, PolicyIndex, Settings, SettingsError, ingest
from ingest.embed import embed, model_folder
from ingest.index import ensure
from ingest.units import units_of

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "data" / "policies" / "mikmik.txt"


def test_tuned_is_the_default_and_a_bad_value_lists_the_choices():
    assert Settings.from_env({}).embedding == "tuned"
    assert Settings.from_env({"ASSISTANT_EMBEDDING": "Base"}).embedding == "base"
    with pytest.raises(SettingsError, match="tuned, base"):
        Settings.from_env({"ASSISTANT_EMBEDDING": "large"})


def test_the_tuned_model_ships_in_the_repository_not_a_download():
    folder = model_folder("tuned")
    assert folder.is_relative_to(ROOT) and (folder / "model.safetensors").stat().st_size < 50_000_000
    assert model_folder("base") != folder


def test_switching_models_re_embeds_every_policy(tmp_path):
    if not POLICY.is_file():
        pytest.skip(f"{POLICY} is not in this checkout")
    policies = tmp_path / "policies"
    policies.mkdir()
    shutil.copy(POLICY, policies / POLICY.name)
    base = dataclasses.replace(
        Settings.from_env({"ASSISTANT_EMBEDDING": "base"}), index=tmp_path / "index", policies=policies
    )
    tuned = dataclasses.replace(base, embedding="tuned")
    assert not ingest([policies], base).errors
    base_ids = set(PolicyIndex.open(base).collection.get(include=[])["ids"])

    with pytest.raises(
        IndexMissingError, match=r"built with the base embedding model.*ASSISTANT_EMBEDDING=tuned.*python -m ingest"
    ):
        PolicyIndex.open(tuned)
    summary = ensure(tuned)  # what the edges (CLI, app start-up) do
    assert summary is not None and not summary.errors
    index = PolicyIndex.open(tuned)
    stored = index.collection.get(include=["embeddings"])
    # Every vector is the tuned model's: none of the base model's units is left behind.
    assert set(stored["ids"]).isdisjoint(base_ids) and len(stored["ids"]) == len(base_ids)
    assert json.loads((tmp_path / "index" / "manifest.json").read_text())["recipe"].startswith("privacy-minilm-l6|")
    with pytest.raises(IndexMissingError, match="ASSISTANT_EMBEDDING=base"):
        PolicyIndex.open(base)
    # The stored vectors are the tuned model's own, and differ from the base model's for the same text.
    units = {u.id: u for e in index.manifest.policies.values() for u in units_of(e.to_chunks(), e.text, index.recipe)}
    unit = units[stored["ids"][0]]
    tuned_vector, base_vector = (np.asarray(embed([unit.embed_text], choice=c)[0]) for c in ("tuned", "base"))
    first = np.asarray(stored["embeddings"][0])
    assert float(first @ tuned_vector) > 0.999 and float(first @ base_vector) < 0.99

"""The shipped model folder: loads with both of the project's loaders and gives the vectors it recorded."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tune.data import load_dev
from tune.ship import probe_texts

FOLDER = Path(__file__).resolve().parents[2] / "models" / "privacy-minilm-l6"


@pytest.fixture(scope="module")
def probe():
    policies, _ = load_dev()
    return probe_texts(policies), np.load(FOLDER / "probe.npy")


def test_the_numpy_encoder_reads_the_fp16_folder_and_matches_the_recorded_vectors(probe):
    from assistant.retrieval.minilm import MiniLM

    texts, recorded = probe
    vectors = MiniLM(FOLDER).encode(texts)
    assert vectors.dtype == np.float32
    assert np.min(np.sum(vectors * recorded, axis=1)) > 0.9999


def test_sentence_transformers_reads_the_folder_with_the_base_models_settings(probe):
    from sentence_transformers import SentenceTransformer

    texts, recorded = probe
    model = SentenceTransformer(str(FOLDER), device="cpu")
    assert model.max_seq_length == 256 and model.get_embedding_dimension() == 384
    assert np.max(np.abs(model.encode(texts[:10], normalize_embeddings=True) - recorded[:10])) < 1e-4


def test_the_folder_is_small_and_says_how_it_was_made():
    assert (FOLDER / "model.safetensors").stat().st_size < 50e6
    facts = json.loads((FOLDER / "training.json").read_text())["facts"]
    card = (FOLDER / "README.md").read_text()
    assert facts["command"] in card and "PolicyQA" in card and "Apache-2.0" in card


def test_the_numpy_encoder_falls_back_to_the_tokenizers_length(tmp_path):
    """sentence-transformers 6 writes the length to tokenizer_config.json only; a folder saved that
    way must still truncate at 256 tokens like sentence-transformers, not fail or use 128."""
    from assistant.retrieval.minilm import MiniLM

    for name in ("config.json", "tokenizer.json", "tokenizer_config.json", "model.safetensors"):
        (tmp_path / name).symlink_to(FOLDER / name)
    settings = json.loads((FOLDER / "sentence_bert_config.json").read_text())
    del settings["max_seq_length"]
    (tmp_path / "sentence_bert_config.json").write_text(json.dumps(settings))
    assert json.loads((FOLDER / "tokenizer_config.json").read_text())["model_max_length"] == 256
    long = "cookies and web beacons " * 200
    assert np.allclose(MiniLM(tmp_path).encode([long]), MiniLM(FOLDER).encode([long]), atol=1e-6)
    assert MiniLM(tmp_path).max_length == 256

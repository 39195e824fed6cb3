"""Ingest's fast embedding (issue 16): the ONNX default gives torch's fp32 vectors (what the query side,
numpy MiniLM on the same weights, is matched to), int8 stays close to them, duplicates cost nothing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ingest.chunk import chunk
from ingest.embed import BACKEND, embed, model_folder, onnx_encoder
from ingest.load import load
from ingest.onnx_model import cached_model
from ingest.units import units_of

ROOT = Path(__file__).resolve().parents[2]
POLICIES = [ROOT / "data" / "policies" / name for name in ("mikmik.txt", "kpopmart.md")]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """Real units of two shipped policies: headed chunks, long clauses and short sentences."""
    out = []
    for path in POLICIES:
        if not path.is_file():
            pytest.skip(f"{path} is not in this checkout")
        doc = load(path)
        out += [u.embed_text for u in units_of(chunk(doc), doc.text)][:120]
    return out


@pytest.fixture(scope="module")
def reference(texts) -> np.ndarray:
    return np.asarray(embed(texts, backend="torch"))


def test_the_default_onnx_gives_torchs_vectors(texts, reference):
    assert BACKEND == "onnx"
    cos = (np.asarray(embed(texts)) * reference).sum(axis=1)
    assert cos.min() >= 0.9999, cos.min()


def test_int8_stays_close_to_torch_fp32(texts, reference):
    fast = np.asarray(embed(texts, backend="onnx-int8"))
    cos = (fast * reference).sum(axis=1)
    # Measured on 2,925 units of 25 real policies: min 0.98, 1st percentile 0.991, mean 0.9966.
    assert cos.min() >= 0.97 and cos.mean() >= 0.995, (cos.min(), cos.mean())
    assert np.allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-4)

    # What retrieval sees: each unit's nearest other unit is the same one under both for nearly all.
    def nearest(v):
        sims = v @ v.T
        np.fill_diagonal(sims, -2)
        return sims.argmax(axis=1)

    assert (nearest(fast) == nearest(reference)).mean() >= 0.9


@pytest.mark.parametrize("backend", ["onnx", "onnx-int8", "torch"])
def test_duplicates_are_embedded_once_and_mapped_back_in_order(texts, backend, monkeypatch):
    seen: list[str] = []
    if backend == "torch":
        from ingest.embed import embedding_model

        model, orig = embedding_model(), type(embedding_model()).encode
        monkeypatch.setattr(type(model), "encode", lambda st, ts, **kw: (seen.extend(ts), orig(st, ts, **kw))[1])
    else:
        encoder = onnx_encoder("tuned", quantized=backend == "onnx-int8")
        orig = encoder.tokens  # every text the model sees is tokenized once, here
        monkeypatch.setattr(encoder, "tokens", lambda ts: (seen.extend(ts), orig(ts))[1])
    a, b, c = texts[0], texts[5], texts[9]
    vectors = np.asarray(embed([a, b, a, c, b, a], backend=backend))
    assert sorted(seen) == sorted([a, b, c])
    assert np.array_equal(vectors[0], vectors[2]) and np.array_equal(vectors[0], vectors[5])
    assert np.array_equal(vectors[1], vectors[4])
    alone = np.asarray(embed([c], backend=backend))[0]
    assert float(vectors[3] @ alone) > 0.995 and float(vectors[0] @ vectors[1]) < 0.99


def test_the_export_is_cached_not_redone(monkeypatch):
    fp32, int8 = (cached_model(model_folder("tuned"), quantized=q) for q in (False, True))
    assert fp32.parent == int8.parent and fp32.is_file()
    assert int8.stat().st_size < fp32.stat().st_size / 3  # int8 weights: a quarter of the fp32 ones
    monkeypatch.setattr("ingest.onnx_model._export", lambda *a: pytest.fail("exported again"))
    assert cached_model(model_folder("tuned"), quantized=True) == int8


def test_an_unknown_backend_says_which_exist():
    with pytest.raises(ValueError, match="onnx, onnx-int8, torch"):
        embed(["text"], backend="openvino")
    assert embed([]) == []


def test_a_fresh_export_from_the_shipped_weights(tmp_path, monkeypatch, texts, reference):
    """What a new machine does on its first ingest: export, fuse, quantise, cache; nothing fetched."""
    from ingest.onnx_model import OnnxEncoder

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    encoder = OnnxEncoder(model_folder("tuned"), quantized=False)
    cached = sorted(p.name for p in (tmp_path / "policy-assistant" / "onnx").iterdir())
    assert len(cached) == 1 and not cached[0].startswith(".export-")  # no half-written folder left
    cos = (encoder.encode(texts[:16]) * reference[:16]).sum(axis=1)
    assert cos.min() >= 0.9999


def test_a_vector_does_not_depend_on_its_batch_or_the_calls_beside_it(texts, monkeypatch):
    """Ingest batches texts by token count and runs one model call per core at once; padding is
    masked out exactly, so each text gets the vector it gets alone, to the bit (answers cannot move)."""
    import ingest.embed as embed_module

    together = np.asarray(embed(texts[:40]))
    monkeypatch.setattr(embed_module, "WORKERS", 1)
    alone = np.stack([np.asarray(embed([t]))[0] for t in texts[:40:4]])
    assert np.array_equal(together[::4], alone)

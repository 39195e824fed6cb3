"""The bundled all-MiniLM-L6-v2 as plain numpy, so a question is embedded without torch.

Importing sentence-transformers (transformers, torch, scikit-learn, SciPy) took about 9 s of a
cold process's first answer, while embedding one question is a few small matrix products. This
module runs the same BERT forward pass with numpy on the same weights (safetensors) and the same
tokenizer (tokenizers), then mean-pools and normalises as sentence-transformers does; vectors agree
with it to a cosine of 0.9999 or better (tests/assistant/retrieval/test_minilm.py). Ingest keeps
sentence-transformers: torch is faster on large batches.

``MiniLM`` has LangChain's ``Embeddings`` interface (embed_query, embed_documents and their async
forms) without subclassing it: importing that base class pulls in langchain_core's callbacks and
pydantic v1, 0.13-0.24 s of a 2.3 s cold first answer.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np

# Numerical Recipes' Chebyshev fit of erfc (erfcc): relative error below 1.2e-7 everywhere, i.e.
# float32 precision, for BERT's exact GELU 0.5·x·erfc(-x/√2); no SciPy needed.
_ERFC = (
    -1.26551223,
    1.00002368,
    0.37409196,
    0.09678418,
    -0.18628806,
    0.27886807,
    -1.13520398,
    1.48851587,
    -0.82215223,
    0.17087277,
)
_BATCH = 32  # texts per forward pass: larger batches pad more and gain nothing on 2 cores
_GELU_ROWS = 64  # token rows per GELU block (64 × 1536 floats = 384 KB)


def _gelu_block(x: np.ndarray) -> np.ndarray:
    """0.5·x·erfc(-x/√2) for one block of rows, in as few full-size temporaries as numpy allows."""
    u = x * np.float32(-0.7071067811865476)
    t = np.abs(u)
    t *= 0.5
    t += 1.0
    np.reciprocal(t, out=t)
    p = np.full_like(t, _ERFC[-1])
    for c in _ERFC[-2:0:-1]:
        p *= t
        p += c
    p *= t
    p += _ERFC[0]
    p -= u * u
    np.exp(p, out=p)
    p *= t  # erfc(|u|); erfc(u) = 2 - erfc(-u) for negative u
    np.subtract(2.0, p, out=p, where=u < 0)
    p *= x
    p *= 0.5
    return p


def gelu(x: np.ndarray) -> np.ndarray:
    """BERT's GELU, the exact erf form (config ``hidden_act: gelu``), not the tanh approximation.
    Worked through in blocks of rows that stay in the CPU cache: twice as fast on long batches."""
    out = np.empty_like(x)
    rows, flat = _GELU_ROWS, x.reshape(-1, x.shape[-1])
    dest = out.reshape(flat.shape)
    for start in range(0, len(flat), rows):
        dest[start : start + rows] = _gelu_block(flat[start : start + rows])
    return out


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    centred = x - mean
    var = np.mean(centred * centred, -1, keepdims=True)
    return centred / np.sqrt(var + eps) * weight + bias


def max_length(folder: Path) -> int:
    """Where sentence-transformers truncates: sentence_bert_config.json's max_seq_length (256, not
    tokenizer.json's 128); sentence-transformers 6 may write it only as tokenizer_config.json's
    model_max_length, so that is the fallback."""
    settings = json.loads((folder / "sentence_bert_config.json").read_text())
    if "max_seq_length" in settings:
        return int(settings["max_seq_length"])
    tokenizer = folder / "tokenizer_config.json"
    length = json.loads(tokenizer.read_text()).get("model_max_length") if tokenizer.is_file() else None
    if not isinstance(length, (int, float)) or length > 100_000:  # transformers' "no limit" sentinel is 1e30
        raise ValueError(
            f"{folder}: neither sentence_bert_config.json nor tokenizer_config.json gives a maximum length"
        )
    return int(length)


class MiniLM:
    """all-MiniLM-L6-v2 from a sentence-transformers folder: normalised 384-d vectors.

    Duck-typed as LangChain's ``Embeddings``, so it stands wherever HuggingFaceEmbeddings did at
    query time. Read-only after loading, hence safe to share between threads."""

    def __init__(self, folder: str | Path):
        from safetensors import safe_open
        from tokenizers import Tokenizer

        folder = Path(folder)
        config = json.loads((folder / "config.json").read_text())
        if config.get("hidden_act") != "gelu" or config.get("position_embedding_type", "absolute") != "absolute":
            raise ValueError(f"{folder} holds no BERT model with exact GELU and absolute positions: {config}")
        self.heads = config["num_attention_heads"]
        self.eps = config["layer_norm_eps"]
        self.max_length = max_length(folder)
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=self.max_length)
        self.tokenizer.enable_padding(pad_id=config.get("pad_token_id", 0))  # to the batch's longest
        self._lock = threading.Lock()
        weights = folder / "model.safetensors"
        e = "embeddings."
        self.words = _mapped(weights, e + "word_embeddings.weight")  # rows made float32 as they are looked up
        with safe_open(str(weights), framework="np") as f:
            raw = {
                k.removeprefix("bert."): f.get_tensor(k).astype(np.float32, copy=False)
                for k in f.keys()
                if self.words is None or not k.endswith(e + "word_embeddings.weight")
            }
        if self.words is None:
            self.words = raw[e + "word_embeddings.weight"]
        self.positions = raw[e + "position_embeddings.weight"]
        self.token_type = raw[e + "token_type_embeddings.weight"][0]
        self.norm = (raw[e + "LayerNorm.weight"], raw[e + "LayerNorm.bias"])
        self.layers = [self._layer_weights(raw, f"encoder.layer.{i}.") for i in range(config["num_hidden_layers"])]

    def _layer_weights(self, raw: dict[str, np.ndarray], p: str) -> dict[str, np.ndarray]:
        """One layer's matrices transposed once (x @ W.T becomes x @ W'), query, key and value side
        by side for one matrix product, and the query pre-scaled by 1/sqrt(head size)."""
        scale = np.float32(1 / np.sqrt(raw[p + "attention.self.query.weight"].shape[0] // self.heads))
        a = p + "attention.self."
        qkv = [raw[a + "query.weight"] * scale, raw[a + "key.weight"], raw[a + "value.weight"]]
        qkv_bias = [raw[a + "query.bias"] * scale, raw[a + "key.bias"], raw[a + "value.bias"]]

        def dense(name: str) -> tuple[np.ndarray, np.ndarray]:
            return np.ascontiguousarray(raw[name + ".weight"].T), raw[name + ".bias"]

        return {
            "qkv": (np.ascontiguousarray(np.concatenate(qkv).T), np.concatenate(qkv_bias)),
            "out": dense(p + "attention.output.dense"),
            "norm1": (raw[p + "attention.output.LayerNorm.weight"], raw[p + "attention.output.LayerNorm.bias"]),
            "up": dense(p + "intermediate.dense"),
            "down": dense(p + "output.dense"),
            "norm2": (raw[p + "output.LayerNorm.weight"], raw[p + "output.LayerNorm.bias"]),
        }

    # ----- LangChain's interface ---------------------------------------------------------
    def embed_query(self, text: str) -> list[float]:
        return self.encode([text])[0].tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.encode(list(texts)).tolist()

    async def aembed_query(self, text: str) -> list[float]:
        import asyncio

        return await asyncio.to_thread(self.embed_query, text)

    async def aembed_documents(self, texts: list[str]) -> list[list[float]]:
        import asyncio

        return await asyncio.to_thread(self.embed_documents, texts)

    # ----- the model ---------------------------------------------------------------------
    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit vectors, one row per text; texts of similar length share a batch, to pad little."""
        out = np.zeros((len(texts), self.words.shape[1]), np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), _BATCH):
            rows = order[start : start + _BATCH]
            out[rows] = self._encode_batch([texts[i] for i in rows])
        return out

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        with self._lock:  # the tokenizer's padding and truncation settings are shared state
            encodings = self.tokenizer.encode_batch([str(t) for t in texts])
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        x = _layer_norm(
            self.words[ids].astype(np.float32) + self.positions[: ids.shape[1]] + self.token_type, *self.norm, self.eps
        )
        # Padded keys get the most negative float, as in transformers: their attention weight is 0.
        bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]
        for layer in self.layers:
            x = self._layer(x, bias, layer)
        pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def _layer(self, x: np.ndarray, bias: np.ndarray, w: dict) -> np.ndarray:
        x = _layer_norm(x + _dense(self._attention(x, bias, w["qkv"]), w["out"]), *w["norm1"], self.eps)
        h = _dense(gelu(_dense(x, w["up"])), w["down"])
        return _layer_norm(x + h, *w["norm2"], self.eps)

    def _attention(self, x: np.ndarray, bias: np.ndarray, qkv: tuple) -> np.ndarray:
        (b, n, d), h = x.shape, self.heads
        q, k, v = _dense(x, qkv).reshape(b, n, 3, h, d // h).transpose(2, 0, 3, 1, 4)
        scores = q @ k.transpose(0, 1, 3, 2)
        scores += bias
        scores -= scores.max(-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(-1, keepdims=True)
        return (scores @ v).transpose(0, 2, 1, 3).reshape(b, n, d)


def _mapped(path: Path, name: str) -> np.ndarray | None:
    """Tensor ``name`` of a safetensors file mapped read-only, not read: the word-embedding table
    (30,522 rows, 47 MB as float32) of which a question touches a few rows, so a reader's memory
    holds those pages only. None when the tensor is not float16/float32 or has another name."""
    with open(path, "rb") as f:
        size = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(size))
    meta = header.get(name) or header.get("bert." + name)
    dtype = {"F16": "<f2", "F32": "<f4"}.get(meta["dtype"]) if meta else None
    if dtype is None:
        return None
    start, _ = meta["data_offsets"]
    return np.memmap(path, dtype=dtype, mode="r", offset=8 + size + start, shape=tuple(meta["shape"]))


def _dense(x: np.ndarray, weights: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    y = x @ weights[0]
    y += weights[1]
    return y

"""The embedding model as an ONNX Runtime session, exported once from the shipped safetensors.

Ingest's embedding ran at ~90-100 units/s on two cores in torch (issue 16). The same MiniLM, exported
to ONNX and fused by ONNX Runtime's BERT optimizer (attention, GELU, layer norms), gives the same
vectors (cosine >= 0.9999) for 2.4x the units per CPU-second; its dynamic int8 quantisation 5.3x, at a
cosine of ~0.997 (bench/ingest.py, tests/ingest/test_embed.py). Libraries do the work: torch.onnx
exports, onnxruntime optimises, quantises and runs. Sentence-transformers' own ``backend="onnx"``
needs optimum-onnx, which pins transformers below 4.58 (we ship 5.23), so it is not used.

Nothing is downloaded: the export reads the model folder that ships with the code and is cached
under ``~/.cache/policy-assistant/onnx`` (``XDG_CACHE_HOME`` respected) keyed by the weights' hash,
so it runs once per model (~15 s); later ingests load the cached file in well under a second.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)
# Bumped when the export recipe changes, so a stale cached file is never reused.
_RECIPE = "v1-opset17-eager-bertopt"
MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json): what torch truncates to
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "policy-assistant" / "onnx"


def cached_model(folder: Path, quantized: bool) -> Path:
    """The ONNX file for the sentence-transformers model in ``folder``, exported on first use."""
    digest = hashlib.sha256((folder / "model.safetensors").read_bytes()).hexdigest()[:16]
    import onnxruntime

    target = cache_root() / f"{folder.name}-{digest}-{_RECIPE}-ort{onnxruntime.__version__}"
    path = target / ("model_qint8.onnx" if quantized else "model.onnx")
    if not path.is_file():
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            writable = os.access(target.parent, os.W_OK)
        except OSError:
            writable = False
        if not writable:  # a read-only home (a service account): this user's temp folder instead
            target = Path(tempfile.gettempdir()) / f"policy-assistant-{os.getuid()}" / "onnx" / target.name
            path = target / path.name
        if not path.is_file():
            _export(folder, target)
    return path


def _export(folder: Path, target: Path) -> None:
    """torch.onnx export, BERT fusions, int8 weights; written to a temporary folder and renamed into
    place, so two ingests exporting at once never read half a file."""
    import torch
    from onnx import TensorProto
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers.optimizer import optimize_model
    from transformers import AutoConfig, AutoModel

    log.info("exporting %s to ONNX once (cached in %s)", folder.name, target)
    config = AutoConfig.from_pretrained(folder, local_files_only=True)
    # Eager attention exports as plain ops that the optimizer fuses into one Attention node.
    bert = AutoModel.from_pretrained(folder, local_files_only=True, attn_implementation="eager").eval()

    class _Hidden(torch.nn.Module):  # positional inputs for the exporter; bert registered as a submodule
        def __init__(self):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=".export-"))
    os.chmod(tmp, 0o755)  # a cache other users of the machine may read
    try:
        raw, fused = tmp / "raw.onnx", tmp / "model.onnx"
        ids = torch.ones(2, 16, dtype=torch.long)
        dynamic = {name: {0: "batch", 1: "tokens"} for name in (*_INPUTS, "last_hidden_state")}
        with torch.no_grad():
            torch.onnx.export(
                _Hidden(),
                (ids, torch.ones_like(ids), torch.zeros_like(ids)),
                str(raw),
                dynamo=False,
                input_names=list(_INPUTS),
                output_names=["last_hidden_state"],
                dynamic_axes=dynamic,
                opset_version=17,
            )
        optimize_model(
            str(raw),
            model_type="bert",
            num_heads=config.num_attention_heads,
            hidden_size=config.hidden_size,
            opt_level=1,
        ).save_model_to_file(str(fused))
        raw.unlink()
        # Weights per output channel, activations per batch (dynamic): no calibration data needed.
        quantize_dynamic(
            str(fused),
            str(tmp / "model_qint8.onnx"),
            weight_type=QuantType.QInt8,
            per_channel=True,
            extra_options={"DefaultTensorType": TensorProto.FLOAT},
        )
        try:
            os.replace(tmp, target)
        except OSError:  # another process put it there first: same weights, same files
            if not (target / "model_qint8.onnx").is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


class OnnxEncoder:
    """Mean-pooled, normalised MiniLM vectors from an ONNX file: what sentence-transformers computes.

    One session, run by several threads at once (ONNX Runtime's ``run`` is thread-safe and releases
    the GIL), each call on one core: small batches of ~45 tokens spend much of a two-thread call
    waiting at each op's barrier, so one single-threaded call per core embedded 1.36x the units
    per CPU-second (bench/ingest.py). Padded positions are masked out exactly, so a text's vector
    does not depend on which batch it is in."""

    def __init__(self, folder: Path, quantized: bool = True, threads: int = 1):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads  # per call; callers run one call per core
        options.inter_op_num_threads = 1
        # Do not busy-wait between ops: four processes share two cores here, and spinning threads
        # steal the cores the others are computing on.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(
            str(cached_model(folder, quantized)), options, providers=["CPUExecutionProvider"]
        )
        self.dim = int(json.loads((folder / "config.json").read_text())["hidden_size"])
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()  # ``encode_tokens`` pads each batch to its own longest text
        self._pad = self.tokenizer.token_to_id("[PAD]") or 0

    def tokens(self, texts: list[str]) -> list[list[int]]:
        """Each text's token ids, unpadded, so callers can batch texts of equal token counts."""
        return [e.ids for e in self.tokenizer.encode_batch(texts)]

    def encode(self, texts: list[str]) -> np.ndarray:
        """One batch of texts (see ``encode_tokens``)."""
        return self.encode_tokens(self.tokens(texts))

    def encode_tokens(self, batch: list[list[int]]) -> np.ndarray:
        """One batch of token ids: ids of similar length pad least (the caller sorts them)."""
        ids = np.full((len(batch), max(map(len, batch))), self._pad, dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, t in enumerate(batch):
            ids[row, : len(t)] = t
            mask[row, : len(t)] = 1
        hidden = self.session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

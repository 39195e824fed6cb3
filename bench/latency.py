"""Latency benchmark: warm retrieve/ask percentiles, time to the first answer, peak memory.

    python bench/latency.py [--rounds 5] [--cold 3]

The default corpus is ingested into a temporary index. Warm: one Assistant answers the
questions below ``--rounds`` times after a warm-up; p50/p95 over all calls. Cold: a fresh
process imports the package, builds an Assistant and asks one question; its time is measured
from before the process is started to the moment the answer exists, and the process reports
its own peak RSS (VmHWM from /proc; ru_maxrss would include the forking parent's memory). "Cold" is a cold process, not a cold disk: the OS file cache
stays warm between runs.
Questions are embedded by the numpy MiniLM (assistant/retrieval/minilm.py) on one BLAS thread, so the cold
process never imports torch; ingest (here, before the timings) uses sentence-transformers on torch.
Goals: ask p95 < 50 ms warm; first answer < 8 s from a cold process; peak RSS < 1.5 GB.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import resource
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


ASK_P95_MS, FIRST_S, RSS_GB = 50.0, 8.0, 1.5
FIRST_QUESTION = "How long does MIKMIK keep complaint records?"

# Varied on purpose: named and unnamed policies, paraphrases, cross-policy, abstentions.
QUESTIONS = [
    "How long does MIKMIK keep complaint records?",
    "How long are payment records kept by mikmik?",
    "Who is the person in charge of personal information at MIKMIK?",
    "Can I refuse cookies on MIKMIK?",
    "How does MIKMIK destroy personal information?",
    "Does MIKMIK give my data to third parties?",
    "What does MIKMIK collect when I sign up?",
    "How can I withdraw my consent at mikmik?",
    "What information does Kmall24 collect?",
    "How does KMALL24 use cookies?",
    "Does Kmall24 use Google Analytics?",
    "How does Kmall24 keep my information secure?",
    "Can I control my personal information on Kmall24?",
    "Does Kpop Mart sell my e-mail address?",
    "How do I unsubscribe from the Kpop Mart newsletter?",
    "Does kpopmart.com collect data from children?",
    "Will Kpop Mart tell me when the privacy policy changes?",
    "What personal information does Tootoomart collect when I buy something?",
    "With whom does tootoomart share my personal information?",
    "How does Tootoomart protect the security of my data?",
    "Is my credit card number stored by tootoomart?",
    "Does the information security policy use SSL?",
    "What happens if the storage server is hacked, according to the information security policy?",
    "Who is responsible for a leaked password on a shared computer?",
    "Which of these shops use cookies?",
    "Which shops share data with delivery companies?",
    "How long is personal information kept?",
    "Can I ask for my data to be deleted?",
    "What does Amazon do with my data?",
    "What is the best pizza topping?",
]


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile, q in 0..100."""
    s = sorted(values)
    return s[max(0, min(len(s) - 1, math.ceil(len(s) * q / 100) - 1))] if s else float("nan")


_CHILD = """
import json, resource, sys, time
from assistant import Assistant, Settings
bot = Assistant(Settings.from_env())
answer = bot.ask(sys.argv[1])
t = time.time()
use = resource.getrusage(resource.RUSAGE_SELF)
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent across exec.
hwm = [int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")]
print(json.dumps({"answered_at": t, "answerable": answer.answerable, "citations": len(answer.citations),
                  "maxrss_kb": hwm[0] if hwm else use.ru_maxrss, "ru_maxrss_kb": use.ru_maxrss,
                  "cpu_s": use.ru_utime + use.ru_stime}))
"""


def _hwm_mb() -> float:
    """This process's peak RSS in MB (VmHWM; ru_maxrss as a fallback)."""
    try:
        with open("/proc/self/status") as f:
            return next(int(row.split()[1]) for row in f if row.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _blas_threads() -> str:
    from threadpoolctl import threadpool_info

    return "/".join(str(i["num_threads"]) for i in threadpool_info() if i["user_api"] == "blas") or "?"


def _forget_queries(bot) -> None:
    """The retriever caches query vectors by text; every timed call here is a new question, which
    pays for its embedding (repeated questions are measured separately)."""
    bot.embedder._vectors.clear()  # the shared question-embedding cache (assistant/retrieval/embedder.py)


def _timed_ranker() -> list[float]:
    """Times of the evidence ranker (features and model) inside ``ask``, gathered as it runs."""
    from assistant.retrieval.ranker import Ranker

    spent: list[float] = []
    plain = Ranker.ranked

    def ranked(self, *args, **kwargs):
        t0 = time.perf_counter()
        out = plain(self, *args, **kwargs)
        spent.append((time.perf_counter() - t0) * 1000)
        return out

    Ranker.ranked = ranked
    return spent


def first_answer(index: Path, policies: Path) -> dict:
    """A fresh process to its first answer; wall clock from before the process starts."""
    env = _env(ASSISTANT_INDEX=str(index), ASSISTANT_POLICIES=str(policies), ASSISTANT_LLM="extractive")
    t0 = time.time()
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, FIRST_QUESTION], cwd=ROOT, env=env, capture_output=True, text=True
    )
    exited = time.time() - t0
    if proc.returncode != 0:
        sys.exit(f"the first-answer process failed ({proc.returncode}):\n{proc.stderr}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    return {
        "first_s": out["answered_at"] - t0,
        "exit_s": exited,
        "rss_mb": out["maxrss_kb"] / 1024,
        "cpu_s": out["cpu_s"],
        "ru_maxrss_mb": out.get("ru_maxrss_kb", 0) / 1024,
        "answerable": out["answerable"],
        "citations": out["citations"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, help="passes over the questions (default 5)")
    parser.add_argument("--cold", type=int, default=3, help="fresh processes for the first answer (default 3)")
    parser.add_argument(
        "--threads",
        type=int,
        default=0,
        help="torch threads for ingest here and in child processes (default: torch's own "
        "choice); questions always embed on one BLAS thread",
    )
    args = parser.parse_args(argv)
    _set_threads(args.threads)

    from assistant import Assistant, Settings
    from ingest import ingest

    policies = ROOT / "data" / "policies"
    print(f"Latency benchmark: default corpus {policies}, {len(QUESTIONS)} questions x {args.rounds} rounds")
    print(f"Machine: {_load()} at start")
    print(f"Code: {_code_version()}; torch threads (ingest): {_threads()}")
    with tempfile.TemporaryDirectory(prefix="bench-latency-") as tmp:
        index = Path(tmp)
        settings = dataclasses.replace(
            Settings.from_env(), policies=policies, index=index, llm="extractive", chroma_host=None
        )
        summary = ingest([policies], settings)
        if summary.errors:
            sys.exit("ingest failed: " + "; ".join(str(e) for e in summary.errors))
        print(f"  index: {summary.line()}")

        # Cold first: this process stays out of the way while the child runs.
        print(f"\n[1] First answer from a fresh process ({FIRST_QUESTION!r})")
        cold = []
        for r in range(args.cold):
            c = first_answer(index, policies)
            cold.append(c)
            print(
                f"  run {r + 1}: first answer {c['first_s']:5.2f} s (CPU {c['cpu_s']:5.2f} s; process exit {c['exit_s']:5.2f} s), "
                f"peak RSS {c['rss_mb']:6.0f} MB (ru_maxrss {c['ru_maxrss_mb']:.0f}), {c['citations']} citation(s)   [load {os.getloadavg()[0]:.1f}]"
            )

        print(f"\n[2] Warm: one Assistant, {len(QUESTIONS)} questions x {args.rounds} rounds, each embedded afresh")
        bot = Assistant(settings)
        bot.warm_up()
        print(f"  questions embedded with {type(bot.embedder.model).__name__} on {_blas_threads()} BLAS thread(s)")
        for q in QUESTIONS:  # one untimed pass: first-touch costs (routing tables, BM25 caches)
            bot.retrieve(q)
            bot.ask(q)
        retrieve_ms, ask_ms, ask_cpu_ms = [], [], []
        abstained = 0
        ranker_ms = _timed_ranker()
        for r in range(args.rounds):
            for q in QUESTIONS:
                _forget_queries(bot)
                t0 = time.perf_counter()
                bot.retrieve(q)
                retrieve_ms.append((time.perf_counter() - t0) * 1000)
                _forget_queries(bot)
                t0, c0 = time.perf_counter(), time.process_time()
                a = bot.ask(q)
                ask_ms.append((time.perf_counter() - t0) * 1000)
                ask_cpu_ms.append((time.process_time() - c0) * 1000)
                abstained += (not a.answerable) if r == 0 else 0
            print(
                f"  round {r + 1}: retrieve p50 {pct(retrieve_ms[-len(QUESTIONS) :], 50):6.1f} ms  "
                f"ask p50 {pct(ask_ms[-len(QUESTIONS) :], 50):6.1f} ms p95 {pct(ask_ms[-len(QUESTIONS) :], 95):6.1f} ms"
                f"   [load {os.getloadavg()[0]:.1f}]"
            )
        repeated_ms = []
        for q in QUESTIONS * 2:  # the same texts again: query vectors come from the cache
            t0 = time.perf_counter()
            bot.ask(q)
            repeated_ms.append((time.perf_counter() - t0) * 1000)
        warm_rss = _hwm_mb()

    best_round_ask95 = min(pct(ask_ms[i : i + len(QUESTIONS)], 95) for i in range(0, len(ask_ms), len(QUESTIONS)))
    firsts = sorted(c["first_s"] for c in cold)
    rss = max(c["rss_mb"] for c in cold)
    print("\nFigures")
    print(
        f"  retrieve (warm, {len(retrieve_ms)} calls):   p50 {pct(retrieve_ms, 50):6.1f} ms   p95 {pct(retrieve_ms, 95):6.1f} ms"
    )
    print(
        f"  ask (warm, {len(ask_ms)} calls):        p50 {pct(ask_ms, 50):6.1f} ms   p95 {pct(ask_ms, 95):6.1f} ms"
        f"   (best round p95 {best_round_ask95:.1f} ms; {abstained}/{len(QUESTIONS)} questions abstain)"
    )
    print(
        f"  ask, repeated question:        p50 {pct(repeated_ms, 50):6.1f} ms   p95 {pct(repeated_ms, 95):6.1f} ms"
        f"   (query vector cached; the figures above embed every question)"
    )
    print(
        f"  ask CPU time (all threads):    p50 {pct(ask_cpu_ms, 50):6.1f} ms   p95 {pct(ask_cpu_ms, 95):6.1f} ms"
        f"   (less sensitive to other processes than wall time)"
    )
    print(
        f"  first answer, fresh process:   best {firsts[0]:5.2f} s   median {firsts[len(firsts) // 2]:5.2f} s"
        f"   (CPU to the answer: best {min(c['cpu_s'] for c in cold):.2f} s)"
    )
    print(f"  peak RSS of that process:      {rss:6.0f} MB   (this benchmark process, warm: {warm_rss:.0f} MB)")
    if ranker_ms:
        print(
            f"  evidence ranker ({len(ranker_ms)} calls):   p50 {pct(ranker_ms, 50):6.2f} ms   p95 {pct(ranker_ms, 95):6.2f} ms"
            "   (features + model, inside ask, broad single-policy questions only)"
        )
    print("\nGoals")
    print(
        f"  ask p95 < {ASK_P95_MS:.0f} ms warm:         {pct(ask_ms, 95):.1f} ms (all rounds), {best_round_ask95:.1f} ms (best round)"
        f"  -> {'MET' if pct(ask_ms, 95) < ASK_P95_MS else 'NOT MET'}"
    )
    print(
        f"  first answer < {FIRST_S:.0f} s cold:        {firsts[len(firsts) // 2]:.2f} s (median), {firsts[0]:.2f} s (best)"
        f"  -> {'MET' if firsts[len(firsts) // 2] < FIRST_S else 'NOT MET'}"
    )
    print(
        f"  peak RSS < {RSS_GB} GB:              {rss / 1024:.2f} GB  -> {'MET' if rss / 1024 < RSS_GB else 'NOT MET'}"
    )
    print(f"\nMachine at end: {_load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

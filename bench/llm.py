"""Latency of the in-process llamacpp backend: load time, time to first token, tokens/s.

    python bench/llm.py [--runs N]

For each question it times the raw model stream on the real prompt (time to first token,
decode tokens/s) and the whole guarded answer (time to the first shown piece, total), warm,
after one unmeasured answer. Prints a table and the medians.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from assistant import Answer, Assistant, Settings  # noqa: E402

QUESTIONS = [
    "How long does MIKMIK keep complaint records?",
    "How long does MIKMIK keep records about price payment?",
    "How can I contact Kpop Mart about my personal information?",
    "Does Tootoomart use cookies?",
    "What security measures does KMALL24 take?",
    "Who can access information under the information security policy?",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="passes over the questions")
    args = parser.parse_args()

    settings = dataclasses.replace(Settings.from_env(), llm="llamacpp")
    bot = Assistant(settings)
    backend = bot.parts.generative
    t0 = time.perf_counter()
    chat = backend.chat_model()  # builds the chat model and loads the GGUF
    load_s = time.perf_counter() - t0
    llama = chat.model.load()
    print(f"model: {chat.name}  threads: {chat.model.n_threads}  load: {load_s:.2f} s")
    bot.ask(QUESTIONS[0])  # warm: embedding model, index, first llama context

    rows = []
    for _ in range(args.runs):
        for q in QUESTIONS:
            plan = bot.plan(q)
            messages = backend.prompt(plan)
            prompt_tokens = len(llama.tokenize("\n".join(t for _, t in messages).encode(), add_bos=False))
            llama.reset()  # llama.cpp reuses a cached prompt prefix; measure a cold prompt each time
            t0 = time.perf_counter()
            first = last = None
            text = ""
            for chunk in chat.model.stream(messages):
                now = time.perf_counter()
                first = first or now
                last = now
                text += str(chunk.text)
            n = len(llama.tokenize(text.encode(), add_bos=False)) if text else 0
            ttft = (first - t0) if first else float("nan")
            tps = (n - 1) / (last - first) if first and last > first and n > 1 else float("nan")

            llama.reset()
            t0 = time.perf_counter()
            shown_at = None
            for part in bot.stream(q):
                if shown_at is None and isinstance(part, str) and part:
                    shown_at = time.perf_counter() - t0
                if isinstance(part, Answer):
                    answer = part
            total = time.perf_counter() - t0
            rows.append((q, prompt_tokens, ttft, n, tps, shown_at or float("nan"), total, answer.backend))

    print(
        f"\n{'prompt tok':>10} {'TTFT s':>7} {'out tok':>7} {'tok/s':>6} {'shown s':>8} {'total s':>8}  backend / question"
    )
    for q, p, ttft, n, tps, shown, total, name in rows:
        print(f"{p:>10} {ttft:>7.2f} {n:>7} {tps:>6.1f} {shown:>8.2f} {total:>8.2f}  {name[:40]} / {q[:50]}")
    med = lambda i: statistics.median(r[i] for r in rows if r[i] == r[i])  # noqa: E731 - skips NaN
    print(
        f"\nmedian: time to first token {med(2):.2f} s, decode {med(4):.1f} tokens/s, "
        f"first shown (guarded) {med(5):.2f} s, whole answer {med(6):.2f} s "
        f"({len(rows)} answers, {os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    main()

"""Load on the real app: N concurrent `/ask` clients and N concurrent chat streams.

Starts `python app.py` (extractive backend, the index in ASSISTANT_INDEX, default .index/) on a
free loopback port, then for each N in --clients: N threads, each with its own gradio_client
``Client``, ask --requests questions one after another through `/ask`; then N threads each stream
--requests chat turns through Gradio's queue, as the page does (the chat event is private to the
page, so it is joined over HTTP: /gradio_api/queue/join, then the SSE stream /queue/data).
Prints errors, p50/p95 latency, throughput and the server's RSS after each round.

``--upload``: each /ask round runs twice, quiet and then while another visitor's large pasted
policy (``--upload-kb``, new text each time so every unit is embedded) is indexed through the page's
add event, one after another until the round ends (issue 28: uploads shared the answer queue).

    .venv/bin/python bench/load.py                      # 16 and 32 clients, 5 requests each
    .venv/bin/python bench/load.py --clients 4 --requests 2
    .venv/bin/python bench/load.py --clients 32 --requests 3 --upload
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from common import ROOT, code_version, env, load

QUESTIONS = [
    "How long does MIKMIK keep complaint records?",
    "Does Kpop Mart use cookies?",
    "Who does Kmall24 share my information with?",
    "How can I contact Tootoomart?",
    "Which of these shops use SSL?",
    "Does Kmall24 use Google Analytics?",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen(
        [sys.executable, "app.py"],
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        env=env(GRADIO_SERVER_PORT=str(port), ASSISTANT_LLM="extractive", ASSISTANT_AUTH=""),
    )
    deadline = time.monotonic() + 600
    while f"ready on {url}" not in log.read_text():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            sys.exit(f"app.py did not start:\n{log.read_text()[-2000:]}")
        time.sleep(0.5)
    return proc, url


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def ask_client(url: str, n: int, requests: int, out: list, errors: list) -> None:
    from gradio_client import Client

    try:
        client = Client(url, verbose=False)
    except Exception as exc:  # noqa: BLE001 - counted, the run goes on
        errors.append(f"connect: {type(exc).__name__}: {exc}")
        return
    for i in range(requests):
        t0 = time.perf_counter()
        try:
            answer = client.predict(QUESTIONS[(n + i) % len(QUESTIONS)], None, api_name="/ask")
            if not answer.get("text"):
                raise ValueError("empty answer")
            out.append(time.perf_counter() - t0)
        except Exception as exc:  # noqa: BLE001
            errors.append(f"/ask: {type(exc).__name__}: {str(exc)[:120]}")


def chat_fn_index(url: str) -> int:
    """The page's chat event: the one whose inputs are the question box, the policy and the turns
    (its outputs: the chat, the question box, the turns and, since the page exports, the export)."""
    import httpx

    config = httpx.get(url + "config", timeout=30).json()
    for i, dep in enumerate(config["dependencies"]):
        if len(dep["inputs"]) == 3 and len(dep["outputs"]) >= 3 and dep.get("trigger_mode") == "once":
            return dep.get("id", i)
    raise SystemExit("the chat event was not found in the app's config")


def chat_client(url: str, fn: int, n: int, requests: int, out: list, errors: list) -> None:
    """One browser-like session: join the queue, read the SSE stream to process_completed."""
    import httpx

    with httpx.Client(timeout=120) as http:
        for i in range(requests):
            session = uuid.uuid4().hex[:11]
            t0 = time.perf_counter()
            try:
                body = {
                    "data": [QUESTIONS[(n + i) % len(QUESTIONS)], "", []],
                    "fn_index": fn,
                    "session_hash": session,
                    "event_data": None,
                    "trigger_id": None,
                }
                http.post(url + "gradio_api/queue/join", json=body).raise_for_status()
                with http.stream("GET", url + "gradio_api/queue/data", params={"session_hash": session}) as r:
                    done = None
                    for line in r.iter_lines():
                        if line.startswith("data:"):
                            msg = json.loads(line[5:])
                            if msg.get("msg") == "process_completed":
                                done = msg
                                break
                if not done or not done.get("success"):
                    raise RuntimeError(f"stream ended without success: {str(done)[:120]}")
                shown = json.dumps(done["output"]["data"][0])
                if "answer-text" not in shown or "answer error" in shown:
                    raise RuntimeError(f"no answer in the chat: {shown[-120:]}")
                out.append(time.perf_counter() - t0)
            except Exception as exc:  # noqa: BLE001
                errors.append(f"chat: {type(exc).__name__}: {str(exc)[:120]}")


def add_fn_index(url: str) -> int:
    """The page's add-a-policy event: inputs file, name, pasted text and one more (the replace choice)."""
    import httpx

    config = httpx.get(url + "config", timeout=30).json()
    for i, dep in enumerate(config["dependencies"]):
        if len(dep["inputs"]) == 4 and len(dep["outputs"]) == 6:
            return dep.get("id", i)
    raise SystemExit("the add-a-policy event was not found in the app's config")


def big_policy(kb: int, n: int) -> str:
    """About ``kb`` KB of policy text from the default corpus, made new by ``n`` (nothing is cached)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "policies").iterdir())]
    paras = [t for text in texts for t in text.split("\n\n") if len(t) > 80]
    out, size, i = [], 0, 0
    while size < kb * 1024:
        para = f"Section {n}.{i}. {paras[i % len(paras)]}"
        out.append(para)
        size += len(para) + 2
        i += 1
    return "\n\n".join(out)


def uploader(url: str, fn: int, kb: int, stop: threading.Event, done: list, errors: list) -> None:
    """One visitor (one session) adding a large pasted policy again and again (the replace choice on)."""
    import httpx

    session = uuid.uuid4().hex[:11]
    n = 0
    with httpx.Client(timeout=900) as http:
        while not stop.is_set():
            n += 1
            t0 = time.perf_counter()
            body = {
                "data": [None, "Bench Upload", big_policy(kb, n), True],
                "fn_index": fn,
                "session_hash": session,
                "event_data": None,
                "trigger_id": None,
            }
            try:
                http.post(url + "gradio_api/queue/join", json=body).raise_for_status()
                with http.stream("GET", url + "gradio_api/queue/data", params={"session_hash": session}) as r:
                    for line in r.iter_lines():
                        if line.startswith("data:") and json.loads(line[5:]).get("msg") == "process_completed":
                            msg = json.loads(line[5:])
                            status = json.dumps(msg.get("output", {}).get("data", [""])[0])
                            if "upload-status ok" not in status:
                                raise RuntimeError(status[:160])
                            done.append(time.perf_counter() - t0)
                            break
            except Exception as exc:  # noqa: BLE001
                errors.append(f"upload: {type(exc).__name__}: {str(exc)[:160]}")
                return


def round_(kind: str, target, clients: int, requests: int, pid: int) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    threads = [threading.Thread(target=target, args=(n, requests, latencies, errors)) for n in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    q = statistics.quantiles(latencies, n=20) if len(latencies) >= 2 else [float("nan")] * 19
    row = {
        "kind": kind,
        "clients": clients,
        "requests": clients * requests,
        "errors": len(errors),
        "p50_s": round(statistics.median(latencies), 2) if latencies else None,
        "p95_s": round(q[18], 2),
        "throughput_per_s": round(len(latencies) / wall, 2),
        "server_rss_mb": round(rss_mb(pid)),
    }
    print(
        f"{kind:5} {clients:3} clients: {row['requests']} requests, {row['errors']} errors, "
        f"p50 {row['p50_s']} s, p95 {row['p95_s']} s, {row['throughput_per_s']}/s, server RSS {row['server_rss_mb']} MB",
        flush=True,
    )
    for e in sorted(set(errors))[:5]:
        print("   ", e)
    return row


def upload_round(url: str, clients: int, requests: int, kb: int, pid: int) -> None:
    """An /ask round while one visitor's large upload indexes (started first, kept going to the end)."""
    stop, done, errors = threading.Event(), [], []
    thread = threading.Thread(target=uploader, args=(url, add_fn_index(url), kb, stop, done, errors))
    thread.start()
    time.sleep(8)  # the worker has started and is reading and embedding
    round_("/ask+upload", lambda n, r, o, e: ask_client(url, n, r, o, e), clients, requests, pid)
    stop.set()
    thread.join()
    print(
        f"      uploads of {kb} KB: {len(done)} finished"
        + (f" in {', '.join(f'{d:.0f}' for d in done)} s" if done else "")
        + (f"; {errors[0]}" if errors else ""),
        flush=True,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, nargs="+", default=[16, 32])
    ap.add_argument("--requests", type=int, default=5, help="requests per client, one after another")
    ap.add_argument("--upload", action="store_true", help="also run each /ask round while a large upload indexes")
    ap.add_argument("--upload-kb", type=int, default=300, help="size of the pasted policy the upload adds")
    args = ap.parse_args()
    log = Path("/tmp") / f"bench-load-app-{uuid.uuid4().hex[:6]}.log"
    proc, url = start_app(log)
    try:
        print(
            f"app at {url} (pid {proc.pid}), RSS at start {rss_mb(proc.pid):.0f} MB; {load()}; commit {code_version()}"
        )
        fn = chat_fn_index(url)
        for clients in args.clients:
            round_("/ask", lambda n, r, o, e: ask_client(url, n, r, o, e), clients, args.requests, proc.pid)
            if args.upload:
                upload_round(url, clients, args.requests, args.upload_kb, proc.pid)
                continue
            round_("chat", lambda n, r, o, e: chat_client(url, fn, n, r, o, e), clients, args.requests, proc.pid)
        print(f"after: {load()}")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()

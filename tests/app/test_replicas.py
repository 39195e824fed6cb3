"""Two app replicas on one Chroma server (issue 16), as they would run behind a load balancer.

Real processes throughout: `chroma run` on a free loopback port; `python -m ingest` of the
default corpus into it; two `python app.py` processes, each on its own port, with the same
CHROMA_HOST/CHROMA_PORT and the same ASSISTANT_INDEX folder (the manifest, the keyword index and
the fact sheets live there; the vectors in the server). Both answer through `/ask`; then a new
policy is ingested into the server by a third process, and both replicas answer about it without
a restart: each checks the manifest's identity before an answer and reloads the corpus view.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from gradio_client import Client

from tests.app.conftest import ROOT, _free_port

pytestmark = pytest.mark.slow

NEW_POLICY = """# Privacy Policy - Zorblex

Zorblex sells handmade kites online. This policy explains what we collect and how long we keep it.

## What we collect

When you order a kite we collect your name, your shipping address and your e-mail address.

## How long we keep it

Zorblex keeps order records for 7 years, as tax law requires, and then deletes them.
Newsletter addresses are kept until you unsubscribe.

## Contact

Write to privacy@zorblex.example with any question about this policy.
"""
ASK_NEW = "How long does Zorblex keep order records?"
ASK_OLD = "How long does MIKMIK keep complaint records?"


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    port = _free_port()
    chroma = Path(sys.executable).with_name("chroma")
    proc = subprocess.Popen(
        [
            str(chroma),
            "run",
            "--path",
            str(tmp_path_factory.mktemp("chroma")),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import chromadb

    deadline = time.monotonic() + 120
    while True:
        try:
            chromadb.HttpClient(host="127.0.0.1", port=port).heartbeat()
            break
        except Exception:  # not up yet; chromadb raises several types
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("`chroma run` did not start")
            time.sleep(0.5)
    yield port
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def replicas(chroma_server, start_app, tmp_path_factory):
    """The environment every process shares, and two running replicas."""
    env = {k: v for k, v in os.environ.items() if k not in ("ASSISTANT_AUTH", "ASSISTANT_POLICIES", "GRADIO_SHARE")}
    env.update(
        CHROMA_HOST="127.0.0.1",
        CHROMA_PORT=str(chroma_server),
        ASSISTANT_LLM="extractive",
        ASSISTANT_INDEX=str(tmp_path_factory.mktemp("shared-index")),
        GRADIO_SERVER_NAME="127.0.0.1",
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        ANONYMIZED_TELEMETRY="False",
        GRADIO_ANALYTICS_ENABLED="False",
    )
    _ingest(env)
    logs = tmp_path_factory.mktemp("replica-logs")
    apps = []
    try:
        for i in (1, 2):
            apps.append(start_app(env, logs / f"replica-{i}.log"))
        yield env, apps, tmp_path_factory.mktemp("new-policies")
    finally:
        for app in apps:
            app.stop()


def _ingest(env: dict[str, str], *paths: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "ingest", *map(str, paths)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, f"ingest failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _ask(app, question: str) -> dict:
    return Client(app.url, verbose=False).predict(question, None, api_name="/ask")


def test_two_replicas_answer_from_one_server_and_both_see_a_new_policy(replicas):
    env, apps, new = replicas
    assert len({app.port for app in apps}) == 2
    for app in apps:
        old = _ask(app, ASK_OLD)
        assert old["answerable"] and "3 years" in old["text"]
        before = _ask(app, ASK_NEW)
        assert not before["answerable"] and "no privacy policy for Zorblex" in before["text"]

    (new / "zorblex.md").write_text(NEW_POLICY, encoding="utf-8")
    _ingest(env, new / "zorblex.md")  # a third process writes into the server and the shared folder

    for app in apps:
        after = _ask(app, ASK_NEW)
        assert after["answerable"] and "7 years" in after["text"], after["text"]
        assert {c["policy"] for c in after["citations"]} == {"zorblex"}
        assert "3 years" in _ask(app, ASK_OLD)["text"]  # the default corpus is still there
        assert app.proc.poll() is None  # the same process: no restart

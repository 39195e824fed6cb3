"""Ingest into a real Chroma store with the real model: incremental, idempotent, safe on bad input."""

from __future__ import annotations

import dataclasses
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest import Settings, ingest
from ingest.store import collection
from tests.conftest import POLICIES, ROOT


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "policies"
    shutil.copytree(POLICIES, folder)
    return folder


@pytest.fixture
def settings(tmp_path, corpus):
    return dataclasses.replace(Settings.from_env({}), index=tmp_path / "index", policies=corpus)


@pytest.fixture
def ingested(settings, corpus, default_index):
    """The session's index of the default corpus, copied, then re-ingested from this test's copy of the files."""
    shutil.copytree(default_index, settings.index)
    summary = ingest([corpus], settings)
    assert summary.embedded == 0 and summary.errors == []
    return settings


def _ids(settings, policy=None):
    where = {"policy": policy} if policy else None
    return set(collection(settings).get(where=where, include=[])["ids"])


def test_reingest_of_unchanged_corpus_embeds_nothing(settings, corpus):
    first = ingest([corpus], settings)
    assert first.errors == [] and first.added > 100 and first.embedded > first.added
    before = _ids(settings)
    second = ingest([corpus], settings)
    assert (second.added, second.replaced, second.removed, second.embedded) == (0, 0, 0, 0)
    assert second.unchanged == first.added
    assert (first.skipped, second.skipped) == (0, 5)  # the second run found the same bytes: none read again
    assert "5 files (5 unchanged since the last ingest)" in second.line()
    assert _ids(settings) == before


def test_a_file_is_read_again_when_its_vectors_are_missing_or_it_is_now_over_the_limit(ingested, settings, corpus):
    """Skipping a file whose bytes are unchanged must not skip a repair: a vector lost from the store
    is embedded again, and a lowered size limit is applied (the stored policy is kept, as for any
    file that fails)."""
    lost = sorted(_ids(settings, "mikmik"))[:3]
    collection(settings).delete(ids=lost)
    summary = ingest([corpus], settings)
    assert (summary.skipped, summary.embedded, summary.errors) == (4, 3, [])
    assert set(lost) <= _ids(settings, "mikmik")
    before = _ids(settings)
    largest = max(corpus.iterdir(), key=lambda f: f.stat().st_size)
    smaller = dataclasses.replace(settings, max_policy_mb=(largest.stat().st_size - 1) / 1024 / 1024)
    summary = ingest([corpus], smaller)
    assert [Path(e.path) for e in summary.errors] == [largest] and "limit" in summary.errors[0].reason
    assert summary.skipped == 4
    assert _ids(settings) == before


def test_an_index_without_recorded_digests_is_read_once_and_then_skipped(ingested, settings, corpus):
    """Manifests written before digests were recorded: the next ingest reads every file (and embeds
    nothing), records the digests, and the one after skips them."""
    import json

    from ingest import manifest as manifests

    data = json.loads(manifests.path_of(settings.index).read_text())
    for row in data["policies"].values():
        del row["source"], row["chunks"]
    manifests.path_of(settings.index).write_text(json.dumps(data))
    first = ingest([corpus], settings)
    second = ingest([corpus], settings)
    assert (first.skipped, first.embedded, first.errors) == (0, 0, [])
    assert (second.skipped, second.embedded, second.unchanged) == (5, 0, first.unchanged)


def test_reingest_in_a_new_process_does_not_load_the_model(ingested, settings, corpus):
    code = (
        "import sys; from ingest.__main__ import main; rc = main(['-q']); "
        "print('MODEL' if 'sentence_transformers' in sys.modules else 'NOMODEL'); sys.exit(rc)"
    )
    env = {
        **os.environ,
        "ASSISTANT_INDEX": str(settings.index),
        "ASSISTANT_POLICIES": str(corpus),
        "PYTHONPATH": str(ROOT),
    }
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "NOMODEL" in out.stdout and "0 added, 0 replaced, 0 removed" in out.stdout


def test_changed_file_replaces_exactly_its_chunks(ingested, settings, corpus):
    others = {p: _ids(settings, p) for p in ("mikmik", "kpopmart", "tootoomart", "information-security-policy")}
    kmall_before = _ids(settings, "kmall24")
    path = corpus / "kmall24.md"
    path.write_text(path.read_text() + "\n\n## RETENTION\n\nWe keep order records for seven years.\n")
    summary = ingest([corpus], settings)
    assert summary.errors == []
    assert summary.replaced >= 1 and summary.added == 0
    assert {p: _ids(settings, p) for p in others} == others
    kmall_after = _ids(settings, "kmall24")
    assert kmall_after != kmall_before and kmall_before & kmall_after  # unchanged chunks kept
    docs = collection(settings).get(where={"policy": "kmall24"}, include=["documents"])["documents"]
    assert "We keep order records for seven years." in docs


def test_removed_file_takes_its_chunks_with_it(ingested, settings, corpus):
    (corpus / "kpopmart.md").unlink()
    summary = ingest([corpus], settings)
    assert summary.removed > 0
    assert _ids(settings, "kpopmart") == set()
    assert _ids(settings, "mikmik")


def _bad_files(folder: Path) -> dict[str, str]:
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "latin.txt").write_bytes(b"\x81\x8d\x8f\x90\x9d" * 50)  # undecodable as UTF-8 and cp1252
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 not a policy")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure()
    fig.savefig(folder / "scan.pdf")  # a PDF without any text
    plt.close(fig)
    return {
        "empty.txt": "empty",
        "binary.txt": "binary",
        "latin.txt": "UTF-8",
        "notes.docx": "unsupported",
        "scan.pdf": "no readable text",
    }


def test_bad_files_fail_alone_and_keep_what_was_stored(ingested, settings, corpus):
    before = _ids(settings)
    # A policy that was ingested before and is now corrupted keeps its old chunks.
    (corpus / "mikmik.txt").write_bytes(b"\x00\x01\x02binary garbage" * 100)
    (corpus / "new-shop.txt").write_text("New Shop privacy policy\n\nWe keep your e-mail address for two years.\n")
    expected = _bad_files(corpus)
    summary = ingest([corpus], settings)
    failed = {Path(e.path).name: e.reason for e in summary.errors}
    assert set(failed) == set(expected) | {"mikmik.txt"}
    for name, word in expected.items():
        assert word.lower() in failed[name].lower(), (name, failed[name])
    after = _ids(settings)
    assert before <= after  # nothing stored before was lost, MIKMIK included
    assert _ids(settings, "new-shop")  # the good file still went in


def test_cli_exit_code_and_messages(ingested, settings, corpus, tmp_path):
    _bad_files(corpus)
    env = {**os.environ, "ASSISTANT_INDEX": str(settings.index), "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-m", "ingest", "-q", str(corpus)],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert out.returncode != 0
    assert "empty.txt" in out.stderr and "notes.docx" in out.stderr and "scan.pdf" in out.stderr
    assert "5 files" in out.stdout  # the five good policies were ingested
    missing = subprocess.run(
        [sys.executable, "-m", "ingest", str(tmp_path / "nope")], env=env, capture_output=True, text=True, cwd=ROOT
    )
    assert missing.returncode != 0 and "no such file or folder" in missing.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_ingest_into_a_chroma_server(tmp_path, corpus, monkeypatch):
    chroma = Path(sys.executable).with_name("chroma")
    port = _free_port()
    server = subprocess.Popen(
        [str(chroma), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        import chromadb

        deadline = time.time() + 60
        while True:
            try:
                chromadb.HttpClient(host="127.0.0.1", port=port).heartbeat()
                break
            except Exception:
                if time.time() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.5)
        monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
        monkeypatch.setenv("CHROMA_PORT", str(port))
        monkeypatch.setenv("ASSISTANT_INDEX", str(tmp_path / "sidecar"))
        settings = Settings.from_env()
        summary = ingest([corpus], settings)
        assert summary.errors == [] and summary.added > 100
        client = chromadb.HttpClient(host="127.0.0.1", port=port)
        got = client.get_collection("policy_units").get(where={"policy": "mikmik"}, include=["documents", "metadatas"])
        assert "5.2.3 Recording about customer’s complaint or trouble settlement: 3 years." in got["documents"]
        meta = got["metadatas"][
            got["documents"].index("5.2.3 Recording about customer’s complaint or trouble settlement: 3 years.")
        ]
        assert meta["section"].endswith("› 5.2.3")
        from assistant import Assistant

        answer = Assistant(settings).ask("How long does MIKMIK keep complaint records?")
        assert "3 years" in answer.text
    finally:
        server.terminate()
        server.wait(timeout=30)

"""Fixtures for the generative backends: a real llama.cpp OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import dataclasses
import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

SERVER_START_TIMEOUT = 180  # seconds; loading the 135M GGUF takes ~2 s, importing the server more


@pytest.fixture(scope="session")
def gguf() -> Path:
    """The SmolLM2 GGUF that `make llm` installs; a missing install is an error, not a skip."""
    from assistant import Settings
    from assistant.answer.chat_models import gguf_path

    return gguf_path(Settings.from_env({}))


class LlamaServer:
    """``python -m llama_cpp.server`` with the bundled GGUF on a free loopback port."""

    def __init__(self, gguf: Path, log: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.log = log
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "llama_cpp.server",
                "--model",
                str(gguf),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--n_ctx",
                "4096",
                "--n_threads",
                "2",
                "--seed",
                "0",
            ],
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"llama_cpp.server exited with {self.proc.returncode}:\n{log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "/models", timeout=2) as r:
                    self.model = json.load(r)["data"][0]["id"]
                return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"llama_cpp.server did not answer on {self.url} within {SERVER_START_TIMEOUT} s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def start_llama_server(gguf, tmp_path_factory):
    """Start servers on demand (a test may kill its own); all are stopped at teardown."""
    started: list[LlamaServer] = []

    def start() -> LlamaServer:
        server = LlamaServer(gguf, tmp_path_factory.mktemp("llama") / "server.log")
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="module")
def llama_server(gguf, tmp_path_factory):
    server = LlamaServer(gguf, tmp_path_factory.mktemp("llama") / "server.log")
    yield server
    server.stop()


@pytest.fixture
def llm_settings(settings):
    """The session settings (real index of the default corpus) with a generative backend."""

    def make(**changes):
        return dataclasses.replace(settings, **changes)

    return make

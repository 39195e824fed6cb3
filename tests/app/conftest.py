"""The web tests run the real thing: the default corpus ingested into a temp index, `python app.py`
in a subprocess on a free loopback port, and Debian's Chromium driven by Playwright.

The app runs with the extractive backend whatever the environment says: these tests are about the
page and the endpoint, and the extractive answers are the ones the assertions can rely on.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
STARTUP_SECONDS = 300  # first start loads the embedding model on 2 shared cores


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """`python app.py` in a subprocess; `url` once its log says it is ready."""

    def __init__(self, env: dict[str, str], log_path: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log_path = log_path
        self._log = open(log_path, "w")
        self.proc = subprocess.Popen(
            [sys.executable, "app.py"],
            cwd=ROOT,
            env={**env, "GRADIO_SERVER_PORT": str(self.port)},
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + STARTUP_SECONDS
        while f"ready on {self.url}" not in self.log():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"app.py did not report 'ready on {self.url}':\n{self.log()}")
            time.sleep(0.5)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


@pytest.fixture(scope="session")
def app_env(tmp_path_factory) -> dict[str, str]:
    """The environment of a fresh process that uses its own index of the default corpus."""
    index = tmp_path_factory.mktemp("app-index")
    env = {
        **os.environ,
        "ASSISTANT_INDEX": str(index),
        "ASSISTANT_LLM": "extractive",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "ANONYMIZED_TELEMETRY": "False",
        "GRADIO_ANALYTICS_ENABLED": "False",
    }
    for name in ("ASSISTANT_AUTH", "ASSISTANT_POLICIES", "CHROMA_HOST", "GRADIO_SERVER_NAME", "GRADIO_SHARE"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-m", "ingest"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, f"ingest failed:\n{done.stdout}\n{done.stderr}"
    return env


@pytest.fixture(scope="session")
def start_app():
    """``start_app(env, log_path) -> AppServer``, for tests that need the app with other settings."""
    return AppServer


@pytest.fixture(scope="session")
def default_app_index(app_env) -> Path:
    """The session's ingested index, for modules that copy it before changing it."""
    return Path(app_env["ASSISTANT_INDEX"])


@pytest.fixture(scope="session")
def app_server(app_env, tmp_path_factory):
    """The app every test shares (sessions inside it are separate per browser context)."""
    server = AppServer(app_env, tmp_path_factory.mktemp("app-log") / "app.log")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def app_url(app_server) -> str:
    return app_server.url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing; `make test-setup` installs Debian's chromium")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, app_url):
    """Opens the app in a new browser context (a separate session with its own cookies and state)."""
    contexts = []

    def open_page():
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        contexts.append(context)
        page = context.new_page()
        page.goto(app_url)
        page.locator("#question textarea").wait_for()
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page, name: str) -> None:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take

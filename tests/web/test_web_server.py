"""Start-up checks of `python app.py`: a bad setting is a sentence saying what to set, not a trace.

These fail before Gradio is imported or the assistant is built, so they take a second each.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GRADIO_", "ASSISTANT_AUTH"))}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "env, says",
    [
        ({"GRADIO_SERVER_PORT": "80a"}, "GRADIO_SERVER_PORT='80a' is not a port number"),
        ({"ASSISTANT_AUTH": "alice"}, "ASSISTANT_AUTH must look like user:password"),
        ({"ASSISTANT_AUTH": ":pw"}, "ASSISTANT_AUTH must look like user:password"),
    ],
)
def test_bad_settings_stop_the_app_with_a_clear_message(env, says):
    done = _run("app.py", **env)
    assert done.returncode != 0
    assert says in done.stderr
    assert "Traceback" not in done.stderr


def test_serve_help_names_the_settings_without_starting():
    done = _run("-m", "policy_assistant", "serve", "--help")
    assert done.returncode == 0, done.stderr
    for name in ("GRADIO_SERVER_NAME", "GRADIO_SERVER_PORT", "127.0.0.1", "ASSISTANT_AUTH"):
        assert name in done.stdout
    assert "ready on" not in done.stdout + done.stderr

"""`policy-assistant COMMAND`, run as `python -m policy_assistant` from the checkout (the installed
script is checked in tests/test_packaging.py): each command reaches the same main() as `python -m`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
POLICIES = ROOT / "data" / "policies"


def cli(*args: str, env: dict | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "policy_assistant", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_help_lists_the_commands():
    done = cli("--help")
    assert done.returncode == 0
    for command in ("ask", "ingest", "serve", "eval"):
        assert f"  {command} " in done.stdout


@pytest.mark.parametrize("args, says", [((), "usage: policy-assistant"), (("answer",), "unknown command 'answer'")])
def test_missing_or_unknown_command_is_an_error_with_the_usage(args, says):
    done = cli(*args)
    assert done.returncode == 2
    assert says in done.stdout + done.stderr and "ask" in done.stdout + done.stderr


@pytest.mark.parametrize(
    "command, option",
    [("ask", "--policy"), ("ask", "--json"), ("ingest", "paths"), ("eval", "--out"), ("serve", "ASSISTANT_AUTH")],
)
def test_each_command_has_its_own_help(command, option):
    done = cli(command, "--help")
    assert done.returncode == 0, done.stderr
    assert option in done.stdout


def test_ask_answers_with_citations_as_json(default_index):
    env = {"ASSISTANT_INDEX": str(default_index), "ASSISTANT_POLICIES": str(POLICIES), "ASSISTANT_LLM": "extractive"}
    done = cli("ask", "How long does MIKMIK keep complaint records?", "--policy", "mikmik", "--json", env=env)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["answerable"] and "3 years" in answer["text"]
    assert {c["policy"] for c in answer["citations"]} == {"mikmik"}


def test_ask_with_an_unknown_policy_names_the_known_ones(default_index):
    env = {"ASSISTANT_INDEX": str(default_index), "ASSISTANT_POLICIES": str(POLICIES)}
    done = cli("ask", "Do you sell my data?", "--policy", "no-such-shop", env=env)
    assert done.returncode != 0
    assert "mikmik" in done.stderr and "Traceback" not in done.stderr


def test_ingest_reports_a_bad_file_and_exits_non_zero(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    done = cli("ingest", "-q", str(bad), env={"ASSISTANT_INDEX": str(tmp_path / "index")})
    assert done.returncode != 0
    assert "empty.txt" in done.stderr

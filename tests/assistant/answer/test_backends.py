"""Answer backends are a registry: one registration makes a backend known to the settings, to the
CLI's and eval's ``--backend``, and to a real evaluation run; an installed package adds one through
an entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from assistant import Settings, SettingsError
from assistant.answer.chat_models import ChatBackend, ChatModel
from ingest import backends
from tests.conftest import POLICIES, ROOT

pytestmark = pytest.mark.slow
PROMPTS: list = []  # what the toy model was asked


class CannedChat(BaseChatModel):
    """Says the same thing to every prompt and keeps the prompts."""

    @property
    def _llm_type(self) -> str:
        return "canned"

    def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
        PROMPTS.append(messages)
        return ChatResult(
            generations=[ChatGeneration(message=AIMessage(content="Complaint records are kept for 3 years [1]."))]
        )


class ToyBackend(ChatBackend):
    name = "toy"

    def build(self, settings) -> ChatModel:
        return ChatModel(CannedChat(), "toy:canned")


@pytest.fixture
def toy():
    backends.register(ToyBackend)  # the one registration
    yield ToyBackend
    backends.unregister("toy")


def test_a_registered_backend_is_a_setting_and_a_cli_choice(toy, capsys):
    from assistant.__main__ import main as ask

    assert "toy" in backends.names()
    assert Settings.from_env({"ASSISTANT_LLM": "toy"}).llm == "toy"
    with pytest.raises(SystemExit):
        ask(["--help"])
    assert "toy" in capsys.readouterr().out
    backends.unregister("toy")
    with pytest.raises(SettingsError, match="use one of extractive, llamacpp, openai, ollama"):
        Settings.from_env({"ASSISTANT_LLM": "toy"})


def test_python_m_eval_runs_a_registered_backend(toy, default_index, tmp_path, monkeypatch):
    from eval.__main__ import main as evaluate

    monkeypatch.setenv("ASSISTANT_INDEX", str(default_index))
    monkeypatch.setenv("ASSISTANT_POLICIES", str(POLICIES))
    monkeypatch.delenv("ASSISTANT_LLM", raising=False)
    limits = tmp_path / "no-minimums.toml"
    limits.write_text("[default]\n", encoding="utf-8")
    PROMPTS.clear()
    code = evaluate(
        ["--backend", "toy", "--limit", "3", "-q", "--out", str(tmp_path / "report"), "--thresholds", str(limits)]
    )
    assert code == 0
    report = json.loads((tmp_path / "report" / "report.json").read_text(encoding="utf-8"))
    assert report["meta"]["backend"] == "toy" and report["meta"]["items"] == 3
    assert PROMPTS, "the toy model was never asked"


def test_an_installed_package_registers_a_backend_through_its_entry_point(tmp_path):
    """A third-party package on the path, declaring only an entry point, is a --backend choice."""
    (tmp_path / "toy_plugin.py").write_text(
        textwrap.dedent("""
        from assistant.answer.chat_models import ChatBackend

        class PluggedBackend(ChatBackend):
            name = "plugged"
    """),
        encoding="utf-8",
    )
    info = tmp_path / "toy_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: toy-plugin\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[policy_assistant.backends]\nplugged = toy_plugin:PluggedBackend\n", encoding="utf-8"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    shown = subprocess.run(
        [sys.executable, "-m", "eval", "--help"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert shown.returncode == 0, shown.stderr
    assert "plugged" in shown.stdout
    code = (
        "from ingest import backends, Settings; import sys\n"
        "print(Settings.from_env({'ASSISTANT_LLM': 'plugged'}).llm, backends.get('plugged').__module__)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["plugged", "toy_plugin"], out.stderr

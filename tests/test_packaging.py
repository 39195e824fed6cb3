"""pyproject.toml: the package ships every package folder and its data, its dependency ranges agree
with the pins in requirements*.txt, and an installed copy works from outside the checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
TOP_LEVEL = ("assistant", "ingest", "web", "eval", "policy_assistant")
COMPLAINTS = "How long does MIKMIK keep complaint records?"


def _pins() -> dict[str, str]:
    pins = {}
    for path in ROOT.glob("requirements*.txt"):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line and not line.startswith("-"):
                req = Requirement(line)
                pins[canonicalize_name(req.name)] = str(req.specifier).removeprefix("==")
    return pins


def test_every_package_folder_is_shipped():
    """A new subpackage (e.g. assistant/retrieval/) must be added to [tool.setuptools] packages."""
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in TOP_LEVEL
        for init in (ROOT / top).rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    listed = set(PROJECT["tool"]["setuptools"]["packages"])
    assert on_disk - listed == set(), (
        f"add these to [tool.setuptools] packages in pyproject.toml: {sorted(on_disk - listed)}"
    )
    # prompts/ and models/ themselves, mapped into the package
    assert listed - on_disk == {"assistant.prompts", "ingest.models"}
    assert PROJECT["tool"]["setuptools"]["package-dir"]["assistant.prompts"] == "prompts"
    assert PROJECT["tool"]["setuptools"]["package-dir"]["ingest.models"] == "models"


def test_dependency_ranges_admit_the_pinned_versions():
    pins = _pins()
    for line in PROJECT["project"]["dependencies"] + sum(PROJECT["project"]["optional-dependencies"].values(), []):
        req = Requirement(line)
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is a dependency in pyproject.toml but not pinned in requirements*.txt"
        assert req.specifier.contains(pins[name]), f"requirements pin {req.name}=={pins[name]} outside {req.specifier}"


def test_build_backend_is_pinned_for_offline_installs():
    # `pip install --no-build-isolation -e .` (the Makefile) uses the venv's setuptools, so it is pinned.
    backend = Requirement(PROJECT["build-system"]["requires"][0])
    assert backend.specifier.contains(_pins()[canonicalize_name(backend.name)])


def _source_copy(dest: Path) -> Path:
    # A clean copy: setuptools' build/ folder keeps files a previous build saw, deleted modules included.
    skip = shutil.ignore_patterns(
        ".git",
        ".venv",
        ".index*",
        "build",
        "dist",
        "*.egg-info",
        "__pycache__",
        ".pytest_cache",
        "reports",
        "screenshots",
        "out",
        "tests",
    )
    return Path(shutil.copytree(ROOT, dest, ignore=skip))


@pytest.mark.slow
def test_installed_package_works_outside_the_checkout(tmp_path, default_index):
    src, target, away = _source_copy(tmp_path / "src"), tmp_path / "site", tmp_path / "elsewhere"
    away.mkdir()
    pip = [sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index", "--quiet"]
    done = subprocess.run([*pip, "--target", str(target), str(src)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(
        PYTHONPATH=str(target), ASSISTANT_INDEX=str(default_index), ASSISTANT_POLICIES=str(ROOT / "data" / "policies")
    )

    def run(*args: str) -> subprocess.CompletedProcess:
        out = subprocess.run(args, cwd=away, env=env, capture_output=True, text=True, timeout=600)
        assert out.returncode == 0, f"{args}:\n{out.stdout}\n{out.stderr}"
        return out

    # Everything is imported from the installed copy, and its data files are found there.
    probe = (
        "import assistant, ingest, web, eval, policy_assistant\n"
        "from assistant import Assistant\n"
        "from assistant.answer.prompting import PROMPTS_DIR, load_prompt\n"
        "from eval.dataset import QUESTIONS\n"
        "from web.page import static_text\n"
        "from ingest.embed import model_folder\n"
        "load_prompt('answer'); load_prompt('condense'); assert QUESTIONS.is_file(); static_text('app.css')\n"
        "print(*[m.__file__ for m in (assistant, ingest, web, eval, policy_assistant)], PROMPTS_DIR, model_folder('tuned'), sep='\\n')\n"
    )
    paths = run(sys.executable, "-c", probe).stdout.split()
    assert len(paths) == 7 and all(p.startswith(str(target)) for p in paths), paths

    script = str(target / "bin" / "policy-assistant")
    assert "ask" in run(script, "--help").stdout
    for command in ("ask", "ingest", "serve", "eval"):
        assert "usage:" in run(script, command, "--help").stdout
    answer = run(script, "ask", COMPLAINTS, "--policy", "mikmik").stdout
    assert "3 years" in answer and "[1]" in answer

"""A file never silently replaces another policy that has its slug (issue 28): `python -m ingest
other/kmall24.md` used to exit 0 with the real KMALL24 gone and its answers quoting the impostor."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys

import orjson
import pytest

from assistant import build_assistant
from ingest import Settings, ingest
from ingest.load import file_digest
from tests.conftest import POLICIES, ROOT

IMPOSTOR = "# KMALL24\n\nKMALL24 privacy policy.\n\nWe sell everything to anyone. We keep nothing safe at all.\n"


@pytest.fixture
def world(tmp_path, default_index):
    settings = dataclasses.replace(Settings.from_env({}), index=tmp_path / "index", policies=POLICIES)
    shutil.copytree(default_index, settings.index)
    other = tmp_path / "other"
    other.mkdir()
    (other / "kmall24.md").write_text(IMPOSTOR, encoding="utf-8")
    return settings, other / "kmall24.md"


def _cli(settings, *args):
    env = {**os.environ, "ASSISTANT_INDEX": str(settings.index), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "ingest", "-q", *map(str, args)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _rows(settings) -> dict:
    return orjson.loads((settings.index / "manifest.json").read_bytes())["policies"]


def test_a_same_name_file_from_another_folder_is_refused_and_the_original_keeps_answering(world):
    settings, impostor = world
    before = _rows(settings)["kmall24"]
    out = _cli(settings, impostor)
    assert out.returncode != 0
    assert "kmall24" in out.stderr and "--replace" in out.stderr and str(POLICIES / "kmall24.md") in out.stderr
    row = _rows(settings)["kmall24"]
    # The manifest records where each policy came from and the digest of its bytes.
    assert row == before and row["path"] == str((POLICIES / "kmall24.md").resolve())
    assert row["source"] == file_digest((POLICIES / "kmall24.md").read_bytes())
    bot = build_assistant(settings)
    assert "sell everything" not in bot.document("kmall24")
    answer = bot.ask("Does KMALL24 sell my data?")
    assert answer.citations and all("sell everything" not in c.quote for c in answer.citations)


def test_replace_is_asked_for_by_name(world):
    settings, impostor = world
    out = _cli(settings, "--replace", impostor)
    assert out.returncode == 0, out.stderr
    row = _rows(settings)["kmall24"]
    assert row["path"] == str(impostor.resolve()) and row["source"] == file_digest(impostor.read_bytes())
    assert "sell everything" in build_assistant(settings).document("kmall24")


def test_the_same_policy_from_another_folder_is_a_move_not_a_clash(world, tmp_path):
    """A copy of the corpus elsewhere (the same bytes) takes over the paths: nothing is lost."""
    settings, _ = world
    moved = tmp_path / "moved"
    shutil.copytree(POLICIES, moved)
    summary = ingest([moved], settings)
    assert summary.errors == [] and summary.embedded == 0
    assert _rows(settings)["kmall24"]["path"] == str((moved / "kmall24.md").resolve())

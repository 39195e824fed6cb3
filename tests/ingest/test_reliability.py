"""Issue 15's store reliability with real processes and a real Chroma: a real ingest killed by
SIGKILL at each named point of its write sequence, two ingests at once, a leftover keyword.old,
and a running Assistant that keeps answering while another process ingests.

One index of the default corpus is re-ingested from a folder of this module (the "old" index);
then that folder changes (MIKMIK's complaint records kept 9 years instead of 3, a KMALL24 section
added, KPOPMART removed). Each scenario works on its own copy of the old index.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from filelock import FileLock

from ingest import Settings, SettingsError, ingest
from ingest.errors import IndexBusyError
from ingest.keyword import KeywordIndex
from ingest.store import PolicyIndex, collection
from ingest.writer import LOCK_FILE, STAGES
from tests.conftest import POLICIES, ROOT

QUESTIONS = [
    "How long does MIKMIK keep complaint records?",
    "How long does KMALL24 keep order records?",
    "What does KPOPMART use cookies for?",
    "Does TOOTOOMART sell my personal information to third parties?",
]
BEFORE_SWITCH = {"embedded", "vectors", "keyword", "manifest-temp"}


@dataclasses.dataclass
class World:
    policies: Path  # the folder the old index was built from, changed since
    old: Path  # the old index (never written after it was built)
    old_answers: list
    new_answers: list  # what a clean ingest of the changed folder answers


def _settings(index: Path, policies: Path) -> Settings:
    return dataclasses.replace(Settings.from_env({}), index=index, policies=policies)


def _answers(settings: Settings) -> list:
    from assistant import build_assistant

    bot = build_assistant(settings)
    return [_shape(bot.ask(q)) for q in QUESTIONS]


def _shape(answer) -> tuple:
    return answer.text, [(c.policy, c.start, c.end, c.quote) for c in answer.citations]


def _change(folder: Path) -> None:
    mikmik = folder / "mikmik.txt"
    mikmik.write_text(mikmik.read_text().replace("trouble settlement: 3 years", "trouble settlement: 9 years"))
    kmall = folder / "kmall24.md"
    kmall.write_text(kmall.read_text() + "\n\n## RETENTION\n\nWe keep order records for seven years.\n")
    (folder / "kpopmart.md").unlink()


@pytest.fixture(scope="module")
def world(tmp_path_factory, default_index) -> World:
    root = tmp_path_factory.mktemp("reliability")
    policies, old, new = root / "policies", root / "old", root / "new"
    shutil.copytree(POLICIES, policies)
    shutil.copytree(default_index, old)
    summary = ingest([policies], _settings(old, policies))  # paths now point into this folder
    assert summary.embedded == 0 and not summary.errors
    old_answers = _answers(_settings(old, policies))
    _change(policies)
    shutil.copytree(old, new)
    assert not ingest([policies], _settings(new, policies)).errors
    new_answers = _answers(_settings(new, policies))
    assert "3 years" in old_answers[0][0] and "9 years" in new_answers[0][0]
    assert old_answers[1] != new_answers[1] and old_answers[2] != new_answers[2]
    return World(policies, old, old_answers, new_answers)


def _copy(world: World, dest: Path) -> Settings:
    shutil.copytree(world.old, dest)
    return _settings(dest, world.policies)


def _ingest_process(settings: Settings, *paths, env=None, stderr=subprocess.PIPE) -> subprocess.Popen:
    env = {**os.environ, "ASSISTANT_INDEX": str(settings.index), "PYTHONPATH": str(ROOT), **(env or {})}
    env.pop("CHROMA_HOST", None)
    return subprocess.Popen(
        [sys.executable, "-m", "ingest", "-q", *map(str, paths)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
    )


def _agree(settings: Settings, exact: bool) -> None:
    """Every unit the manifest lists is in Chroma and in the manifest's keyword index; with
    ``exact`` Chroma holds nothing else and no temporary or unnamed keyword folder or entry file is left."""
    index = PolicyIndex.open(settings)
    listed = index.unit_ids()
    stored = set(collection(settings).get(include=[])["ids"])
    assert listed <= stored, f"{len(listed - stored)} listed units missing from Chroma"
    assert set(KeywordIndex.load(index.folder / index.manifest.keyword).ids) == listed
    if exact:
        assert stored == listed, f"{len(stored - listed)} orphan vectors"
        kept = ("chroma", "manifest.json", "entries", LOCK_FILE, index.manifest.keyword)
        assert [p.name for p in index.folder.iterdir() if p.name not in kept] == []
        rows = json.loads((index.folder / "manifest.json").read_text())["policies"].values()
        assert sorted(p.name for p in (index.folder / "entries").iterdir()) == sorted(
            Path(r["file"]).name for r in rows
        )


@pytest.mark.slow
def test_a_kill_at_any_point_leaves_the_old_answers_or_the_new_ones_whole(world, tmp_path, caplog):
    assert len(STAGES) >= 5
    runs = {}
    for stage in STAGES:  # all at once: each is a separate process on its own copy
        settings = _copy(world, tmp_path / stage)
        # One thread each: seven processes share the machine's cores.
        env = {"ASSISTANT_TEST_KILL_AT": stage, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        runs[stage] = (settings, _ingest_process(settings, world.policies, env=env))
    for stage, (_settings, proc) in runs.items():
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == -signal.SIGKILL, (
            f"{stage}: the ingest was not killed there ({proc.returncode}): {err}"
        )
    for stage, (settings, _) in runs.items():
        expected = world.old_answers if stage in BEFORE_SWITCH else world.new_answers
        assert _answers(settings) == expected, stage
        _agree(settings, exact=False)
        caplog.clear()
        summary = ingest([world.policies], settings)  # the next run repairs what the kill left
        assert not summary.errors, (stage, summary.errors)
        _agree(settings, exact=True)
        assert _answers(settings) == world.new_answers, stage
        if stage != "embedded":  # killed before writing anything, it left nothing to clean
            assert "interrupted ingest" in caplog.text, (stage, caplog.text)


@pytest.mark.slow
def test_two_ingests_at_once_write_one_after_the_other_while_the_assistant_answers(world, tmp_path):
    from assistant import build_assistant

    settings = _copy(world, tmp_path / "index")
    bot = build_assistant(settings)
    assert _shape(bot.ask(QUESTIONS[0])) == world.old_answers[0]
    extra = tmp_path / "extra" / "new-shop.txt"
    extra.parent.mkdir()
    extra.write_text("New Shop privacy policy\n\nWe keep your e-mail address for two years.\n")
    held = FileLock(str(settings.index / LOCK_FILE))
    held.acquire()  # so that both surely start while another writer holds the index
    logs = [tmp_path / "a.err", tmp_path / "b.err"]
    procs = [
        _ingest_process(settings, world.policies, stderr=logs[0].open("w")),
        _ingest_process(settings, extra, stderr=logs[1].open("w")),
    ]
    deadline = time.time() + 240
    while not all("another ingest is writing to" in log.read_text() for log in logs):
        assert time.time() < deadline and all(p.poll() is None for p in procs), [log.read_text() for log in logs]
        time.sleep(0.2)
    held.release()
    seen = []
    while any(p.poll() is None for p in procs):
        seen.append(_shape(bot.ask(QUESTIONS[0])))  # an error here fails the test
        time.sleep(0.05)
    for proc in procs:
        assert proc.returncode == 0, (proc.communicate()[0], [log.read_text() for log in logs])
    _agree(settings, exact=True)
    manifest = PolicyIndex.open(settings).manifest
    assert "new-shop" in manifest.policies and "kpopmart" not in manifest.policies  # neither run's work was lost
    # While they wrote, the running Assistant answered from the old index or the new one, never a
    # mix; after them, from the new one without a restart.
    assert seen and set(map(repr, seen)) <= {repr(world.old_answers[0]), repr(world.new_answers[0])}
    assert [_shape(bot.ask(q)) for q in QUESTIONS[:2]] == world.new_answers[:2]
    assert "new-shop" in dict(bot.policies()) and "kpopmart" not in dict(bot.policies())


def test_an_ingest_that_cannot_get_the_lock_says_so_and_changes_nothing(world, tmp_path):
    settings = dataclasses.replace(_copy(world, tmp_path / "index"), lock_timeout=0.5)
    before = (settings.index / "manifest.json").read_bytes()
    with FileLock(str(settings.index / LOCK_FILE)):
        with pytest.raises(IndexBusyError, match="another ingest is still writing to .*ASSISTANT_LOCK_TIMEOUT"):
            ingest([world.policies], settings)
    assert (settings.index / "manifest.json").read_bytes() == before


def test_leftovers_of_killed_runs_never_block_an_ingest_and_are_cleaned(world, tmp_path, caplog):
    settings = _copy(world, tmp_path / "index")
    (settings.index / "keyword.old" / "x").mkdir(parents=True)  # a kill during an old version's swap
    (settings.index / ".keyword-abc123" / "bm25").mkdir(parents=True)
    (settings.index / ".manifest-abc123").write_text("{")
    vector = collection(settings).get(limit=1, include=["embeddings"])["embeddings"][0]
    collection(settings).add(
        ids=["orphan-1"], embeddings=[list(vector)], documents=["x"], metadatas=[{"policy": "mikmik"}]
    )
    summary = ingest([world.policies], settings)
    assert not summary.errors
    _agree(settings, exact=True)
    assert "keyword.old" in caplog.text and "removed 1 vectors" in caplog.text
    assert _answers(settings) == world.new_answers


def test_the_lock_timeout_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("ASSISTANT_LOCK_TIMEOUT", "2.5")
    assert Settings.from_env().lock_timeout == 2.5
    monkeypatch.setenv("ASSISTANT_LOCK_TIMEOUT", "soon")
    with pytest.raises(SettingsError, match="ASSISTANT_LOCK_TIMEOUT='soon'"):
        Settings.from_env()

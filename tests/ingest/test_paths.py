"""Which files a list of paths means: recursion, hidden files, unreadable folders, link loops, clashes."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest import ingest
from ingest.errors import SettingsError
from ingest.paths import find
from ingest.settings import Settings
from tests.conftest import ROOT

POLICY = "Privacy notice of {name}\n\nWe keep your e-mail address for two years after your last order.\n"


def _tree(root: Path, spec: dict) -> None:
    """Builds files from {"a/b.txt": text or None (a policy)}."""
    for rel, text in spec.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text if text is not None else POLICY.format(name=path.stem))


def _rel(root: Path, paths) -> list[str]:
    return [str(Path(p).relative_to(root)) for p in paths]


@pytest.mark.parametrize(
    "spec, files, where, error_words",
    [
        (
            {
                "a.md": None,
                "eu/b.txt": None,
                "eu/de/c.html": "<p>Wir speichern Ihre Daten zwei Jahre lang nach dem Kauf.</p>",
            },
            ["a.md", "eu/b.txt", "eu/de/c.html"],
            {".": 1, "eu": 1, "eu/de": 1},
            [],
        ),
        ({"a.md": None, ".hidden.md": None, ".git/config.txt": None, "sub/.DS_Store": "x"}, ["a.md"], {".": 1}, []),
        (
            {"a.md": None, "notes.docx": "x", "sub/img.png": "x"},
            ["a.md"],
            {".": 1},
            ["notes.docx: unsupported", "sub/img.png: unsupported"],
        ),
        # A browser's "save complete page" assets folder beside its page is not policy material.
        (
            {
                "Privacy.html": "<p>We keep your e-mail address for two years.</p>",
                "Privacy_files/app.js": "x",
                "Other_files/app.js": "x",
            },
            ["Privacy.html"],
            {".": 1},
            ["Other_files/app.js: unsupported"],
        ),
    ],
)
def test_folders_are_walked_recursively(tmp_path, spec, files, where, error_words):
    _tree(tmp_path, spec)
    found = find([tmp_path])
    assert _rel(tmp_path, found.files) == files
    assert {str(Path(k).relative_to(tmp_path)): n for k, n in found.where.items()} == where
    errors = [f"{Path(e.path).relative_to(tmp_path)}: {e.reason}" for e in found.errors]
    assert len(errors) == len(error_words), errors
    for words in error_words:
        assert any(e.startswith(words) for e in errors), (words, errors)
    assert found.line().startswith(f"found {len(files)} policy file")


def test_symlink_loops_and_broken_links_are_reported_and_the_rest_goes_in(tmp_path):
    _tree(tmp_path, {"top.md": None, "sub/deep.md": None})
    os.symlink(tmp_path, tmp_path / "sub" / "back-to-top")  # a loop through a folder link
    os.symlink(tmp_path / "self-a", tmp_path / "self-b")
    os.symlink(tmp_path / "self-b", tmp_path / "self-a")  # a loop of two links
    os.symlink(tmp_path / "gone.md", tmp_path / "dangling.md")
    os.symlink(tmp_path / "top.md", tmp_path / "sub" / "alias.md")  # the same file twice: taken once
    found = find([tmp_path, tmp_path / "sub" / "deep.md"])
    assert _rel(tmp_path, found.files) == ["top.md", "sub/deep.md"]
    reasons = {Path(e.path).name: e.reason for e in found.errors}
    assert set(reasons) == {"back-to-top", "self-a", "self-b", "dangling.md"}
    assert "symlink loop" in reasons["back-to-top"] and "symlink loop" in reasons["self-a"]
    assert "broken link" in reasons["dangling.md"]


def _unreadable(folder: Path):
    folder.chmod(0)
    if os.access(folder, os.R_OK):  # root (as in CI) reads it anyway: no real unreadable folder to test with
        folder.chmod(0o755)
        return False
    return True


def test_unreadable_folder_is_reported_and_the_rest_goes_in(tmp_path, monkeypatch):
    _tree(tmp_path, {"a.md": None, "locked/b.md": None, "z/c.md": None})
    locked = tmp_path / "locked"
    real = _unreadable(locked)
    if not real:
        # As root, make the one folder unlistable the way the OS would: scandir raises EACCES for it.
        real_scandir = os.scandir

        def scandir(path):
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)

        monkeypatch.setattr("ingest.paths.os.scandir", scandir)
    try:
        found = find([tmp_path, locked / "b.md"])
    finally:
        locked.chmod(0o755)
    assert _rel(tmp_path, found.files) == ["a.md", "z/c.md"] + (["locked/b.md"] if not real else [])
    reasons = {str(Path(e.path).relative_to(tmp_path)): e.reason for e in found.errors}
    assert "Permission denied" in reasons["locked"] and "permissions" in reasons["locked"]
    if real:  # a file inside it cannot even be looked at
        assert "Permission denied" in reasons["locked/b.md"]


@pytest.fixture
def settings(tmp_path):
    return dataclasses.replace(Settings.from_env({}), index=tmp_path / "index", policies=tmp_path / "none")


def test_ingest_reports_each_files_own_problem_and_the_slug_clash(tmp_path, settings):
    folder = tmp_path / "p"
    _tree(folder, {"shop.md": None, "shop.txt": "", "eu/shop.html": None, "other.md": None})
    (folder / "big.txt").write_bytes(b"x" * (1024 * 1024 + 10))
    summary = ingest([folder], dataclasses.replace(settings, max_policy_mb=1))
    reasons: dict[str, list[str]] = {}
    for e in summary.errors:
        reasons.setdefault(str(Path(e.path).relative_to(folder)), []).append(e.reason)
    assert set(reasons) == {"shop.txt", "eu/shop.html", "big.txt"}
    assert "empty" in reasons["shop.txt"][0] and "same slug 'shop'" in reasons["shop.txt"][1]
    assert len(reasons["eu/shop.html"]) == 1 and "same slug" in reasons["eu/shop.html"][0]
    assert "over the 1 MB limit" in reasons["big.txt"][0]
    assert summary.files == 2  # shop.md and other.md went in
    assert summary.found.startswith("found 5 policy files: 4 in ") and "1 in " + str(folder / "eu") in summary.found


def test_max_policy_mb_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("ASSISTANT_MAX_POLICY_MB", "12.5")
    assert Settings.from_env().max_policy_mb == 12.5
    monkeypatch.delenv("ASSISTANT_MAX_POLICY_MB")
    assert Settings.from_env().max_policy_mb == 5.0
    for bad in ("lots", "0", "-3"):
        monkeypatch.setenv("ASSISTANT_MAX_POLICY_MB", bad)
        with pytest.raises(SettingsError, match="ASSISTANT_MAX_POLICY_MB"):
            Settings.from_env()


@pytest.mark.slow
def test_cli_goes_on_past_a_loop_and_says_what_it_found(tmp_path):
    folder = tmp_path / "p"
    _tree(folder, {"a.md": None, "sub/b.txt": None})
    os.symlink(folder, folder / "sub" / "loop")
    env = {**os.environ, "ASSISTANT_INDEX": str(tmp_path / "index"), "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-m", "ingest", "-q", str(folder)],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert out.returncode == 1  # something under the path did not go in
    assert "Traceback" not in out.stderr
    assert f"error: {folder / 'sub' / 'loop'}: a symlink loop" in out.stderr
    assert f"found 2 policy files: 1 in {folder}, 1 in {folder / 'sub'}" in out.stdout
    assert "2 files, chunks: 2 added" in out.stdout

"""The README stays a user's page, and the documentation site builds offline from a fresh clone."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_is_short_and_carries_no_work_item_numbers():
    assert len(README.splitlines()) <= 300
    assert not re.search(r"\b[Ii]ssues? #?\d+|\(#\d+\)", README)


def test_the_readme_links_only_to_files_that_exist():
    targets = [t for t in re.findall(r"\]\(([^)#]+)\)", README) if "://" not in t]
    assert targets, "the README links to the documentation"
    assert [t for t in targets if not (ROOT / t).exists()] == []


@pytest.mark.slow
def test_the_site_builds_strictly_without_the_generated_figures(tmp_path):
    """A fresh clone has no reports/ or bench/out/ yet: the pages that include them still build."""
    mkdocs = Path(sys.executable).with_name("mkdocs")
    checkout = tmp_path / "checkout"
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    for name in files:
        if (ROOT / name).is_file():
            (checkout / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, checkout / name)
    assert not (checkout / "reports").exists()
    done = subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=checkout,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stderr
    api = (tmp_path / "site" / "api" / "index.html").read_text(encoding="utf-8")
    assert "Answers questions about the ingested policies" in api  # the docstrings made it in

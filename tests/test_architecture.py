"""docs/architecture.md names every module of the product with one line, so it cannot drift: a new
module needs its line, and a line for a module that is gone must go."""

from __future__ import annotations

import re

from tests.conftest import ROOT

PAGE = ROOT / "docs" / "architecture.md"
FOLDERS = ("assistant", "ingest", "web", "eval")
LINE = re.compile(r"^- `((?:assistant|ingest|web|eval)/[\w/]+\.py)`: \S", re.M)


def listed(text: str) -> list[str]:
    return LINE.findall(text)


def on_disk() -> set[str]:
    return {
        p.relative_to(ROOT).as_posix()
        for top in FOLDERS
        for p in (ROOT / top).rglob("*.py")
        if p.name != "__init__.py" and "__pycache__" not in p.parts
    }


def test_every_module_has_its_line_in_the_architecture_page():
    names = listed(PAGE.read_text(encoding="utf-8"))
    missing = sorted(on_disk() - set(names))
    assert missing == [], f"add a line '- `path`: what it is' to docs/architecture.md for: {missing}"
    gone = sorted(set(names) - on_disk())
    assert gone == [], f"docs/architecture.md names modules that do not exist: {gone}"
    assert len(names) == len(set(names)), "a module is named twice"


def test_a_line_without_a_description_does_not_count():
    assert listed("- `assistant/new.py`: the new step\n- `assistant/bare.py`\n- `web/x.py`:\n") == ["assistant/new.py"]

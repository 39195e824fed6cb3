"""Imports run one way: ingest (the first stage) never imports the assistant, so no lazy-import
trick is needed to break a loop."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import ROOT


def _imported_modules(path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_no_module_of_ingest_imports_the_assistant():
    files = sorted((ROOT / "ingest").rglob("*.py"))
    assert len(files) >= 8
    offenders = {
        f.name: sorted(m for m in _imported_modules(f) if m.split(".")[0] in ("assistant", "eval", "app", "web"))
        for f in files
    }
    assert {name: mods for name, mods in offenders.items() if mods} == {}


def test_ingest_imports_and_runs_with_the_assistant_blocked():
    code = (
        "import sys; sys.modules['assistant'] = None\n"
        "import ingest, ingest.__main__, ingest.store, ingest.embed\n"
        "from ingest import PolicyIndex, Settings, ensure, ingest as run\n"
        "print('IMPORTED', [m for m in sys.modules if m.startswith('assistant.')])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "IMPORTED []" in out.stdout


def test_the_assistant_package_needs_no_lazy_attribute_trick():
    source = (ROOT / "assistant" / "__init__.py").read_text(encoding="utf-8")
    assert "__getattr__" not in source
    code = "import assistant; from assistant import Assistant, get_assistant, build_assistant, Settings, InputError; print('OK')"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "OK" in out.stdout, out.stderr

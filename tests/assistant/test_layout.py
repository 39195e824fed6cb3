"""The assistant's own wiring: the factory builds typed parts and the public API wraps them, one way."""

from __future__ import annotations

import ast
import dataclasses
import typing

from tests.conftest import ROOT


def _imports(path) -> set[str]:
    """Every module a file imports, relative ones spelled as written (``.api``, ``..factory``)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
    return names


def test_the_factory_does_not_import_the_api():
    """api.py imports factory.py to build its parts; the other way round would be a loop."""
    assert not {m for m in _imports(ROOT / "assistant" / "factory.py") if m.endswith("api") or m == "assistant"}
    assert ".factory" in _imports(ROOT / "assistant" / "api.py")


def test_every_part_is_typed_as_what_it_is():
    from assistant import factory
    from assistant.answer import generative

    hints = typing.get_type_hints(factory.Parts, {**vars(generative), **vars(factory)})
    assert [f.name for f in dataclasses.fields(factory.Parts)] == list(hints)
    loose = {name: hint for name, hint in hints.items() if object in (hint, *typing.get_args(hint))}
    assert loose == {}, f"typed as object: {loose}"
    assert hints["generative"] == generative.GenerativeBackend | None

"""One tool, one place: the e-mail and phone patterns and the sentence splitter are written once, in
ingest/text.py, and every stage imports them from there (assistant.text re-exports them). A second
copy drifts, and then ingest and the answer disagree about what an address or a sentence is."""

from __future__ import annotations

import ast
import re

import pytest

from tests.conftest import ROOT

HOME = "ingest/text.py"
PRODUCT = ("assistant", "ingest", "web", "eval", "tune", "policy_assistant", "app.py")
# What each idea looks like written as a regex: an e-mail's local part before "@" and a character
# class after it; a phone's digit followed by a class of digits and separators; a sentence end
# ([.!?] in a class) followed by the whitespace that separates it from the next sentence.
SHAPES = {
    "e-mail": re.compile(r"@(?:\[|\\[wS])"),
    "phone": re.compile(r"\\d\[\\d[^\]]*[ .()-][^\]]*\]"),
    "sentence": re.compile(r"\[[^\]]*\.[^\]]*![^\]]*\](?:\)|\[(?:\\.|[^\]])*\]\*)*(?:\\s\+|\(\?=\\s\+)"),
}
# Splitters at sentence ends that do something else, each with why; this list may only shrink.
OTHER_SPLITS = {
    ("assistant/answer/yesno.py", "sentence"): 1,  # a question's last sentence: "?" is kept inside on purpose
    ("assistant/answer/phrases.py", "sentence"): 1,  # the clause just before a word, cut at ; : too
    ("assistant/verify/judge.py", "sentence"): 1,  # clauses, also cut at "but" and "however"
    ("assistant/retrieval/extent.py", "sentence"): 2,  # a sentence's bounds around an offset in a chunk
}


def _files():
    for top in PRODUCT:
        path = ROOT / top
        yield from sorted(path.rglob("*.py")) if path.is_dir() else [path]


def found(source: str) -> list[tuple[str, int]]:
    """(idea, line) for every string literal in ``source`` shaped like one of the patterns."""
    hits = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            hits += [(idea, node.lineno) for idea, shape in SHAPES.items() if shape.search(node.value)]
    return hits


def test_each_pattern_is_written_only_in_its_module():
    counts: dict[tuple[str, str], list[int]] = {}
    for path in _files():
        name = path.relative_to(ROOT).as_posix()
        if name != HOME:
            for idea, line in found(path.read_text(encoding="utf-8")):
                counts.setdefault((name, idea), []).append(line)
    extra = {k: lines for k, lines in counts.items() if len(lines) > OTHER_SPLITS.get(k, 0)}
    assert extra == {}, (
        f"import these from {HOME} (ingest.text, or assistant.text) instead of writing them again: {extra}"
    )
    gone = {k: n for k, n in OTHER_SPLITS.items() if len(counts.get(k, [])) < n}
    assert gone == {}, f"fewer splitters than listed; shrink OTHER_SPLITS in this test: {gone}"


def test_the_home_module_has_each_pattern():
    ideas = {idea for idea, _ in found((ROOT / HOME).read_text(encoding="utf-8"))}
    assert ideas == set(SHAPES)


@pytest.mark.parametrize(
    "source, idea",
    [
        ('MAIL = re.compile(r"[\\w.+-]+@[\\w-]+\\.[\\w.]+")', "e-mail"),
        ('MAIL = re.compile(r"\\S+@\\S+\\.\\w+")', "e-mail"),
        ('TEL = re.compile(r"\\+?\\d[\\d .()\\-]{6,}\\d")', "phone"),
        ('parts = re.split(r"(?<=[.!?])\\s+", text)', "sentence"),
        ('END = re.compile(r"[.!?][\\"\')]*(?=\\s+[A-Z])")', "sentence"),
    ],
)
def test_a_second_copy_is_recognised(source, idea):
    assert [i for i, _ in found(source)] == [idea]


@pytest.mark.parametrize(
    "source",
    [
        'WHO = "write to privacy@kmall24.com"',
        'N = re.compile(r"\\d{1,3}(?:,\\d{3})*")',
        'END = re.compile(r"[.!?]$")',
    ],
)
def test_other_text_is_not_taken_for_a_pattern(source):
    assert found(source) == []

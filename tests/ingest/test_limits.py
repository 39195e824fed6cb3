"""Bounded work per document (issue 28): a run-on paste, an expanding PDF and a slow document each
cost seconds, and what is over a limit is refused with a message that names the limit."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from ingest import IngestError, Settings, ingest
from ingest.budget import Budget
from ingest.chunk import chunk
from ingest.facts import fact_sheet
from ingest.load import load
from ingest.text import MAX_SENTENCE
from tests.conftest import ROOT

RUN_ON = "and we keep your order records for 5 years after the purchase and your login records for 3 months as the law requires, "


def _run_on(path: Path, chars: int) -> Path:
    path.write_text("# Runon Shop\n\nWe " + RUN_ON * (chars // len(RUN_ON)), encoding="utf-8")
    return path


def test_a_70_kb_run_on_paste_is_chunked_and_sheeted_in_seconds(tmp_path):
    """It took ~32-70 s: the fact sheet searched all the text before each of its durations."""
    doc = load(_run_on(tmp_path / "runon.md", 70_000))
    t0 = time.perf_counter()
    chunks = chunk(doc)
    sheet = fact_sheet(doc.slug, doc.title, doc.text, [s for c in chunks for s in c.sentences])
    assert time.perf_counter() - t0 < 5
    spans = [s for c in chunks for s in c.sentences]
    assert max(e - s for s, e in spans) <= MAX_SENTENCE and len(chunks) > 50
    assert all(doc.text[s:e] == doc.text[s:e].strip() for s, e in spans)  # cut at spaces, trimmed
    assert sheet.fact("retention").value.startswith("5 years — your order records")


def _inflating_pdf(pages: int, repeats: int) -> bytes:
    """A small PDF whose pages all share one compressed content stream that draws many lines of text:
    a few KB on disk, millions of characters once extracted."""
    stream = zlib.compress(
        b"BT /F1 9 Tf 10 10 Td " + b"(We sell everything to anyone, always and everywhere.) Tj T* " * repeats + b"ET", 9
    )
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources << /Font << /F1 %d 0 R >> >> >>"
        % (4 + pages)
    )
    objs += [page] * pages + [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def test_an_inflating_pdf_is_refused_quickly_through_the_cli(tmp_path):
    pdf = tmp_path / "inflating.pdf"
    pdf.write_bytes(_inflating_pdf(pages=100, repeats=4000))
    assert pdf.stat().st_size < 20_000
    env = {**os.environ, "ASSISTANT_INDEX": str(tmp_path / "index"), "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "ingest", "-q", str(pdf)], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert time.perf_counter() - t0 < 60
    assert out.returncode != 0
    assert (
        "inflating.pdf" in out.stderr
        and "500,000 characters" in out.stderr
        and "ASSISTANT_MAX_POLICY_CHARS" in out.stderr
    )


def test_the_character_limit_comes_from_the_environment_and_applies_to_every_format(tmp_path):
    settings = Settings.from_env({"ASSISTANT_MAX_POLICY_CHARS": "20000"})
    assert settings.max_policy_chars == 20_000
    html = tmp_path / "long.html"
    html.write_text("<html><body>" + "<p>We keep your order records for 5 years.</p>" * 1000 + "</body></html>")
    for path in (_run_on(tmp_path / "long.md", 30_000), html):
        with pytest.raises(IngestError, match="longer than 20,000 characters"):
            load(path, budget=Budget(path, settings.max_policy_chars, settings.max_policy_seconds))
    with pytest.raises(Exception, match="ASSISTANT_MAX_POLICY_CHARS"):
        Settings.from_env({"ASSISTANT_MAX_POLICY_CHARS": "lots"})


def test_a_document_over_its_time_budget_fails_alone_with_a_clear_error(tmp_path):
    slow = _run_on(tmp_path / "slow.md", 40_000)
    (tmp_path / "fine.md").write_text("# Fine Shop\n\nWe keep your e-mail address for two years after you leave.\n")
    settings = dataclasses.replace(Settings.from_env({}), index=tmp_path / "index", max_policy_seconds=1e-6)
    summary = ingest([slow], settings)
    assert [e.path for e in summary.errors] == [str(slow)]
    assert "ASSISTANT_MAX_POLICY_SECONDS" in summary.errors[0].reason


@pytest.mark.parametrize(
    "name, body",
    [
        ("stars.md", "*a " * 23_000),  # an unclosed emphasis per word: 87 s before its span was bounded
        ("links.md", "[a](" * 17_000),  # an unclosed link per word
        ("deep.html", "<b>x " * 20_000),  # 20,000 unclosed elements: a RecursionError, then quadratic unwrapping
    ],
)
def test_pathological_markup_loads_in_linear_time(tmp_path, name, body):
    path = tmp_path / name
    path.write_text("We keep your data for 5 years after you leave. " + body, encoding="utf-8")
    t0 = time.perf_counter()
    doc = load(path)
    assert time.perf_counter() - t0 < 10
    assert "We keep your data for 5 years" in doc.text

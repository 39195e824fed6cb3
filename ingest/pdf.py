"""Read the text of a PDF policy.

pypdf gives the text layer page by page; a scanned PDF has none, which load() reports as
"no readable text found". Kept apart from load.py so that module stays one screen of formats.
"""
from __future__ import annotations

import io
import logging
import warnings
from contextlib import contextmanager
from pathlib import Path

import ftfy

from .decode import FTFY
from .errors import IngestError


def pdf_lines(path: Path, raw: bytes) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        with _quiet_pypdf():
            reader = PdfReader(io.BytesIO(raw))
            pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise IngestError(path, f"not a readable PDF ({exc}); export it again or supply a text version") from None
    text = ftfy.fix_text("\n\n".join(pages), FTFY)
    return text.replace("\r\n", "\n").split("\n")


@contextmanager
def _quiet_pypdf():
    """pypdf logs what it repairs in a damaged PDF ("incorrect startxref pointer") straight to
    the terminal; what matters to the user is whether text came out, which load() reports."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)

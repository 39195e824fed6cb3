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

from .budget import Budget
from .decode import FTFY
from .errors import IngestError

# pypdf's own limits (pypdf.Configuration) are sized for any PDF; a policy's page is a few thousand
# drawing operations and tens of KB of content stream. Lower ones make a hostile page fail fast.
_PYPDF_LIMITS = {
    "stream_parsing_work_maximum_count": 300_000,
    "zlib_maximum_output_length": 20_000_000,
    "stream_decoding_work_maximum_length": 50_000_000,
}


def pdf_lines(path: Path, raw: bytes, budget: Budget | None = None) -> list[str]:
    """The PDF's text lines; its characters are counted into ``budget`` as each piece of text comes
    out, so a PDF that expands (many pages sharing one compressed stream) stops at the limit."""
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError, PdfReadError

    budget = budget or Budget.unlimited(path)
    pages = []
    try:
        with _quiet_pypdf(), apply_configuration(**_PYPDF_LIMITS):
            reader = PdfReader(io.BytesIO(raw))
            for page in reader.pages:
                budget.check("read its pages")
                # Counted per text piece: one page can hold millions of characters.
                pages.append(page.extract_text(visitor_text=lambda text, *_: budget.add(len(text))) or "")
    except LimitReachedError as exc:
        raise IngestError(
            path, f"has a page too large or complex to read as text ({exc}); supply a text version"
        ) from None
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

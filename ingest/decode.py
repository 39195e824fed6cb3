"""Bytes to text: byte-order mark first, then UTF-8, then Windows-1252; mojibake repaired.

Clear errors for what is not text (binary, control bytes, undecodable bytes)."""

from __future__ import annotations

import codecs
from pathlib import Path

import ftfy

from .errors import IngestError

# Byte-order marks, longest first: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Keep curly quotes: the repaired text should read as the author wrote it ("What’s").
FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, normalization="NFC")


def decode(path: Path, raw: bytes) -> str:
    """The file's text with newlines as ``\\n``; IngestError saying why when it is not text."""
    # A byte-order mark decides first: UTF-16/32 text is full of NUL bytes and is not binary.
    bom = next(((mark, enc) for mark, enc in _BOMS if raw.startswith(mark)), None)
    if bom:
        try:
            text = raw.decode(bom[1])
        except UnicodeDecodeError:
            name = bom[1].replace("-sig", "").upper()
            raise IngestError(
                path, f"starts with a {name} byte-order mark but is not valid {name}; re-save the file as UTF-8"
            ) from None
    elif b"\x00" in raw[:4096] and (unmarked := _utf16_without_bom(raw)):
        text = unmarked
    elif b"\x00" in raw[:4096]:
        raise IngestError(path, "looks like a binary file, not text; export the policy as .txt, .md, .html or .pdf")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError:
                raise IngestError(
                    path, "the bytes are not valid UTF-8 or Windows-1252 text; re-save the file as UTF-8"
                ) from None
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if bad > max(3, len(text) // 100):
        raise IngestError(path, "contains control bytes, not readable text; re-save the policy as UTF-8 text")
    # ftfy repairs mojibake such as "Whatâ€™s" -> "What’s" without touching correct text.
    text = ftfy.fix_text(text, FTFY)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")


def _utf16_without_bom(raw: bytes) -> str | None:
    """The text of UTF-16 saved without a byte-order mark (some Windows tools do), or None. Such
    text is mostly ASCII-range characters, so one byte of nearly every pair is NUL, always the same
    one of the two (the second in little-endian); binary files put their NULs anywhere."""
    head = raw[:4096]
    pairs = len(head) // 2
    if len(raw) % 2 or pairs < 8:
        return None
    even, odd = head[0 : pairs * 2 : 2].count(0), head[1 : pairs * 2 : 2].count(0)
    if max(even, odd) < 0.6 * pairs or min(even, odd) > 0.02 * pairs:
        return None
    try:
        return raw.decode("utf-16-le" if odd > even else "utf-16-be")
    except UnicodeDecodeError:
        return None

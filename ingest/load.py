"""Load one policy file into clean text plus the structure hints the chunker needs.

Every format becomes the same thing: plain text whose offsets citations point into, and a
map from the start offset of each explicit heading line to its level (markdown ``#``,
HTML ``<h1>``..``<h6>``, a paragraph that is wholly bold). Plain text and PDF carry no
explicit headings; the chunker infers theirs from the lines themselves.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .budget import Budget
from .errors import IngestError
from .settings import Settings

SUPPORTED = (".md", ".markdown", ".txt", ".html", ".htm", ".pdf")
_ARCHIVE = re.compile(
    r"The following text is extracted and transformed from the (?P<site>\S+) privacy policy"
    r" that was archived on (?P<date>\d{4}-\d{2}-\d{2})",
    re.I,
)
_URL = re.compile(r"\((https?://[^)\s]+)\)|(https?://[^\s)]+)")
# Bounded spans: an unclosed "[" or "*" made each of these scan to the end of the line, so a 70 KB
# line of "*a " took 87 s (issue 28); no real link text, address or emphasis is this long.
_MD_LINK = re.compile(r"!?\[([^\]]{0,1000})\]\([^)]{0,2000}\)")
_MD_EMPH = re.compile(r"(\*\*|__)(.{1,300}?)\1|(?<![\w*])\*(?!\s)(.{1,300}?)(?<!\s)\*(?![\w*])")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|])")
# "Privacy Policy | The Div Shop", "Table Mart - Privacy", "Privacy notice – Listing Goods".
_TITLE_PARTS = re.compile(r"\s+(?:-{1,2}|[–—|·])\s+")
# A document's name ends in one of these; a section heading rarely does.
_POLICY_PHRASE = re.compile(
    r"\b(?:privacy|data protection|information security)[ -](?:policy|notice|statement)\s*$", re.I
)
# "1. Privacy", "b) Services account", "A.What we collect": numbered, so a section.
_NUMBERED = re.compile(r"^\(?(?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,4})[.)]")
_GENERIC_TITLE_WORDS = {
    "privacy",
    "policy",
    "private",
    "security",
    "and",
    "&",
    "information",
    "notice",
    "statement",
    "personal",
    "data",
    "protection",
    "the",
    "of",
    "-",
    "--",
    "our",
}


@dataclass(frozen=True)
class PolicyDocument:
    slug: str
    title: str
    text: str
    path: str
    source_url: str | None = None
    archived: str | None = None
    headings: dict[int, int] = field(default_factory=dict)  # line start offset -> level
    digest: str | None = None  # sha1 of the file's bytes: an ingest skips the file while they are the same


def slug_of(path: Path) -> str:
    """The contract's slug: the file name without its last extension, lowercased."""
    return path.name.rsplit(".", 1)[0].lower() if "." in path.name else path.name.lower()


def load(path: str | Path, max_mb: float = Settings.max_policy_mb, budget: Budget | None = None) -> PolicyDocument:
    """Read, decode, repair and clean one policy; raise IngestError saying why it can't.

    A file over ``max_mb`` megabytes is refused before it is read; one whose text runs over
    ``budget`` (characters, seconds) is refused while its text is extracted."""
    # Imported here, not with the module: the manifest and the fact sheets import this package,
    # and a reader that only answers never loads a file; BeautifulSoup and ftfy cost its cold
    # start about 0.5 s (issue 16).
    from .decode import decode
    from .html import html_lines
    from .pdf import pdf_lines

    path = Path(path)
    budget = budget or Budget.unlimited(path)
    ext = path.suffix.lower()
    if ext not in SUPPORTED:
        raise IngestError(path, f"unsupported file type {ext or '(none)'!r}; use one of {', '.join(SUPPORTED)}")
    try:
        _check_size(path, path.stat().st_size, max_mb)
        raw = path.read_bytes()
    except OSError as exc:
        raise IngestError(path, f"cannot be read ({exc.strerror or exc})") from None
    if not raw.strip():
        raise IngestError(path, "the file is empty; put the policy text in it or remove it")
    header_url = page_title = None
    if ext == ".pdf":
        lines, headings = pdf_lines(path, raw, budget), {}
    else:
        text = decode(path, raw)
        header_url = _header_url(text)
        if ext in (".html", ".htm"):
            lines, headings, page_title = html_lines(text, budget)  # counts the visible text only
        elif ext in (".md", ".markdown"):
            budget.add(len(text))
            lines, headings = _markdown_lines(text)
        else:
            budget.add(len(text))
            lines, headings = text.split("\n"), {}
    source_url, archived, lines, headings = _archive_header(lines, headings)
    source_url = header_url or source_url
    text, heading_offsets = _join(lines, headings)
    if len(re.findall(r"[A-Za-z]{2,}", text)) < 5:
        raise IngestError(path, "no readable text found (a scanned PDF or a non-text file?); supply a text version")
    slug = slug_of(path)
    return PolicyDocument(
        slug=slug,
        title=_title(text, heading_offsets, slug, page_title),
        text=text,
        path=str(path),
        source_url=source_url,
        archived=archived,
        headings=heading_offsets,
        digest=file_digest(raw),
    )


def file_digest(raw: bytes) -> str:
    """What ``PolicyDocument.digest`` records: everything ``load`` reads is in the file's bytes."""
    return hashlib.sha1(raw).hexdigest()


def _check_size(path: Path, size: int, max_mb: float) -> None:
    if size > max_mb * 1024 * 1024:
        raise IngestError(
            path,
            f"is {size / 1024 / 1024:.1f} MB, over the {max_mb:g} MB limit for one policy; split it, or raise "
            f"the limit with ASSISTANT_MAX_POLICY_MB={int(size / 1024 / 1024) + 1}",
        )


def _markdown_lines(text: str) -> tuple[list[str], dict[int, int]]:
    lines, headings = [], {}
    for line in text.split("\n"):
        stripped = line.strip()
        m = re.match(r"^(#{1,6})\s+(.*?)\s*#*$", stripped)
        level = None
        if m:
            level, stripped = len(m.group(1)), m.group(2)
        elif re.fullmatch(r"(\*\*|__)[^*_]+\1[:.]?", stripped):
            level = 6  # a paragraph that is wholly bold is a heading in these exports
        bullet = re.match(r"^([*+-]|\d+[.)])\s+", stripped) if level is None else None
        if bullet and not re.match(r"^\d+[.)]\s", stripped):
            stripped = "- " + stripped[bullet.end() :]
        stripped = stripped.lstrip("> ") if stripped.startswith(">") else stripped
        stripped = _MD_LINK.sub(r"\1", stripped)
        stripped = _MD_EMPH.sub(lambda mm: mm.group(2) or mm.group(3), stripped)
        stripped = _MD_ESCAPE.sub(r"\1", stripped).replace("**", "").strip()
        if re.fullmatch(r"[-*_]{3,}", stripped):
            stripped = ""
        if level is not None and stripped:
            headings[len(lines)] = level
        lines.append(stripped)
    return lines, headings


def _header_url(raw_text: str) -> str | None:
    """The snapshot URL of an archive header, read before markup removal drops the link."""
    for line in raw_text[:3000].split("\n")[:5]:
        if _ARCHIVE.search(line):
            url = _URL.search(line)
            return (url.group(1) or url.group(2)) if url else None
    return None


def _archive_header(lines, headings):
    """Turn the Wayback 'archived on' header into metadata and drop it from the text."""
    for i, line in enumerate(lines[:5]):
        m = _ARCHIVE.search(line)
        if not m:
            continue
        url = _URL.search(line)
        source = (url.group(1) or url.group(2)) if url else None
        rest = lines[:i] + lines[i + 1 :]
        shifted = {(k - 1 if k > i else k): v for k, v in headings.items() if k != i}
        return source, m.group("date"), rest, shifted
    return None, None, lines, headings


def _join(lines: list[str], headings: dict[int, int]) -> tuple[str, dict[int, int]]:
    """Join lines, trimming trailing spaces and collapsing runs of blank lines; map headings to offsets."""
    out, offsets, pos, blank = [], {}, 0, True
    for i, line in enumerate(lines):
        line = line.replace("\u00a0", " ").rstrip()
        if not line.strip():
            blank = True
            continue
        if blank and out:
            out.append("")
            pos += 1
        if i in headings:
            offsets[pos] = headings[i]
        out.append(line)
        pos += len(line) + 1
        blank = False
    text = "\n".join(out).strip("\n")
    return text, offsets


def _title(text: str, headings: dict[int, int], slug: str, page_title: str | None = None) -> str:
    """The document's own title, never one of its section headings ("Children", "1. Privacy"): the
    store's name from its top-level heading (``# `` or ``<h1>``) or the HTML ``<title>``; else
    from a first line that names the document ("Acme Privacy Policy", "MIKMIK'S ... POLICY");
    else a first line that is only a generic name its file name repeats ("Information security
    policy"); else the file name. A section heading first (a shuffled or partial copy, a page
    whose headings are all bold ``<div>``s) would otherwise name the policy and route questions to it."""
    lines = [ln.strip() for ln in text.split("\n")[:8] if ln.strip()]
    top = _top_heading(text, headings)
    candidates = [top, page_title] if top is not None else [page_title]
    if lines and _names_document(lines[0]):
        candidates.append(lines[0])
    for candidate in filter(None, candidates):
        if _NUMBERED.match(candidate):
            continue
        for part in reversed(_TITLE_PARTS.split(candidate)):
            words = {w.lower() for w in re.findall(r"[\w&-]+", part)}
            if words and not words <= _GENERIC_TITLE_WORDS:
                return _brand(part)
    for line in lines[:4]:
        m = re.match(r"^([A-Z][\w&.\- ]{1,40}?)[’']S\b.*POLICY", line, re.I)
        if m:
            return _brand(m.group(1))
    if lines:
        words = {w.lower() for w in re.findall(r"[\w&-]+", lines[0])}
        named = set(re.findall(r"[a-z0-9]+", slug))
        if len(lines[0]) <= 60 and len(words) >= 2 and words <= _GENERIC_TITLE_WORDS and words <= named:
            return lines[0]
    return slug


def _top_heading(text: str, headings: dict[int, int]) -> str | None:
    """The document's top-level heading: its first heading when that is level 1, or its only level-1
    heading (a title moved down, as in a shuffled copy); None when it has none of either."""
    level1 = [off for off in sorted(headings) if headings[off] == 1]
    if not level1 or (level1[0] != min(headings) and len(level1) > 1):
        return None
    return text[level1[0] :].split("\n", 1)[0]


def _names_document(line: str) -> bool:
    """A first line that names the policy itself ("Acme Privacy Policy", "Privacy notice – Acme"),
    not a section of it ("Children", "Your privacy choices")."""
    if len(line) > 80:
        return False
    parts = _TITLE_PARTS.split(line)
    generic = [p for p in parts if {w.lower() for w in re.findall(r"[\w&-]+", p)} <= _GENERIC_TITLE_WORDS]
    return (len(parts) > 1 and 0 < len(generic) < len(parts)) or bool(_POLICY_PHRASE.search(line))


def _brand(name: str) -> str:
    name = name.strip(" .:")
    # "The Div Shop Privacy Policy" -> "The Div Shop": messages say "<title> policy" after it.
    words = name.split()
    while len(words) > 1 and words[-1].lower() in _GENERIC_TITLE_WORDS - {"&", "-", "--"}:
        words.pop()
    name = " ".join(words)
    m = re.fullmatch(r"(?:www\.)?([a-z0-9-]+)\.(?:com|net|org|co\.kr|co\.uk|kr|cn|io)", name, re.I)
    if m:
        return m.group(1).capitalize()
    return name

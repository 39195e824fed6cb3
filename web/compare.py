"""The Compare tab's table as HTML, and its CSV files: no Gradio here, so it is tested without a browser.

Policies are columns and categories rows (``assistant.answer.table.Comparison``). A stated cell shows
each part of its value as a button that opens the quote that part was read from (``evidence``: a
cell's quotes are every sentence on its topic in text order, so the first is often an introduction
like "We hope that you will take the time to read this policy"), and one small numbered button per
quote; the buttons carry ``value="start:end:slug"`` like the chat's citation
buttons (``viewer.open_value``), so the viewer's click parsing and rendering are the chat's own.
A "Not stated" cell is plain text with its own class: there is no quote to open.
"""

from __future__ import annotations

import hashlib
import html
import tempfile
from pathlib import Path

from ingest.facts.support import words

from .viewer import CitationRef, open_value

COMPARE_VIEWER_EMPTY = (
    '<div class="viewer-empty">Click a value in the table (or a quote number under it) to read the '
    "policy here, with the quoted words marked.</div>"
)
CSV_NAME = "privacy-comparison.csv"
QUOTES_CSV_NAME = "privacy-comparison-quotes.csv"
PREVIEW_CHARS = 160  # a quote button's tooltip: enough to recognise the sentence


def render_table(table) -> str:
    """``table`` (a Comparison) as a scrollable <table>: a header row of policies, one row per category."""
    if not table.columns:
        return '<div class="compare-empty">There are no policies to compare yet.</div>'
    head = "".join(f'<th scope="col">{html.escape(c.title)}</th>' for c in table.columns)
    rows = []
    for row in table.rows:
        cells = "".join(render_cell(fact, col.slug) for col, fact in zip(table.columns, row.cells))
        rows.append(
            f'<tr data-category="{html.escape(row.category)}"><th scope="row">{html.escape(row.label)}</th>{cells}</tr>'
        )
    return (
        _pair_picker(table.columns)
        + '<div class="compare-scroll" role="region" aria-label="Comparison of the policies">'
        f'<table class="compare" style="--policies: {len(table.columns)}"><thead><tr><th scope="col" class="corner">Category</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _pair_picker(columns) -> str:
    """On a phone two policies fit side by side: two lists pick which (static/compare.js shows them)."""
    if len(columns) <= 2:
        return ""

    def pick(slot: int) -> str:
        options = "".join(
            f'<option value="{i}"{" selected" if i == slot else ""}>{html.escape(c.title)}</option>'
            for i, c in enumerate(columns)
        )
        return f'<select class="pair-pick" data-slot="{slot}" aria-label="Policy {slot + 1}">{options}</select>'

    return f'<div class="compare-pair">Compare {pick(0)} with {pick(1)}</div>'


def render_cell(fact, slug: str) -> str:
    """One <td>: the value (opens quote 1) and the quote numbers, or a muted "Not stated"."""
    if not fact.stated or not fact.quotes:
        return '<td class="fact not-stated" title="The policy does not say this">Not stated</td>'
    refs = [CitationRef(slug, q.start, q.end) for q in fact.quotes]
    # "5 years — contracts; 3 years — complaints": each part on its own line reads as a list, and
    # opens its own evidence.
    value = "".join(
        f'<button class="fact-quote fact-value fact-part" value="{open_value(refs[evidence(p, fact.quotes)])}" '
        f'title="Show where the policy says this">{html.escape(p)}</button>'
        for p in fact.value.split("; ")
    )
    numbers = "".join(
        f'<button class="fact-quote fact-num" value="{open_value(ref)}" '
        f'title="{html.escape(_preview(q.text))}" aria-label="Quote {n}">{n}</button>'
        for n, (ref, q) in enumerate(zip(refs, fact.quotes), 1)
    )
    label = "quote" if len(refs) == 1 else "quotes"
    return (
        f'<td class="fact stated" title="confidence {fact.confidence:.2f}">{value}'
        f'<div class="fact-quotes"><span>{label}</span>{numbers}</div></td>'
    )


def evidence(part: str, quotes) -> int:
    """Which of ``quotes`` the value ``part`` was read from: the one holding its first item word
    for word ("name" of "name, email address"), then most of its items, then most of its words; the
    earliest on a tie. Values are lifted from their quotes (ingest/facts), so the sentence a part
    came from holds it whole and an introduction that only names the topic does not."""
    verdict, _, rest = part.partition(" — ")
    claim = rest if verdict in ("Yes", "No") else part
    items = [" ".join(words(i)) for i in claim.replace(" — ", ", ").split(", ") if words(i)]
    wanted = set(words(claim))

    def score(i: int) -> tuple[int, bool, int, int]:
        said = f" {' '.join(words(quotes[i].text))} "
        found = [f" {item} " in said for item in items]
        # A list read off several bullets opens the bullet of its first item, the one read first.
        return bool(found and found[0]), sum(found), len(wanted & set(said.split())), -i

    return max(range(len(quotes)), key=score)


def _preview(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"


def write_csvs(table, folder: Path | None = None) -> tuple[Path, Path]:
    """The grid CSV and the quotes CSV of ``table`` as files, for the download buttons.

    The folder is named after the content, so every page load of an unchanged table reuses the
    same two files instead of leaving a new pair in the temp folder each time.
    """
    grid, quotes = table.to_csv(), table.to_csv(quotes=True)
    digest = hashlib.sha256((grid + "\0" + quotes).encode("utf-8")).hexdigest()[:16]
    out = (folder or Path(tempfile.gettempdir()) / "policy-compare") / digest
    out.mkdir(parents=True, exist_ok=True)
    paths = out / CSV_NAME, out / QUOTES_CSV_NAME
    for path, text in zip(paths, (grid, quotes)):
        if not path.exists() or path.read_text(encoding="utf-8-sig") != text:
            # utf-8-sig: a spreadsheet opening the file reads "’" and "—" right, not as mojibake.
            path.write_text(text, encoding="utf-8-sig")
    return paths

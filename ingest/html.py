"""The text a browser shows for an HTML page, as lines, plus the page's heading lines.

Every visible text node goes in, in document order, whatever element holds it (``<div>``,
``<span>``, bare text, table cells, list items). Block elements start a new paragraph; list
items, definition terms and data-table rows (cells joined by " | ") start a new line of one
paragraph, as does ``<br>``; inline elements join their text as the browser renders it.
Text a reader never sees stays out: scripts, styles, templates, ``<noscript>`` (a browser
with scripts on does not show it), and elements hidden by the ``hidden`` attribute,
``aria-hidden="true"``, ``<input type="hidden">``, or an inline or page-stylesheet rule
that hides them. Hidden text is where injected instructions like to live.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from .budget import Budget
from .hidden import style_hides, stylesheet_hidden

# Never rendered as page text; <nav> is site chrome (menus), kept out as before.
_SKIP = {
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "title",
    "meta",
    "link",
    "svg",
    "nav",
    "iframe",
    "object",
    "canvas",
    "select",
    "option",
    "input",
    "button",
    "textarea",
    "datalist",
}
_BLOCK = {
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
# Blocks a browser shows as consecutive lines: the items of one list stay one paragraph.
_LINE_BLOCKS = {"li", "dt", "dd"}
_INNER_BLOCKS = sorted(_BLOCK - {"td", "th"})  # a row holding one of these is page layout, not data
# Inline styles that make an element invisible (or unreadably small or transparent).
# Below this depth the walker stops recursing and reads what is left with a stack of its own
# (``_Walker.flat``): old pages with hundreds of unclosed <p> or <font> nest that deep, and walking
# them recursed past Python's limit ("RecursionError"; issue 28).
MAX_DEPTH = 100


def html_lines(text: str, budget: Budget | None = None) -> tuple[list[str], dict[int, int], str | None]:
    """Visible lines of an HTML page, ``{line index: heading level}`` for its headings, and the
    page's ``<title>`` (shown in the tab, not the page: a hint for the display title only).
    The visible text is counted into ``budget`` as it is laid out."""
    soup = BeautifulSoup(text, "html.parser")
    hidden = stylesheet_hidden(soup)
    walker = _Walker(hidden, budget or Budget.unlimited())
    walker.visit(soup)
    walker.flush()
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    return walker.lines, walker.headings, title or None


_BLOCK_END = object()  # on ``_Walker.flat``'s stack: the end of a block element


class _Walker:
    """Walks the tree once, building lines the way a browser lays out text."""

    def __init__(self, hidden: set[int], budget: Budget):
        self.hidden = hidden
        self.budget = budget
        self.depth = 0
        self.lines: list[str] = []
        self.headings: dict[int, int] = {}
        self.pieces: list[str] = []
        self.prefix = ""  # the list marker a browser draws before the first line of an item
        self.lists: list[list] = []  # open lists: [tag, items so far]
        self.level = 0  # heading level of the block being filled
        self.in_pre = 0
        self.row_cells = -1  # cells seen so far in the current data-table row; -1 outside one

    def visit(self, node) -> None:
        if self.depth >= MAX_DEPTH:
            self.flat(node)
            return
        self.depth += 1
        try:
            self._children(node)
        finally:
            self.depth -= 1

    def flat(self, node) -> None:
        """``node``'s visible text without recursion: blocks still end paragraphs, hidden elements
        stay out; headings, lists and tables this deep read as plain paragraphs."""
        stack = list(reversed(list(node.children)))
        while stack:
            child = stack.pop()
            if child is _BLOCK_END:
                self.flush()
            elif isinstance(child, PreformattedString):
                continue
            elif isinstance(child, NavigableString):
                self.pieces.append(str(child))
            elif isinstance(child, Tag) and not _invisible(child, self.hidden):
                if child.name == "br":
                    self.flush("br")
                elif child.name in _BLOCK:
                    self.flush()
                    stack.append(_BLOCK_END)
                stack.extend(reversed(list(child.children)))

    def _children(self, node) -> None:
        for child in node.children:
            if isinstance(child, PreformattedString):
                continue  # comments, doctype, CDATA, processing instructions
            if isinstance(child, NavigableString):
                self.pieces.append(str(child))
            elif isinstance(child, Tag) and not _invisible(child, self.hidden):
                self._element(child)

    def _element(self, el: Tag) -> None:
        name = el.name
        if name == "br":
            self.flush("br")
        elif name in ("td", "th") and self.row_cells >= 0:
            # A cell of a data row: cells join on one line, " | " between them.
            if self.row_cells:
                self.pieces.append(" | ")
            self.row_cells += 1
            self.visit(el)
        elif name == "tr" and not el.find(_INNER_BLOCKS):
            self.flush("line")
            saved, self.row_cells = self.row_cells, 0
            self.visit(el)
            self.flush("line")
            self.row_cells = saved
        elif name in _BLOCK:
            self._block(el)
        else:
            self.visit(el)  # inline: its text joins the current line

    def _block(self, el: Tag) -> None:
        nested_list = el.name in ("ul", "ol", "menu") and bool(self.lists)
        end = "line" if el.name in _LINE_BLOCKS or nested_list else "paragraph"
        self.flush(end)
        saved = (self.level, self.row_cells)
        self.row_cells = -1  # a layout cell or a block inside a cell lays out as blocks
        if el.name in ("ul", "ol", "menu"):
            start = str(el.get("start", "1"))
            self.lists.append([el.name, int(start) - 1 if start.lstrip("-").isdigit() else 0])
        elif el.name == "li":
            self.prefix = self._marker()
        level = _heading_level(el) or (6 if _wholly_bold(el) else 0)
        if level:
            self.level = level
        self.in_pre += el.name == "pre"
        self.visit(el)
        self.flush(end)
        self.in_pre -= el.name == "pre"
        self.level, self.row_cells = saved
        if el.name in ("ul", "ol", "menu"):
            self.lists.pop()

    def _marker(self) -> str:
        """'3. ' for the third item of an ordered list, '- ' for a bullet (the markdown loader's)."""
        if self.lists and self.lists[-1][0] == "ol":
            self.lists[-1][1] += 1
            return f"{self.lists[-1][1]}. "
        return "- "

    def flush(self, end: str = "paragraph") -> None:
        """End the current line; ``end`` says whether the paragraph ends too ("paragraph"),
        not ("line"), or only if the line is empty, as a second ``<br>`` in a row shows ("br")."""
        raw, self.pieces = "".join(self.pieces), []
        if self.in_pre:
            new = [ln.rstrip() for ln in raw.strip("\n").split("\n")]
        else:
            new = [" ".join(raw.split())]  # HTML collapses runs of white space to one space
        new = [ln for ln in new if ln.strip()]
        if new:
            self.budget.add(sum(len(ln) for ln in new))
            if self.level:
                self.headings[len(self.lines)] = self.level
                if self.prefix == "- ":
                    self.prefix = ""  # a bullet is no part of a heading's name; a number is
            new[0] = self.prefix + new[0]
            self.prefix = ""
            self.lines.extend(new)
        # A block's end, or a <br> on an empty line (as in "<br><br>"), ends the paragraph.
        if (end == "paragraph" or (end == "br" and not new)) and self.lines and self.lines[-1]:
            self.lines.append("")


def _invisible(el: Tag, hidden: set[int]) -> bool:
    if el.name in _SKIP or id(el) in hidden or el.has_attr("hidden"):
        return True
    if str(el.get("aria-hidden", "")).strip().lower() == "true":
        return True
    return style_hides(str(el.get("style", "")))


def _heading_level(el: Tag) -> int:
    if re.fullmatch(r"h[1-6]", el.name):
        return int(el.name[1])
    if el.get("role") == "heading":
        level = str(el.get("aria-level", "2"))
        return int(level) if level.isdigit() and 1 <= int(level) <= 6 else 2
    return 0


def _wholly_bold(el: Tag) -> bool:
    """A paragraph that is one short bold run reads as a heading (as in the markdown exports)."""
    if el.name not in ("p", "div"):
        return False
    kids = [k for k in el.children if not (isinstance(k, NavigableString) and not k.strip())]
    if len(kids) != 1 or not isinstance(kids[0], Tag) or kids[0].name not in ("b", "strong"):
        return False
    text = kids[0].get_text(" ", strip=True)
    return 0 < len(text) <= 120 and not kids[0].find(_INNER_BLOCKS)

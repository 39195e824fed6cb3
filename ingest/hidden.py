"""Which elements of an HTML page its styles hide: an inline ``style`` or a rule of the page's own
``<style>`` sheets (``display:none``, ``visibility:hidden``, zero opacity or font size). Hidden text
is where injected instructions like to live, so ``ingest.html`` leaves it out."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

_HIDING_STYLE = re.compile(
    r"display:none|visibility:hidden|visibility:collapse|opacity:0(?:\.0+)?(?![.\d])|font-size:0(?:px|pt|em|rem|%)?(?![.\d])"
)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def style_hides(style: str) -> bool:
    return bool(_HIDING_STYLE.search(re.sub(r"\s+", "", style.lower()).replace("!important", "")))


def stylesheet_hidden(soup: BeautifulSoup) -> set[int]:
    """Elements a ``<style>`` rule of the page hides (simple selectors at the top level only;
    rules inside ``@media`` and selectors with pseudo-classes such as ``:hover`` hide nothing for good)."""
    hidden: set[int] = set()
    for style in soup.find_all("style"):
        css = _CSS_COMMENT.sub("", style.get_text())
        depth, start = 0, 0
        for i, ch in enumerate(css):
            if ch == "{":
                if depth == 0:
                    selector, body_start = css[start:i].strip(), i + 1
                depth += 1
            elif ch == "}" and depth:
                depth -= 1
                if depth == 0:
                    if not selector.startswith("@") and style_hides(css[body_start:i]):
                        hidden.update(_select(soup, selector))
                    start = i + 1
    return hidden


def _select(soup: BeautifulSoup, selector: str) -> set[int]:
    found: set[int] = set()
    for one in selector.split(","):
        one = one.strip()
        if not one or ":" in one:
            continue
        try:
            found.update(id(el) for el in soup.select(one))
        except Exception:  # soupsieve refuses some valid CSS; such a rule is left unapplied
            continue
    return found

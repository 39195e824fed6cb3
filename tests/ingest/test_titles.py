"""A policy's title is the document's own name, never a section heading that happens to come first
(issue 16: a copy whose first line was "Children" was titled, and routed to, "Children")."""

from __future__ import annotations

import json

import pytest

from ingest.load import load
from tests.conftest import POLICIES, ROOT


def _kpopmart_children_first() -> str:
    """The real KPOPMART policy with its "**Children**" section moved to the top, title heading after it."""
    text = (POLICIES / "kpopmart.md").read_text(encoding="utf-8")
    start = text.index("**Children**")
    end = text.index("\n**", start + 5)
    return text[start:end] + "\n\n" + text[:start] + text[end:]


def _without_title_heading() -> str:
    text = _kpopmart_children_first()
    return text.replace("# privacy and security - Kpop Mart\n", "")


@pytest.mark.parametrize(
    "name, text, title",
    [
        # The default corpus keeps its titles.
        ("kmall24.md", (POLICIES / "kmall24.md").read_text(encoding="utf-8"), "KMALL24"),
        ("tootoomart.md", (POLICIES / "tootoomart.md").read_text(encoding="utf-8"), "Tootoomart"),
        ("mikmik.txt", (POLICIES / "mikmik.txt").read_text(encoding="utf-8"), "MIKMIK"),
        (
            "information-security-policy.txt",
            (POLICIES / "information-security-policy.txt").read_text(encoding="utf-8"),
            "Information security policy",
        ),
        # A section heading first: the document's "# " title further down names it, or else its file name.
        ("kpop-copy.md", _kpopmart_children_first(), "Kpop Mart"),
        ("kpop-copy.md", _without_title_heading(), "kpop-copy"),
        ("acme.txt", "Children\n\nWe do not knowingly collect data from children under 13.\n", "acme"),
        ("acme.md", "## Your choices\n\nYou can opt out of e-mail at any time by writing to us.\n", "acme"),
        ("acme.md", "# 1. Introduction\n\nHello.\n\n# 2. Data\n\nWe collect your e-mail address.\n", "acme"),
        # A first line that names the document is its title, however the file is called.
        ("x.txt", "Acme Widgets Privacy Policy\n\nWe collect your e-mail address to send receipts.\n", "Acme Widgets"),
        (
            "x.txt",
            "Privacy Notice - Acme Widgets\n\nWe collect your e-mail address to send receipts.\n",
            "Acme Widgets",
        ),
        ("x.txt", "Privacy Policy\n\nWe collect your e-mail address to send receipts to you.\n", "x"),
        # HTML: a top-level <h1>, else the page's <title>; a section <h3> first never.
        (
            "p.html",
            "<title>Privacy | Acme Widgets</title><h3>Children</h3><p>We do not sell data of minors under 16.</p>",
            "Acme Widgets",
        ),
        (
            "p.html",
            "<h1>Beta Shop Privacy Policy</h1><h2>Children</h2><p>We do not sell data of minors under 16.</p>",
            "Beta Shop",
        ),
        ("p.html", "<h3>Children</h3><p>We do not sell the data of minors under sixteen years.</p>", "p"),
    ],
)
def test_the_title_is_the_documents_name_not_a_section_heading(tmp_path, name, text, title):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert load(path).title == title


def test_policyqa_policies_without_a_title_line_are_named_by_their_file(tmp_path):
    # Their first paragraph is body text ("Caribou Coffee Company, Inc. ... knows that you care"),
    # or a "Privacy Policy Sci-News.com is committed..." run-on line: no title line to take.
    sites = json.loads((ROOT / "data" / "policyqa" / "dev.json").read_text(encoding="utf-8"))["data"]
    titles = {}
    for site in sites:
        paragraphs = [p["context"] for p in sorted(site["paragraphs"], key=lambda p: p["index"])]
        path = tmp_path / f"{site['title']}.txt"
        path.write_text("\n\n".join(paragraphs), encoding="utf-8")
        titles[site["title"]] = load(path).title
    assert titles == {t: t for t in titles}

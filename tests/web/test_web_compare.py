"""The Compare tab's table and CSV files, without a browser (tests/app/test_compare_page.py drives the page)."""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

from assistant.answer.table import Comparison
from ingest.facts import NOT_STATED, Fact, FactSheet, Quote
from ingest.settings import Settings
from web import compare_tab
from web.compare import evidence, render_table, write_csvs
from web.page import static_text
from web.viewer import parse_click

DOC_A = "We keep <b>contracts</b> for 5 years. Complaints: 3 years. We never sell your data."
DOC_B = "Write to privacy@shop-b.example about your data."


def _quote(doc: str, words: str) -> Quote:
    start = doc.index(words)
    return Quote(start, start + len(words), words)


def _table() -> Comparison:
    a = FactSheet(
        "shop-a",
        "Shop <A> & Co",
        (
            Fact(
                "retention",
                "How long it is kept",
                "5 years — <b>contracts</b>; 3 years — complaints",
                (_quote(DOC_A, "We keep <b>contracts</b> for 5 years."), _quote(DOC_A, "Complaints: 3 years.")),
                0.85,
            ),
            Fact("sold", "Sold or not", "No", (_quote(DOC_A, "We never sell your data."),), 0.9),
            Fact("contact", "Contact", NOT_STATED, (), 0.0),
        ),
    )
    b = FactSheet(
        "shop-b",
        "Shop B",
        (
            Fact("retention", "How long it is kept", NOT_STATED, (), 0.0),
            Fact("sold", "Sold or not", NOT_STATED, (), 0.0),
            Fact("contact", "Contact", "privacy@shop-b.example", (_quote(DOC_B, "privacy@shop-b.example"),), 0.95),
        ),
    )
    return Comparison.of([a, b], ["retention", "sold", "contact"])


def _cells(markup: str) -> list[str]:
    return re.findall(r"<td .*?</td>", markup)


def _opens(cell: str) -> list[tuple[str, int, int]]:
    """What each button of a cell opens, as the viewer's click handler reads it."""
    out = []
    for value in re.findall(r'<button class="fact-quote[^"]*" value="([^"]*)"', cell):
        start, end, *slug = html.unescape(value).split(":")
        ref = parse_click({"policy": ":".join(slug), "start": int(start), "end": int(end)})
        out.append((ref.policy, ref.start, ref.end))
    return out


def test_policies_are_columns_and_categories_rows_in_order_all_escaped():
    markup = render_table(_table())
    assert re.findall(r'<th scope="col">(.*?)</th>', markup) == ["Shop &lt;A&gt; &amp; Co", "Shop B"]
    assert re.findall(r'<th scope="row">(.*?)</th>', markup) == ["How long it is kept", "Sold or not", "Contact"]
    assert "<b>" not in markup and "<A>" not in markup
    assert len(_cells(markup)) == 6  # 3 rows x 2 policies


def test_a_stated_cell_opens_each_of_its_quotes_at_its_offsets():
    cells = _cells(render_table(_table()))
    retention = cells[0]
    parts = re.findall(r'<button class="fact-quote fact-value fact-part"[^>]*>(.*?)</button>', retention)
    assert parts == ["5 years — &lt;b&gt;contracts&lt;/b&gt;", "3 years — complaints"]  # one line per part
    opens = _opens(retention)
    # Each part opens the quote it was read from; then one numbered button per quote.
    assert len(opens) == 4 and {p for p, _, _ in opens} == {"shop-a"}
    assert [DOC_A[s:e] for _, s, e in opens] == ["We keep <b>contracts</b> for 5 years.", "Complaints: 3 years."] * 2
    assert ">1</button>" in retention and ">2</button>" in retention and "quotes" in retention
    contact_b = cells[5]
    assert [(p, DOC_B[s:e]) for p, s, e in _opens(contact_b)] == [("shop-b", "privacy@shop-b.example")] * 2
    assert ">quote<" in contact_b  # singular for one quote


def test_a_value_opens_the_sentence_it_was_read_from_not_the_first_on_its_topic():
    intro = Quote(0, 60, "We hope you will read this policy, which explains what we collect.")
    said = Quote(61, 140, "We receive and store any information you enter on our website.")
    listed = (
        Quote(0, 20, "- Process a transaction."),
        Quote(21, 60, "- Improve our website and stores"),
        Quote(61, 99, "We analyse traffic to improve our website and marketing."),
    )
    assert evidence("any information you enter on our website", (intro, said)) == 1
    assert evidence("Process a transaction, Improve our website, Marketing", listed) == 0  # its first item's bullet
    assert (
        evidence(
            "No — unless we have your permission",
            (intro, Quote(0, 9, "We will not sell it unless we have your permission.")),
        )
        == 1
    )
    assert evidence("No", (said, intro)) == 0  # nothing to tell them apart: the first


def test_not_stated_cells_are_marked_and_open_nothing():
    cells = _cells(render_table(_table()))
    not_stated = [c for c in cells if "not-stated" in c]
    assert len(not_stated) == 3
    for cell in not_stated:
        assert "Not stated" in cell and "<button" not in cell
    assert all("not-stated" not in c and "<button" in c for c in cells if c not in not_stated)


def test_an_empty_comparison_says_so():
    assert "no policies to compare" in render_table(Comparison.of([], ["sold"]))


def test_the_csv_files_parse_with_a_header_of_policies(tmp_path):
    grid, quotes = write_csvs(_table(), tmp_path)
    with grid.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["category", "Shop <A> & Co", "Shop B"]
    assert [r[0] for r in rows[1:]] == ["How long it is kept", "Sold or not", "Contact"]
    assert rows[2] == ["Sold or not", "No", NOT_STATED]
    with quotes.open(encoding="utf-8-sig", newline="") as f:
        evidence = list(csv.DictReader(f))
    assert len(evidence) == 4  # 2 + 1 + 1 quotes
    for row in evidence:
        doc = DOC_A if row["policy"] == "shop-a" else DOC_B
        assert doc[int(row["start"]) : int(row["end"])] == row["quote"]


def test_an_unchanged_table_reuses_its_files_and_a_changed_one_gets_new_ones(tmp_path):
    first = write_csvs(_table(), tmp_path)
    assert write_csvs(_table(), tmp_path) == first
    fewer = Comparison.of([_table_sheet()], ["sold"])
    assert write_csvs(fewer, tmp_path)[0] != first[0]
    assert first[0].exists()


def _table_sheet() -> FactSheet:
    return FactSheet("shop-b", "Shop B", (Fact("sold", "Sold or not", NOT_STATED, (), 0.0),))


def test_the_page_script_and_styles_match_the_markup():
    js, css = static_text("compare.js"), static_text("compare.css")
    assert "button.fact-quote" in js and "mark.cited" in js and "Trigger('click', {policy" in js
    for cls in ("not-stated", "fact-value", "fact-num", "compare-scroll", "viewer-doc"):
        assert f".{cls}" in css, cls
    assert "position: sticky" in css  # the header row stays in view while the page scrolls
    assert "select.pair-pick" in js and ".pair-pick" in css  # the phone's two-policy picker


def test_a_phone_picks_two_of_the_policies_to_see_side_by_side():
    markup = render_table(_table())
    assert "pair-pick" not in markup  # two policies: both fit
    blank = (Fact("sold", "Sold or not", NOT_STATED, (), 0.0),)
    three = Comparison.of([FactSheet(s, t, blank) for s, t in (("a", "A"), ("b", "B <i>"), ("c", "C"))], ["sold"])
    picker = re.search(r'<div class="compare-pair">.*?</div>', render_table(three)).group(0)
    assert re.findall(r'<option value="(\d)"( selected)?>', picker) == [
        ("0", " selected"),
        ("1", ""),
        ("2", ""),
        ("0", ""),
        ("1", " selected"),
        ("2", ""),
    ]
    assert "B &lt;i&gt;" in picker


class _BrokenSheets:
    """An assistant whose sheets cannot be read (e.g. a policy indexed by an older ingest)."""

    def compare(self, slugs=None):
        raise KeyError("shop-c")


class _Sheets:
    # Every optional part of the chat on (thumbs, uploads), so its events are checked to be private too.
    settings = Settings(feedback=Path("fb.jsonl"))

    def compare(self, slugs=None):
        return _table()

    def policies(self):
        return [("shop-a", "Shop <A> & Co"), ("shop-b", "Shop B")]


def test_the_tab_shows_the_table_and_files_or_says_it_is_not_available_without_details():
    markup, grid, quotes = compare_tab._contents(_Sheets(), ["shop-a", "shop-b"])
    assert markup == render_table(_table())
    assert grid.endswith("privacy-comparison.csv") and quotes.endswith("privacy-comparison-quotes.csv")
    assert compare_tab._contents(_BrokenSheets(), ["shop-a"]) == (compare_tab.NOT_AVAILABLE, None, None)
    assert "shop-c" not in compare_tab.NOT_AVAILABLE
    assert compare_tab._contents(_Sheets(), []) == (compare_tab.PICK_SOME, None, None)


def test_the_picker_offers_every_policy_and_picks_the_first_columns():
    """Over more policies than fit side by side, the page opens on the first COLUMNS of them."""

    class _Many(_Sheets):
        def policies(self):
            return [(f"shop-{i}", f"Shop {i}") for i in range(40)]

        def compare(self, slugs=None):
            self.asked = slugs
            return _table()

    bot = _Many()
    update, markup, *_ = compare_tab._opening(bot)
    assert len(update["choices"]) == 40 and update["value"] == [f"shop-{i}" for i in range(compare_tab.COLUMNS)]
    assert bot.asked == update["value"] and markup == render_table(_table())


def test_the_tab_adds_no_public_endpoint():
    from web.page import build

    # The page's loads and clicks are private: "Use via API" lists /ask only.
    assert list(build(_Sheets()).get_api_info()["named_endpoints"]) == ["/ask"]

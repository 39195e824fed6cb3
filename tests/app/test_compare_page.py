"""The Compare tab in a real headless Chromium against the real app (see conftest.py): the table of
every policy's fact sheet, a cell's quote opened in the tab's viewer, Not-stated cells, the CSVs,
and the phone layout."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from assistant import Settings, build_assistant

pytestmark = pytest.mark.e2e

TIMEOUT = 60_000  # ms; the page shares 2 CPU cores with everything else
TABLE = "#compare-table table.compare"


@pytest.fixture(scope="module")
def bot(app_env):
    """An assistant on the app's own index, for what the page must show."""
    return build_assistant(Settings.from_env(app_env))


def open_compare(page) -> None:
    page.get_by_role("tab", name="Compare").click()
    page.locator(TABLE).wait_for(timeout=TIMEOUT)


def button_span(button) -> tuple[str, int, int]:
    start, end, *slug = button.get_attribute("value").split(":")
    return ":".join(slug), int(start), int(end)


def cell(page, category: str, column: int):
    return page.locator(f"{TABLE} tbody tr").filter(has=page.locator("th", has_text=category)).locator("td").nth(column)


def test_compare_table_opens_quotes_and_marks_not_stated(new_page, bot, screenshot):
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    open_compare(page)
    table = bot.compare()
    titles = [c.title for c in table.columns]
    assert len(titles) == 5
    expect(page.locator(f"{TABLE} thead th[scope=col]:not(.corner)")).to_have_text(titles)
    labels = page.locator(f"{TABLE} tbody th[scope=row]")
    expect(labels).to_have_text([r.label for r in table.rows])
    assert labels.count() >= 12

    # Every stated cell of the real sheets is a button; pick one with several quotes and open two of them.
    row, col = next((i, j) for i, r in enumerate(table.rows) for j, f in enumerate(r.cells) if len(f.quotes) >= 2)
    fact, td = table.rows[row].cells[col], cell(page, table.rows[row].label, col)
    expect(td.locator(".fact-part").first).to_have_text(fact.value.split("; ")[0])
    for button in (td.locator("button.fact-value"), td.locator("button.fact-num").nth(1)):
        slug, start, end = button_span(button)
        assert slug == table.columns[col].slug
        button.click()
        mark = page.locator("#compare-viewer mark.cited")
        expect(mark).to_have_count(1, timeout=TIMEOUT)
        expect(page.locator("#compare-viewer .viewer-head")).to_contain_text(table.columns[col].title)
        page.wait_for_function(
            "(want) => document.querySelector('#compare-viewer mark.cited')?.textContent === want",
            arg=bot.document(slug)[start:end], timeout=TIMEOUT)
        expect(mark).to_be_in_viewport()
    assert fact.quotes[1].text == bot.document(slug)[start:end]  # the second number opened the second quote

    # A Not-stated cell looks different from a stated one and opens nothing.
    r2, c2 = next((i, j) for i, r in enumerate(table.rows) for j, f in enumerate(r.cells) if not f.stated)
    blank = cell(page, table.rows[r2].label, c2)
    expect(blank).to_have_text("Not stated")
    expect(blank.locator("button")).to_have_count(0)
    style = "(el) => { const s = getComputedStyle(el); return [s.fontStyle, s.color, s.backgroundImage + s.backgroundColor]; }"
    muted, plain = blank.evaluate(style), td.evaluate(style)
    assert muted[0] == "italic" and plain[0] == "normal"
    assert muted[1] != plain[1] and muted[2] != plain[2]
    shown = page.locator("#compare-viewer").inner_html()
    blank.click()
    page.wait_for_timeout(1000)
    assert page.locator("#compare-viewer").inner_html() == shown
    td.scroll_into_view_if_needed()
    screenshot(page, "compare-desktop")


def test_the_picker_chooses_the_columns(new_page, bot):
    """Up to COLUMNS policies side by side (a thousand do not fit): removing one from the picker
    drops its column, picking it again brings it back."""
    page = new_page()
    open_compare(page)
    head = page.locator(f"{TABLE} thead th[scope=col]:not(.corner)")
    titles = [title for _, title in bot.policies()]
    expect(head).to_have_text(titles)
    gone = titles[1]
    page.locator("#compare-pick .token").filter(has_text=gone).locator(".token-remove").click()
    expect(head).to_have_text([t for t in titles if t != gone], timeout=TIMEOUT)
    page.locator("#compare-pick input").click()
    page.get_by_role("option", name=gone).click()
    expect(head).to_have_count(len(titles), timeout=TIMEOUT)
    expect(head.filter(has_text=gone)).to_have_count(1)


def test_compare_csv_downloads_parse_to_the_table(new_page, bot):
    page = new_page()
    open_compare(page)
    table = bot.compare()
    with page.expect_download(timeout=TIMEOUT) as grid:
        page.locator("#compare-csv").click()
    rows = list(csv.reader(io.StringIO(Path(grid.value.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["category"] + [c.title for c in table.columns]
    assert rows == list(csv.reader(io.StringIO(table.to_csv())))
    assert len(rows) - 1 >= 12
    with page.expect_download(timeout=TIMEOUT) as quotes:
        page.locator("#compare-quotes-csv").click()
    evidence = list(csv.DictReader(io.StringIO(Path(quotes.value.path()).read_text(encoding="utf-8-sig"))))
    assert {r["policy"] for r in evidence} == {c.slug for c in table.columns}
    for r in evidence:
        assert bot.document(r["policy"])[int(r["start"]):int(r["end"])] == r["quote"].removeprefix("'")


def test_compare_tab_fits_a_phone(browser, app_url, bot, screenshot):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    try:
        page = context.new_page()
        page.goto(app_url)
        open_compare(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        box = page.locator("#compare-table .compare-scroll")
        assert box.evaluate("(el) => el.scrollWidth > el.clientWidth")  # the table scrolls in its own box
        label = page.locator(f"{TABLE} tbody th[scope=row]").first
        left = label.bounding_box()["x"]
        box.evaluate("(el) => { el.scrollLeft = 400; }")
        page.wait_for_timeout(200)
        assert abs(label.bounding_box()["x"] - left) < 1  # the category column stays put
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(page, "compare-phone")
        table = bot.compare()
        row, col = next((i, j) for i, r in enumerate(table.rows) for j, f in enumerate(r.cells) if f.stated)
        box.evaluate("(el) => { el.scrollLeft = 0; }")
        cell(page, table.rows[row].label, col).locator("button.fact-value").tap()
        expect(page.locator("#compare-viewer mark.cited")).to_be_in_viewport(timeout=TIMEOUT)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(page, "compare-phone-quote")
    finally:
        context.close()

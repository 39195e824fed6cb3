"""The Compare tab in a real headless Chromium against the real app (see conftest.py): the table of
every policy's fact sheet, a cell's quote opened in the tab's viewer, Not-stated cells, the CSVs,
and the phone layout."""

from __future__ import annotations

import csv
import io
import re
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
    for button in (td.locator("button.fact-value").first, td.locator("button.fact-num").nth(1)):
        slug, start, end = button_span(button)
        assert slug == table.columns[col].slug
        button.click()
        mark = page.locator("#compare-viewer mark.cited")
        expect(mark).to_have_count(1, timeout=TIMEOUT)
        expect(page.locator("#compare-viewer .viewer-head")).to_contain_text(table.columns[col].title)
        page.wait_for_function(
            "(want) => document.querySelector('#compare-viewer mark.cited')?.textContent === want",
            arg=bot.document(slug)[start:end],
            timeout=TIMEOUT,
        )
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
        assert bot.document(r["policy"])[int(r["start"]) : int(r["end"])] == r["quote"].removeprefix("'")


def test_a_phone_compares_two_picked_policies_side_by_side(browser, app_url, bot, screenshot):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        page.goto(app_url)
        open_compare(page)
        titles = [c.title for c in bot.compare().columns]
        head = page.locator(f"{TABLE} thead th[scope=col]:not(.corner)")

        def shown():
            return [t for t, h in zip(titles, head.all()) if h.is_visible()]

        assert shown() == titles[:2]  # two policies fit; no sideways scroll
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        widths = [h.bounding_box()["width"] for h in head.all() if h.is_visible()]
        assert min(widths) > 120, widths  # a policy per half of what the category column leaves
        page.locator("select.pair-pick").nth(1).select_option(label=titles[4])
        assert shown() == [titles[0], titles[4]]
        cells = page.locator(f"{TABLE} tbody tr").first.locator("td")
        assert [cells.nth(i).is_visible() for i in range(len(titles))] == [i in (0, 4) for i in range(len(titles))]
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(page, "compare-phone")
        # The header row stays on screen while the page scrolls down the table.
        page.mouse.wheel(0, 900)
        page.wait_for_timeout(300)
        expect(head.first).to_be_in_viewport()
        table = bot.compare()
        row = next(i for i, r in enumerate(table.rows) if r.cells[4].stated)
        value = cell(page, table.rows[row].label, 4).locator("button.fact-value").first
        value.scroll_into_view_if_needed()
        before = value.bounding_box()["y"]
        value.tap()
        expect(page.locator("#compare-viewer mark.cited")).to_be_in_viewport(timeout=TIMEOUT)
        # The viewer docks at the bottom of the screen: the page, and the place in the table, stay put.
        page.wait_for_timeout(300)
        assert abs(value.bounding_box()["y"] - before) < 2
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(page, "compare-phone-quote")
    finally:
        context.close()


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"\w+", text.lower())) + " "


def test_every_cell_opens_the_sentence_its_value_was_read_from(new_page, bot):
    """Each part of each value of the five default policies opens one of its cell's own quotes, and
    one that says it (Kpop Mart's "What is collected" opened "We hope that you will take the time
    to read this policy…", the first sentence on the topic)."""
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 800})
    open_compare(page)
    table = bot.compare()
    assert len(table.columns) == 5
    # The table is read with the page's scroll, its header row kept in view.
    assert page.locator("#compare-table .compare-scroll").evaluate("(el) => el.scrollHeight <= el.clientHeight + 1")
    opened = 0
    for r in table.rows:
        for col, fact in enumerate(r.cells):
            parts = cell(page, r.label, col).locator("button.fact-value")
            if not fact.stated:
                expect(parts).to_have_count(0)
                continue
            values = fact.value.split("; ")
            expect(parts).to_have_count(len(values))
            for part, value in zip(parts.all(), values):
                part.click()
                mark = page.locator("#compare-viewer mark.cited")
                slug, start, end = button_span(part)
                want = bot.document(slug)[start:end]
                page.wait_for_function(
                    "(w) => document.querySelector('#compare-viewer mark.cited')?.textContent === w",
                    arg=want,
                    timeout=TIMEOUT,
                )
                assert slug == table.columns[col].slug
                assert want in [q.text for q in fact.quotes], (r.label, value, want)
                verdict, _, rest = value.partition(" — ")
                said = rest if verdict in ("Yes", "No") else value
                if said:  # a bare "Yes"/"No" is said by every quote of its cell
                    first = said.replace(" — ", ", ").split(", ")[0]
                    assert _words(first) in _words(want), (r.label, table.columns[col].title, value, want)
                expect(mark).to_be_in_viewport()
                opened += 1
    assert opened >= 40
    page.mouse.wheel(0, -5000)
    page.mouse.wheel(0, 700)
    page.wait_for_timeout(300)
    expect(page.locator(f"{TABLE} thead th.corner")).to_be_in_viewport()

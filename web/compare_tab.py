"""The Compare tab: the fact sheets of up to COLUMNS picked policies side by side, a policy viewer for the quotes, the CSVs.

Rendering is web/compare.py; this module places the components. The table and the CSV files are
made on each page load. A quote click reuses the chat's citation handler (``Handlers.open_citation``)
with this tab's own viewer, so the chat's viewer keeps what it was showing.
"""

from __future__ import annotations

import logging

import gradio as gr

from .compare import COMPARE_VIEWER_EMPTY, render_table, write_csvs

log = logging.getLogger("app")
LOADING = '<div class="compare-empty">Loading the comparison…</div>'
# Details of unexpected errors go to the server log, never to the page (as for answers).
NOT_AVAILABLE = (
    '<div class="compare-empty error">The comparison is not available; the server log has the details.</div>'
)

# Columns side by side at most: a thousand policies do not fit in one table (issue 16).
COLUMNS = 6
INTRO = (
    "What each policy says, side by side: one column per policy, one row per topic. Every value is "
    "lifted from the policy's own words; **click a value** (or a quote number under it) to read it in "
    f"the policy below. *Not stated* means the policy does not say. Pick up to {COLUMNS} policies to compare."
)
PICK_SOME = f'<div class="compare-empty">Pick up to {COLUMNS} policies above to compare them.</div>'


def build_compare(bot, handlers, demo) -> None:
    """The tab's components, inside the ``gr.Tab`` the caller (page.build) opened in ``demo``."""
    from .page import static_text  # page imports this module

    gr.Markdown(INTRO, elem_id="compare-intro")
    pick = gr.Dropdown(
        [], value=[], multiselect=True, max_choices=COLUMNS, label="Policies compared", elem_id="compare-pick"
    )
    table = gr.HTML(LOADING, elem_id="compare-table")
    with gr.Row(elem_id="compare-downloads"):
        grid = gr.DownloadButton("⤓ Table (CSV)", size="sm", scale=0, min_width=150, elem_id="compare-csv")
        quotes = gr.DownloadButton("⤓ Quotes (CSV)", size="sm", scale=0, min_width=150, elem_id="compare-quotes-csv")
    gr.Markdown("### Policy text", elem_id="compare-viewer-title")
    viewer = gr.HTML(COMPARE_VIEWER_EMPTY, js_on_load=static_text("compare.js"), elem_id="compare-viewer")
    # Made on each page load, so a page shows the sheets the assistant has when it is opened; an
    # explicit private event (not callable values, which Gradio would list as public endpoints).
    demo.load(lambda: _opening(bot), None, [pick, table, grid, quotes], api_visibility="private")
    # input, not change: the page load sets the picker too, and must not build the table twice.
    pick.input(lambda slugs: _contents(bot, slugs), pick, [table, grid, quotes], api_visibility="private")
    viewer.click(handlers.open_citation, None, viewer, api_visibility="private")


def _opening(bot):
    """The picker with every policy, the first COLUMNS chosen, and their table."""
    policies = bot.policies()
    chosen = [slug for slug, _ in policies[:COLUMNS]]
    return (gr.update(choices=[(title, slug) for slug, title in policies], value=chosen), *_contents(bot, chosen))


def _contents(bot, slugs: list[str]) -> tuple[str, str | None, str | None]:
    """(table HTML, grid CSV path, quotes CSV path) of the policies ``slugs``; a table that cannot be
    built says so instead, and none picked asks for some."""
    if not slugs:
        return PICK_SOME, None, None
    # The chat must keep working if the sheets cannot be read (say, a policy indexed without one).
    try:
        table = bot.compare(list(slugs)[:COLUMNS])
        grid, quotes = write_csvs(table)
        return render_table(table), str(grid), str(quotes)
    except Exception:
        log.exception("the comparison table failed")
        return NOT_AVAILABLE, None, None

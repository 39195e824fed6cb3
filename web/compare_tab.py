"""The Compare tab: every policy's fact sheet side by side, a policy viewer for the quotes, the CSVs.

Rendering is web/compare.py; this module places the components. The table and the CSV files are
made on each page load (values that are callables), so a page shows the sheets the assistant has
when it is opened. A quote click reuses the chat's citation handler (``Handlers.open_citation``)
with this tab's own viewer, so the chat's viewer keeps what it was showing.
"""
from __future__ import annotations

import logging

import gradio as gr

from .compare import COMPARE_VIEWER_EMPTY, render_table, write_csvs

log = logging.getLogger("app")
# Details of unexpected errors go to the server log, never to the page (as for answers).
NOT_AVAILABLE = '<div class="compare-empty error">The comparison is not available; the server log has the details.</div>'

INTRO = (
    "What each policy says, side by side: one column per policy, one row per topic. Every value is "
    "lifted from the policy's own words; **click a value** (or a quote number under it) to read it in "
    "the policy below. *Not stated* means the policy does not say."
)


def build_compare(bot, handlers) -> None:
    """The tab's components, inside the ``gr.Tab`` the caller (page.build) opened."""
    from .page import static_text  # page imports this module

    gr.Markdown(INTRO, elem_id="compare-intro")
    gr.HTML(lambda: _table(bot), elem_id="compare-table")
    with gr.Row(elem_id="compare-downloads"):
        gr.DownloadButton("⤓ Table (CSV)", value=lambda: _csv(bot, 0),
                          size="sm", scale=0, min_width=150, elem_id="compare-csv")
        gr.DownloadButton("⤓ Quotes (CSV)", value=lambda: _csv(bot, 1),
                          size="sm", scale=0, min_width=150, elem_id="compare-quotes-csv")
    gr.Markdown("### Policy text", elem_id="compare-viewer-title")
    viewer = gr.HTML(COMPARE_VIEWER_EMPTY, js_on_load=static_text("compare.js"), elem_id="compare-viewer")
    viewer.click(handlers.open_citation, None, viewer, api_visibility="private")


def _table(bot) -> str:
    # The chat must keep working if the sheets cannot be read (say, a policy indexed without one).
    try:
        return render_table(bot.compare())
    except Exception:
        log.exception("the comparison table failed")
        return NOT_AVAILABLE


def _csv(bot, which: int) -> str | None:
    try:
        return str(write_csvs(bot.compare())[which])
    except Exception:
        log.exception("the comparison CSV failed")
        return None

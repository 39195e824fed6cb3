"""Takes the README's two screenshots (docs/img/chat.png, docs/img/compare.png) of the real app:
`python app.py` on the default corpus, driven by Debian's Chromium as the browser tests drive it.

    .venv/bin/python docs/screenshots.py      # after `python -m ingest`
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.app.conftest import CHROMIUM, CHROMIUM_ARGS, AppServer  # noqa: E402
from tests.app.pages import ask  # noqa: E402

OUT = ROOT / "docs" / "img"
QUESTION = "How long does MIKMIK keep complaint records?"


def main() -> None:
    env = {**os.environ, "ASSISTANT_LLM": "extractive", "GRADIO_ANALYTICS_ENABLED": "False"}
    server = AppServer(env, ROOT / "reports" / "screenshots-app.log")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_context(viewport={"width": 1280, "height": 760}).new_page()
            page.goto(server.url)
            page.locator("#question textarea").wait_for()
            ask(page, QUESTION)
            page.locator("#chat .answer details.sources > summary").last.click()
            page.screenshot(path=OUT / "chat.png")
            page.get_by_role("tab", name="Compare").click()
            page.locator("#compare-table table.compare").wait_for(timeout=60_000)
            page.screenshot(path=OUT / "compare.png")
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    (ROOT / "reports").mkdir(exist_ok=True)
    main()

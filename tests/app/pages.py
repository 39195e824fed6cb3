"""What the browser tests do on the page: ask and wait for the reply, open pages at a size, screenshots."""

from __future__ import annotations

from pathlib import Path

TIMEOUT = 90_000  # ms; answers share 2 CPU cores with everything else
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SIZES = {"desktop": DESKTOP, "phone": PHONE}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"

_LAST_REPLY = (
    "() => { const a = document.querySelectorAll('#chat .answer'); return a.length ? a[a.length - 1] : null; }"
)


def ask(page, question: str) -> None:
    """Types a question, sends it and waits until a new reply (answer or error) is complete."""
    box = page.locator("#question textarea")
    send(page, lambda: (box.fill(question), box.press("Enter")))


def send(page, action) -> None:
    """Does ``action`` (which sends a question) and waits until a new reply is complete."""
    # The same question twice gets the same HTML: a new reply is a new count or new HTML.
    count = "document.querySelectorAll('#chat .answer').length"
    before = page.evaluate(f"() => ({count}) + ':' + (({_LAST_REPLY})()?.outerHTML ?? '')")
    action()
    page.wait_for_function(
        f"""(before) => {{ const last = ({_LAST_REPLY})();
        return last && ({count}) + ':' + last.outerHTML !== before
          && (last.classList.contains('error') || last.querySelector('.backend') !== null); }}""",
        arg=before,
        timeout=TIMEOUT,
    )
    page.wait_for_timeout(300)  # the page's script lands on the new answer in the next frame


def last_answer(page):
    return page.locator("#chat .answer").last


def open_app(browser, url: str, size: str = "desktop", **context_options):
    """A new browser context (its own session) at ``size``, with the app loaded; returns (context, page)."""
    context = browser.new_context(viewport=SIZES[size], **context_options)
    page = context.new_page()
    page.goto(url)
    page.locator("#question textarea").wait_for()
    return context, page


def shot(page, name: str, full_page: bool = False) -> Path:
    """A screenshot under screenshots/ (git-ignored): what the viewer sees, or the whole page."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path

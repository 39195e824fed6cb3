"""Adding a policy from the page (issue 14): a good file is indexed and answered from at once, a bad
one gets ingest's own message and changes nothing, a name already taken is refused; with
ASSISTANT_FEEDBACK unset there are no thumbs and no feedback file.

The module's app runs on its own copy of the session's index, since uploads change it.
"""

from __future__ import annotations

import re
import shutil

import pytest
from pages import ask, last_answer, open_app, shot
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

# Written for this test (not from any real policy): a shop whose policy says how long it keeps orders.
GOOD_POLICY = """# Acme Widgets Privacy Policy

## Keeping your records

Acme Widgets keeps order records for 7 years after the last purchase, as tax law requires.

## Contact

Write to privacy@acme-widgets.example with any question about your data.
"""
QUESTION = "How long does Acme Widgets keep order records?"
CONTROL = "How long does MIKMIK keep complaint records?"


@pytest.fixture(scope="module")
def upload_app(default_app_index, app_env, start_app, tmp_path_factory):
    folder = tmp_path_factory.mktemp("upload-app")
    index = folder / "index"
    shutil.copytree(default_app_index, index)
    env = {**app_env, "ASSISTANT_INDEX": str(index), "GRADIO_TEMP_DIR": str(folder / "gradio-tmp")}
    env.pop("ASSISTANT_FEEDBACK", None)
    server = start_app(env, folder / "app.log")
    server.index = index
    server.gradio_tmp = folder / "gradio-tmp"
    yield server
    server.stop()


@pytest.fixture
def page(browser, upload_app):
    context, page = open_app(browser, upload_app.url)
    yield page
    context.close()


def _policies(page) -> list[str]:
    page.locator("#policy-select input").click()
    names = [n.replace("✓", "").strip() for n in page.get_by_role("option").all_inner_texts()]
    page.keyboard.press("Escape")
    return names


def _add(page, path=None, name="", text=""):
    panel = page.locator("#add-policy")
    if not page.locator("#upload-add").is_visible():
        panel.get_by_text("Add a policy").click()
    if path:
        page.locator("#upload-file input[type=file]").set_input_files(str(path))
    page.locator("#upload-name input, #upload-name textarea").first.fill(name)
    page.locator("#upload-text textarea").fill(text)
    # The message itself must change: while a worker indexes, Gradio's progress bar changes the
    # status box around the previous message.
    status = "() => document.querySelector('#upload-status .upload-status')?.outerHTML ?? ''"
    before = page.evaluate(status)
    page.locator("#upload-add").click()
    page.wait_for_function(
        f"(before) => {{ const now = ({status})(); return now && now !== before; }}", arg=before, timeout=120_000
    )
    return page.locator("#upload-status .upload-status")


def test_a_bad_file_is_refused_with_ingests_reason_and_nothing_changes(page, upload_app, tmp_path):
    policies = _policies(page)
    ask(page, CONTROL)
    answer = last_answer(page).locator(".answer-text").inner_text()
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n this is not really a pdf \x00\x01\x02")
    status = _add(page, bad)
    expect(status).to_have_class("upload-status error")
    expect(status).to_contain_text("broken.pdf could not be added")
    expect(status).to_contain_text("Nothing already indexed was changed")
    shot(page, "upload-bad-desktop", full_page=True)
    assert _policies(page) == policies
    ask(page, CONTROL)
    assert last_answer(page).locator(".answer-text").inner_text() == answer
    assert not list(upload_app.index.rglob("broken.pdf"))  # the bad copy is not kept
    assert not list(upload_app.gradio_tmp.rglob("broken.pdf"))  # nor the raw upload

    taken = tmp_path / "mikmik.md"  # the name of a policy already indexed: it would replace it
    taken.write_text(GOOD_POLICY, encoding="utf-8")
    status = _add(page, taken)
    expect(status).to_contain_text("already indexed")
    assert _policies(page) == policies


def test_a_good_file_is_indexed_selectable_and_answered_from(page, upload_app, tmp_path):
    good = tmp_path / "acme-widgets.md"
    good.write_text(GOOD_POLICY, encoding="utf-8")
    status = _add(page, good)
    expect(status).to_have_class("upload-status ok")
    expect(status).to_contain_text("Acme Widgets")
    shot(page, "upload-good-desktop", full_page=True)
    assert any(name.startswith("Acme Widgets") for name in _policies(page))
    # The running assistant answers from the new index; the upload is kept under the index, never served.
    ask(page, QUESTION)
    answer = last_answer(page)
    expect(answer.locator(".answer-text")).to_contain_text("7 years")
    kept = next((upload_app.index / "private").rglob("acme-widgets.md"))
    assert page.request.get(upload_app.url + "gradio_api/file=" + str(kept)).status >= 400
    # The raw file the browser sent is deleted once copied: nothing of it is left in Gradio's cache.
    assert not [p for p in upload_app.gradio_tmp.rglob("acme-widgets.md")]
    assert not list((upload_app.index / "uploads").glob("*"))  # private: not in the shared index's folder
    assert list((upload_app.index / "private").rglob("acme-widgets.md"))
    # Another visitor neither sees it nor gets an answer from it (issue 28: uploads were everyone's).
    context, other = open_app(page.context.browser, upload_app.url, "phone")
    try:
        other.locator("#policy-select input").click()
        expect(other.get_by_role("option", name=re.compile(r"^MIKMIK"))).to_be_visible()
        expect(other.get_by_role("option", name=re.compile(r"Acme Widgets"))).to_have_count(0)
        shot(other, "upload-phone")
        other.keyboard.press("Escape")
        ask(other, QUESTION)
        expect(last_answer(other)).not_to_contain_text("Acme Widgets keeps order records")
    finally:
        context.close()
    # Its owner removes it: gone from the selector, the disk and the index.
    page.locator("#upload-mine input").click()
    page.get_by_role("option", name="acme-widgets").click()
    page.locator("#upload-remove").click()
    expect(page.locator("#upload-status .upload-status")).to_contain_text("Removed")
    assert not any("Acme Widgets" in name for name in _policies(page))
    assert not list((upload_app.index / "private").rglob("acme-widgets.md"))


def test_pasted_text_needs_a_name_and_then_goes_in(page):
    status = _add(page, text="Pasted Shop keeps delivery addresses for 90 days.")
    expect(status).to_contain_text("Give the pasted policy a name")
    page.mouse.wheel(0, 2000)  # the panel is below the chat; the Policy box is far up
    status = _add(page, name="Pasted Shop", text="Pasted Shop keeps delivery addresses for 90 days after delivery.")
    expect(status).to_have_class("upload-status ok")
    expect(status).to_contain_text("(1 passage)")  # not "(1 passages)"
    # The Policy box it was selected in is brought into view and flashed.
    selector = page.locator("#policy-select")
    expect(selector).to_have_class(re.compile(r"\bflash\b"))
    expect(selector).to_be_in_viewport()
    expect(selector.locator("input")).to_have_value("Pasted Shop (yours)")
    assert "Pasted Shop (yours)" in _policies(page)


def test_no_thumbs_and_no_feedback_file_when_feedback_is_off(page, upload_app):
    ask(page, CONTROL)
    expect(page.locator("#chat button[aria-label='Like']")).to_have_count(0)
    expect(page.locator("#chat button[aria-label='Dislike']")).to_have_count(0)
    assert not list(upload_app.index.rglob("*.jsonl"))


def _join(url: str, fn: int, session: str, data: list):
    """Starts a private page event over Gradio's queue, as a browser does; returns the SSE stream's lines."""
    import httpx

    http = httpx.Client(timeout=600)
    http.post(
        url + "gradio_api/queue/join",
        json={"data": data, "fn_index": fn, "session_hash": session, "event_data": None, "trigger_id": None},
    ).raise_for_status()
    return http, http.stream("GET", url + "gradio_api/queue/data", params={"session_hash": session})


def test_a_question_is_answered_while_another_visitors_large_upload_indexes(upload_app):
    """Uploads shared the answer queue: a question waited 30.8 s behind one (issue 28)."""
    import json
    import threading
    import time

    import httpx
    from gradio_client import Client

    config = httpx.get(upload_app.url + "config", timeout=30).json()
    fn = next(
        d.get("id", i) for i, d in enumerate(config["dependencies"]) if len(d["inputs"]) == 4 and len(d["outputs"]) == 6
    )
    policy = "\n\n".join(
        f"Section {i}. Big Shop keeps record type {i} for {i % 7 + 1} years, and shares item {i} "
        f"with partner {i} only when you agree to it."
        for i in range(2500)
    )  # ~250 KB, all new text
    finished: list[float] = []

    def upload():
        http, stream = _join(upload_app.url, fn, "bigupload01", [None, "Big Shop", policy, False])
        try:
            with stream as r:
                for line in r.iter_lines():
                    if line.startswith("data:") and json.loads(line[5:]).get("msg") == "process_completed":
                        finished.append(time.monotonic())
                        return
        finally:
            http.close()

    thread = threading.Thread(target=upload)
    thread.start()
    client = Client(upload_app.url, verbose=False)
    time.sleep(5)  # the worker is reading and embedding by now
    t0 = time.monotonic()
    answer = client.predict(CONTROL, None, api_name="/ask")
    answered = time.monotonic()
    thread.join(timeout=600)
    assert "3 years" in answer["text"]
    assert finished and finished[0] > answered, "the upload should still have been indexing"
    assert answered - t0 < 20, f"the answer took {answered - t0:.1f} s while the upload indexed"


def test_a_sessions_policies_are_deleted_when_its_page_is_closed(browser, upload_app):
    import time

    context, page = open_app(browser, upload_app.url)
    status = _add(page, name="Closing Shop", text="Closing Shop keeps delivery addresses for 30 days after delivery.")
    expect(status).to_have_class("upload-status ok")
    assert list((upload_app.index / "private").rglob("Closing-Shop.md"))
    context.close()
    deadline = time.monotonic() + 90  # Gradio notices a closed page by its lost connection
    while list((upload_app.index / "private").rglob("Closing-Shop.md")) and time.monotonic() < deadline:
        time.sleep(1)
    assert not list((upload_app.index / "private").rglob("Closing-Shop.md"))
    assert "Closing-Shop" not in (upload_app.index / "uploads.json").read_text()

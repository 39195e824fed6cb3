"""The web chat: `python app.py` serves it on http://127.0.0.1:7860 (GRADIO_SERVER_PORT).

Thin edge: it asks the assistant API and renders what comes back. Everything that comes from a
policy or a question is HTML-escaped before it reaches the page.
"""
from __future__ import annotations

import html
import logging
import os
import re
import sys
from typing import NamedTuple

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from assistant import AssistantError, Settings, get_assistant  # noqa: E402
from ingest import ensure  # noqa: E402

log = logging.getLogger("app")

# Each is answered from the default corpus (tests/app checks that through /ask).
EXAMPLES = [
    "How long does MIKMIK keep complaint records?",
    "Does Tootoomart share my information with third parties?",
    "How does KMALL24 use cookies?",
    "How does Kpop Mart protect my information?",
    "Is my credit card number safe?",
]
ABSTAIN = "The policies don't say"
# A card shows the quote inside its paragraph; this much context either side keeps cards short.
CONTEXT_CHARS = 280
QUOTE_CHARS = 1200
_BLANK_LINE = re.compile(r"\n[ \t\u00a0\u3000]*\n")
_MARKER = re.compile(r"\[(\d+)\]")
_VIEWER_EMPTY = (
    '<div class="viewer-empty">Click <b>Open in policy</b> under a citation, or pick a policy above, '
    "to read the whole policy here.</div>"
)


class Turn(NamedTuple):
    """One exchange of a session: what the assistant API needs back, and what the page shows."""

    question: str
    answer: str
    html: str


# ---------------------------------------------------------------- rendering (pure functions)


def _text(s: str) -> str:
    """Escaped text with line breaks kept; no raw newline, so the chat's Markdown leaves it alone."""
    return html.escape(s).replace("\r", "").replace("\n", "<br>")


def _paragraph(doc: str, start: int, end: int) -> tuple[str, str]:
    """The text before and after [start, end) within its paragraph (blank lines bound it), capped."""
    before = _BLANK_LINE.split(doc[:start])[-1]
    after = _BLANK_LINE.split(doc[end:])[0]
    if len(before) > CONTEXT_CHARS:
        before = "…" + before[-CONTEXT_CHARS:].split(" ", 1)[-1]
    if len(after) > CONTEXT_CHARS:
        after = after[:CONTEXT_CHARS].rsplit(" ", 1)[0] + "…"
    return before, after


def render_answer_text(text: str, citations=()) -> str:
    """Escaped answer text; a marker with a citation opens the cited span in the policy viewer."""

    def marker(m: re.Match) -> str:
        n = int(m.group(1))
        if not 1 <= n <= len(citations):
            return f'<sup class="cite-ref">[{n}]</sup>'
        c = citations[n - 1]
        return (
            f'<sup><button class="cite-ref open-policy" title="{html.escape(c.title)} § {html.escape(c.section or "")}" '
            f'value="{int(c.start)}:{int(c.end)}:{html.escape(c.policy)}">[{n}]</button></sup>'
        )

    return _MARKER.sub(marker, _text(text))


def render_card(n: int, cit, doc: str, source_url: str | None) -> str:
    before, after = _paragraph(doc, cit.start, cit.end)
    quote = cit.quote if len(cit.quote) <= QUOTE_CHARS else cit.quote[:QUOTE_CHARS] + "…"
    link = ""
    if source_url and source_url.startswith(("https://", "http://")):
        link = (
            f'<a class="source-link" href="{html.escape(source_url)}" target="_blank" '
            'rel="noopener noreferrer">Archived source ↗</a>'
        )
    return (
        f'<div class="cite-card" data-n="{n}">'
        f'<div class="cite-head"><span class="cite-num">[{n}]</span> '
        f'<span class="cite-title">{html.escape(cit.title)}</span>'
        f'<span class="cite-section">{html.escape(cit.section or "")}</span></div>'
        f'<div class="cite-context">{_text(before)}<mark>{_text(quote)}</mark>{_text(after)}</div>'
        # The chat's sanitizer drops data-* attributes but keeps a button's value.
        f'<div class="cite-actions"><button class="open-policy" '
        f'value="{int(cit.start)}:{int(cit.end)}:{html.escape(cit.policy)}">Open in policy</button>{link}</div>'
        "</div>"
    )


def render_answer(answer, document, policy_info) -> str:
    """The whole assistant message: abstention sign or answer, notice, citation cards.

    ``document(slug) -> str`` and ``policy_info(slug)`` are the assistant's methods of those names.
    """
    parts = []
    if not answer.answerable:
        parts.append(f'<div class="abstain"><span class="abstain-sign">{ABSTAIN}</span></div>')
    parts.append(f'<div class="answer-text">{render_answer_text(answer.text, answer.citations)}</div>')
    if getattr(answer, "notice", ""):
        parts.append(f'<div class="notice">{_text(answer.notice)}</div>')
    if answer.citations:
        cards = "".join(
            render_card(n, c, document(c.policy), policy_info(c.policy).source_url)
            for n, c in enumerate(answer.citations, 1)
        )
        label = "Sources" if answer.answerable else "Closest passages"
        parts.append(f'<div class="cards"><div class="cards-label">{label}</div>{cards}</div>')
    parts.append(f'<div class="backend">answered by: {html.escape(answer.backend)}</div>')
    return f'<div class="answer">{"".join(parts)}</div>'


def render_partial(text: str) -> str:
    return f'<div class="answer streaming">{render_answer_text(text)}<span class="cursor">▍</span></div>'


def render_document(info, doc: str, start: int | None = None, end: int | None = None) -> str:
    """The whole policy as escaped text, with [start, end) in a <mark> the page scrolls to."""
    meta = []
    if info.archived:
        meta.append(f"archived {html.escape(info.archived)}")
    if info.source_url and info.source_url.startswith(("https://", "http://")):
        meta.append(
            f'<a href="{html.escape(info.source_url)}" target="_blank" rel="noopener noreferrer">source ↗</a>'
        )
    head = f'<div class="viewer-head"><b>{html.escape(info.title)}</b> <span>{" · ".join(meta)}</span></div>'
    if start is None or end is None or not 0 <= start <= end <= len(doc):
        body = html.escape(doc)
    else:
        body = (
            f'{html.escape(doc[:start])}<mark class="cited" id="cited-span">{html.escape(doc[start:end])}</mark>'
            f"{html.escape(doc[end:])}"
        )
    return f'{head}<div class="viewer-doc">{body}</div>'


def render_question(question: str) -> str:
    # Inside an HTML block the chat's Markdown is off: "![x](https://…)" in a question must stay
    # text, not become an image the browser fetches.
    return f'<div class="question">{_text(question)}</div>'


def _messages(turns: list[Turn]) -> list[dict]:
    out = []
    for t in turns:
        out.append({"role": "user", "content": render_question(t.question)})
        out.append({"role": "assistant", "content": t.html})
    return out


def _history(turns: list[Turn]) -> list[dict]:
    out = []
    for t in turns:
        out += [{"role": "user", "content": t.question}, {"role": "assistant", "content": t.answer}]
    return out


def _refused(turns: list[Turn], question: str, message: str) -> list[dict]:
    """The conversation plus an error reply that is not kept: the next question replaces it."""
    shown = _messages(turns)
    if question.strip():
        # The whole question is back in the box; the chat only needs to show which one it was.
        short = question if len(question) <= 300 else question[:300] + "…"
        shown.append({"role": "user", "content": render_question(short)})
    message = message[:1].upper() + message[1:]
    shown.append({"role": "assistant", "content": f'<div class="answer error">{_text(message)}</div>'})
    return shown


def _user_error(exc: Exception) -> gr.Error:
    # gr.Error renders its message as HTML, and messages may quote the user's input.
    return gr.Error(html.escape(str(exc), quote=False), title="Cannot answer")


# ---------------------------------------------------------------- the page

# Runs once in the browser: any "Open in policy" button (they live inside chat messages) sends
# its citation to the viewer's click event; after each new document the cited span scrolls into view.
_VIEWER_JS = """
window.__policyViewerTrigger = trigger;
if (!window.__policyViewerBound) {
  window.__policyViewerBound = true;
  document.addEventListener('click', (e) => {
    const b = e.target.closest ? e.target.closest('button.open-policy') : null;
    if (!b) return;
    e.preventDefault();
    const [start, end, ...slug] = (b.value || '').split(':');
    window.__policyViewerTrigger('click', {policy: slug.join(':'), start: Number(start), end: Number(end)});
  });
}
watch('value', () => {
  const m = element.querySelector('mark.cited');
  if (m) m.scrollIntoView({block: 'center'});
});
"""

CSS = """
.answer .abstain {margin-bottom: .4em}
.abstain-sign {display: inline-block; padding: .15em .6em; border-radius: 999px; font-weight: 600;
  background: #fff4d6; color: #7a4b00; border: 1px solid #f0c36d}
.abstain-sign::before {content: "⚠ "}
.answer-text {line-height: 1.5}
.cite-ref {color: var(--color-accent); font-weight: 600; margin-left: 1px}
#chat button.cite-ref {border: none !important; background: none !important; padding: 0 !important;
  margin: 0 0 0 1px; cursor: pointer; font-size: 1em; box-shadow: none !important;
  height: auto !important; min-height: 0 !important; line-height: 1.2 !important; display: inline}
#chat button.cite-ref:hover {text-decoration: underline}
.backend {font-size: .8em; color: var(--body-text-color-subdued); margin-top: .4em}
.notice {font-size: .85em; margin-top: .5em; padding: .3em .6em; border-radius: 4px;
  background: #eef4ff; color: #1d3a6e; border: 1px solid #c7d7f5}
.notice::before {content: "ℹ "}
.cards {margin-top: .8em; display: flex; flex-direction: column; gap: .6em}
.cards-label {font-size: .8em; font-weight: 600; text-transform: uppercase; letter-spacing: .04em;
  color: var(--body-text-color-subdued)}
.cite-card {border: 1px solid var(--border-color-primary); border-left: 4px solid var(--color-accent);
  border-radius: 6px; padding: .5em .7em; background: var(--background-fill-secondary)}
.cite-head {font-size: .9em; margin-bottom: .3em}
.cite-num {font-weight: 700; color: var(--color-accent)}
.cite-title {font-weight: 600}
.cite-section {color: var(--body-text-color-subdued); margin-left: .5em}
.cite-section::before {content: "§ "}
.cite-context {font-size: .9em; line-height: 1.45}
.cite-context mark, .viewer-doc mark {background: #ffe58f; color: #111; padding: 0 1px; border-radius: 2px}
.cite-actions {margin-top: .4em; display: flex; gap: 1em; align-items: center; font-size: .85em}
button.open-policy {border: 1px solid var(--border-color-primary); border-radius: 4px; padding: .1em .6em;
  background: var(--background-fill-primary); cursor: pointer}
button.open-policy:hover {border-color: var(--color-accent)}
.answer.error {color: #b42318; background: #fff1f0; border-radius: 4px; padding: .2em .4em}
.answer.error::before {content: "⚠ "}
.streaming .cursor {animation: blink 1s steps(1) infinite}
@keyframes blink {50% {opacity: 0}}
#policy-viewer .viewer-head {padding: .5em .2em; border-bottom: 1px solid var(--border-color-primary)}
#policy-viewer .viewer-head span {color: var(--body-text-color-subdued); font-size: .85em; margin-left: .5em}
#policy-viewer .viewer-doc {white-space: pre-wrap; font-size: .88em; line-height: 1.45; max-height: 68vh;
  overflow-y: auto; padding: .5em .2em}
#policy-viewer .viewer-empty {color: var(--body-text-color-subdued); padding: 1em .2em}
"""


def build(bot) -> gr.Blocks:
    """The page and the `/ask` endpoint, around one ready assistant."""
    choices = [("All policies", "")] + [(title, slug) for slug, title in bot.policies()]

    def respond(question: str, policy: str, turns: list[Turn]):
        turns = list(turns or [])
        shown = turns + [Turn(question, "", '<div class="answer pending">Searching the policies…</div>')]
        yield _messages(shown), "", turns
        answer, text = None, ""
        try:
            for part in bot.stream(question, policy or None, _history(turns)):
                if isinstance(part, str):
                    text += part
                    shown[-1] = Turn(question, text, render_partial(text))
                    yield _messages(shown), gr.skip(), gr.skip()
                else:
                    answer = part
            if answer is None:
                raise RuntimeError("the assistant's stream ended without an Answer")
            done = turns + [Turn(question, answer.text, render_answer(answer, bot.document, bot.policy_info))]
        except (AssistantError, ValueError) as exc:  # InputError is a ValueError; the API raises no others
            log.info("question refused: %s", exc)
            yield _refused(turns, question, str(exc)), question, turns  # the question comes back to be fixed
            return
        except Exception:
            log.exception("answering failed")
            msg = "Something went wrong while answering; the server log has the details."
            yield _refused(turns, question, msg), question, turns
            return
        yield _messages(done), gr.skip(), done

    def open_citation(evt: gr.EventData):
        data = evt._data or {}
        try:
            slug = str(data.get("policy"))
            return render_document(bot.policy_info(slug), bot.document(slug), int(data["start"]), int(data["end"]))
        except (AssistantError, ValueError, KeyError, TypeError) as exc:
            log.info("cannot open citation %r: %s", data, exc)
            return f'<div class="viewer-empty error">Cannot open that policy: {_text(str(exc))}</div>'

    def show_policy(policy: str):
        return render_document(bot.policy_info(policy), bot.document(policy)) if policy else _VIEWER_EMPTY

    def ask(question: str, policy: str | None = None) -> dict:
        """Answer one question from the policies (policy: a slug, or None for all); returns the Answer as JSON."""
        try:
            return bot.ask(question, policy or None).to_dict()
        except (AssistantError, ValueError) as exc:
            raise _user_error(exc) from None

    with gr.Blocks(title="Privacy-policy assistant", analytics_enabled=False) as demo:
        gr.Markdown(
            "## Privacy-policy assistant\n"
            "Ask about the shops' privacy policies. Every claim is quoted from a policy and numbered "
            "like **[1]**; the cards under an answer show where. If the policies don't answer, it says so."
        )
        turns = gr.State([])
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=360):
                policy = gr.Dropdown(choices, value="", label="Policy", elem_id="policy-select")
                chat = gr.Chatbot(
                    label="Conversation",
                    show_label=False,
                    elem_id="chat",
                    height="62vh",
                    sanitize_html=True,
                    latex_delimiters=[],
                    feedback_options=None,
                    buttons=[],
                    group_consecutive_messages=False,
                    placeholder="Ask a question below, or pick an example.",
                )
                with gr.Row():
                    question = gr.Textbox(
                        placeholder="e.g. How long does MIKMIK keep complaint records?",
                        show_label=False,
                        lines=1,
                        max_lines=6,
                        scale=5,
                        elem_id="question",
                        autofocus=True,
                    )
                    send = gr.Button("Ask", variant="primary", scale=1, min_width=80, elem_id="ask")
                with gr.Row():
                    examples = gr.Examples(EXAMPLES, inputs=[question], label="Examples", api_visibility="private")
                clear = gr.Button("New conversation", size="sm", elem_id="new-conversation")
            with gr.Column(scale=2, min_width=320):
                gr.Markdown("### Policy text")
                viewer = gr.HTML(_VIEWER_EMPTY, js_on_load=_VIEWER_JS, elem_id="policy-viewer")

        # An example is asked as soon as it is clicked.
        for trigger in (question.submit, send.click, examples.load_input_event.then):
            trigger(
                respond,
                [question, policy, turns],
                [chat, question, turns],
                api_visibility="private",
                trigger_mode="once",
                concurrency_id="assistant",
            )
        viewer.click(open_citation, None, viewer, api_visibility="private")
        policy.change(show_policy, policy, viewer, api_visibility="private")
        clear.click(
            lambda p: ([], [], "", show_policy(p)), policy, [chat, turns, question, viewer], api_visibility="private"
        )
        # The chat's own trash icon clears the page; the session's history must go with it.
        chat.clear(lambda: [], None, turns, api_visibility="private")
        # The page and /ask share one queue: answers take turns on the one model (2 cores are the norm).
        gr.api(ask, api_name="ask", concurrency_id="assistant")
    return demo


def _auth() -> tuple[str, str] | None:
    value = os.environ.get("ASSISTANT_AUTH", "")
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not (sep and user and password):
        sys.exit("ASSISTANT_AUTH must look like user:password (both non-empty); unset it to serve without a login.")
    return user, password


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    port_text = os.environ.get("GRADIO_SERVER_PORT") or "7860"
    if not port_text.isdigit():
        sys.exit(f"GRADIO_SERVER_PORT={port_text!r} is not a port number; set it to e.g. 7860.")
    auth = _auth()
    try:
        settings = Settings.from_env()
        if ensure(settings):  # a missing or outdated index is built here, never inside an answer
            log.info("index built in %s", settings.index)
        bot = get_assistant(settings)
        log.info("loading the model and the index…")
        bot.warm_up()
    except AssistantError as exc:
        sys.exit(f"The assistant could not start: {exc}")
    policies = bot.policies()
    log.info("assistant ready: %d policies (%s)", len(policies), ", ".join(s for s, _ in policies))
    demo = build(bot)
    demo.queue(default_concurrency_limit=1)
    _, url, _ = demo.launch(
        server_name=os.environ.get("GRADIO_SERVER_NAME") or "127.0.0.1",
        server_port=int(port_text),
        share=os.environ.get("GRADIO_SHARE", "").lower() in ("1", "true", "yes"),
        auth=auth,
        auth_message="Sign in to the privacy-policy assistant." if auth else None,
        # The browser's run history would keep every question and answer; this app keeps no chat log.
        run_history=False,
        footer_links=["api"],
        ssr_mode=False,
        css=CSS,
        theme=gr.themes.Default(primary_hue="blue"),
        prevent_thread_lock=True,
        quiet=True,
    )
    log.info("ready on %s%s", url, " (login required)" if auth else "")
    demo.block_thread()


if __name__ == "__main__":
    main()

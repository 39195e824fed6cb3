"""The chat page as Gradio Blocks: the layout, and which event runs which handler.

Rendering lives in markup/answer/viewer, behaviour in handlers; this module only places components
and wires them. The CSS and the viewer's script are static files, read once when the page is built.
"""
from __future__ import annotations

from importlib import resources

import gradio as gr

from .compare_tab import build_compare
from .handlers import CitationClick, Handlers
from .viewer import VIEWER_EMPTY

TITLE = "Privacy-policy assistant"
# Each is answered from the default corpus (tests/app checks that through /ask).
EXAMPLES = [
    "How long does MIKMIK keep complaint records?",
    "Does Tootoomart share my information with third parties?",
    "How does KMALL24 use cookies?",
    "How does Kpop Mart protect my information?",
    "Is my credit card number safe?",
]
INTRO = (
    f"## {TITLE}\n"
    "Ask about the shops' privacy policies. Every claim is quoted from a policy and numbered "
    "like **[1]**; the cards under an answer show where. If the policies don't answer, it says so."
)


def static_text(name: str) -> str:
    """A file of web/static/, from a source checkout or an installed package alike."""
    return (resources.files(__package__) / "static" / name).read_text(encoding="utf-8")


def build(bot) -> gr.Blocks:
    """The page and the `/ask` endpoint, around one ready assistant."""
    handlers = Handlers(bot)
    choices = [("All policies", "")] + [(title, slug) for slug, title in bot.policies()]
    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        gr.Markdown(INTRO)
        turns = gr.State([])
        with gr.Tabs(elem_id="tabs"):
            with gr.Tab("Chat", id="chat-tab"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=360):
                        policy = gr.Dropdown(choices, value="", label="Policy", elem_id="policy-select")
                        chat, question, send, examples, clear = _chat_column()
                    with gr.Column(scale=2, min_width=320):
                        gr.Markdown("### Policy text")
                        viewer = gr.HTML(VIEWER_EMPTY, js_on_load=static_text("viewer.js"), elem_id="policy-viewer")
            with gr.Tab("Compare", id="compare-tab", elem_id="compare-tab"):
                build_compare(bot, handlers, demo)
        private = {"api_visibility": "private"}
        # An example is asked as soon as it is clicked.
        for trigger in (question.submit, send.click, examples.load_input_event.then):
            trigger(handlers.respond, [question, policy, turns], [chat, question, turns],
                    trigger_mode="once", concurrency_id="assistant", **private)
        viewer.click(handlers.open_citation, None, viewer, **private)
        policy.change(handlers.show_policy, policy, viewer, **private)
        clear.click(handlers.new_conversation, policy, [chat, turns, question, viewer], **private)
        # The chat's own trash icon clears the page; the session's history must go with it.
        chat.clear(lambda: [], None, turns, **private)
        # The page and /ask share one queue: answers take turns on the one model (2 cores are the norm).
        gr.api(handlers.ask, api_name="ask", concurrency_id="assistant")
    return demo


def _chat_column():
    """The conversation, the question box with its button, the examples and "New conversation"."""
    chat = gr.Chatbot(
        label="Conversation",
        show_label=False,
        elem_id="chat",
        height="62vh",
        # Messages are our own escaped HTML; the sanitizer is a second line of defence.
        sanitize_html=True,
        latex_delimiters=[],
        feedback_options=None,
        buttons=[],
        group_consecutive_messages=False,
        placeholder="Ask a question below, or pick an example.",
    )
    with gr.Row():
        question = gr.Textbox(
            placeholder=f"e.g. {EXAMPLES[0]}",
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
    return chat, question, send, examples, clear


def launch_options() -> dict:
    """What ``Blocks.launch`` gets besides the login; host, port and share link come from GRADIO_* variables."""
    return {
        # The browser's run history would keep every question and answer; this app keeps no chat log.
        "run_history": False,
        "footer_links": ["api"],
        "ssr_mode": False,
        "css": static_text("app.css") + static_text("compare.css"),
        "theme": gr.themes.Default(primary_hue="blue"),
    }

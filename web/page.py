"""The chat page as Gradio Blocks: the layout, and which event runs which handler.

Rendering lives in markup/answer/viewer, behaviour in handlers; this module only places components
and wires them. The page is a set of tabs (``build`` adds them); the chat is the first, built by
``build_chat``, so another tab is one more ``with gr.Tab(...)`` in ``build``. The CSS and the scripts
are static files, read once when the page is built.
"""

from __future__ import annotations

from importlib import resources

import gradio as gr

from .compare_tab import build_compare
from .handlers import Handlers
from .upload import MAX_FILE_SIZE
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
    "Ask about the shops' privacy policies. Every claim is quoted from a policy and numbered "
    "like **[1]**; **Sources** under an answer show where. If the policies don't answer, it says so."
)
PRIVATE = {"api_visibility": "private"}
# The download buttons hand the export (kept in a hidden component) to the page's script.
DOWNLOAD_JS = "(data) => window.policyAssistant.download(data, '{kind}')"


def static_text(name: str) -> str:
    """A file of web/static/, from a source checkout or an installed package alike."""
    return (resources.files(__package__) / "static" / name).read_text(encoding="utf-8")


def build(bot) -> gr.Blocks:
    """The page and the `/ask` endpoint, around one ready assistant."""
    handlers = Handlers(bot, TITLE)
    # Gradio's temporary files (what a browser uploaded) go after an hour, all of them at a restart:
    # an upload is copied and its raw file deleted at once (upload.discard); this catches the rest.
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=(600, 3600)) as demo:
        with gr.Row(elem_id="page-head"):
            gr.Markdown(f"## {TITLE}", elem_id="title")
            theme = gr.Button("◐ Light / dark", size="sm", scale=0, min_width=120, elem_id="theme-toggle")
        theme.click(None, js="() => window.policyAssistant.toggleTheme()")
        with gr.Tabs(elem_id="tabs"):
            with gr.Tab("Chat", id="chat-tab"):
                policy, mine = build_chat(bot, handlers)
            with gr.Tab("Compare", id="compare-tab", elem_id="compare-tab"):
                build_compare(bot, handlers, demo)
        # Another session may have added a policy since this page was served.
        demo.load(handlers.policy_choices, None, policy, **PRIVATE)
        if mine is not None:  # a signed-in user's added policies, from any earlier session
            demo.load(handlers.own_choices, None, mine, **PRIVATE)
            demo.unload(handlers.end_session)  # a session's own policies go with it
        # The page and /ask share one queue: answers take turns on the one model (2 cores are the norm).
        gr.api(handlers.ask, api_name="ask", concurrency_id="assistant")
    return demo


def build_chat(bot, handlers: Handlers) -> tuple[gr.Dropdown, gr.Dropdown | None]:
    """The chat tab: conversation and viewer side by side (the viewer is an overlay on a phone);
    returns the policy selector and the list of the visitor's added policies (None: uploads off)."""
    choices = [("All policies", "")] + [(title, slug) for slug, title in bot.policies()]
    gr.Markdown(INTRO, elem_id="intro")
    turns, export = gr.State([]), gr.JSON({}, visible="hidden", elem_id="export-data")
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=300):
            with gr.Row(equal_height=False, elem_id="policy-row"):
                policy = gr.Dropdown(choices, value="", label="Policy", elem_id="policy-select", scale=4)
                # On a phone the viewer is an overlay: this opens it (hidden on wide screens).
                read = gr.Button("Read policy", size="sm", scale=0, min_width=90, elem_id="viewer-open")
            chat = _chatbot(bot.settings.feedback is not None)
            if bot.settings.feedback is not None:  # a like event without thumbs breaks Gradio's chat
                _feedback_row(chat, turns, policy, handlers)  # right under the answers it is about
            with gr.Row(elem_id="scope-row", equal_height=False):
                scope = gr.HTML("", elem_id="scope", padding=False)
                everyone = gr.Button("Ask about all shops", size="sm", scale=0, min_width=150, elem_id="scope-all")
            question, send, examples = _question_row()
            with gr.Row(elem_id="chat-actions"):
                clear = gr.Button("New conversation", size="sm", elem_id="new-conversation")
                save_md = gr.Button("⤓ Markdown", size="sm", elem_id="export-md")
                save_json = gr.Button("⤓ JSON", size="sm", elem_id="export-json")
            mine = _upload_panel(policy, handlers) if bot.settings.uploads else None
        with gr.Column(scale=2, min_width=300, elem_id="viewer-column"):
            back = gr.Button("← Back to the conversation", size="sm", elem_id="viewer-back")
            gr.Markdown("### Policy text", elem_id="viewer-title")
            viewer = gr.HTML(VIEWER_EMPTY, js_on_load=static_text("viewer.js"), elem_id="policy-viewer")
    answered = [chat, question, turns, export, scope, policy]
    for trigger in (question.submit, send.click):
        trigger(
            handlers.respond,
            [question, policy, turns],
            answered,
            trigger_mode="once",
            concurrency_id="assistant",
            **PRIVATE,
        )
    # An example is asked as soon as it is clicked, as a new scope (not a follow-up, not the Policy box's).
    examples.load_input_event.then(
        handlers.respond_fresh,
        [question, policy, turns],
        answered,
        trigger_mode="once",
        concurrency_id="assistant",
        **PRIVATE,
    )
    everyone.click(
        handlers.ask_all, [policy, turns], answered, trigger_mode="once", concurrency_id="assistant", **PRIVATE
    )
    viewer.click(handlers.open_citation, None, viewer, **PRIVATE)
    policy.change(handlers.show_policy, policy, viewer, **PRIVATE)
    clear.click(handlers.new_conversation, policy, [chat, turns, question, viewer, export, scope], **PRIVATE)
    # The chat's own trash icon clears the page; the session's history must go with it.
    chat.clear(lambda: ([], {}, ""), None, [turns, export, scope], **PRIVATE)
    back.click(None, js="() => window.policyAssistant.closeViewer()")
    read.click(None, js="() => window.policyAssistant.openViewer()")
    save_md.click(None, export, None, js=DOWNLOAD_JS.format(kind="markdown"))
    save_json.click(None, export, None, js=DOWNLOAD_JS.format(kind="json"))
    return policy, mine


def _chatbot(feedback: bool) -> gr.Chatbot:
    """The conversation, with thumbs under each answer when feedback is on."""
    return gr.Chatbot(
        label="Conversation",
        show_label=False,
        elem_id="chat",
        # No fixed height: the chat grows with its answers and the page is the one scroll (a box of
        # 62vh scrolled inside the scrolling page, cut long answers at its edge and pushed the
        # question box below a phone's first screen).
        height=None,
        min_height=96,
        # The page's script scrolls to the top of each new answer instead of Gradio's bottom.
        autoscroll=False,
        # Messages are our own escaped HTML; the sanitizer is a second line of defence.
        sanitize_html=True,
        latex_delimiters=[],
        feedback_options=("Like", "Dislike") if feedback else None,
        buttons=[],
        group_consecutive_messages=False,
        placeholder="Ask a question below, or pick an example.",
    )


def _question_row():
    """The question box with its button, and the examples."""
    with gr.Row():
        question = gr.Textbox(
            placeholder=f"e.g. {EXAMPLES[0]}", show_label=False, lines=1, max_lines=6, scale=5, elem_id="question"
        )
        send = gr.Button("Ask", variant="primary", scale=1, min_width=70, elem_id="ask")
    with gr.Row():
        examples = gr.Examples(EXAMPLES, inputs=[question], label="Examples", api_visibility="private")
    return question, send, examples


def _feedback_row(chat, turns, policy, handlers: Handlers) -> None:
    """After a thumb: an optional comment on that answer (only when ASSISTANT_FEEDBACK is set)."""
    feedback_id = gr.State("")
    with gr.Row(visible=False, elem_id="feedback-comment") as row:
        note = gr.Textbox(placeholder="Anything to add about that answer? (optional)", show_label=False, scale=5)
        send = gr.Button("Send", size="sm", scale=1, min_width=70)
    chat.like(handlers.rate, [turns, policy], [feedback_id, row], **PRIVATE)
    for trigger in (note.submit, send.click):
        trigger(handlers.comment, [feedback_id, note], [note, row], **PRIVATE)


def _upload_panel(policy, handlers: Handlers) -> gr.Dropdown:
    """Add a policy: a file, or pasted text with a name (only when ASSISTANT_UPLOADS is not 0); and
    remove one the visitor added. Indexing runs in its own queue, never the answers' (issue 28)."""
    whose = (
        "Added policies are shared with everyone; sign in to add or remove one."
        if handlers.bot.settings.uploads_shared
        else "Only you see and get answers from the policies you add."
    )
    with gr.Accordion("Add a policy", open=False, elem_id="add-policy"):
        gr.Markdown(f"A .md, .txt, .html or .pdf file of up to {MAX_FILE_SIZE.upper()}, or paste the text. {whose}")
        file = gr.File(
            label="Policy file", file_types=[".md", ".txt", ".html", ".pdf"], type="filepath", elem_id="upload-file"
        )
        name = gr.Textbox(label="Name (for pasted text; optional for a file)", max_lines=1, elem_id="upload-name")
        pasted = gr.Textbox(label="Or paste the policy's text", lines=3, max_lines=10, elem_id="upload-text")
        replace = gr.Checkbox(False, label="Replace my policy of that name", elem_id="upload-replace")
        add = gr.Button("Add policy", variant="primary", size="sm", elem_id="upload-add")
        status = gr.HTML("", elem_id="upload-status")
        with gr.Row(elem_id="upload-remove-row"):
            mine = gr.Dropdown([], label="Your added policies", scale=4, elem_id="upload-mine")
            remove = gr.Button("Remove", size="sm", scale=1, min_width=70, elem_id="upload-remove")
    add.click(
        handlers.add_policy,
        [file, name, pasted, replace],
        [status, policy, file, name, pasted, mine],
        concurrency_id="upload",
        concurrency_limit=1,
        **PRIVATE,
    ).then(None, js="() => window.policyAssistant.showSelector()")
    remove.click(
        handlers.remove_policy, mine, [status, policy, mine], concurrency_id="upload", concurrency_limit=1, **PRIVATE
    )
    return mine


def launch_options() -> dict:
    """What ``Blocks.launch`` gets besides the login; host, port and share link come from GRADIO_* variables."""
    return {
        # The browser's run history would keep every question and answer; this app keeps no chat log.
        "run_history": False,
        "footer_links": ["api"],
        "ssr_mode": False,
        "css": static_text("app.css") + static_text("compare.css"),
        "head": f"<style>{static_text('phone.css')}</style><script>{static_text('page.js')}</script>",
        "theme": gr.themes.Default(primary_hue="blue"),
        "max_file_size": MAX_FILE_SIZE,
    }

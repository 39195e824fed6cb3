"""The web chat: rendering as pure functions, the Gradio page, and the server's ``main``.

- ``markup``: escaped text and the answer's [n] marker buttons
- ``answer``: the assistant's message (abstention sign, notice, citation cards)
- ``viewer``: the policy viewer and the citation click it opens
- ``conversation``: a session's turns as chat messages and as the API's history
- ``handlers``/``page``: the Gradio event handlers and the page (import Gradio)
- ``server``: ``main()``, behind ``python app.py`` and ``policy-assistant serve``
"""

from __future__ import annotations

from .answer import ABSTAIN, render_answer, render_card
from .conversation import Turn
from .markup import render_answer_text, render_question
from .server import main
from .viewer import render_document

__all__ = [
    "ABSTAIN",
    "Turn",
    "main",
    "render_answer",
    "render_answer_text",
    "render_card",
    "render_document",
    "render_question",
]

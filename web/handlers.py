"""What the page's events do, around one ready assistant: answer, open a citation, show a policy, /ask.

The only module besides page.py that knows Gradio: it streams through generators, skips outputs with
``gr.skip()`` and turns the assistant's errors into ``gr.Error`` for /ask callers.
"""
from __future__ import annotations

import logging
from typing import Any

import gradio as gr

from assistant import AssistantError

from .answer import render_answer
from .conversation import Turn, history, messages, refused
from .markup import render_partial, render_pending
from .viewer import VIEWER_EMPTY, CitationRef, parse_click, render_document, render_viewer_error

log = logging.getLogger("app")
FAILED = "Something went wrong while answering; the server log has the details."


class CitationClick(gr.EventData):
    """The viewer's click event as the page's script sends it: ``{policy, start, end}``.

    Gradio builds the ``gr.EventData`` subclass named in a handler's annotation from the event's data
    (as it does for ``gr.SelectData``); the data is checked here, once.
    """

    def __init__(self, target: Any, data: Any):
        super().__init__(target, data)
        self.citation: CitationRef | None = None
        self.problem = ""
        try:
            self.citation = parse_click(data)
        except ValueError as exc:
            self.problem = str(exc)


class Handlers:
    """The event handlers of one page, bound to ``bot`` (an Assistant)."""

    def __init__(self, bot):
        self.bot = bot

    def respond(self, question: str, policy: str, turns: list[Turn]):
        """Streams (chat messages, question box, turns): a placeholder, the text so far, the answer."""
        turns = list(turns or [])
        shown = turns + [Turn(question, "", render_pending())]
        yield messages(shown), "", turns
        answer, text = None, ""
        try:
            for part in self.bot.stream(question, policy or None, history(turns)):
                if isinstance(part, str):
                    text += part
                    shown[-1] = Turn(question, text, render_partial(text))
                    yield messages(shown), gr.skip(), gr.skip()
                else:
                    answer = part
            if answer is None:
                raise RuntimeError("the assistant's stream ended without an Answer")
            done = turns + [Turn(question, answer.text, self.render(answer))]
        except (AssistantError, ValueError) as exc:  # InputError is a ValueError; the API raises no others
            log.info("question refused: %s", exc)
            yield refused(turns, question, str(exc)), question, turns  # the question comes back to be fixed
            return
        except Exception:
            log.exception("answering failed")
            yield refused(turns, question, FAILED), question, turns
            return
        yield messages(done), gr.skip(), done

    def render(self, answer) -> str:
        return render_answer(answer, self.bot.document, self.bot.policy_info)

    def open_citation(self, evt: CitationClick) -> str:
        """The viewer's HTML for a clicked citation: its policy with the cited span marked."""
        ref = evt.citation
        if ref is None:
            log.info("cannot open citation: %s", evt.problem)
            return render_viewer_error(evt.problem)
        try:
            return render_document(self.bot.policy_info(ref.policy), self.bot.document(ref.policy), ref.start, ref.end)
        except (AssistantError, ValueError, KeyError) as exc:
            log.info("cannot open citation %r: %s", ref, exc)
            return render_viewer_error(str(exc))

    def show_policy(self, policy: str) -> str:
        """The viewer's HTML for the policy picked in the selector (empty: the hint)."""
        return render_document(self.bot.policy_info(policy), self.bot.document(policy)) if policy else VIEWER_EMPTY

    def new_conversation(self, policy: str):
        """Clears (chat, turns, question box) and shows the selected policy unmarked."""
        return [], [], "", self.show_policy(policy)

    def ask(self, question: str, policy: str | None = None) -> dict:
        """Answer one question from the policies (policy: a slug, or None for all); returns the Answer as JSON."""
        try:
            return self.bot.ask(question, policy or None).to_dict()
        except (AssistantError, ValueError) as exc:
            # An API client gets the message as plain text, never "&lt;img…": /ask is not rendered
            # by the page, whose chat errors are escaped by render_error (conversation.refused).
            raise gr.Error(str(exc), title="Cannot answer") from None

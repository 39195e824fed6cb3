"""What the page's events do, around one ready assistant: answer, open a citation, show a policy, /ask.

The only module besides page.py that knows Gradio: it streams through generators, skips outputs with
``gr.skip()`` and turns the assistant's errors into ``gr.Error`` for /ask callers.
"""

from __future__ import annotations

import html
import logging
import os
from typing import Any

import gradio as gr

from assistant import AssistantError

from . import feedback, private, upload
from .answer import render_answer
from .conversation import Turn, history, messages, records, refused
from .export import conversation_json, conversation_markdown, turn_record
from .markup import render_partial, render_pending
from .scope import PICKED, render_scope, scope_of
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

    def __init__(self, bot, title: str = "Privacy-policy assistant"):
        self.bot = bot
        self.title = title

    def bot_for(self, policy: str | None, request: gr.Request | None):
        """The assistant that holds ``policy``: the shared one, or the visitor's own (their added policies)."""
        if not policy or request is None or policy in self.bot.parts.corpus.info:
            return self.bot
        return private.assistant(self.bot.settings, private.visitor(request)) or self.bot

    def respond(self, question: str, policy: str, turns: list[Turn], request: gr.Request = None):
        """Streams (chat messages, question box, turns, export, scope chip, Policy box): a placeholder,
        the text so far, the answer."""
        yield from self._respond(question, policy, policy, turns, True, request)

    def respond_fresh(self, question: str, selected: str, turns: list[Turn], request: gr.Request = None):
        """An example: a new scope, so neither the Policy box nor the last question narrows it."""
        yield from self._respond(question, "", selected, turns, False, request)

    def ask_all(self, selected: str, turns: list[Turn], request: gr.Request = None):
        """The scope chip's "all shops" button: the last question again, about every policy."""
        turns = list(turns or [])
        if not turns:
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), "", gr.skip()
            return
        yield from self._respond(turns[-1].question, "", selected, turns, False, request)

    def _respond(self, question: str, policy: str, selected: str, turns: list[Turn], follow: bool, request=None):
        """Answers ``question`` limited to ``policy`` ("" none), with the turns as history if ``follow``;
        ``selected`` is what the Policy box shows."""
        bot = self.bot_for(policy, request)
        turns = list(turns or [])
        shown = turns + [Turn(question, "", render_pending())]
        yield messages(shown), "", turns, gr.skip(), gr.skip(), gr.skip()
        answer, text = None, ""
        past = history(turns) if follow else []
        try:
            scope = scope_of(bot.read(question, past, policy or None), policy or None)
            for part in bot.stream(question, policy or None, past):
                if isinstance(part, str):
                    text += part
                    shown[-1] = Turn(question, text, render_partial(text))
                    yield messages(shown), gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
                else:
                    answer = part
            if answer is None:
                raise RuntimeError("the assistant's stream ended without an Answer")
            done = turns + [
                Turn(question, answer.text, self.render(answer, question, bot), turn_record(question, answer))
            ]
        except (AssistantError, ValueError) as exc:  # InputError is a ValueError; the API raises no others
            log.info("question refused: %s", exc)
            # the question comes back to be fixed
            yield refused(turns, question, str(exc)), question, turns, gr.skip(), gr.skip(), gr.skip()
            return
        except Exception:
            log.exception("answering failed")
            yield refused(turns, question, FAILED), question, turns, gr.skip(), gr.skip(), gr.skip()
            return
        # The Policy box never says one shop while the answer is about another: a question naming
        # another shop, an example or "all shops" puts it back on "All policies".
        box = "" if selected and not (policy and scope.reason == PICKED) else gr.skip()
        chip = render_scope(scope, lambda slug: bot.policy_info(slug).title)
        yield messages(done), gr.skip(), done, self.export(done), chip, box

    def render(self, answer, question: str = "", bot=None) -> str:
        bot = bot or self.bot
        return render_answer(answer, bot.document, bot.policy_info, question)

    def export(self, turns: list[Turn]) -> dict:
        """The conversation as the page's download buttons save it: Markdown and JSON text."""
        rows = records(turns)
        return {"markdown": conversation_markdown(rows, self.title), "json": conversation_json(rows)} if rows else {}

    def rate(self, turns: list[Turn], policy: str, evt: gr.LikeData, request: gr.Request):
        """Thumbs on an answer: one line in the feedback file; returns (feedback id, comment row update)."""
        i = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        turns = list(turns or [])
        up = evt.liked in (True, "Like")
        if not (up or evt.liked in (False, "Dislike")) or not 0 <= i // 2 < len(turns) or not turns[i // 2].record:
            return "", gr.update(visible=False)
        # The same answer in the same session keeps one id: a second thumb replaces the first.
        session = f"{getattr(request, 'session_hash', '') or ''}/{i // 2}"
        line = feedback.rating(turns[i // 2].record, up, policy, session)
        if not feedback.append(self.bot.settings.feedback, line):
            return "", gr.update(visible=False)
        log.info("feedback: %s", line["rating"])
        return line["id"], gr.update(visible=True)

    def comment(self, feedback_id: str, text: str):
        """An optional comment on the last rating; returns (comment box, comment row update)."""
        if feedback_id and text.strip():
            feedback.append(self.bot.settings.feedback, feedback.comment(feedback_id, text))
            gr.Info("Thank you: your comment was saved.")
        return "", gr.update(visible=False)

    def open_citation(self, evt: CitationClick, request: gr.Request = None) -> str:
        """The viewer's HTML for a clicked citation: its policy with the cited span marked."""
        ref = evt.citation
        if ref is None:
            log.info("cannot open citation: %s", evt.problem)
            return render_viewer_error(evt.problem)
        try:
            bot = self.bot_for(ref.policy, request)
            return render_document(bot.policy_info(ref.policy), bot.document(ref.policy), ref.start, ref.end)
        except (AssistantError, ValueError, KeyError) as exc:
            log.info("cannot open citation %r: %s", ref, exc)
            return render_viewer_error(str(exc))

    def show_policy(self, policy: str, request: gr.Request = None) -> str:
        """The viewer's HTML for the policy picked in the selector (empty: the hint)."""
        if not policy:
            return VIEWER_EMPTY
        bot = self.bot_for(policy, request)
        return render_document(bot.policy_info(policy), bot.document(policy))

    def new_conversation(self, policy: str, request: gr.Request = None):
        """Clears (chat, turns, question box, export, scope chip) and shows the selected policy unmarked."""
        return [], [], "", self.show_policy(policy, request), {}, ""

    def policy_choices(self, policy: str = "", request: gr.Request = None):
        """The selector's choices as the index has them now, with this visitor's own added policies
        (marked "yours"; shared ones added in another session show up too)."""
        return gr.update(
            choices=[("All policies", "")]
            + [(t, s) for s, t in self.bot.policies()]
            + [(f"{t} (yours)", s) for s, t in self._own_titles(request)],
            value=policy,
        )

    def _own_titles(self, request) -> list[tuple[str, str]]:
        bot = private.assistant(self.bot.settings, private.visitor(request)) if request is not None else None
        try:
            return bot.policies() if bot is not None else []
        except AssistantError as exc:  # e.g. built by an older version: the page still works without it
            log.warning("a visitor's own policies cannot be listed: %s", exc)
            return []

    def add_policy(self, file, name: str, pasted: str, replace: bool, request: gr.Request, progress=gr.Progress()):
        """Adds an uploaded or pasted policy; returns (status, selector, file, name, pasted, own policies)."""
        settings = self.bot.settings
        # A refused file is cleared (the message names it); the name and pasted text stay to be fixed.
        keep = (gr.skip(), None, gr.skip(), gr.skip(), gr.skip())
        raw = file if isinstance(file, str) else getattr(file, "name", None)
        who = private.visitor(request)
        try:
            private.expire(settings)
            upload.check_allowed(
                settings, who.user, bool(os.environ.get("ASSISTANT_AUTH")), *private.counts(settings, who)
            )
            progress(0.05, desc="Checking the file…")
            target = private.index_settings(settings, who)
            mine = set(private.own(settings, who))
            known = {slug for slug, _ in self.bot.policies()} | mine
            dest = upload.stage(target, known, raw, name, pasted, mine if replace else set())
            upload.discard(raw)
            progress(0.2, desc=f"Indexing {dest.name}…")
            # Ingest's own stages (reading, embedding with time left, writing) within 20-80% of the bar.
            summary = upload.add(
                target,
                dest,
                lambda done, desc: progress(0.2 + 0.6 * done, desc=desc),
                replace=dest.name.rsplit(".", 1)[0].lower() in mine,
            )
            private.record(settings, who, dest)
            progress(0.8, desc="Loading the new index…")
        except upload.UploadRefused as exc:
            upload.discard(raw)
            log.info("upload refused: %s", exc)
            return (f'<div class="upload-status error">{html.escape(str(exc))}</div>', *keep)
        except Exception:
            upload.discard(raw)
            log.exception("adding a policy failed")
            return (
                '<div class="upload-status error">Adding the policy failed; the server log has the details.</div>',
                *keep,
            )
        slug = dest.name.rsplit(".", 1)[0].lower()
        bot = self.bot_for(slug, request)
        title = dict(bot.policies()).get(slug, slug)
        whose = "" if settings.uploads_shared else " Only you can see it."
        passages = "1 passage" if summary.added == 1 else f"{summary.added} passages"
        done = f"Added <b>{html.escape(title)}</b> ({passages}); it is now selected in the Policy box.{whose}"
        return (
            f'<div class="upload-status ok">{done}</div>',
            self.policy_choices(slug, request),
            None,
            "",
            "",
            self.own_choices(request),
        )

    def end_session(self, request: gr.Request):
        """The page was closed: a session's own added policies are deleted with it."""
        try:
            private.end_session(self.bot.settings, private.visitor(request))
        except Exception:
            log.exception("removing a closed session's policies failed")

    def own_choices(self, request: gr.Request = None, value: str | None = None):
        """The "your added policies" list of the remove control."""
        own = sorted(private.own(self.bot.settings, private.visitor(request))) if request is not None else []
        return gr.update(choices=own, value=value if value in own else None)

    def remove_policy(self, slug: str, request: gr.Request):
        """Removes one of this visitor's own added policies; returns (status, selector, own policies)."""
        settings = self.bot.settings
        who = private.visitor(request)
        path = private.own(settings, who).get(slug or "")
        if path is None:
            message = (
                "Choose one of your added policies to remove."
                if not slug
                else f"{slug!r} is not one of your added policies."
            )
            return (
                f'<div class="upload-status error">{html.escape(message)}</div>',
                gr.skip(),
                self.own_choices(request),
            )
        if settings.uploads_shared and not who.user:
            return '<div class="upload-status error">Sign in to remove a policy.</div>', gr.skip(), gr.skip()
        try:
            upload.remove(private.index_settings(settings, who), path, last=len(private.own(settings, who)) == 1)
            private.forget(settings, path)
            if not settings.uploads_shared and len(private.own(settings, who)) == 0:
                private.drop(settings, who)
        except Exception:
            log.exception("removing a policy failed")
            return (
                '<div class="upload-status error">Removing the policy failed; the server log has the details.</div>',
                gr.skip(),
                gr.skip(),
            )
        return (
            f'<div class="upload-status ok">Removed <b>{html.escape(slug)}</b>.</div>',
            self.policy_choices("", request),
            self.own_choices(request),
        )

    def ask(self, question: str, policy: str | None = None) -> dict:
        """Answer one question from the policies (policy: a slug, or None for all); returns the Answer as JSON."""
        try:
            return self.bot.ask(question, policy or None).to_dict()
        except (AssistantError, ValueError) as exc:
            # An API client gets the message as plain text, never "&lt;img…": /ask is not rendered
            # by the page, whose chat errors are escaped by render_error (conversation.refused).
            raise gr.Error(str(exc), title="Cannot answer") from None

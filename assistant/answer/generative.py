"""Generative answers: a LangChain chat model writes, the guard lets through what the evidence supports.

The core builds one ``GenerativeBackend`` per ``Assistant`` when ``ASSISTANT_LLM`` is not
``extractive``, asks it to ``condense`` follow-ups before retrieval, and hands it the ``Plan``
(question, selected evidence, the extractive answer). ``stream(plan)`` yields the answer text in
pieces and then exactly one ``Answer``.

Whatever goes wrong ends in the extractive answer with a notice, never in an exception or a
hang: the model runs in a worker thread and the caller waits on a queue with a deadline
(``ASSISTANT_LLM_TIMEOUT``), so a server that stops answering mid-stream cannot block it.
"""

from __future__ import annotations

import dataclasses
import logging
import queue
import re
import threading
import time
from collections.abc import Iterator

from ingest.errors import BackendError
from ingest.injection import flag
from ingest.settings import Settings

from ..text import content_words, words
from ..tuning import TUNING as T
from ..types import Answer, Evidence, Plan
from ..verify.guard import Guard
from . import chat_models
from .prompting import load_prompt
from .shape import UNCHECKED

log = logging.getLogger(__name__)


class GenerativeBackend:
    def __init__(self, settings: Settings, embedder=None):
        chat_models.check(settings)  # a bad setting fails now, not on the first question
        self.settings = settings
        self._embed = embedder.embed_documents if embedder is not None else None
        self._answer_prompt = load_prompt("answer")
        self._condense_prompt = load_prompt("condense")
        self._chat: chat_models.ChatModel | None = None
        self._build_lock = threading.Lock()

    @property
    def name(self) -> str:
        return self._chat.name if self._chat else self.settings.llm

    def chat_model(self) -> chat_models.ChatModel:
        """The chat model, built on first use; a failed build is retried on the next question."""
        with self._build_lock:
            if self._chat is None:
                chat = chat_models.build(self.settings)
                if hasattr(chat.model, "load"):
                    chat.model.load()  # an in-process model loads once, outside any answer's deadline
                self._chat = chat
            return self._chat

    # -- follow-ups ----------------------------------------------------------------------------
    def condense(self, question: str, history: list[dict]) -> str | None:
        """A standalone version of ``question`` for retrieval, or None if the model cannot give one."""
        turns = [t for t in history or [] if t.get("role") in ("user", "assistant") and t.get("content")]
        if not turns:
            return None
        lines = [f"{t['role'].capitalize()}: {_one_line(t['content'], 300)}" for t in turns[-4:]]
        messages = self._condense_prompt.messages(history="\n".join(lines), question=_one_line(question, 500))
        try:
            text = "".join(self._tokens(messages))
        except BackendError as exc:
            log.warning("condensing the follow-up failed: %s", exc)
            return None
        return _standalone(text, question, [t["content"] for t in turns])

    # -- answers -------------------------------------------------------------------------------
    def stream(self, plan: Plan) -> Iterator[str | Answer]:
        if not plan.extractive.answerable or not plan.evidence:
            yield plan.extractive.text
            yield plan.extractive
            return
        evidence = prompt_evidence(plan)
        if not evidence:
            yield from _fallback(
                plan.extractive, self.name, "its sources address an AI assistant, so they are not given to the model"
            )
            return
        messages = self.prompt(plan)
        guard = Guard(evidence, embed=self._embed, check=self.settings.guard)
        failure = None
        try:
            for token in self._tokens(messages):
                yield from guard.feed(token)
        except BackendError as exc:
            failure = str(exc)
            log.warning("%s failed: %s", self.name, failure)
        yield from guard.finish(complete=failure is None)

        if not guard.shown:
            if failure:
                reason = failure
            elif guard.judged:
                reason = "no statement of the model's answer is supported by its sources"
            else:
                reason = "the model returned no answer"
            yield from _fallback(plan.extractive, self.name, reason)
            return
        notes = []
        if guard.removed:
            n = len(guard.removed)
            notes.append(
                f"{n} statement{'s' if n > 1 else ''} of the model's answer "
                f"{'were' if n > 1 else 'was'} removed because the cited policy text does not support "
                f"{'them' if n > 1 else 'it'}."
            )
        if failure:
            notes.append(f"The model stopped early ({failure}); the answer may be incomplete.")
        if not self.settings.guard:
            notes.append("The guard is off (ASSISTANT_GUARD=0): statements were not checked against the sources.")
        citations = guard.citations
        # Over several policies the quote-only answer closes with who else says it and who does not;
        # those lines come from retrieval, not from the model, and hold for the generated answer too.
        tail = "".join(f"\n{line}" for line in plan.extractive.text.splitlines() if line.startswith(_COUNTED))
        if tail:
            yield tail
        yield Answer(
            text=guard.text + tail,
            citations=citations,
            answerable=True,
            backend=self.name + ("" if self.settings.guard else " (unguarded)"),
            policies=list(dict.fromkeys(c.policy for c in citations)),
            notice=" ".join(notes),
            removed=[(j.statement, j.reasons) for j in guard.removed],
        )

    def prompt(self, plan: Plan) -> list[tuple[str, str]]:
        """The (role, text) messages the model gets for ``plan``; sources numbered as the guard counts them."""
        evidence = prompt_evidence(plan)
        return self._answer_prompt.messages(sources=format_sources(evidence), question=plan.standalone)

    # -- the model call ------------------------------------------------------------------------
    def _tokens(self, messages: list[tuple[str, str]]) -> Iterator[str]:
        """The model's text as it streams; raises ``BackendError`` on failure or past the deadline."""
        timeout = self.settings.llm_timeout
        try:
            # Building is once per process (imports, a local model's load) and has its own time
            # limits; the deadline below is for the answer.
            model = self.chat_model().model
        except BackendError:
            raise
        except Exception as exc:  # noqa: BLE001 - any build failure means: answer without the model
            raise BackendError(_describe(exc)) from exc
        pieces: queue.Queue = queue.Queue()
        cancel = threading.Event()

        def work() -> None:
            try:
                for chunk in model.stream(messages):
                    if cancel.is_set():
                        break  # closing the stream stops a local model's generation
                    text = str(chunk.text)  # content blocks flattened to their text
                    if text:
                        pieces.put(("text", text))
                pieces.put(("end", None))
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting caller
                pieces.put(("error", exc))

        threading.Thread(target=work, name="llm-stream", daemon=True).start()
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    kind, value = pieces.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    raise BackendError(f"no answer within {timeout:g} s") from None
                if kind == "text":
                    yield value
                elif kind == "end":
                    return
                else:
                    raise BackendError(_describe(value)) from value
        finally:
            cancel.set()


# The closing lines of an answer over several policies (answer/shape.py: comparison).
_COUNTED = ("…and ", "Not stated by: ", UNCHECKED)


def prompt_evidence(plan: Plan) -> list[Evidence]:
    """The sources a model may see: never a passage that addresses an AI assistant (flagged at
    ingest; checked again here for evidence built elsewhere), since a prompt is read as instructions."""
    return [ev for ev in plan.evidence if not ev.flagged and flag(ev.text) is None][: T.max_sources]


def format_sources(evidence: list[Evidence]) -> str:
    """Numbered, quoted evidence for the prompt: ``[1] MIKMIK: "…"``.

    No section headings: a small model copies them as if they were the answer.
    """
    lines = []
    for n, ev in enumerate(evidence, 1):
        text = _one_line(ev.text, T.max_source_chars)
        lines.append(f'[{n}] {ev.title}: "{text}"')
    return "\n".join(lines)


def _fallback(extractive: Answer, model: str, reason: str) -> Iterator[str | Answer]:
    answer = dataclasses.replace(
        extractive,
        backend=f"extractive (fallback: {reason})",
        notice=f"The {model} model's answer could not be used ({reason}); this answer quotes the policy instead.",
    )
    yield answer.text
    yield answer


def _standalone(text: str, question: str, history: list[str]) -> str | None:
    """The model's rewrite if it is one: a new line that keeps the follow-up's words and the context.

    A small model often repeats the previous question ("and payment records?" -> the question
    about complaint records) or the follow-up itself; either would make retrieval worse than
    the core's own follow-up rule, which then applies.
    """
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    if not lines:
        return None
    line = re.sub(r"^(?:standalone question|question|rewritten question)\s*:\s*", "", lines[0], flags=re.I)
    line = line.strip().strip('"“”').strip()
    if not 3 <= len(line) <= 300 or not re.search(r"[A-Za-z]{2}", line):
        return None
    kept = set(content_words(line))
    if not set(content_words(question)) <= kept:
        return None  # lost what the follow-up asks
    if words(line) in [words(t) for t in [question, *history]]:
        return None  # a repeat adds nothing
    return line if kept & set(content_words(" ".join(history))) else None


def _one_line(text: str, limit: int) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _describe(exc: BaseException) -> str:
    """A short reason for a person: which failure, without a traceback."""
    name = type(exc).__name__
    if "Connect" in name or isinstance(exc, ConnectionError):  # openai's APIConnectionError, httpx's ConnectError
        return "the model server could not be reached"
    if "Timeout" in name or isinstance(exc, TimeoutError):
        return "the model server timed out"
    message = re.sub(r"\s+", " ", str(exc)).strip()
    return f"{name}: {message[:160]}" if message else name

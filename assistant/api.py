"""The public Assistant (docs/api.md): input checks, then the stages do the work.

Its heavy parts (the opened index, the question embedder, the chat model) are built by
``assistant.factory`` and handed in; an ``Assistant(settings)`` built without them asks the
factory on first use. ``build_assistant(settings)`` builds one ready; ``get_assistant`` keeps
one per settings for the process (the app, the CLIs and eval build it this way). It never builds or rebuilds the index: a missing one raises
``IndexMissingError`` saying to run ``python -m ingest``.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator

from ingest.errors import AssistantError, InputError
from ingest.settings import Settings
from ingest.store import stamp

from .factory import Parts, build_parts, refresh_parts
from .retrieval.corpus import PolicyInfo
from .types import Answer, Evidence, Plan, Reading

log = logging.getLogger(__name__)
_shared: dict[Settings, Assistant] = {}
_shared_lock = threading.Lock()
MAX_QUESTION = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Between the quotes of an extractive answer: it streams quote by quote, line by line.
_PIECES = re.compile(r"(?<=\])\s+(?=“)|(?<=\n)")


class Assistant:
    """Answers questions about the ingested policies."""

    def __init__(self, settings: Settings | None = None, parts: Parts | None = None):
        self.settings = settings or Settings.from_env()
        self._parts = parts
        self._lock = threading.Lock()

    @property
    def parts(self) -> Parts:
        """The built parts, rebuilt on the new index once an ingest has switched it (one ``stat``
        per call to notice; answers in flight keep the parts they started with)."""
        parts = self._parts
        if parts is None or not parts.corpus.index.is_current():
            with self._lock:
                self._parts = build_parts(self.settings) if self._parts is None else self._refresh()
        return self._parts

    def _refresh(self) -> Parts:
        try:
            return refresh_parts(self.settings, self._parts)
        except AssistantError as exc:  # e.g. a newer index this code cannot read: keep answering from ours
            log.warning("kept the index already loaded: %s", exc)
            self._parts.corpus.index.opened_as = stamp(self.settings)  # do not retry until it changes again
            return self._parts

    @property
    def embedder(self):
        """The question-time embedder (numpy MiniLM, cached), shared with the judge and eval."""
        return self.parts.embedder

    def warm_up(self) -> None:
        """Load the index and the model and run one query, so the first real answer is fast."""
        self.ask("How long is personal information kept?")

    # ----- the corpus ----------------------------------------------------------------------
    def policies(self) -> list[tuple[str, str]]:
        return list(self.parts.corpus.titles.items())

    def document(self, slug: str) -> str:
        return self.parts.corpus.texts[self._check_policy(slug)]

    def policy_info(self, slug: str) -> PolicyInfo:
        return self.parts.corpus.info[self._check_policy(slug)]

    # ----- answering -----------------------------------------------------------------------
    def retrieve(self, question: str, policy: str | None = None, k: int = 5) -> list[Evidence]:
        q = self._check_question(question)
        return self._on_one_index(lambda parts: self._retrieve(parts, q, policy, k))

    def _retrieve(self, parts, q: str, policy: str | None, k: int) -> list[Evidence]:
        scope = [self._check_policy(policy, parts)] if policy else (parts.router.named(q) or list(parts.corpus.info))
        picked: list[Evidence] = []
        for s in parts.retriever.find(q, scope):
            if any(p.policy == s.unit.policy and p.start < s.unit.end and s.unit.start < p.end for p in picked):
                continue
            picked.append(parts.retriever.evidence(s))
            if len(picked) >= k:
                break
        return picked

    def ask(self, question: str, policy: str | None = None, history: list[dict] | None = None) -> Answer:
        final = None
        for part in self.stream(question, policy, history):
            if isinstance(part, Answer):
                final = part
        return final

    def stream(
        self, question: str, policy: str | None = None, history: list[dict] | None = None
    ) -> Iterator[str | Answer]:
        plan = self.plan(question, policy, history)
        if self.parts.generative is not None and not plan.final:
            for part in self.parts.generative.stream(plan):
                if isinstance(part, Answer):
                    part.reading = plan.reading
                yield part
            return
        for line in _PIECES.split(plan.extractive.text):
            if line:
                yield line if line.endswith("\n") else line + " "
        plan.extractive.reading = plan.reading
        yield plan.extractive

    def read(self, question: str, history: list[dict] | None = None, policy: str | None = None) -> Reading:
        """What the assistant understands the question to ask (CONTRACT.md), the reading ``ask``
        answers with; ``policy`` is the one selected, if any."""
        q = self._check_question(question)
        history = self._check_history(history)
        return self._on_one_index(lambda parts: self._read(parts, q, history, policy)[0])

    def _read(self, parts, q: str, history: list[dict], policy: str | None) -> tuple[Reading, list[str]]:
        """The reading, and the policies the question names besides the selected one."""
        selected = self._check_policy(policy, parts) if policy else None
        reading = parts.reader.read(q, history, selected)
        return reading, (list(reading.named) if selected and selected not in reading.named else [])

    def plan(self, question: str, policy: str | None = None, history: list[dict] | None = None) -> Plan:
        q = self._check_question(question)
        history = self._check_history(history)

        def make(parts) -> Plan:
            reading, other = self._read(parts, q, history, policy)
            plan = parts.planner.plan(reading, history)
            if other:
                from .answer.shape import redirected

                redirected(
                    plan.extractive,
                    [parts.corpus.titles[m] for m in other],
                    parts.corpus.titles[policy.strip().lower()],
                )
            return plan

        return self._on_one_index(make)

    def _on_one_index(self, work):
        """``work(parts)`` on parts whose index was not replaced while it ran. An ingest deletes the
        old index's vectors right after switching the manifest, so a search that straddled the
        switch may have missed some; it is done again on the new index."""
        for _ in range(3):
            parts = self.parts
            result = work(parts)
            if parts.corpus.index.is_current():
                break
        return result

    def as_retriever(self, policy: str | None = None, k: int = 5):
        """This assistant's ``retrieve`` as a LangChain ``BaseRetriever``, to compose in a chain."""
        from .retrieval.langchain import PolicyRetriever

        if policy is not None:
            policy = self._check_policy(policy)
        return PolicyRetriever(assistant=self, policy=policy, k=k)

    # ----- fact sheets (issue 13; the work is in answer/facts.py and answer/table.py) -----------
    def facts(self, slug: str):
        """The policy's fact sheet (``ingest.facts.FactSheet``): per category a short value with its
        quotes at offsets, or "Not stated"."""
        return self.parts.sheets.get(self._check_policy(slug))

    def compare(self, slugs=None, categories=None):
        """``answer.table.Comparison``: rows = categories, columns = policies (default: all of both)."""
        from .answer.facts import check_categories
        from .answer.table import Comparison

        if isinstance(slugs, str):
            slugs = [s for s in slugs.split(",") if s.strip()]
        columns = [self._check_policy(s) for s in slugs] if slugs else list(self.parts.corpus.info)
        return Comparison.of([self.facts(s) for s in dict.fromkeys(columns)], check_categories(categories))

    # ----- input checks ----------------------------------------------------------------------
    def _check_question(self, question) -> str:
        if not isinstance(question, str):
            raise InputError(f"the question must be text, not {type(question).__name__}")
        q = _CONTROL.sub(" ", question).strip()
        if not q:
            raise InputError(
                "the question is empty; type a question about a policy, e.g. “How long does MIKMIK keep complaint records?”"
            )
        if len(q) > MAX_QUESTION:
            raise InputError(
                f"the question is {len(q):,} characters long; keep it under {MAX_QUESTION:,} characters and ask one thing at a time"
            )
        return q

    def _check_policy(self, policy, parts=None) -> str:
        known = (parts or self.parts).corpus.info
        if not isinstance(policy, str) or policy.strip().lower() not in known:
            from .answer.shape import listed  # a thousand slugs do not fit in one message

            raise InputError(
                f"unknown policy {policy!r}; use one of: {listed(list(known))} "
                f"(all of them: Assistant.policies(); or None for all policies)"
            )
        return policy.strip().lower()

    def _check_history(self, history) -> list[dict]:
        if history is None:
            return []
        if not isinstance(history, (list, tuple)):
            raise InputError("history must be a list of {'role': 'user'|'assistant', 'content': str} turns")
        out = []
        for turn in history:
            if (
                not isinstance(turn, dict)
                or turn.get("role") not in ("user", "assistant")
                or not isinstance(turn.get("content"), str)
            ):
                raise InputError(
                    f"bad history turn {turn!r}; each turn is {{'role': 'user'|'assistant', 'content': str}}"
                )
            out.append({"role": turn["role"], "content": _CONTROL.sub(" ", turn["content"])[: MAX_QUESTION * 4]})
        return out[-12:]


def build_assistant(settings: Settings | None = None) -> Assistant:
    """A ready Assistant: index opened, embedder loaded, chat model configured."""
    settings = settings or Settings.from_env()
    return Assistant(settings, build_parts(settings))


def get_assistant(settings: Settings | None = None) -> Assistant:
    """The process-wide Assistant for these settings."""
    settings = settings or Settings.from_env()
    with _shared_lock:
        if settings not in _shared:
            _shared[settings] = build_assistant(settings)
        return _shared[settings]

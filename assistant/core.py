"""The public Assistant: routing, follow-ups, hybrid retrieval, evidence selection, answers."""
from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from pathlib import Path

from . import extractive, gate, selection
from .corpus import Corpus, PolicyInfo
from .errors import IndexMissingError, InputError
from .retrieve import Retriever, Scored
from .route import Router
from .selection import OFF_TOPIC
from .settings import Settings
from .types import Answer, Evidence, Plan

log = logging.getLogger(__name__)

MAX_QUESTION = 2000
# Thresholds on the cosine similarity of the best passage, set from the test questions: every
# answerable one scored >= 0.43 and the unanswerable ones without a name in them <= 0.43.
# Within one named policy, a best passage this weak means the policy does not cover it.
WEAK = 0.36
# A question with specific words the policy never uses needs a passage at least this close.
MISSING_WORDS_MIN_SIM = 0.43
_CROSS = re.compile(r"\b(which|compare|comparison|each|every|all|any|both|these|those|differ|difference|versus|vs)\b", re.I)
_ELLIPTIC = re.compile(r"^\s*(and|what about|how about|same for|also|ok and|then|and for|and what about)\b", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class Assistant:
    """Answers questions about the ingested policies; see CONTRACT.md for the API."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings.from_env()
        self._lock = threading.Lock()
        self._corpus: Corpus | None = None
        self._router: Router | None = None
        self._retriever: Retriever | None = None
        self._selector: selection.Selector | None = None
        self._generative = None

    # ----- heavy parts, built once, lazily -------------------------------------------------
    @property
    def corpus(self) -> Corpus:
        if self._corpus is None:
            with self._lock:
                if self._corpus is None:
                    self._corpus = self._load_corpus()
                    self._router = Router(self._corpus)
        return self._corpus

    def _load_corpus(self) -> Corpus:
        try:
            return Corpus.load(self.settings)
        except IndexMissingError:
            from ingest import ingest, manifest

            data = manifest.read(self.settings.index)
            if data["policies"] and data.get("stale"):
                # Built by an older version: re-ingest the same files (unchanged text is cheap).
                paths = [e["path"] for e in data["policies"].values() if Path(e["path"]).exists()]
            elif not data["policies"] and Path(self.settings.policies).is_dir():
                # First use on a fresh checkout: build the index from the policies folder.
                paths = [self.settings.policies]
            else:
                raise
            log.warning("rebuilding the index in %s from %d path(s)", self.settings.index, len(paths))
            summary = ingest(paths, self.settings)
            if summary.errors:
                log.warning("ingest: %s", "; ".join(str(e) for e in summary.errors))
            return Corpus.load(self.settings)

    @property
    def router(self) -> Router:
        self.corpus
        return self._router

    @property
    def embedder(self):
        """The numpy MiniLM for questions and the judge: answering never imports torch (factory)."""
        from .factory import query_embedder

        return query_embedder()  # limits BLAS to one thread as it loads

    @property
    def retriever(self) -> Retriever:
        if self._retriever is None:
            from .factory import collection

            self._retriever = Retriever(self.corpus, collection(self.settings), self.embedder)
        return self._retriever

    @property
    def generative(self):
        if self._generative is None and self.settings.llm != "extractive":
            from .generative import GenerativeBackend

            self._generative = GenerativeBackend(self.settings, self.embedder)
        return self._generative

    def warm_up(self) -> None:
        """Load the index and the model and run one query, so the first real answer is fast."""
        self.ask("How long is personal information kept?")

    # ----- the corpus ----------------------------------------------------------------------
    def policies(self) -> list[tuple[str, str]]:
        return [(slug, info.title) for slug, info in self.corpus.info.items()]

    def document(self, slug: str) -> str:
        return self.corpus.texts[self._check_policy(slug)]

    def policy_info(self, slug: str) -> PolicyInfo:
        return self.corpus.info[self._check_policy(slug)]

    # ----- answering -----------------------------------------------------------------------
    def retrieve(self, question: str, policy: str | None = None, k: int = 5) -> list[Evidence]:
        q = self._check_question(question)
        scope = [self._check_policy(policy)] if policy else (self.router.named(q) or list(self.corpus.info))
        picked: list[Evidence] = []
        for s in self._search(q, scope):
            if any(p.policy == s.unit.policy and p.start < s.unit.end and s.unit.start < p.end for p in picked):
                continue
            picked.append(self.retriever.evidence(s))
            if len(picked) >= k:
                break
        return picked

    def ask(self, question: str, policy: str | None = None, history: list[dict] | None = None) -> Answer:
        final = None
        for part in self.stream(question, policy, history):
            if isinstance(part, Answer):
                final = part
        return final

    def stream(self, question: str, policy: str | None = None, history: list[dict] | None = None) -> Iterator[str | Answer]:
        plan = self.plan(question, policy, history)
        if self.generative is not None:
            yield from self.generative.stream(plan)
            return
        for line in re.split(r"(?<=\])\s+(?=“)|(?<=\n)", plan.extractive.text):
            if line:
                yield line if line.endswith("\n") else line + " "
        yield plan.extractive

    def plan(self, question: str, policy: str | None = None, history: list[dict] | None = None) -> Plan:
        q = self._check_question(question)
        history = self._check_history(history)
        corpus, router = self.corpus, self.router
        titles = {slug: info.title for slug, info in corpus.info.items()}
        named = [self._check_policy(policy)] if policy else router.named(q)
        previous = self._previous_turn(history)
        standalone, scope = q, list(named)
        if previous and (not named or _ELLIPTIC.match(q) or not gate.content_words(self._strip_names(q))):
            prev_q, prev_scope = previous
            if not scope:
                scope = prev_scope
            standalone = f"{self._strip_names(q)} {self._strip_names(prev_q)}"
            if self.generative is not None:
                standalone = self.generative.condense(q, history) or standalone
        ignore = set(router.aliases)
        terms = gate.named_terms(q, ignore)

        def plan_of(answer: Answer, evidence: list[Evidence]) -> Plan:
            return Plan(q, standalone, list(dict.fromkeys(answer.policies or scope)), evidence, answer, history)

        if not scope:
            unknown = [t for t in terms if not any(gate.term_in(t, corpus.lower_texts[s]) for s in corpus.info)]
            company = [t for t in unknown if _looks_like_company(t, q)]
            if company:
                known = ", ".join(titles.values())
                msg = f"I have no privacy policy for {company[0]}. The policies I know are: {known}."
                return plan_of(extractive.abstain(msg, []), [])
            scope = list(corpus.info)
        cross = len(scope) > 1

        # A name the question relies on must appear in the policy, or the policy does not say.
        for t in terms:
            having = [s for s in scope if gate.term_in(t, corpus.lower_texts[s])]
            if not having:
                who = f"The {titles[scope[0]]} policy does not" if len(scope) == 1 else "None of the policies"
                msg = f"{who} mention {t}."
                groups = self._groups(self._search(standalone, scope), cross, closest=True)
                return plan_of(extractive.abstain(msg, groups), [e for _, es in groups for e in es])
            scope = having

        scored = self._search(standalone, scope)
        if previous and standalone != q:
            # The follow-up's own words decide; the earlier question only adds context.
            own = {s.unit.id: s.score for s in self._search(q, scope)}
            for s in scored:
                s.score += own.get(s.unit.id, 0.0)
            scored.sort(key=lambda s: -s.score)
        best_sim = max((s.dense for s in scored[:10]), default=0.0)
        if not scored or best_sim < (WEAK if len(scope) == 1 else OFF_TOPIC):
            who = f"The {titles[scope[0]]} policy does" if len(scope) == 1 else "The policies do"
            groups = self._groups(scored, cross, closest=True)
            msg = f"{who} not say anything about this."
            return plan_of(extractive.abstain(msg, groups), [e for _, es in groups for e in es])
        if len(scope) == 1:
            bare = self._strip_names(q)
            missing = gate.missing_words(bare, corpus.lower_texts[scope[0]], ignore)
            if missing and best_sim < MISSING_WORDS_MIN_SIM:
                groups = self._groups(scored, cross, closest=True)
                words = " or ".join(f"“{w}”" for w in missing)
                msg = f"The {titles[scope[0]]} policy does not say anything about {words}."
                return plan_of(extractive.abstain(msg, groups), [e for _, es in groups for e in es])
        wanted = gate.answer_type(q)
        if wanted:
            label, pattern = wanted
            typed = [s for s in scored if pattern.search(s.unit.text)]
            if not typed and label != "how long":
                # A contact detail is the answer wherever it stands in the policy.
                typed = [Scored(u, 0.0, 0.0) for u in corpus.units.values()
                         if u.kind == "sentence" and u.policy in scope and pattern.search(u.text)]
            if not typed:
                who = f"The {titles[scope[0]]} policy does" if len(scope) == 1 else "The policies do"
                groups = self._groups(scored, cross, closest=True)
                msg = f"{who} not give {label} for this." if label != "how long" else f"{who} not say how long."
                return plan_of(extractive.abstain(msg, groups), [e for _, es in groups for e in es])
            scored = typed
        # A question asking for a duration or a contact detail wants that fact, not more reading.
        related = None if wanted else []
        groups = self._groups(scored, cross, required=named if len(named) > 1 else [], related=related)
        evidence = [e for _, es in groups for e in es]
        return plan_of(extractive.answer(groups, related or []), evidence)

    # ----- helpers -------------------------------------------------------------------------
    def _search(self, question: str, scope: list[str]) -> list[Scored]:
        # Within the named policy its own name matches everything; leave it out of the query.
        query = self._strip_names(question) or question
        keywords = " ".join(gate.content_words(gate.expand(query))) or query
        return self.retriever.search(query, scope, keywords=keywords)

    def _groups(self, scored: list[Scored], cross: bool, closest: bool = False, required=(), related: list | None = None):
        if self._selector is None:
            titles = {slug: info.title for slug, info in self.corpus.info.items()}
            self._selector = selection.Selector(self.retriever, self.document, titles)
        return self._selector.groups(scored, cross, closest, required, related)

    def _previous_turn(self, history: list[dict]) -> tuple[str, list[str]] | None:
        """The last user question and the policies it (or the answer to it) was about."""
        last_q, scope = None, []
        for turn in reversed(history):
            if turn["role"] == "user" and last_q is None:
                last_q = turn["content"]
            named = self.router.named(turn["content"])
            if named and not scope:
                scope = named if turn["role"] == "user" else named[:1]
            if last_q is not None and scope:
                break
        return (last_q, scope) if last_q else None

    def _strip_names(self, q: str) -> str:
        return self.router.strip(q)

    def _check_question(self, question) -> str:
        if not isinstance(question, str):
            raise InputError(f"the question must be text, not {type(question).__name__}")
        q = _CONTROL.sub(" ", question).strip()
        if not q:
            raise InputError("the question is empty; type a question about a policy, e.g. “How long does MIKMIK keep complaint records?”")
        if len(q) > MAX_QUESTION:
            raise InputError(f"the question is {len(q):,} characters long; keep it under {MAX_QUESTION:,} characters and ask one thing at a time")
        return q

    def _check_policy(self, policy) -> str:
        known = list(self.corpus.info)
        if not isinstance(policy, str) or policy.strip().lower() not in known:
            raise InputError(f"unknown policy {policy!r}; use one of: {', '.join(known)} (or None for all policies)")
        return policy.strip().lower()

    def _check_history(self, history) -> list[dict]:
        if history is None:
            return []
        if not isinstance(history, (list, tuple)):
            raise InputError("history must be a list of {'role': 'user'|'assistant', 'content': str} turns")
        out = []
        for turn in history:
            if not isinstance(turn, dict) or turn.get("role") not in ("user", "assistant") or not isinstance(turn.get("content"), str):
                raise InputError(f"bad history turn {turn!r}; each turn is {{'role': 'user'|'assistant', 'content': str}}")
            out.append({"role": turn["role"], "content": _CONTROL.sub(" ", turn["content"])[:MAX_QUESTION * 4]})
        return out[-12:]


def _looks_like_company(term: str, question: str) -> bool:
    """A name used as the subject or owner ("does Amazon", "Amazon's policy"), not a topic ("use Google Analytics")."""
    t = re.escape(term)
    return bool(
        re.search(rf"\b(does|do|did|is|are|was|can|could|will|would|has|have|should|at|from|by|about)\s+{t}\b", question, re.I)
        or re.search(rf"\b{t}(['’]s?|\s+(privacy|policy|collect|keep|store|share|sell|use|track|delete|retain|protect|handle|say))\b", question, re.I)
        or re.fullmatch(r"[a-z0-9-]+\.(com|net|org|io)", term, re.I)
    )

"""The guard between a generative model and the reader: only supported statements are shown.

The model's text is fed in as it streams. Each time a statement is complete it is judged
against the evidence its ``[n]`` markers cite, with the support judge that ``eval/`` uses, and
released at once if supported; so a reader sees the answer grow statement by statement and
never sees an unsupported statement, not even for a moment.

Per statement:
* markers are normalised (``[1, 2]``, ``[Source 3]`` -> ``[1][2]``, ``[3]``); markers pointing
  outside the numbered sources are dropped;
* a statement is supported when the judge says so, at most ``guard_new_words`` of its content
  words are absent from its quotes, and it gives the reader no instruction (visit, e-mail, call
  an address) that the quotes do not give (``checks.instructions_not_given``);
* a statement whose cited sources do not support it (or that cites none) may be re-attributed
  to the single source that does support it; otherwise it is removed, and so are statements that
  only say the sources are silent (the core decides answerability) and repeats;
* kept markers are renumbered 1..n in order of first appearance, and placed before the
  statement's closing punctuation so that any sentence splitter keeps them with it.

With ``check=False`` (``ASSISTANT_GUARD=0``, for evaluation only) statements are kept as the
model wrote them; markers are still normalised and renumbered so that citations stay valid.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..text import STOP, markers, split_statements, strip_markers, words
from ..tuning import TUNING as T
from ..types import Citation, Evidence
from .checks import instructions_not_given
from .claims import is_abstention
from .judge import judge, unsupported_words

_LABEL = r"(?:(?:sources?|src|refs?|references?|evidence|docs?|documents?|passages?|quotes?)\s*#?\s*)?"
# Words of an answer's wrapping, beside the stop words: "Sure, here is the answer [1]." says nothing.
_FILLER = frozenset({"sure", "answer", "source", "sources", "policy"})
_GROUP = re.compile(r"\[\s*" + _LABEL + r"(\d+(?:\s*(?:,|;|&|and|-|–)\s*" + _LABEL + r"\d+)*)\s*\]", re.I)


def normalise_markers(text: str) -> str:
    """``[1, 2]`` -> ``[1][2]``, ``[Source 3]`` -> ``[3]``, ``[2-4]`` -> ``[2][3][4]``."""

    def expand(m: re.Match) -> str:
        numbers: list[int] = []
        for part in re.split(r"\s*(?:,|;|&|and)\s*", m.group(1)):
            bounds = [int(n) for n in re.findall(r"\d+", part)]
            if len(bounds) == 2 and 0 < bounds[1] - bounds[0] <= 10:
                numbers += range(bounds[0], bounds[1] + 1)
            else:
                numbers += bounds
        return "".join(f"[{n}]" for n in numbers)

    return _GROUP.sub(expand, text)


@dataclass(frozen=True)
class Judged:
    """One statement of the model's answer and what the guard made of it."""

    statement: str  # as the model wrote it (markers normalised)
    shown: str  # as shown, with renumbered markers; "" when removed
    reasons: tuple[str, ...] = ()  # why it was removed


class Guard:
    def __init__(
        self,
        evidence: Sequence[Evidence],
        embed: Callable[[list[str]], list[list[float]]] | None = None,
        check: bool = True,
    ):
        self.evidence = list(evidence)
        self.embed = embed  # pass a caching embedder: the judge embeds the same evidence for every statement
        self.check = check
        self.judged: list[Judged] = []
        self._raw = ""
        self._order: list[int] = []  # evidence indexes in order of first citation
        self._seen: set[str] = set()

    # -- streaming -------------------------------------------------------------------------
    def feed(self, text: str) -> list[str]:
        """Add generated text; return the pieces that may be shown now."""
        self._raw += text
        return self._release(final=False)

    def finish(self, complete: bool = True) -> list[str]:
        """The model is done. ``complete=False`` (it failed midway) drops an unfinished last statement."""
        return self._release(final=complete)

    # -- the result ------------------------------------------------------------------------
    @property
    def shown(self) -> list[str]:
        return [j.shown for j in self.judged if j.shown]

    @property
    def removed(self) -> list[Judged]:
        return [j for j in self.judged if not j.shown]

    @property
    def text(self) -> str:
        return " ".join(self.shown)

    @property
    def citations(self) -> list[Citation]:
        return [Citation.from_evidence(self.evidence[i]) for i in self._order]

    # -- internals -------------------------------------------------------------------------
    def _release(self, final: bool) -> list[str]:
        parts = split_statements(normalise_markers(self._raw))
        if not final:
            # The last statement may still grow; and while the text after it does not yet begin
            # with a word (e.g. "[1" of a marker still streaming), the one before may gain markers.
            ready = len(parts) - 1
            if ready > 0 and (parts[-1].startswith("[") or not re.match(r"[\W_]*[A-Za-z0-9]", parts[-1])):
                ready -= 1
            parts = parts[: max(ready, 0)]
        pieces = []
        for statement in parts[len(self.judged) :]:
            judged = self._judge(statement)
            self.judged.append(judged)
            if judged.shown:
                pieces.append(judged.shown if len(self.shown) == 1 else " " + judged.shown)
        return pieces

    def _judge(self, statement: str) -> Judged:
        body = strip_markers(statement)
        cited = list(dict.fromkeys(n - 1 for n in markers(statement) if 1 <= n <= len(self.evidence)))
        if not self.check:
            return Judged(statement, self._show(body, cited))
        key = re.sub(r"[^a-z0-9]+", " ", body.lower()).strip()
        if key in self._seen:
            return Judged(statement, "", ("repeats an earlier statement",))
        self._seen.add(key)
        if is_abstention(body):
            return Judged(statement, "", ("says the sources do not answer",))
        if len({w for w in words(body) if w.isdigit() or (len(w) > 2 and w not in STOP)} - _FILLER) < 2:
            # "Yes [1]." or "The the the [1]." would pass any word-overlap test: nothing to check.
            return Judged(statement, "", ("says nothing that can be checked",))
        reasons: tuple[str, ...] = ("cites no source",)
        if cited:
            verdict = judge(body, [self.evidence[i] for i in cited], embed=self.embed)
            reasons = verdict.reasons or self._strict(body, cited)
            if not reasons:
                if len(cited) > 1:
                    # Keep only the citations needed: those that support the statement on their own.
                    alone = [
                        i
                        for i in cited
                        if judge(body, [self.evidence[i]], embed=self.embed).supported and not self._strict(body, [i])
                    ]
                    cited = alone or cited
                return Judged(statement, self._show(body, cited))
        source = self._attribute(body, exclude=cited)
        if source is not None:
            return Judged(statement, self._show(body, [source]))
        return Judged(statement, "", reasons)

    def _strict(self, body: str, sources: list[int]) -> tuple[str, ...]:
        """What the guard asks beyond the judge's support: hardly a word the quotes lack, and no
        instruction to the reader (visit, e-mail, call ...) that the quotes do not give themselves."""
        evidence = [self.evidence[i] for i in sources]
        missing, total = unsupported_words(body, evidence)
        reasons = list(instructions_not_given(body, "\n".join(ev.text for ev in evidence)))
        if len(missing) > max(T.guard_new_words, T.guard_new_share * total):
            reasons.append(f"words not in the cited text: {', '.join(missing)}")
        return tuple(reasons)

    def _attribute(self, body: str, exclude: list[int]) -> int | None:
        """The one source that supports ``body`` best, if any: small models often cite the wrong one."""
        best, best_score = None, -1.0
        for i, ev in enumerate(self.evidence):
            if i in exclude:
                continue
            verdict = judge(body, [ev], embed=self.embed)
            if (
                verdict.supported
                and verdict.score >= T.reattribute_min
                and verdict.score > best_score
                and not self._strict(body, [i])
            ):
                best, best_score = i, verdict.score
        return best

    def _show(self, body: str, sources: list[int]) -> str:
        if not body:
            return ""
        for i in sources:
            if i not in self._order:
                self._order.append(i)
        tags = "".join(f"[{self._order.index(i) + 1}]" for i in sources)
        # Every statement ends in a full stop, so that joined statements split the same way again.
        m = re.match(r"(?s)(.*?)([.!?][\"”’')]*)?$", body.rstrip())
        head, end = m.group(1).rstrip(" ,;:"), m.group(2) or "."
        return f"{head} {tags}{end}" if tags else f"{head}{end}"

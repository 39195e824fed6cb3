"""The small typed values that cross module borders."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Evidence:
    """A retrieved unit of policy text; ``document(policy)[start:end] == text``."""

    policy: str
    title: str
    section: str
    text: str
    start: int
    end: int
    score: float = 0.0


@dataclass(frozen=True)
class Citation:
    """What an ``[n]`` marker points at; ``document(policy)[start:end] == quote``."""

    policy: str
    title: str
    section: str
    quote: str
    start: int
    end: int

    @classmethod
    def from_evidence(cls, ev: Evidence) -> "Citation":
        return cls(ev.policy, ev.title, ev.section, ev.text, ev.start, ev.end)


@dataclass
class Answer:
    """``text`` carries ``[n]`` markers; ``[n]`` refers to ``citations[n-1]``."""

    text: str
    citations: list[Citation] = field(default_factory=list)
    answerable: bool = True
    backend: str = "extractive"
    # Not part of the contract: what the answer was built from, for the UI and eval.
    policies: list[str] = field(default_factory=list)
    notice: str = ""
    # What the guard removed from a generated answer, each statement with why; for eval, not shown.
    removed: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "answerable": self.answerable,
            "backend": self.backend,
            "citations": [asdict(c) for c in self.citations],
            "policies": list(self.policies),
            "notice": self.notice,
        }


@dataclass
class Plan:
    """Everything the answer backends need, worked out once per question.

    ``standalone`` is the question with follow-up context resolved; ``evidence`` is the
    selected evidence (best first, already limited to the routed policies); ``extractive``
    is the quote-only answer, used as the default backend and as every fallback.
    """

    question: str
    standalone: str
    policies: list[str]
    evidence: list[Evidence]
    extractive: Answer
    history: list[dict] = field(default_factory=list)

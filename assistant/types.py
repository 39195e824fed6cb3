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
    # The text addresses an AI assistant (ingest/injection.py): quoted only marked, never prompted.
    flagged: bool = False


@dataclass(frozen=True)
class Citation:
    """What an ``[n]`` marker points at; ``document(policy)[start:end] == quote``."""

    policy: str
    title: str
    section: str
    quote: str
    start: int
    end: int
    # Not part of the contract: the quote addresses an AI assistant, not the reader (see Evidence).
    flagged: bool = False

    @classmethod
    def from_evidence(cls, ev: Evidence) -> Citation:
        return cls(ev.policy, ev.title, ev.section, ev.text, ev.start, ev.end, ev.flagged)


@dataclass
class Answer:
    """``text`` carries ``[n]`` markers; ``[n]`` refers to ``citations[n-1]``.

    ``short`` is the direct answer line ("5 years [1]", "No — … [1]"), its markers referring to
    the same citations, and the first line of ``text``; None when the evidence does not settle
    the question (then ``text`` is the quotes alone)."""

    text: str
    citations: list[Citation] = field(default_factory=list)
    answerable: bool = True
    backend: str = "extractive"
    short: str | None = None
    # Not part of the contract: what the answer was built from, for the UI and eval.
    policies: list[str] = field(default_factory=list)
    notice: str = ""
    # What the guard removed from a generated answer, each statement with why; for eval, not shown.
    removed: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    # What the question was understood as (Assistant.read), for the page's scope chip; not in to_dict.
    reading: Reading | None = None

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "short": self.short,
            "answerable": self.answerable,
            "backend": self.backend,
            "citations": [asdict(c) for c in self.citations],
            "policies": list(self.policies),
            "notice": self.notice,
        }


# The values of ``Reading.intent`` and ``Reading.practices`` (CONTRACT.md); practices are the OPP-115
# categories (Wilson et al., 2016), the scheme PrivacyQA's expert labels use.
INTENTS = ("fact", "yes_no", "how_to", "contact", "duration", "summary", "comparison", "small_talk", "out_of_scope")
PRACTICES = (
    "first_party_collection",
    "third_party_sharing",
    "data_security",
    "data_retention",
    "user_access",
    "user_choice",
    "policy_change",
    "specific_audiences",
    "other",
)


@dataclass(frozen=True)
class Reading:
    """What the assistant understood of a question, worked out once (``Assistant.read``) and used
    by everything that answers it."""

    language: str = "en"  # ISO 639-1
    policies: tuple[str, ...] = ()  # slugs it is about, follow-ups resolved; () for all or none
    unknown: tuple[str, ...] = ()  # companies or services named that have no policy here
    follow_up: bool = False  # leans on an earlier turn
    intent: str = "fact"  # one of INTENTS
    practices: tuple[str, ...] = ()  # OPP-115 categories, from PRACTICES
    topic: str = ""  # the thing asked about, e.g. "phone hours"
    # Not part of the contract: what the planner needs besides.
    question: str = ""  # as asked, a misspelt policy name written as its title
    standalone: str = ""  # with the follow-up's context added
    named: tuple[str, ...] = ()  # the policies the question itself names (or the one selected)

    def to_dict(self) -> dict:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


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
    # The extractive answer is the answer for every backend (small talk: a help line, no passages).
    final: bool = False
    reading: Reading | None = None  # what the question was understood as

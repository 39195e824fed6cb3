"""The evaluation set: questions written by reading the policies, with gold evidence and key facts."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

QUESTIONS = Path(__file__).with_name("questions.jsonl")
# Shopper-worded questions with the expected direct answer line (issue 12); run with QUESTIONS.
EVERYDAY = Path(__file__).with_name("everyday.jsonl")
SETS = (QUESTIONS, EVERYDAY)
# Sections reported and gated on their own, outside the overall figures (their gates are named
# "SECTION.metric" in thresholds.toml): each fact of 16 questions.jsonl items in three new wordings (issue 25).
PARAPHRASES = Path(__file__).with_name("paraphrases.jsonl")
# 18 questions the five policies do not answer, many near a topic they do cover, written before
# any abstention threshold was fitted on them (issue 26).
UNANSWERABLE = Path(__file__).with_name("unanswerable.jsonl")
# 120 questions naming one shop, written by a helper who never ran the assistant (2026-12-05, issue 26):
# 60 the policy does not answer, most near a topic it covers ("are calls recorded?" beside the phone
# hours), and 60 it does, in everyday words. No threshold or rule was fitted on them.
HARD = Path(__file__).with_name("hard.jsonl")
SECTIONS = (PARAPHRASES, UNANSWERABLE, HARD)
# "smalltalk": greetings and thanks, answered with a help line and no passages.
TYPES = ("factual", "paraphrased", "cross-policy", "follow-up", "unanswerable", "smalltalk")


@dataclass(frozen=True)
class Span:
    """A stretch of one policy's text: ``document(policy)[start:end]``."""

    policy: str
    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        return self.policy == other.policy and self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Gold:
    policy: str
    text: str  # verbatim substring of the policy text


@dataclass(frozen=True)
class Item:
    id: str
    type: str
    question: str
    policy: str | None  # the policy the question is about (None: several, or none in the corpus)
    ask_policy: str | None = None  # passed as ask(policy=...), as when a user picks a shop first
    history: tuple[dict, ...] = ()
    gold: tuple[Gold, ...] = ()
    # Each fact is a tuple of acceptable wordings; a correct answer states one of each.
    key_facts: tuple[tuple[str, ...], ...] = field(default_factory=tuple)
    # Acceptable direct answer lines ("5 years", "No"); None where the evidence settles no line.
    short: tuple[str, ...] | None = None
    source: str = "questions"  # which set file the item comes from

    @property
    def answerable(self) -> bool:
        return self.type not in ("unanswerable", "smalltalk")

    @property
    def single_policy(self) -> bool:
        return self.policy is not None and self.type not in ("cross-policy", "smalltalk")


def load_items(path: Path = QUESTIONS) -> list[Item]:
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row["type"] not in TYPES:
            raise ValueError(f"{path}:{n}: type {row['type']!r} is not one of {', '.join(TYPES)}")
        items.append(
            Item(
                id=row["id"],
                type=row["type"],
                question=row["question"],
                policy=row.get("policy"),
                ask_policy=row.get("ask_policy"),
                history=tuple(row.get("history") or ()),
                gold=tuple(Gold(g["policy"], g["text"]) for g in row.get("gold") or ()),
                key_facts=tuple((f,) if isinstance(f, str) else tuple(f) for f in row.get("key_facts") or ()),
                short=tuple(row["short"]) if row.get("short") else None,
                source=path.stem,
            )
        )
    return items


def load_all() -> list[Item]:
    """Every evaluation set, in order: questions.jsonl, everyday.jsonl, then the sections."""
    return [item for path in SETS + SECTIONS for item in load_items(path)]


def gold_spans(item: Item, document: Callable[[str], str]) -> list[Span]:
    """Locate each gold string in its policy's text; a missing one is an error in the eval set."""
    spans = []
    for gold in item.gold:
        start = document(gold.policy).find(gold.text)
        if start < 0:
            raise ValueError(f"{item.id}: gold text not found verbatim in policy {gold.policy!r}: {gold.text!r}")
        spans.append(Span(gold.policy, start, start + len(gold.text)))
    return spans

"""PolicyQA dev as policies cut into sentences, questions with gold spans, and training pairs.

Each site's paragraphs, in ``index`` order and separated by blank lines, make one policy text
(the layout ``bench/policyqa.py`` ingests). Sentences come from ingest's own chunker, so the
model is trained and measured on the units the assistant quotes. The text is not cleaned
first: gold offsets stay exact, and PolicyQA's plain paragraphs need no repair.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ingest.chunk import chunk
from ingest.load import PolicyDocument

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "data" / "policyqa" / "dev.json"


@dataclass(frozen=True)
class Policy:
    slug: str
    text: str
    sentences: tuple[tuple[int, int], ...]  # (start, end) offsets into text, in order

    def sentence_texts(self) -> list[str]:
        return [self.text[s:e] for s, e in self.sentences]


@dataclass(frozen=True)
class Question:
    """One (policy, question) pair with every gold span given for it, as offsets into the policy."""

    slug: str
    question: str
    golds: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Pair:
    anchor: str  # the question
    positive: str  # the sentence(s) holding a gold span
    slug: str
    negative: str = ""  # optional: a sentence of the same policy that holds none of the question's gold spans


def policy_of(slug: str, text: str) -> Policy:
    doc = PolicyDocument(slug=slug, title=slug, text=text, path="")
    spans = sorted({s for c in chunk(doc) for s in c.sentences})
    return Policy(slug, text, tuple(spans))


def load_dev(path: Path = DEV) -> tuple[dict[str, Policy], list[Question]]:
    """Policies by slug and the (policy, question) pairs of PolicyQA dev, in file order."""
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing; it ships in the repository under data/policyqa/")
    dev = json.loads(path.read_text(encoding="utf-8"))
    policies: dict[str, Policy] = {}
    golds: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for site in dev["data"]:
        slug = site["title"].lower()
        parts, pos = [], 0
        for para in sorted(site["paragraphs"], key=lambda p: p["index"]):
            ctx = para["context"]
            for qa in para["qas"]:
                spans = golds.setdefault((slug, qa["question"]), [])
                for a in qa["answers"]:
                    span = _stripped(ctx, a["answer_start"], a["text"])
                    if span and (pos + span[0], pos + span[1]) not in spans:
                        spans.append((pos + span[0], pos + span[1]))
            parts.append(ctx)
            pos += len(ctx) + 2
        policies[slug] = policy_of(slug, "\n\n".join(parts))
    questions = [Question(s, q, tuple(g)) for (s, q), g in golds.items() if g]
    return policies, questions


def _stripped(ctx: str, start: int, text: str) -> tuple[int, int] | None:
    if ctx[start : start + len(text)] != text:
        raise ValueError(f"PolicyQA answer {text[:40]!r} is not at offset {start} of its paragraph")
    lead = len(text) - len(text.lstrip())
    end = start + len(text.rstrip())
    return (start + lead, end) if end > start + lead else None


def covering(policy: Policy, span: tuple[int, int]) -> tuple[int, int] | None:
    """The run of sentences that holds a span: one sentence, or several when the span crosses
    a sentence end. None when the span lies outside every sentence (inside a heading)."""
    hit = [(s, e) for s, e in policy.sentences if s < span[1] and span[0] < e]
    if not hit or hit[0][0] > span[0] or hit[-1][1] < span[1]:
        return None
    return hit[0][0], hit[-1][1]


def pairs(policies: dict[str, Policy], questions: list[Question]) -> list[Pair]:
    """(question, answer sentence) pairs, each distinct per policy, in a fixed order."""
    out: dict[tuple[str, str, str], Pair] = {}
    for q in questions:
        policy = policies[q.slug]
        for span in q.golds:
            cover = covering(policy, span)
            if cover is None:
                continue
            text = policy.text[cover[0] : cover[1]]
            out.setdefault((q.slug, q.question, text), Pair(q.question, text, q.slug))
    return list(out.values())


def folds(slugs: list[str], k: int = 2) -> list[list[str]]:
    """Policies split into k folds by sorted slug, alternating, so each fold is the same every run."""
    ordered = sorted(slugs)
    return [ordered[i::k] for i in range(k)]

"""Figures that can fail where faithfulness cannot.

The extractive backend's statements are verbatim quotes (citation integrity checks every one at
its offsets), so its faithfulness is 1.0 by construction and is reported as such, not as a
figure. A generated answer is shown only as far as the guard's judge let it through, so grading
it again with that judge is circular too. Two things are measured instead:

* what the guard removed: per answer the share of the model's statements it held back, and the
  reasons, counted by kind;
* ``fact_check``: an independent second check of the statements shown. It shares no code with
  the judge: every number, e-mail address and capitalised name in a statement must appear,
  as written, in the quotes the statement cites (no number words, stems, synonyms or embeddings).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from assistant.text import EMAIL, strip_markers
from assistant.verify import Verdict
from ingest import backends

from .metrics import Result, _cited, _supported_share, claims, mean

_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z0-9&'’-]*[A-Za-z0-9]")
# The kinds of reasons the guard gives, by a word of the reason (verify/guard.py, verify/checks.py).
_KINDS = (
    ("number", "number"),
    ("phone", "phone number"),
    ("e-mail", "e-mail"),
    ("address", "address"),
    ("name", "name"),
    ("not the cited policy", "wrong policy"),
    ("negates", "negation"),
    ("affirms", "negation"),
    ("weak support", "weak support"),
    ("cites no source", "no source"),
    ("repeats", "repeat"),
    ("sources do not answer", "says the sources are silent"),
    ("nothing that can be checked", "nothing checkable"),
)


def generated(r: Result) -> bool:
    """Shown as the model wrote it (through the guard), not an extractive answer or fallback."""
    return backends.generative(r.backend)


def guard_removal(results: Sequence[Result]) -> tuple[float | None, list[float | None]]:
    """Per generated answer, the share of the model's statements the guard removed."""
    per: list[float | None] = []
    for r in results:
        shown = len(claims(r.text, r.answerable)) if generated(r) else 0
        total = shown + len(r.removed)
        per.append(len(r.removed) / total if generated(r) and total else None)
    return mean(per), per


def removal_reasons(results: Sequence[Result]) -> dict[str, int]:
    """How often each kind of reason removed a statement (a statement may have several)."""
    counts: Counter[str] = Counter()
    for r in results:
        for _statement, reasons in r.removed:
            for reason in reasons or ("(none given)",):
                counts[next((kind for word, kind in _KINDS if word in reason), "other")] += 1
    return dict(counts.most_common())


def unchecked_facts(statement: str, quotes: Sequence[str]) -> list[str]:
    """The numbers, e-mail addresses and capitalised names of ``statement`` (its first word and
    policy titles aside) that no cited quote contains as written."""
    statement = strip_markers(statement)
    text = "\n".join(quotes)
    lower = text.lower()
    missing = [n for n in _NUMBER.findall(statement) if n not in text]
    missing += [e.rstrip(".,;") for e in EMAIL.findall(statement) if e.rstrip(".,;").lower() not in lower]
    body = re.sub(r"^\W*\S+", "", EMAIL.sub(" ", statement))  # the first word is capitalised for grammar
    missing += [w for w in _CAPITALISED.findall(body) if w.lower() not in lower]
    return missing


def fact_check(results: Sequence[Result]) -> tuple[float | None, list[float | None]]:
    """Share of an answer's claim statements whose facts all appear in the quotes they cite."""
    return _supported_share(results, _facts_in_quotes, _cited)


def _facts_in_quotes(statement: str, cited: Sequence) -> Verdict:
    words_of_titles = {w for c in cited for w in re.findall(r"[\w'’-]+", f"{c.title} {c.policy}".lower())}
    body = re.sub(r"^\s*[^:“\"]{1,40}:\s*(?=[“\"])", "", statement)  # "MIKMIK: “…”": a title, not a claim
    missing = [f for f in unchecked_facts(body, [c.quote for c in cited]) if f.lower() not in words_of_titles]
    return Verdict(not missing, 0.0 if missing else 1.0, tuple(f"'{f}' not in the cited quotes" for f in missing))

"""Lift a cell's value from the sentences that speak to its category.

Every builder takes the category and its quoted sentences and returns ``(value, confidence)``,
or ``(None, 0)`` when the sentences carry no value of the category's kind. Values are made of
the sentences' own words (items as written, durations with the words they apply to), so the
support check in extract.py can hold them to the quotes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..text import EMAIL, PHONE
from .categories import DURATION, PERSON, Category
from .details import abroad, ages, changes, dnt, optout, rights

MAX_ITEMS = 8
MAX_DURATIONS = 6
_EXCEPT = re.compile(r"\b(?:except|unless|other than|only with)\b", re.I)
_UNTIL = re.compile(r"\b(?:until|as long as)\b[^.;,]{3,60}", re.I)
_NOT = re.compile(r"\b(?:not|never|no|n't)\b", re.I)
# Whether the policy's author is the one (not) selling: "we", or "Name does/will ...".
_FIRST_PERSON = re.compile(r"\b[Ww]e\b|\b[A-Z][\w.-]+ (?:does|do|will|shall|would|never|is)\b")
_PASSIVE_OURS = re.compile(r"\b(?:your|personal|customer)\b", re.I)
_QUALIFIER = re.compile(r"\b(?:unless|except)\b(?:[^.;]|\.(?=\w)){3,120}", re.I)
# Where the thing a duration applies to ends on the left: a clause break or a conjunction.
_CLAUSE_BREAK = re.compile(r"[;:()]|, (?:or|and|then|when|if|where|but) | (?:when|if|then|and also|but) ", re.I)
_LEAD_OUT = re.compile(
    r"\s*\b(?:for|after|within|up to|of|at least|at most|over|a period of|period of|minimum|maximum|during)\s*$", re.I
)
_VERB = re.compile(
    r".*\b(?:retain\w*|keep|kept|hold|holds|held|stor(?:e|es|ed)|sav(?:e|es|ed)|destroy\w*|delet\w+)\b\s*", re.I
)
_LEAD_IN = re.compile(r"^\s*(?:[\d.]+\s+|[-–•*]\s*)?(?:in case (?:that )?|if |when |where |that )?", re.I)


def _words(text: str, n: int) -> str:
    return " ".join(text.split()[:n]).strip(" ,;:")


def _items(cat: Category, quotes: Sequence) -> tuple[str | None, float]:
    found: dict[str, tuple[int, str]] = {}
    for q in quotes:
        text, base = q.text, q.start
        if cat.negation and cat.negation.search(text):
            m = _EXCEPT.search(text)
            if not m:
                continue  # "we do not collect X": X is not a value
            text, base = text[m.end() :], base + m.end()
        for key, rx in cat.items:
            m = rx.search(text)
            if m and (key not in found or base + m.start() < found[key][0]):
                found[key] = (base + m.start(), m.group(0).strip("\"' "))
    if found:
        items = [s for _, s in sorted(found.values())][:MAX_ITEMS]
        return ", ".join(items), min(0.9, 0.5 + 0.1 * len(items))
    if cat.lift:
        for q in quotes:
            m = cat.lift.search(q.text)
            if m:
                return _words(m.group(1), 14), 0.6
    return None, 0.0


# How far back ``subject_of`` looks: it keeps ten words of one clause, so a longer window changes
# nothing but the cost. Searching everything before each duration made a run-on sentence quadratic
# (a 70 KB paste: ~32 s of fact sheet; issue 28).
SUBJECT_WINDOW = 300


def subject_of(text: str, start: int) -> str:
    """What a duration at ``start`` applies to: the words before it in its clause."""
    before = text[max(0, start - SUBJECT_WINDOW) : start]
    m = re.search(r"([^:]{3,90}):\s*$", before)
    piece = m.group(1) if m else _CLAUSE_BREAK.split(before)[-1]
    piece = _LEAD_OUT.sub("", piece)
    piece = _LEAD_OUT.sub("", piece)
    verb = _VERB.match(piece)
    if verb and piece[verb.end() :].strip():
        piece = piece[verb.end() :]
    piece = _LEAD_IN.sub("", piece.strip())
    return " ".join(piece.split()[-10:]).strip(" ,;:")


def _durations(cat: Category, quotes: Sequence) -> tuple[str | None, float]:
    entries: list[tuple[int, str]] = []
    for q in quotes:
        for m in DURATION.finditer(q.text):
            subject = subject_of(q.text, m.start())
            entries.append((q.start + m.start(), f"{m.group(0)} — {subject}" if subject else m.group(0)))
        for m in _UNTIL.finditer(q.text):
            entries.append((q.start + m.start(), m.group(0).strip()))
    if not entries:
        return None, 0.0
    values = list(dict.fromkeys(v for _, v in sorted(entries)))[:MAX_DURATIONS]
    return "; ".join(values), 0.85


def _sold(cat: Category, quotes: Sequence) -> tuple[str | None, float]:
    no, yes = [], []
    for q in quotes:
        m = cat.cue.search(q.text)
        if not m:
            continue
        if not _FIRST_PERSON.search(q.text, 0, m.start()) and not _PASSIVE_OURS.search(m.group(0)):
            continue  # "they are restricted from selling": a statement about someone else
        window = q.text[max(0, m.start() - 40) : m.end()]
        (no if _NOT.search(window) else yes).append((q, m))
    if no:
        q, m = no[0]
        tail = _QUALIFIER.search(q.text, m.end())
        value = "No — " + _words(tail.group(0), 14) if tail else "No"
        return value, 0.9 if not yes else 0.6
    if yes:
        return "Yes", 0.8
    return None, 0.0


def _phones(text: str) -> list[str]:
    out = []
    for m in PHONE.finditer(text):
        digits = sum(c.isdigit() for c in m.group(0))
        left = text[max(0, m.start() - 20) : m.start()].lower()
        labelled = re.search(r"(?:tel|phone|call|mobile|toll[- ]free)\W*$", left) or m.group(0).startswith("+")
        if digits >= 8 and labelled and not re.search(r"fax\W*$", left):
            out.append(m.group(0).strip())
    return out


def _contact(cat: Category, quotes: Sequence) -> tuple[str | None, float]:
    emails, phones, person = [], [], None
    for q in quotes:
        emails += [e for e in EMAIL.findall(q.text) if e not in emails]
        phones += [p for p in _phones(q.text) if p not in phones]
        m = PERSON.search(q.text)
        person = person or (m.group(0) if m else None)
    parts = emails[:3] + phones[:2] + ([person] if person else [])
    if not parts:
        return None, 0.0
    return "; ".join(parts), 0.95 if emails or phones else 0.6


BUILDERS: dict[str, Callable[[Category, Sequence], tuple[str | None, float]]] = {
    "items": _items,
    "durations": _durations,
    "sold": _sold,
    "contact": _contact,
    "ages": ages,
    "rights": rights,
    "optout": optout,
    "changes": changes,
    "abroad": abroad,
    "dnt": dnt,
}


def value_of(cat: Category, quotes: Sequence) -> tuple[str | None, float]:
    return BUILDERS[cat.kind](cat, quotes)

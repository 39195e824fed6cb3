"""Does the cited evidence support a statement? An offline judge, no LLM.

It makes the checks a careful reader makes when holding an answer sentence next to the
quotes it cites:

* hard facts: every number (with its unit: "3 years" is not "5 years"), e-mail address, phone
  number, URL/domain and proper name (capitalised words, "Google Analytics", "Amazon") in the
  statement must occur in the evidence. Number words are normalised ("three years" == "3 years").
* negation: the statement must not say "does not"/"never" where the closest evidence clause
  affirms, or the reverse.
* lexical support: the share of the statement's content words (crudely stemmed, a few synonyms
  folded) found in the evidence; plus, when ``embed`` is given, the best cosine similarity
  between the statement and an evidence sentence.

A verbatim or near-verbatim quote of the evidence is supported. ``[n]`` markers and lead-ins
("According to the MIKMIK policy,", "The policy says that") do not count against a statement;
policy names in a lead-in are checked only when the evidence carries its policy's title (pass
``Citation``/``Evidence`` objects instead of strings to get that check).

Limits: it cannot verify reasoning, comparisons or conclusions drawn across quotes; it
over-trusts a paraphrase that keeps the numbers and most words but changes the meaning (e.g.
swaps who does what, or "must" for "may"); it cannot tell which of two numbers in the evidence
the statement's number belongs to; negation is read from cue words in the closest clause only.
Statements saying the policy does not cover something (see ``is_abstention``) are not factual
claims about the policy text; callers decide how to treat them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..text import STOP, stem, strip_markers, words
from ..tuning import TUNING as T
from .checks import NOT_NAMES, WORD, evidence_keys, hard_facts, known, name_key, names, normalise
from .claims import strip_lead_in

__all__ = ["Verdict", "judge", "unsupported_words"]


@dataclass(frozen=True)
class Verdict:
    supported: bool
    score: float  # 0..1, strength of support
    reasons: tuple[str, ...] = ()  # why not supported, for people


_NEGATIONS = re.compile(
    r"\b(not|no|never|cannot|none|nor|neither|nothing|without|nobody|nowhere|lack(?:s|ing)?\s+of)\b|n[’']t\b", re.I
)
# The shared stop list, less the words whose loss changes a claim ("not"; "own": "for their own
# marketing"), plus words that lead-ins and hedges add ("policy", "states", "may", "via").
# Chosen on eval/judge_cases.jsonl: with "not" or "own" dropped the judge lost a case each.
_STOP = (
    STOP | {"according", "may", "might", "must", "per", "policy", "state", "states", "upon", "us", "via", "within"}
) - {"not", "own"}
_SYNONYMS = {
    "retain": "keep",
    "hold": "keep",
    "store": "keep",
    "save": "keep",
    "kept": "keep",
    "held": "keep",
    "destroy": "delete",
    "remove": "delete",
    "erase": "delete",
    "destruct": "delete",
    "deletion": "delete",
    "disclose": "share",
    "provid": "share",
    "provide": "share",
    "give": "share",
    "transfer": "share",
    "kid": "child",
    "minor": "child",
    "children": "child",
    "mail": "email",
    "e-mail": "email",
    "telephone": "phone",
    "tel": "phone",
    "data": "info",
    "information": "info",
    "detail": "info",
    "customer": "user",
    "member": "user",
    "buyer": "user",
    "client": "user",
    "visitor": "user",
    "purchaser": "user",
    "website": "site",
    "web": "site",
    "encrypt": "encrypt",
    "encryption": "encrypt",
    "record": "record",
    "recording": "record",
    "complaint": "complaint",
    "grievance": "complaint",
}
# Capitalised words that are not names (sentence starters, generic policy words).


def _fold(word: str) -> str:
    """The shared stemmer, with synonyms folded to one word either side of it."""
    w = word.lower().replace("’", "'")
    w = re.sub(r"'s$", "", w)
    if w in _SYNONYMS:
        return _SYNONYMS[w]
    w = stem(w)
    return _SYNONYMS.get(w, w)


def _content_stems(text: str) -> list[str]:
    return [_fold(w) for w in words(text) if w not in _STOP and (len(w) > 2 or w.isdigit())]


def _clauses(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?;])\s+|\n+|\bbut\b|\bhowever\b", text, flags=re.I)
    return [p for p in parts if p and re.search(r"[A-Za-z]", p)]


def _negated(text: str, other_stems: set[str]) -> bool:
    """Does ``text`` negate something the other side talks about (cue + next few words)?"""
    for m in _NEGATIONS.finditer(text):
        scope = _content_stems(" ".join(text[m.end() :].split()[:6]))
        if not scope or set(scope) & other_stems:
            return True
    return False


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b))
    na = math.sqrt(sum(x * x for x in a))
    nb = math.sqrt(sum(y * y for y in b))
    return dot / (na * nb) if na and nb else 0.0


def _evidence_parts(evidence: Sequence) -> tuple[list[str], set[str]]:
    texts, aliases = [], set()
    for ev in evidence:
        if isinstance(ev, str):
            texts.append(ev)
            continue
        get = ev.get if isinstance(ev, dict) else (lambda key, e=ev: getattr(e, key, None))
        texts.append(get("text") or get("quote") or "")
        for label in (get("title"), get("policy")):
            if label:
                for token in re.split(r"[\s\-_]+", label) + [label.replace(" ", "")]:
                    aliases |= name_key(token)
    return texts, aliases


def judge(
    statement: str,
    evidence: Sequence,
    embed: Callable[[list[str]], list[list[float]]] | None = None,
) -> Verdict:
    """Is ``statement`` supported by ``evidence`` (strings, or objects with text/quote and title)?"""
    texts, aliases = _evidence_parts(evidence)
    body, lead_names = strip_lead_in(strip_markers(statement).strip())
    body = body.strip()
    ev_text = normalise("\n".join(texts))
    claim = normalise(body)
    if not re.search(r"[A-Za-z0-9]", claim):
        return Verdict(True, 1.0, ())
    if not ev_text.strip():
        return Verdict(False, 0.0, ("no cited evidence",))

    ev_keys = evidence_keys(ev_text, aliases)
    reasons = _lead_in_names(lead_names, ev_keys) if aliases else []  # checkable only with titles
    flat = lambda s: re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()  # noqa: E731
    if len(flat(claim)) >= T.verbatim_min_chars and flat(claim) in flat(ev_text):
        return Verdict(not reasons, T.unsupported_cap if reasons else 1.0, tuple(reasons))
    reasons += hard_facts(claim, ev_text, ev_keys)

    claim_stems = _content_stems(claim)
    ev_stems = set(_content_stems(ev_text)) | aliases
    lexical = sum(s in ev_stems for s in claim_stems) / len(claim_stems) if claim_stems else 1.0
    reasons += _negation(claim, claim_stems, ev_text)
    score = lexical
    if lexical < T.lexical_min:
        blend = _blend(body, ev_text, lexical, embed) if embed is not None and not reasons else None
        if blend is not None and blend >= T.blend_min:
            score = blend
        else:
            reasons.append(f"weak support: {lexical:.0%} of its content words are in the cited evidence")
    if reasons:
        score = min(score, T.unsupported_cap)  # unsupported never scores above a supported statement
    return Verdict(not reasons, round(max(0.0, min(1.0, score)), 3), tuple(reasons))


def _lead_in_names(lead_names: list[str], ev_keys: set[str]) -> list[str]:
    """A policy named in a lead-in ("According to the MIKMIK policy,") must be the cited policy."""
    reasons = []
    for lead in lead_names:
        for name in dict.fromkeys(names(lead) + [w for w in WORD.findall(lead) if w[:1].isupper()]):
            if name.lower() not in NOT_NAMES and not known(name_key(name), ev_keys):
                reasons.append(f"policy '{name}' is not the cited policy")
    return reasons


def _negation(claim: str, claim_stems: list[str], ev_text: str) -> list[str]:
    """Compare with the evidence clause closest to the statement, counting a cue only when the
    words it negates are shared: "no longer have any effect" says nothing about whether session
    cookies expire."""
    best_clause, best_overlap = "", -1.0
    claim_set = set(claim_stems)
    for clause in _clauses(ev_text):
        overlap = len(claim_set & set(_content_stems(clause))) / (len(claim_set) or 1)
        if overlap > best_overlap:
            best_clause, best_overlap = clause, overlap
    claim_negated = _negated(claim, set(_content_stems(best_clause)))
    if claim_negated != _negated(best_clause, claim_set):
        said = "negates" if claim_negated else "affirms"
        return [f"statement {said} what the closest evidence clause says the other way round"]
    return []


def _blend(body: str, ev_text: str, lexical: float, embed) -> float:
    """Embedding similarity can vouch for a paraphrase that shares few words; it never vetoes
    strong lexical support (MiniLM scores short sentences against long clauses low). It is
    computed only for a statement that passes every hard check on weak lexical support, the
    one case where it can change the verdict, which keeps the judge fast."""
    sentences = [c.strip() for c in _clauses(ev_text)][: T.blend_clauses] or [ev_text]
    vectors = embed([body] + sentences)
    similarity = max(_cosine(vectors[0], v) for v in vectors[1:])
    embedded = min(1.0, max(0.0, (similarity - T.blend_cosine_floor) / T.blend_cosine_span))
    return T.blend_lexical_weight * lexical + (1 - T.blend_lexical_weight) * embedded


def unsupported_words(statement: str, evidence: Sequence) -> tuple[list[str], int]:
    """The statement's content words (lead-in off, stemmed, synonyms folded as ``judge`` does) that
    the evidence lacks, and how many it has; the guard allows only a few (tuning.guard_new_words)."""
    texts, aliases = _evidence_parts(evidence)
    body, _ = strip_lead_in(strip_markers(statement).strip())
    # Names stay whole ("Kmall24" is the title KMALL24); negation is the judge's own check.
    claim_words = [
        w
        for w in re.findall(r"[A-Za-z][A-Za-z0-9]*|\d+", normalise(body))
        if w.lower() not in _STOP | {"not", "own"} and (len(w) > 2 or w.isdigit())
    ]
    ev_stems = set(_content_stems(normalise("\n".join(texts)))) | aliases
    missing = [w for w in claim_words if _fold(w) not in ev_stems and w.lower() not in ev_stems]
    return list(dict.fromkeys(w.lower() for w in missing)), len(claim_words)

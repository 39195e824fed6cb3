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
from dataclasses import dataclass
from typing import Callable, Sequence

__all__ = ["Verdict", "judge", "split_statements", "markers", "strip_markers", "is_abstention"]


@dataclass(frozen=True)
class Verdict:
    supported: bool
    score: float  # 0..1, strength of support
    reasons: tuple[str, ...] = ()  # why not supported, for people


# Lexical support needed on its own, and the lexical+embedding blend that may stand in for it.
# Chosen on eval/judge_cases.jsonl (see tests/eval/test_judge.py for the agreement figure).
_LEXICAL_MIN = 0.6
_BLEND_MIN = 0.55

_MARKER = re.compile(r"\s*\[(\d+)\]")
_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "ninety": 90, "hundred": 100,
}
_UNITS = ("year", "month", "week", "day", "hour", "minute")
_NEGATIONS = re.compile(
    r"\b(not|no|never|cannot|none|nor|neither|nothing|without|nobody|nowhere|lack(?:s|ing)?\s+of)\b|n[’']t\b", re.I
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"\b(?:https?://\S+|www\.[\w.-]+|[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|kr|cn|io)\b)", re.I)
_PHONE = re.compile(r"\+?\d[\d ().-]{6,}\d")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,:]\d+)*(?![A-Za-z])")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[’'.&-][A-Za-z0-9]+)*")

_LEAD_INS = [
    # "According to the MIKMIK privacy policy (section 5.2),"
    r"(?:according to|under|per|as per|in|based on)\s+(?P<n1>[^,]{0,60}?)\s*(?:[’']s\s+)?"
    r"(?:privacy\s+|security\s+|personal data protection\s+)?(?:policy|notice|statement|text)"
    r"(?:\s*\([^)]*\))?\s*[,:]\s*",
    # "The Kpop Mart policy says that", "MIKMIK's policy states:"
    r"(?P<n2>[^,.]{0,60}?)\s*(?:[’']s\s+)?(?:privacy\s+|security\s+|personal data protection\s+)?"
    r"(?:policy|notice|statement)\s+(?:says|states|explains|notes|mentions|specifies|indicates|"
    r"provides|clarifies|adds)(?:\s+that)?\s*[,:]?\s*",
    r"(?:it|this|they)\s+(?:says|states|explains|notes|adds)(?:\s+that)?\s*[,:]?\s*",
    # "MIKMIK: “…”", a policy's title introducing a quote
    r"(?P<n3>[A-Z][\w .&’'-]{0,40}):\s*(?=[“\"‘'])",
    r"(?:yes|no|in short|in summary|in brief|briefly|also|additionally|moreover|however)\s*[,:]\s*",
]
_ABSTAIN = re.compile(
    r"\b(?:do(?:es)?\s+not|doesn[’']t|don[’']t|never)\s+(?:say|mention|state|specify|address|cover|"
    r"answer|contain|include information|discuss)\b|\bno (?:information|mention|policy)\b|"
    r"\bnot (?:covered|mentioned|stated|specified|addressed)\b|\bi (?:can(?:not|[’']t)|could not) find\b|"
    r"\bnone of the (?:policies|sources)\b|\bi have no (?:privacy )?polic(?:y|ies) for\b",
    re.I,
)
_STOP = set(
    """a an the and or but if of to in on at by for with from as is are was were be been being it its
    this that these those there their they them we our us you your he she his her i me my can could may
    might will would shall should must do does did has have had which who whom what when where how why
    than then so such also any all some each both more most other into about over under up out only
    just very per via within upon policy says states say state according""".split()
)
# Synonyms folded to one stem, so an honest paraphrase still shares words with the evidence.
_SYNONYMS = {
    "retain": "keep", "hold": "keep", "store": "keep", "save": "keep", "kept": "keep", "held": "keep",
    "destroy": "delete", "remove": "delete", "erase": "delete", "destruct": "delete", "deletion": "delete",
    "disclose": "share", "provid": "share", "provide": "share", "give": "share", "transfer": "share",
    "kid": "child", "minor": "child", "children": "child",
    "mail": "email", "e-mail": "email", "telephone": "phone", "tel": "phone",
    "data": "info", "information": "info", "detail": "info",
    "customer": "user", "member": "user", "buyer": "user", "client": "user", "visitor": "user",
    "purchaser": "user", "website": "site", "web": "site", "encrypt": "encrypt", "encryption": "encrypt",
    "record": "record", "recording": "record", "complaint": "complaint", "grievance": "complaint",
}
# Capitalised words that are not names (sentence starters, generic policy words).
_NOT_NAMES = set(
    """the a an more from also it its they we you your yes no if when this that these those there their our
    customers customer users user members member buyers buyer children child personal private
    information data cookies cookie records record payment privacy policy security notice section
    clause terms use act site website email e-mail phone address only both each all none neither
    also however in on for to of and or but as at by with from after before under within during
    most some any every such other otherwise after non-members non-member note however i
    collected collection complaint complaints shipping contact delivery""".split()
)


def markers(text: str) -> list[int]:
    """The ``[n]`` marker numbers in ``text``, in order."""
    return [int(m) for m in _MARKER.findall(text)]


def strip_markers(text: str) -> str:
    return _MARKER.sub("", text).strip()


def is_abstention(statement: str) -> bool:
    """True for "The X policy does not say …": a statement about what the text lacks."""
    return bool(_ABSTAIN.search(strip_markers(statement)))


_ABBREV = re.compile(r"(?:\b(?:e\.g|i\.e|etc|ex|inc|ltd|co|no|vs|mr|ms|dr|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)|\b\d+(?:\.\d+)*)\.$", re.I)


def split_statements(text: str) -> list[str]:
    """Split answer text into statements, keeping each one's trailing ``[n]`` markers.

    A quotation stays whole, even across lines, since its marker follows the closing quote
    mark; a closing quote followed by a marker ends a statement even without a full stop."""
    lines: list[str] = []
    for line in re.split(r"\n+", text):
        line = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s+", "", line).strip()
        if lines and lines[-1].count("“") > lines[-1].count("”"):
            lines[-1] += "\n" + line  # still inside a quotation
        elif line:
            lines.append(line)
    out: list[str] = []
    for line in lines:
        # A sentence ends at . ! ? (plus closing quotes and any [n] markers) before whitespace,
        # or at a closing quote that carries markers.
        start = 0
        for m in re.finditer(r"(?:[.!?][\"”’')\]]*(?:\s*\[\d+\])*|”(?:\s*\[\d+\])+)(?=\s+\S|\s*$)", line):
            candidate = line[start: m.end()]
            head = strip_markers(candidate).rstrip("\"”’')]")
            if _ABBREV.search(head) or not re.search(r"[A-Za-z]{2}", candidate):
                continue  # an abbreviation or a bare section number, not a sentence end
            if candidate.count("“") > candidate.count("”") or candidate.count('"') % 2:
                continue  # inside a quotation: its [n] after the closing quote covers all of it
            out.append(candidate.strip())
            start = m.end()
        if line[start:].strip():
            out.append(line[start:].strip())
    return [s for s in out if re.search(r"[A-Za-z0-9]", strip_markers(s))]


def _normalise(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("–", "-")
    text = re.sub(r"(\d+)(?:st|nd|rd|th)\b", r"\1", text)

    def number_word(m: re.Match) -> str:
        return str(_NUMBER_WORDS[m.group(0).lower()])

    text = re.sub(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", number_word, text, flags=re.I)
    text = re.sub(r"\b(?:a|an|one)\s+(" + "|".join(_UNITS) + r")\b", r"1 \1", text, flags=re.I)
    return text


def _strip_lead_in(text: str) -> tuple[str, list[str]]:
    """Remove boilerplate lead-ins; return the rest and the names the lead-ins mentioned."""
    names: list[str] = []
    changed = True
    while changed:
        changed = False
        for pattern in _LEAD_INS:
            m = re.match(pattern, text, re.I)
            if m and m.end() < len(text):
                names += [g for g in m.groupdict().values() if g]
                text = text[m.end():]
                changed = True
    return text, names


def _stem(word: str) -> str:
    w = word.lower().replace("’", "'")
    w = re.sub(r"'s$", "", w)
    if w in _SYNONYMS:
        return _SYNONYMS[w]
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ied", "y"), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: len(w) - len(suffix)] + repl
            break
    return _SYNONYMS.get(w, w)


def _content_stems(text: str) -> list[str]:
    words = re.findall(r"[A-Za-z]+|\d+", text)
    return [_stem(w) for w in words if w.lower() not in _STOP and (len(w) > 2 or w.isdigit())]


def _name_key(token: str) -> set[str]:
    """Keys a name may match by: 'Kpopmart.com' -> {'kpopmartcom', 'kpopmart'}."""
    low = token.lower().replace("’", "'")
    low = re.sub(r"'s$", "", low)
    keys = {re.sub(r"[^a-z0-9]", "", low)}
    parts = [p for p in re.split(r"[.]", low) if p and p not in ("www", "com", "kr", "co", "net", "org")]
    if parts:
        keys.add(re.sub(r"[^a-z0-9]", "", parts[0]))
    return {k for k in keys if k}


def _names(text: str) -> list[str]:
    """Capitalised words that look like names; a sentence's first word only if it looks odd."""
    found = []
    tokens = list(_WORD.finditer(text))
    for i, m in enumerate(tokens):
        word = m.group(0)
        if not word[0].isupper() or word.lower() in _NOT_NAMES or len(word) < 2:
            continue
        before = text[: m.start()].rstrip()
        initial = not before or before[-1] in ".:;!?\"'(“"
        odd = word.isupper() or any(c.isdigit() for c in word) or "." in word or word[1:] != word[1:].lower()
        nxt = tokens[i + 1].group(0) if i + 1 < len(tokens) else ""
        if initial and not odd and not (nxt[:1].isupper() and nxt.lower() not in _NOT_NAMES):
            continue
        found.append(word)
    return found


def _known(keys: set[str], known: set[str]) -> bool:
    """A name is known if the evidence has it, allowing a short ending ("Korean" ~ "Korea")."""
    return any(k == e or (len(e) >= 4 and k.startswith(e) and len(k) - len(e) <= 2) for k in keys for e in known)


def _phones(text: str) -> list[str]:
    return [re.sub(r"\D", "", p) for p in _PHONE.findall(text) if len(re.sub(r"\D", "", p)) >= 7]


def _numbers_with_units(text: str) -> list[tuple[str, str | None]]:
    text = _PHONE.sub(" ", text)
    out = []
    for m in _NUMBER.finditer(text):
        num = re.sub(r"(?<![\d])0+(?=\d)", "", m.group(0).replace(",", ""))  # "05:00" == "5:00"
        after = text[m.end(): m.end() + 12].lower()
        unit = next((u for u in _UNITS if re.match(r"\s*(?:\(\d+\)\s*)?" + u, after)), None)
        out.append((num, unit))
    return out


def _clauses(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?;])\s+|\n+|\bbut\b|\bhowever\b", text, flags=re.I)
    return [p for p in parts if p and re.search(r"[A-Za-z]", p)]


def _negated(text: str, other_stems: set[str]) -> bool:
    """Does ``text`` negate something the other side talks about (cue + next few words)?"""
    for m in _NEGATIONS.finditer(text):
        scope = _content_stems(" ".join(text[m.end():].split()[:6]))
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
                    aliases |= _name_key(token)
    return texts, aliases


def judge(
    statement: str,
    evidence: Sequence,
    embed: Callable[[list[str]], list[list[float]]] | None = None,
) -> Verdict:
    """Is ``statement`` supported by ``evidence`` (strings, or objects with text/quote and title)?"""
    texts, aliases = _evidence_parts(evidence)
    body, lead_names = _strip_lead_in(strip_markers(statement).strip())
    body = body.strip()
    ev_text = _normalise("\n".join(texts))
    claim = _normalise(body)
    if not re.search(r"[A-Za-z0-9]", claim):
        return Verdict(True, 1.0, ())
    if not ev_text.strip():
        return Verdict(False, 0.0, ("no cited evidence",))

    reasons: list[str] = []
    ev_lower = ev_text.lower()
    ev_keys = set().union(*(_name_key(t) for t in _WORD.findall(ev_text))) | aliases
    ev_keys |= set().union(*(_name_key(t) for t in re.findall(r"\S+", ev_text)))
    if aliases:  # only checkable when we know which policies the evidence comes from
        for lead in lead_names:
            for name in dict.fromkeys(_names(lead) + [w for w in _WORD.findall(lead) if w[:1].isupper()]):
                if name.lower() not in _NOT_NAMES and not _known(_name_key(name), ev_keys):
                    reasons.append(f"policy '{name}' is not the cited policy")

    flat = lambda s: re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()  # noqa: E731
    if len(flat(claim)) >= 12 and flat(claim) in flat(ev_text):
        return Verdict(not reasons, 0.49 if reasons else 1.0, tuple(reasons))

    ev_numbers: dict[str, set] = {}
    for num, unit in _numbers_with_units(ev_text):
        ev_numbers.setdefault(num, set()).add(unit)
        if ":" in num:
            for part in num.split(":"):
                ev_numbers.setdefault(part.lstrip("0") or "0", set()).add(None)
    for num, unit in _numbers_with_units(claim):
        units = ev_numbers.get(num)
        if units is None:
            reasons.append(f"number '{num}{' ' + unit + 's' if unit else ''}' not in cited evidence")
        elif unit and unit not in units and None not in units:
            reasons.append(f"'{num} {unit}s' not in cited evidence (it gives {num} {'/'.join(sorted(u for u in units if u))}s)")
    ev_digits = re.sub(r"\D", "", ev_text)
    for phone in _phones(claim):
        if phone not in ev_digits:
            reasons.append(f"phone number '{phone}' not in cited evidence")
    for email in _EMAIL.findall(claim):
        if email.lower().rstrip(".") not in ev_lower:
            reasons.append(f"e-mail '{email}' not in cited evidence")
    claim_wo_email = _EMAIL.sub(" ", claim)
    for url in _URL.findall(claim_wo_email):
        keys = _name_key(re.sub(r"^(?:https?://)?(?:www\.)?", "", url.lower()).rstrip("/."))
        if not (keys & ev_keys) and url.lower().rstrip("/.") not in ev_lower:
            reasons.append(f"address '{url}' not in cited evidence")
    for name in _names(_URL.sub(" ", claim_wo_email)):
        if not _known(_name_key(name), ev_keys):
            reasons.append(f"name '{name}' not in cited evidence")

    claim_stems = _content_stems(claim)
    ev_stems = set(_content_stems(ev_text)) | aliases
    lexical = sum(s in ev_stems for s in claim_stems) / len(claim_stems) if claim_stems else 1.0

    # Negation: compare with the evidence clause closest to the statement, counting a cue only
    # when the words it negates are shared: "no longer have any effect" says nothing about
    # whether session cookies expire.
    best_clause, best_overlap = "", -1.0
    claim_set = set(claim_stems)
    for clause in _clauses(ev_text):
        overlap = len(claim_set & set(_content_stems(clause))) / (len(claim_set) or 1)
        if overlap > best_overlap:
            best_clause, best_overlap = clause, overlap
    claim_negated = _negated(claim, set(_content_stems(best_clause)))
    if claim_negated != _negated(best_clause, claim_set):
        said = "negates" if claim_negated else "affirms"
        reasons.append(f"statement {said} what the closest evidence clause says the other way round")

    # Embedding similarity can vouch for a paraphrase that shares few words; it never vetoes
    # strong lexical support (MiniLM scores short sentences against long clauses low). It is
    # computed only for a statement that passes every hard check on weak lexical support, the
    # one case where it can change the verdict, which keeps the judge fast.
    score = lexical
    if lexical < _LEXICAL_MIN:
        blend = None
        if embed is not None and not reasons:
            sentences = [c.strip() for c in _clauses(ev_text)][:64] or [ev_text]
            vectors = embed([body] + sentences)
            similarity = max(_cosine(vectors[0], v) for v in vectors[1:])
            # MiniLM cosine for related policy sentences sits around 0.3-0.85; map that onto 0..1.
            blend = 0.5 * lexical + 0.5 * min(1.0, max(0.0, (similarity - 0.3) / 0.55))
        if blend is not None and blend >= _BLEND_MIN:
            score = blend
        else:
            reasons.append(f"weak support: {lexical:.0%} of its content words are in the cited evidence")
    if reasons:
        score = min(score, 0.49)  # unsupported never scores above a supported statement
    return Verdict(not reasons, round(max(0.0, min(1.0, score)), 3), tuple(reasons))

"""What a statement claims, once its wrapping is off: lead-ins ("According to the MIKMIK policy,")
are stripped (the policy names they mention are kept for checking), and statements that only
say the policy is silent (or that a policy was not checked) are recognised as abstentions, which
are not claims about the text.
"""

from __future__ import annotations

import re

from ..text import strip_markers

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
    r"\bnot (?:covered|mentioned|stated|specified|addressed|checked)\b|\bi (?:can(?:not|[’']t)|could not) find\b|"
    r"\bnone of the (?:policies|sources)\b|\bi have no (?:privacy )?polic(?:y|ies) for\b",
    re.I,
)


def is_abstention(statement: str) -> bool:
    """True for "The X policy does not say …": a statement about what the text lacks."""
    return bool(_ABSTAIN.search(strip_markers(statement)))


def strip_lead_in(text: str) -> tuple[str, list[str]]:
    """Remove boilerplate lead-ins; return the rest and the names the lead-ins mentioned."""
    names: list[str] = []
    changed = True
    while changed:
        changed = False
        for pattern in _LEAD_INS:
            m = re.match(pattern, text, re.I)
            if m and m.end() < len(text):
                names += [g for g in m.groupdict().values() if g]
                text = text[m.end() :]
                changed = True
    return text, names
